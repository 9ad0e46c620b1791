"""Real browser: the screenshot set of issue 12 (Map, Compare, Briefing presenter and audience, Lines,
Data at 1280x720, 1920x1080 and 390x844), taken the way a new user would see each page.

Each shot is also checked for what a briefer would notice at once: nothing runs off the side of the
screen, the page says what it is, and its main element (the map, the chart, the table) starts on the
first screen. The PNGs land in tests/artifacts/screens-<page>-<W>x<H>.png.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from deepstate_reference import fixture
from harness import close_page, guard, streamlit_server
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SIZES = [(1280, 720), (1920, 1080), (390, 844)]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
A, B = "2023-01-15", "2025-08-03"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from geo.lines.ingest import import_one

    store_dir = tmp_path_factory.mktemp("screens-store")
    for d in (A, B):
        assert import_one(fixture(d), store_path=store_dir).ok
    with streamlit_server(env_extra={"BRIEFMAP_STORE": str(store_dir)}) as s:
        yield s


def page_at(browser, size):
    w, h = size
    ctx = browser.new_context(viewport={"width": w, "height": h})
    page = ctx.new_page()
    page.external = []
    guard(page, page.external)
    return page


def settle_map(page, timeout=90000):
    """The map iframe has drawn its layers and the place picker is ready."""
    frame = page.frame_locator(MAP_FRAME).first
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=timeout)
    page.wait_for_function(
        """() => [...document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')].some(f => {
             try { return f.contentWindow.__briefmap && f.contentWindow.__briefmap.pickReady(); } catch (e) { return false; } })""",
        timeout=timeout,
    )
    page.wait_for_timeout(800)  # tiles of vector paths and the label declutter settle after the last move


def check_and_shoot(page, name: str, size, main: str | None) -> None:
    w, h = size
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} at {w}x{h}: the page runs {overflow} px off the right edge"
    if main is not None:
        box = page.locator(main).first.bounding_box()
        assert box is not None, f"{name} at {w}x{h}: {main} not shown"
        assert box["y"] < h, f"{name} at {w}x{h}: {main} starts below the first screen (y={box['y']})"
        assert box["x"] >= -1 and box["x"] + box["width"] <= w + 1, f"{name} at {w}x{h}: {main} is cut at the side: {box}"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"screens-{name}-{w}x{h}.png"))
    assert page.external == [], page.external


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_map(browser, server, size):
    page = page_at(browser, size)
    page.goto(f"{server.url}/?place=melitopol&date={B}")
    settle_map(page)
    expect(page.locator('[data-testid="stMainBlockContainer"] h3').first).to_contain_text("Melitopol", timeout=30000)
    expect(page.get_by_text("The Case Against Negotiations with Russia").first).to_be_visible()
    if size[0] >= 1280:  # the whole map on the first screen, under a date row of slider, compare box and pills
        box = page.locator(MAP_FRAME).first.bounding_box()
        assert box["y"] + box["height"] <= size[1] + 1, (
            f"the map runs {box['y'] + box['height'] - size[1]:.0f} px below the screen"
        )
    check_and_shoot(page, "map", size, MAP_FRAME)
    close_page(page)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare(browser, server, size):
    page = page_at(browser, size)
    page.goto(f"{server.url}/?compare={A},{B}")
    settle_map(page)
    frame = page.frame_locator(MAP_FRAME).first
    for d in ("15 Jan 2023", "3 Aug 2025"):
        expect(frame.get_by_text(d).first).to_be_visible(timeout=30000)
    expect(page.get_by_text("km²").first).to_be_visible(timeout=30000)
    check_and_shoot(page, "compare", size, MAP_FRAME)
    close_page(page)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_briefing_presenter_and_audience(browser, server, size):
    presenter = page_at(browser, size)
    presenter.goto(f"{server.url}/briefing?mode=presenter&scene=3")
    presenter.wait_for_function("new URLSearchParams(location.search).get('key')", timeout=90000)
    settle_map(presenter)
    check_and_shoot(presenter, "briefing-presenter", size, MAP_FRAME)
    room = parse_qs(urlparse(presenter.url).query)["room"][0]
    audience = page_at(browser, size)
    audience.goto(f"{server.url}/briefing?mode=audience&room={room}")
    settle_map(audience)
    expect(audience.locator("blockquote, .bm-quote").first).to_be_visible(timeout=30000)
    check_and_shoot(audience, "briefing-audience", size, MAP_FRAME)
    close_page(audience)
    close_page(presenter)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_lines(browser, server, size):
    page = page_at(browser, size)
    page.goto(f"{server.url}/lines")
    expect(page.locator(".vega-embed, [data-testid='stVegaLiteChart']").first).to_be_visible(timeout=90000)
    page.wait_for_timeout(800)
    check_and_shoot(page, "lines", size, ".vega-embed, [data-testid='stVegaLiteChart']")
    close_page(page)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_data(browser, server, size):
    page = page_at(browser, size)
    page.goto(f"{server.url}/data")
    expect(page.locator("table").first).to_be_visible(timeout=90000)
    page.wait_for_timeout(500)
    check_and_shoot(page, "data", size, "table")
    close_page(page)
