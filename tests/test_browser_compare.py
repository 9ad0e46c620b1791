"""Real browser: compare two dates (issue 12, "Compare two dates"). With two DeepStateMap snapshots
imported into a temporary store, `/?compare=A,B` draws one map split by a divider: date A's lines
left, date B's right (each pane clipped to its side), each side labelled with its date and source,
the change in km² beside the map. The divider moves with the mouse, touch and the keyboard, and a
click on a place still selects it. Nothing is asked of any host but localhost. Screenshots:
tests/artifacts/compare-*.png at 1280x720, 1920x1080 and 390x844."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from deepstate_reference import fixture
from harness import click_latlng, close_page, guard, streamlit_server, wait_for_map
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
D1, D2 = "2023-01-15", "2025-08-03"
LOADED = 90000  # ms: a first load on a busy 2-core machine
MAIN = '[data-testid="stMainBlockContainer"]'


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from geo.lines.ingest import import_one

    path = tmp_path_factory.mktemp("compare-browser-store")
    for d in (D1, D2):
        assert import_one(fixture(d), store_path=path).ok
    return path


@pytest.fixture(scope="module")
def server(store):
    with streamlit_server(env_extra={"BRIEFMAP_STORE": str(store)}) as s:
        yield s


@pytest.fixture(scope="module")
def change(store):
    from geo.figures.dated import DatedLines

    return DatedLines.for_store(store).change(D1, D2)


def new_page(browser, width: int, height: int, touch: bool = False):
    ctx = browser.new_context(viewport={"width": width, "height": height}, has_touch=touch)
    pg = ctx.new_page()
    pg.external = []
    guard(pg, pg.external)
    return pg


def swipe_ready(page):
    el, frame = wait_for_map(page, timeout=LOADED)
    frame.wait_for_function(f"document.body.getAttribute('data-bm-compare') === '{D1},{D2}'", timeout=LOADED)
    frame.wait_for_function(
        "Number(document.body.getAttribute('data-bm-compare-loaded')) >= 4 && window.__briefmap.pending === 0", timeout=LOADED
    )
    frame.wait_for_function("window.__briefmap.pickReady()", timeout=30000)
    return el, frame


def clips(frame) -> tuple[str, str]:
    return tuple(frame.evaluate("['a', 'b'].map(s => map.getPane('bm-compare-' + s).style.clip)"))


def clip_left(clip: str) -> float:  # rect(top, right, bottom, left)
    return float(re.findall(r"-?[\d.]+", clip)[3])


def handle_centre(frame) -> tuple[float, float]:
    h = frame.locator(".bm-compare-handle").bounding_box()  # in the page's viewport, like every frame's box
    return h["x"] + h["width"] / 2, h["y"] + h["height"] / 2


def inside(inner: dict, outer: dict) -> bool:
    return (
        inner["x"] >= outer["x"] - 1
        and inner["y"] >= outer["y"] - 1
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 1
    )


def labels_shown(el, frame) -> None:
    a, b = frame.locator(".bm-compare-label-a"), frame.locator(".bm-compare-label-b")
    expect(a).to_be_visible()
    expect(b).to_be_visible()
    expect(a).to_contain_text("◀ 15 Jan 2023 · DeepStateMap (store file 2023-01-15__deepstate__")
    expect(b).to_contain_text("3 Aug 2025 · DeepStateMap (store file 2025-08-03__deepstate__")
    expect(b).to_contain_text("▶")
    box = el.bounding_box()  # the map's iframe, in the page's viewport like the labels
    ra, rb = a.bounding_box(), b.bounding_box()
    assert inside(ra, box) and inside(rb, box), (ra, rb, box)
    assert ra["x"] + ra["width"] <= rb["x"], "the two labels overlap"
    expect(frame.locator(".bm-compare-divider")).to_be_visible()
    expect(frame.locator(".bm-compare-handle")).to_be_visible()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def test_compare_link_shows_two_dates_split_by_a_divider(browser, server, change):
    page = new_page(browser, 1280, 720)
    page.goto(f"{server.url}/?compare={D1},{D2}")
    el, frame = swipe_ready(page)
    labels_shown(el, frame)
    # the change between them in km², from the change function, with its files
    panel = page.locator(MAIN).get_by_test_id("bm-compare")
    expect(panel).to_contain_text("What changed, 15 Jan 2023 → 3 Aug 2025", timeout=30000)
    expect(panel).to_contain_text(re.compile(rf"Russian gains\s*{change.gained_km2:,.0f} km²"))
    expect(panel).to_contain_text(re.compile(rf"Lost by Russia\s*{change.lost_km2:,.0f} km²"))
    expect(panel).to_contain_text("2023-01-15__deepstate__")
    # the panes are clipped at the divider: A to its left, B to its right
    a0, b0 = clips(frame)
    assert a0.startswith("rect(") and b0.startswith("rect("), (a0, b0)
    x0 = int(frame.evaluate("document.body.getAttribute('data-bm-compare-x')"))
    width = frame.evaluate("map.getSize().x")
    assert abs(x0 - width / 2) <= 1
    shot(page, "compare-swipe-1280x720.png")
    # drag the divider with the mouse: pane B's clip follows it, the map does not pan
    centre0 = frame.evaluate("[map.getCenter().lat, map.getCenter().lng]")
    hx, hy = handle_centre(frame)
    page.mouse.move(hx, hy)
    page.mouse.down()
    page.mouse.move(hx - 120, hy, steps=6)
    page.mouse.move(hx - 250, hy + 40, steps=6)
    page.mouse.up()
    a1, b1 = clips(frame)
    assert b1 != b0 and a1 != a0
    x1 = int(frame.evaluate("document.body.getAttribute('data-bm-compare-x')"))
    assert abs((x0 - x1) - 250) <= 2, (x0, x1)
    assert abs(clip_left(b1) - clip_left(b0) + 250) <= 2, (b0, b1)
    assert frame.evaluate("[map.getCenter().lat, map.getCenter().lng]") == centre0, "dragging the divider panned the map"
    # the keyboard: the handle is focusable; arrows move it, Home and End to the edges; the map stays put
    handle = frame.locator(".bm-compare-handle")
    handle.focus()
    page.keyboard.press("ArrowRight")
    x2 = int(frame.evaluate("document.body.getAttribute('data-bm-compare-x')"))
    assert abs(x2 - (x1 + 0.05 * width)) <= 2, (x1, x2)
    assert handle.get_attribute("aria-valuenow") == str(round(x2 / width * 100))
    page.keyboard.press("End")
    assert clip_left(clips(frame)[1]) == pytest.approx(clip_left(b0) + width / 2, abs=2)
    page.keyboard.press("Home")
    page.keyboard.press("PageUp")
    page.keyboard.press("PageUp")
    page.keyboard.press("ArrowRight")
    assert abs(int(frame.evaluate("document.body.getAttribute('data-bm-compare-x')")) - 0.45 * width) <= 2
    assert frame.evaluate("[map.getCenter().lat, map.getCenter().lng]") == centre0, "arrow keys on the handle panned the map"
    # a click on a place still selects it (through either side's lines), and the divider takes no clicks elsewhere
    click_latlng(page, el, frame, 46.84735, 35.38196)  # Melitopol, held on both dates
    expect(page.locator(f"{MAIN} h3").first).to_contain_text("Melitopol", timeout=30000)
    expect(panel).to_contain_text("Russian gains")  # the change stays beside the place
    assert "compare=2023-01-15%2C2025-08-03" in page.url or f"compare={D1},{D2}" in page.url
    shot(page, "compare-dragged-and-clicked-1280x720.png")
    assert page.external == []
    close_page(page)


def test_compare_with_box_turns_the_slider_into_two_dates(browser, server):
    page = new_page(browser, 1920, 1080)
    page.goto(f"{server.url}/?date={D2}")
    el, frame = wait_for_map(page, timeout=LOADED)
    assert frame.evaluate("document.body.getAttribute('data-bm-compare')") in (None, "")
    box = page.locator(f'{MAIN} [data-testid="stSelectbox"]', has_text="Compare with…")
    box.click()
    page.get_by_role("option", name="15 Jan 2023").click()
    el, frame = swipe_ready(page)
    labels_shown(el, frame)
    expect(page.locator(MAIN).get_by_test_id("bm-compare")).to_contain_text("Russian gains")
    page.wait_for_function("location.search.includes('compare=2023-01-15%2C2025-08-03')", timeout=20000)
    assert "date=" not in page.url
    shot(page, "compare-swipe-1920x1080.png")
    assert page.external == []
    close_page(page)


def test_phone_drags_the_divider_by_touch(browser, server):
    page = new_page(browser, 390, 844, touch=True)
    page.goto(f"{server.url}/?compare={D1},{D2}")
    el, frame = swipe_ready(page)
    labels_shown(el, frame)
    el.scroll_into_view_if_needed()
    b0 = clips(frame)[1]
    hx, hy = handle_centre(frame)
    cdp = page.context.new_cdp_session(page)
    for kind, x in (("touchStart", hx), ("touchMove", hx - 40), ("touchMove", hx - 90), ("touchEnd", None)):
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [] if x is None else [{"x": x, "y": hy}]})
    b1 = clips(frame)[1]
    assert abs(clip_left(b1) - clip_left(b0) + 90) <= 2, (b0, b1)
    shot(page, "compare-swipe-390x844.png")
    assert page.external == []
    close_page(page)
