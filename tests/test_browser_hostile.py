"""Real browser: hostile files pushed through the Lines page upload and its "Map an attribute" step.
Each file gets one escaped line (imported or refused), the page never shows a traceback, and the
server's last-resort guard never fires."""

from __future__ import annotations

import json

import pytest
from harness import streamlit_server
from importfiles import deepstate_like
from playwright.sync_api import expect
from test_import_hostile import BY_ID

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store_dir = tmp_path_factory.mktemp("browser-hostile-store")
    with streamlit_server(env_extra={"BRIEFMAP_STORE": str(store_dir)}) as s:
        yield s


def payload(name: str, data: bytes) -> dict:
    return {"name": name, "mimeType": "application/octet-stream", "buffer": data}


def test_hostile_uploads_through_map_an_attribute(page, server, tmp_path):
    shp = BY_ID["shapefile-zip-column-ISW status-mapped"].make(tmp_path)  # a column 'ISW status' holding 'occupied'
    nan = deepstate_like()
    nan_text = json.dumps(nan, ensure_ascii=False).replace("[35.8, 46.6]", "[35.8, NaN]", 1)
    files = [
        payload("isw-2023-06-01.zip", shp.read_bytes()),  # first: the mapping step reads its attributes
        payload("nan-vertex-2023-06-02.geojson", nan_text.encode()),
        payload("Окуповано-2023-06-03.geojson".encode("cp1251").decode("utf-8", "replace"), nan_text.encode()),
        payload("crs-2023-06-04.geojson", BY_ID["crs-name-number"].make(tmp_path).read_bytes()),
        payload("nested-2023-06-05.kml", BY_ID["kml-nested-folders-3000"].make(tmp_path).read_bytes()),
        payload("big-int-2023-06-06.geojson", BY_ID["int-5000-digits-in-coordinate"].make(tmp_path).read_bytes()),
        payload("clash-2023-06-07.zip", BY_ID["zip-file-and-folder-clash"].make(tmp_path).read_bytes()),
    ]
    page.goto(f"{server.url}/lines")
    expect(page.get_by_text("If the lines froze on", exact=False)).to_be_visible(timeout=30000)
    main = page.locator('[data-testid="stMainBlockContainer"]')
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(files)
    page.get_by_text("Map an attribute", exact=True).click()
    expect(page.get_by_role("combobox", name="Attribute")).to_have_value("ISW status", timeout=30000)  # offered, no traceback
    held = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Values meaning Russian-held")
    held.locator("input").click()
    held.locator("input").fill("occupied")
    page.keyboard.press("Enter")
    expect(held).to_contain_text("occupied")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Imported: isw-2023-06-01.zip", exact=False)).to_be_visible(timeout=60000)
    for f in files[1:]:
        expect(main.get_by_text(f["name"], exact=False).first).to_be_visible(timeout=30000)
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    for f in files:
        lines = [
            a
            for a in alerts
            if a.startswith(f["name"])
            or a.startswith(f"Imported: {f['name']}")
            or a.startswith(f"Already in the store: {f['name']}")
        ]
        assert len(lines) == 1, (f["name"], alerts)
        assert "\n" not in lines[0].strip() and "this is a bug" not in lines[0]
    text = main.inner_text()
    assert "Traceback" not in text and "/tmp/" not in text.split("Snapshots are kept in")[0]
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "\ufffd" in " ".join(alerts)  # the cp1251 name is shown with replacement characters


def test_the_network_guard_blocks_what_leaves_the_machine_and_nothing_else(browser, server):
    """The guard every browser test relies on (geo.briefing.headless.block_external): a request off the
    machine, or to a host that only starts like localhost, is aborted and recorded; the page's own
    requests go through untouched."""
    from harness import block_external

    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        blocked: list[str] = []
        block_external(page, blocked)
        page.goto(f"{server.url}/_stcore/health")
        results = page.evaluate(
            """async (base) => {
                 const out = {};
                 for (const u of [base + '/_stcore/health', 'https://example.invalid/tile.png', 'http://localhost.example.invalid/x']) {
                   try { const r = await fetch(u); out[u] = r.status; } catch (e) { out[u] = 'failed'; }
                 }
                 return out;
               }""",
            server.url,
        )
        assert results[f"{server.url}/_stcore/health"] == 200
        assert results["https://example.invalid/tile.png"] == "failed"
        assert results["http://localhost.example.invalid/x"] == "failed"
        assert blocked == ["https://example.invalid/tile.png", "http://localhost.example.invalid/x"]
    finally:
        ctx.close()


@pytest.mark.parametrize("fresh", [False, True], ids=["shared-profile", "fresh-context"])
def test_the_browser_tests_refuse_the_network_themselves_and_record_it(browser, server, fresh):
    """What every other browser test relies on (harness.Profile, harness.guard): Chromium refuses each
    request and web socket that would leave the machine (to a dead proxy: a host name, an IP address,
    a host that only starts like localhost), in the shared profile and in a fresh context alike, and
    the guard records each; the page's own requests go through."""
    from harness import guard

    ctx = browser.fresh_context() if fresh else browser.new_context()
    try:
        page = ctx.new_page()
        seen: list[str] = []
        errors: dict[str, str] = {}
        guard(page, seen)
        page.on("requestfailed", lambda r: errors.__setitem__(r.url, r.failure))
        page.goto(f"{server.url}/_stcore/health")
        outside = ["https://example.invalid/tile.png", "http://198.51.100.7/i.png", "http://localhost.example.invalid/x"]
        results = page.evaluate(
            """async ([base, outside]) => {
                 const out = {};
                 for (const u of [base + '/_stcore/health', ...outside]) {
                   try { const r = await fetch(u); out[u] = r.status; } catch (e) { out[u] = 'failed'; }
                 }
                 out.ws = await new Promise(done => {
                   const ws = new WebSocket('ws://example.invalid/socket');
                   ws.onopen = () => done('open'); ws.onerror = () => done('failed');
                 });
                 return out;
               }""",
            [server.url, outside],
        )
        assert results == {f"{server.url}/_stcore/health": 200, **dict.fromkeys(outside, "failed"), "ws": "failed"}
        assert seen == [*outside, "ws://example.invalid/socket"]
        assert {errors[u] for u in outside} == {"net::ERR_PROXY_CONNECTION_FAILED"}  # refused by the browser
    finally:
        ctx.close()
