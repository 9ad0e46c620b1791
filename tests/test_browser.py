"""Real browser: `streamlit run app.py` on a free port, Debian's Chromium through Playwright.

Loads the app, clicks Melitopol on the map, toggles the 17 Nov 2022 layer, opens a shared link,
follows an essay link, and checks that no request leaves localhost. Screenshots go to
tests/artifacts/ (1280x720 and 1920x1080).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import click_latlng, wait_for_map
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def panel_text(page):
    return page.locator('[data-testid="stMainBlockContainer"]')


def test_click_melitopol_shows_its_quote(page, server):
    page.goto(server.url)
    el, frame = wait_for_map(page)
    click_latlng(page, el, frame, 46.84735, 35.38196)
    expect(panel_text(page)).to_contain_text("It still controls the vital hub of Melitopol", timeout=20000)
    expect(panel_text(page)).to_contain_text("¶7")
    assert frame.evaluate("document.body.getAttribute('data-bm-selected')") == "melitopol"
    page.wait_for_function("location.search.includes('place=melitopol')")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-melitopol-1280x720.png"))
    page.set_viewport_size({"width": 1920, "height": 1080})
    wait_for_map(page)
    page.screenshot(path=str(ARTIFACTS / "map-melitopol-1920x1080.png"))


def test_toggle_held_layer_changes_the_map(page, server):
    page.goto(server.url)
    el, frame = wait_for_map(page)
    count = "() => document.querySelectorAll('.leaflet-bm-control-pane path, .leaflet-pane path').length"
    before = frame.evaluate(count)
    assert "held-2022-11-17" in frame.evaluate("document.body.getAttribute('data-bm-layers')")
    page.get_by_text("Held by Russia on 17 Nov 2022", exact=False).first.click()
    frame.wait_for_function("!document.body.getAttribute('data-bm-layers').includes('held-2022-11-17')", timeout=20000)
    after = frame.evaluate(count)
    assert after < before
    page.get_by_text("Furthest Russian advance", exact=False).first.click()
    frame.wait_for_function("document.body.getAttribute('data-bm-layers').includes('furthest-advance-2022-03')", timeout=20000)
    expect(page.locator("section[data-testid='stSidebar']")).to_contain_text("orange long-dashed outline")
    page.wait_for_function("location.search.includes('furthest-advance-2022-03') && !location.search.includes('held-2022-11-17')")


def test_shared_link_reproduces_selection(page, server):
    page.goto(f"{server.url}/?place=zaporizhzhia-npp&layers=held-2022-11-17,places&view=47.5,34.6,9")
    el, frame = wait_for_map(page)
    expect(panel_text(page)).to_contain_text("the largest in Europe", timeout=20000)
    frame.wait_for_function("document.body.getAttribute('data-bm-selected') === 'zaporizhzhia-npp'")
    assert frame.evaluate("window.map.getZoom()") == 9
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "link-znpp-1280x720.png"))


def test_bad_link_shows_notice_not_error(page, server):
    page.goto(f"{server.url}/?place=atlantis&layers=nope")
    wait_for_map(page)
    expect(page.get_by_text("Unknown place", exact=False).first).to_be_visible(timeout=20000)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_essay_link_opens_map_on_place(page, server):
    page.goto(f"{server.url}/essay")
    expect(page.get_by_text("The Case Against Negotiations with Russia").first).to_be_visible(timeout=20000)
    page.locator('a.bm-mention[href="./?place=mariupol"]').first.click()
    el, frame = wait_for_map(page)
    expect(panel_text(page)).to_contain_text("processing links through Mariupol", timeout=20000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "essay-1280x720.png"))
