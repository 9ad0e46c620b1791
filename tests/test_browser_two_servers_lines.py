"""Two `streamlit run` servers sharing one database: a snapshot imported on server A's Lines page
appears on server B's date slider after a reload, with no restart of B."""

from __future__ import annotations

import pytest
from deepstate_reference import fixture
from harness import guard, server_pair, wait_for_map
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


@pytest.fixture(scope="module")
def database():
    import pgtest

    with pgtest.fresh_database("two") as url:
        yield url


@pytest.fixture(scope="module")
def servers(tmp_path_factory, database):
    """Servers A and B: the same database, the same store namespace, one imported date already."""
    from geo.lines.ingest import import_one

    store_dir = tmp_path_factory.mktemp("two-servers-store")
    env = {"BRIEFMAP_DATABASE_URL": database, "BRIEFMAP_STORE": str(store_dir)}
    with pytest.MonkeyPatch.context() as mp:  # the import goes to the servers' database and namespace
        for k, v in env.items():
            mp.setenv(k, v)
        assert import_one(fixture("2023-01-15"), store_path=store_dir).created
    with server_pair(env) as pair:
        yield pair


@pytest.fixture(scope="module")
def server(servers):
    return servers[0]


def slider_range(page, url: str) -> str:
    """Open the map and read the date slider's first and last dates (its tick bar)."""
    page.goto(f"{url}/")
    wait_for_map(page)
    ticks = page.locator('[data-testid="stSlider"] [data-testid="stSliderTickBar"]').first
    expect(ticks).to_be_visible(timeout=30000)
    return ticks.inner_text()


def test_an_import_on_server_a_reaches_server_b_without_restart(page, servers, browser, tmp_path):
    a, b = servers
    ctx_b = browser.new_context(viewport={"width": 1280, "height": 720})
    page_b = ctx_b.new_page()
    external: list[str] = []
    guard(page_b, external)
    try:
        before = slider_range(page_b, b.url)
        assert "2023-01-15" in before and "2025-08-03" not in before, before

        page.goto(f"{a.url}/lines")
        expect(page.get_by_text("kept in the app's database", exact=False)).to_be_visible(timeout=30000)
        page.get_by_text("Import snapshots", exact=False).first.click()
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([str(fixture("2025-08-03"))])
        page.get_by_role("button", name="Import").click()
        expect(page.get_by_text("Imported:", exact=False)).to_be_visible(timeout=60000)

        page_b.reload()  # the next rerun on B: the date is on its slider
        after = slider_range(page_b, b.url)
        assert "2025-08-03" in after, after
        page_b.goto(f"{b.url}/?date=2025-08-03")
        wait_for_map(page_b)
        expect(page_b.locator('[data-testid="stMainBlockContainer"]')).to_contain_text(
            "Held by Russia on 2025-08-03 (deepstate)", timeout=30000
        )
        assert b.proc.poll() is None  # the same server process all along
        assert external == []
    finally:
        ctx_b.close()
