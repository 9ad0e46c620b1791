"""The app against a database it cannot use: every page is one line (st.error, URL masked), no exception.

AppTest runs app.py as a session does; the browser test (test_browser_database.py) stops a real
cluster mid-session and starts it again.
"""

from __future__ import annotations

import secrets

import pytest
from harness import free_port
from streamlit.testing.v1 import AppTest
from tests_paths import ROOT

APP = str(ROOT / "app.py")


def run(monkeypatch, url: str, page: str | None = None) -> AppTest:
    monkeypatch.setenv("BRIEFMAP_DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error] + [i.value for i in at.info]
    return "\n".join(parts).replace("\u2060", "").replace("\\", "")


@pytest.mark.parametrize("page", [None, "pages/lines.py", "pages/briefing.py"])
def test_an_unreachable_database_is_one_line_on_every_page(monkeypatch, page):
    pw = secrets.token_hex(8)
    url = f"postgresql://briefmap:{pw}@127.0.0.1:{free_port()}/briefmap"
    at = run(monkeypatch, url, page)
    assert len(at.error) == 1, [e.value for e in at.error]
    line = at.error[0].value.replace("\u2060", "").replace("\\", "")
    assert line.startswith(
        f"The database postgresql://briefmap:***@127.0.0.1:{url.rsplit(':', 1)[1].split('/')[0]}/briefmap cannot"
    )
    assert "\n" not in line
    assert pw not in page_text(at)
    assert not at.get("component_instance"), "the map was drawn under the message"
    assert not at.selectbox and not at.button and not at.tabs and not at.expander


@pytest.mark.postgres
def test_a_schema_that_is_not_current_says_what_to_run(monkeypatch, pg_url):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        last = conn.execute("SELECT max(version) FROM briefmap_schema").fetchone()[0]
        conn.execute("DELETE FROM briefmap_schema WHERE version = %s", (last,))
        left = conn.execute("SELECT count(*) FROM briefmap_schema").fetchone()[0]
    at = run(monkeypatch, pg_url)
    assert len(at.error) == 1
    line = at.error[0].value.replace("\u2060", "").replace("\\", "")
    assert "1 migration(s) pending" in line
    assert f"run `python -m geo db {'migrate' if left else 'init'}`, then reload this page" in line
    assert not at.get("component_instance")

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DELETE FROM briefmap_schema")
    at = run(monkeypatch, pg_url)
    assert "run `python -m geo db init`" in at.error[0].value.replace("\u2060", "").replace("\\", "")


@pytest.mark.postgres
def test_a_current_database_draws_the_map(monkeypatch, pg_url):
    at = run(monkeypatch, pg_url)
    assert not at.error
    assert at.get("component_instance")


def test_without_the_setting_nothing_checks_a_database(monkeypatch):
    import sys

    monkeypatch.delenv("BRIEFMAP_DATABASE_URL", raising=False)
    from ui import database

    assert database.problem() is None
    assert database.gate.__module__ == "ui.database"
    if "psycopg" in sys.modules:  # another test of this session imported it; say nothing about import order then
        return
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception and not at.error
    assert "psycopg" not in sys.modules
