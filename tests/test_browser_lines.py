"""Real browser, with a store holding both DeepStateMap fixtures: the map follows `?date=` and the
date slider, the Lines page charts and imports, and nothing leaves localhost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from deepstate_reference import fixture
from harness import streamlit_server, wait_for_map
from importfiles import box, deepstate_like, feat
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from geo.lines.ingest import import_one

    store_dir = tmp_path_factory.mktemp("browser-store")
    for d in ("2023-01-15", "2025-08-03"):
        assert import_one(fixture(d), store_path=store_dir).ok
    with streamlit_server(env_extra={"BRIEFMAP_STORE": str(store_dir)}) as s:
        yield s


def dynamic_loaded(frame, key: str) -> None:
    frame.wait_for_function(f"(document.body.getAttribute('data-bm-dynamic') || '').split(',').includes('{key}')", timeout=30000)
    frame.wait_for_function("window.__briefmap.pending === 0", timeout=30000)


def test_a_page_link_as_the_first_request_keeps_the_frame(page, server):
    """Runs first in this module, so /lines is the fresh server's first request (Streamlit's legacy
    pages/ mode would otherwise run the page without app.py's navigation and styles)."""
    page.goto(f"{server.url}/lines")
    expect(page.get_by_text("If the lines froze on", exact=False)).to_be_visible(timeout=30000)
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav).to_contain_text("Map")
    assert "app" not in nav.inner_text().split()


def test_date_link_and_slider_redraw_the_lines(page, server):
    page.goto(f"{server.url}/?date=2025-08-03&place=melitopol")
    el, frame = wait_for_map(page)
    dynamic_loaded(frame, "lines-held")
    assert frame.evaluate("document.body.getAttribute('data-bm-outline')") == "held-2022-11-17"
    expect(page.locator('[data-testid="stMainBlockContainer"]')).to_contain_text(
        "Status on 3 Aug 2025 (deepstate)", timeout=20000
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-2025-08-03-1280x720.png"))
    urls = frame.evaluate("Object.keys(window.__briefmap.dyn)")
    thumb = page.locator('[data-testid="stSlider"] input[type="range"]').first
    thumb.focus()
    thumb.press("ArrowLeft")
    page.wait_for_function("location.search.includes('date=2023-01-15')", timeout=20000)
    frame.wait_for_function(f"Object.keys(window.__briefmap.dyn).length > {len(urls)}", timeout=30000)
    frame.wait_for_function("window.__briefmap.pending === 0", timeout=30000)
    expect(page.locator('[data-testid="stMainBlockContainer"]')).to_contain_text(
        "Status on 15 Jan 2023 (deepstate)", timeout=20000
    )
    thumb.press("ArrowLeft")  # back to the essay's date: our authored layer is filled again, no dated layers
    frame.wait_for_function("document.body.getAttribute('data-bm-outline') === ''", timeout=30000)
    assert frame.evaluate("document.body.getAttribute('data-bm-dynamic')") == ""


def test_lines_page_and_an_upload(page, server, tmp_path):
    page.goto(f"{server.url}/lines")
    expect(page.get_by_text("If the lines froze on", exact=False)).to_be_visible(timeout=30000)
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=30000)
    page.get_by_text("Import snapshots", exact=False).first.click()
    data = deepstate_like()
    data["features"].append(feat("Окуповано <img src=x onerror=\"document.title='pwned'\">", box((35.9, 46.7, 36.1, 46.8))))
    good = tmp_path / "upload-2022-07-07.geojson"
    good.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    bad = tmp_path / "broken-2022-07-08.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    sneaky = tmp_path / "[click me](javascript:alert(1))-2022-07-09.geojson"
    sneaky.write_text("[]", encoding="utf-8")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([str(good), str(bad), str(sneaky)])
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Imported: upload-2022-07-07.geojson", exact=False)).to_be_visible(timeout=30000)
    expect(
        page.get_by_text("broken-2022-07-08.geojson: 'broken-2022-07-08.geojson' is not valid JSON", exact=False)
    ).to_be_visible()
    expect(page.get_by_text("markup", exact=False).first).to_be_visible()
    shown = page.locator('[data-testid="stMainBlockContainer"]').inner_text().replace("\u2060", "")  # md_text's word joiners
    assert "[click me](javascript:alert(1))-2022-07-09.geojson" in shown
    assert page.locator('[data-testid="stMainBlockContainer"] a:has-text("click me")').count() == 0  # text, not a link
    assert page.title() != "pwned" and page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(ARTIFACTS / "lines-1280x720.png"), full_page=True)
