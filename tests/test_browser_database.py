"""A database that disappears mid-session, in a real browser: one clear line on every page, no
traceback, the server still answers; when the database is back the page works again, without a
restart. The database's password is never in a page or in the server's output.

The test has its own throw-away cluster (tools/pgcluster.py), so it can stop the server at once
(``pg_ctl stop -m immediate``: what a crash looks like to the app) and start it again on the same
port, whichever backend the rest of the session tests.
"""

from __future__ import annotations

import sys
import tempfile
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from harness import ROOT, streamlit_server, wait_for_map
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

sys.path.insert(0, str(ROOT / "tools"))
import pgcluster  # noqa: E402

MAIN = '[data-testid="stMain"]'
ALERT = f'{MAIN} [data-testid="stAlert"]'
GONE = "cannot be reached"


@pytest.fixture(scope="module")
def cluster():
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql postgresql-15-postgis-3; .ci/run does)")
    # A folder of its own directly under the temporary folder: pytest's are closed to the postgres
    # user the server runs as (pgcluster gives this one to it).
    folder = Path(tempfile.mkdtemp(prefix="briefmap-pg-"))
    url = pgcluster.start(folder)
    from geo.db import schema
    from geo.db.connect import close_all

    schema.init(url)
    close_all()
    yield folder, url
    pgcluster.stop(folder)


@pytest.fixture(scope="module")
def server(cluster, tmp_path_factory):
    _, url = cluster
    store = tmp_path_factory.mktemp("store")
    with streamlit_server(env_extra={"BRIEFMAP_DATABASE_URL": url, "BRIEFMAP_STORE": str(store)}) as s:
        yield s


def page_text(page) -> str:
    return page.locator("body").inner_text().replace("\u2060", "")


def assert_clean(page, server, password: str) -> None:
    text = page_text(page)
    assert "Traceback" not in text
    assert password not in text and password not in page.content()
    assert password not in server.log_text()
    assert page.locator('[data-testid="stException"]').count() == 0


def assert_one_line(page, server, password: str) -> None:
    """The page is the one message: one alert saying the database cannot be reached, no map, no page body."""
    expect(page.locator(ALERT).filter(has_text=GONE)).to_have_count(1, timeout=60000)
    page.wait_for_timeout(500)  # nothing else arrives after it
    alerts = page.locator(ALERT)
    assert alerts.count() == 1, [alerts.nth(i).inner_text() for i in range(alerts.count())]
    line = alerts.first.inner_text().replace("\u2060", "").strip()
    assert "\n" not in line, line
    assert "postgresql://briefmap:***@127.0.0.1:" in line, line
    assert page.locator('iframe[title="streamlit_folium.st_folium"]').count() == 0
    assert page.locator(f'{MAIN} [data-testid="stVegaLiteChart"]').count() == 0
    assert_clean(page, server, password)


def health(server) -> bytes:
    with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/_stcore/health", timeout=10) as r:
        return r.read().strip()


def test_the_database_goes_away_and_comes_back(page, server, cluster):
    folder, url = cluster
    password = urlsplit(url).password
    assert password

    # Up: the Map and Lines pages draw.
    page.goto(server.url)
    wait_for_map(page, timeout=60000)
    assert page.locator(ALERT).count() == 0
    page.goto(f"{server.url}/lines")
    expect(page.get_by_text("If the lines froze on", exact=False)).to_be_visible(timeout=60000)
    assert_clean(page, server, password)

    # Gone mid-session: the next run (a page switch in the same session, then a reload) is one line.
    pgcluster.down(folder)
    try:
        page.locator('[data-testid="stSidebarNav"] a', has_text="Map").first.click()
        assert_one_line(page, server, password)
        page.reload()
        assert_one_line(page, server, password)
        page.goto(f"{server.url}/lines")
        assert_one_line(page, server, password)
        assert health(server) == b"ok"
    finally:
        pgcluster.up(folder)

    # Back: the open page resumes by itself (it retries every few seconds), and a reload works.
    expect(page.get_by_text("If the lines froze on", exact=False)).to_be_visible(timeout=60000)
    assert page.locator(ALERT).filter(has_text=GONE).count() == 0
    page.goto(server.url)
    wait_for_map(page, timeout=60000)
    assert page.locator(ALERT).count() == 0
    assert_clean(page, server, password)
    assert health(server) == b"ok"
