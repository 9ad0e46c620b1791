"""Real browser: the briefing fits one screen (issue 12, item 4).

At 1280x720 and 1920x1080, `/briefing?scene=N`, the presenter console and the audience view show the
map, the first quote and the first figure inside the viewport with no scrolling and no sidebar, on the
first scene and on the scene with the most text; the audience view keeps every figure on screen at
1280x720 in every scene and shows no zoom buttons. The exported deck's footer fits at 1280 and its PNGs
show no zoom buttons. Streamlit scrolls its main section, not the document, so both are checked.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from harness import guard, wait_for_map
from playwright.sync_api import expect

from geo.briefing import scenes

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SCENES = scenes.load().scenes
TITLES = [s.title for s in SCENES]
SIZES = [(1280, 720), (1920, 1080)]


def text_length(s: scenes.Scene) -> int:
    return len(s.title) + sum(len(q.text) for q in s.quotes) + sum(len(p) for p in s.points) + 60 * len(s.figures)


LONG = max(SCENES, key=text_length).number  # the scene with the most text in data/authored/scenes.toml

MEASURE = """() => {
  const box = (el) => { if (!el) return null; const r = el.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height}; };
  const rows = [...document.querySelectorAll('.bm-stage .bm-facts tr')];
  const main = document.querySelector('[data-testid="stMain"]');
  const side = document.querySelector('[data-testid="stSidebar"]');
  return {
    w: innerWidth, h: innerHeight,
    doc: document.scrollingElement.scrollHeight, docw: document.scrollingElement.scrollWidth,
    main: main ? [main.scrollHeight, main.clientHeight] : [0, 0],
    map: box(document.querySelector('iframe[title="streamlit_folium.st_folium"]')),
    quote: box(document.querySelector('.bm-stage .bm-quote')),
    first: box(rows[0]), last: box(rows[rows.length - 1]),
    sidebar: side ? box(side) : null,
  };
}"""


def inside(b: dict | None, m: dict) -> bool:
    return (
        b is not None
        and b["height"] > 0
        and b["top"] >= -1
        and b["left"] >= -1
        and b["bottom"] <= m["h"] + 1
        and b["right"] <= m["w"] + 1
    )


def assert_one_screen(page, what: str, all_figures: bool = False) -> dict:
    m = page.evaluate(MEASURE)
    assert m["doc"] <= m["h"] + 1, f"{what}: the document scrolls ({m['doc']} > {m['h']})"
    assert m["main"][0] <= m["main"][1] + 1, f"{what}: the page scrolls ({m['main'][0]} > {m['main'][1]})"
    assert inside(m["map"], m), f"{what}: the map is not all on screen: {m['map']} in {m['w']}x{m['h']}"
    assert m["map"]["height"] >= 0.5 * m["h"], f"{what}: the map is too small: {m['map']}"
    assert inside(m["quote"], m), f"{what}: the first quote is not on screen: {m['quote']}"
    assert inside(m["first"], m), f"{what}: the first figure is not on screen: {m['first']}"
    if all_figures:
        assert inside(m["last"], m), f"{what}: the last figure is cut off: {m['last']}"
    side = m["sidebar"]
    assert side is None or side["width"] < 1 or side["right"] <= 1, f"{what}: the sidebar shows: {side}"
    return m


def settle(page, title: str) -> None:
    expect(page.locator(".bm-stage h2").first).to_have_text(title, timeout=30000)
    wait_for_map(page)
    page.wait_for_timeout(600)  # Streamlit's last layout pass after the stage re-renders


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_plain_briefing_fits_one_screen(browser, server, size):
    w, h = size
    ctx = browser.new_context(viewport={"width": w, "height": h})
    external: list[str] = []
    try:
        page = ctx.new_page()
        guard(page, external)
        for n in (1, LONG):
            page.goto(f"{server.url}/briefing?scene={n}")
            settle(page, TITLES[n - 1])
            assert_one_screen(page, f"/briefing?scene={n} at {w}x{h}")
            if n == LONG:
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"briefing-scene-{w}x{h}.png"))
        assert external == [], external
    finally:
        ctx.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_presenter_and_audience_fit_one_screen(browser, server, size):
    """Every scene, stepped through by the presenter: both screens fit; the audience keeps every figure."""
    w, h = size
    external: list[str] = []
    contexts = [browser.new_context(viewport={"width": w, "height": h}) for _ in range(2)]
    try:
        presenter, audience = (c.new_page() for c in contexts)
        for pg in (presenter, audience):
            guard(pg, external)
        presenter.goto(f"{server.url}/briefing?mode=presenter&scene=1")
        presenter.wait_for_function("new URLSearchParams(location.search).get('key')", timeout=90000)
        room = parse_qs(urlparse(presenter.url).query)["room"][0]
        audience.goto(f"{server.url}/briefing?mode=audience&room={room}")
        for n in range(1, len(TITLES) + 1):
            if n > 1:
                presenter.locator("body").press("ArrowRight")
            settle(presenter, TITLES[n - 1])
            settle(audience, TITLES[n - 1])
            m = assert_one_screen(presenter, f"presenter, scene {n} at {w}x{h}")
            notes = presenter.locator(".bm-notes").bounding_box()
            assert notes["y"] + notes["height"] <= m["map"]["top"] + 1, f"the notes run into the map: {notes}, {m['map']}"
            assert_one_screen(audience, f"audience, scene {n} at {w}x{h}", all_figures=True)
            zoom = audience.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(".leaflet-control-zoom")
            assert zoom.count() == 0 or zoom.first.is_hidden(), "the audience view shows Leaflet's zoom buttons"
            if n == LONG:
                ARTIFACTS.mkdir(exist_ok=True)
                presenter.screenshot(path=str(ARTIFACTS / f"briefing-presenter-{w}x{h}.png"))
                audience.screenshot(path=str(ARTIFACTS / f"briefing-audience-{w}x{h}.png"))
        assert external == [], external
    finally:
        for c in contexts:
            c.close()


def test_audience_on_a_phone_is_readable(browser, server):
    """390x844: scrolling is allowed, but nothing runs off the side, the text is legible and the map shows."""
    external: list[str] = []
    contexts = [browser.new_context(viewport={"width": w, "height": h}) for w, h in ((1280, 720), (390, 844))]
    try:
        presenter, phone = (c.new_page() for c in contexts)
        for pg in (presenter, phone):
            guard(pg, external)
        presenter.goto(f"{server.url}/briefing?mode=presenter&scene={LONG}")
        presenter.wait_for_function("new URLSearchParams(location.search).get('key')", timeout=90000)
        room = parse_qs(urlparse(presenter.url).query)["room"][0]
        phone.goto(f"{server.url}/briefing?mode=audience&room={room}")
        settle(phone, TITLES[LONG - 1])
        m = phone.evaluate(MEASURE)
        assert m["docw"] <= m["w"] + 1, f"the phone view scrolls sideways: {m['docw']}"
        assert m["map"]["top"] >= 0 and m["map"]["right"] <= m["w"] + 1 and 250 <= m["map"]["height"] <= m["h"], m["map"]
        size = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.bm-stage .bm-quote')).fontSize)")
        assert 14 <= size <= 24, f"quote font {size}px"
        assert phone.locator(".bm-stage .bm-quote").first.bounding_box()["width"] <= 390
        ARTIFACTS.mkdir(exist_ok=True)
        phone.screenshot(path=str(ARTIFACTS / "briefing-audience-390x844.png"))
        assert external == [], external
    finally:
        for c in contexts:
            c.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_deck_footer_fits(browser, tmp_path, size):
    from geo.briefing.export import DECK, deck_html

    w, h = size
    (tmp_path / DECK).write_text(deck_html(), encoding="utf-8")
    ctx = browser.new_context(viewport={"width": w, "height": h})
    requests: list[str] = []
    try:
        page = ctx.new_page()
        guard(page, requests, allowed=("file:", "data:", "about:", "blob:"))
        longest = max(range(1, len(TITLES) + 1), key=lambda n: len(TITLES[n - 1]))
        page.goto(f"{(tmp_path / DECK).resolve().as_uri()}#1")  # then step, as the export does (a fresh load
        page.wait_for_function("window.deckScene === 1")  # at any scene: test_browser_briefing.py)
        page.evaluate(f"location.hash = '#{longest}'")
        page.wait_for_function(f"window.deckScene === {longest}")
        m = page.evaluate(
            """() => { const bar = document.getElementById('bar'), r = bar.getBoundingClientRect();
              const kids = [...bar.children].map(k => { const b = k.getBoundingClientRect();
                return {right: b.right, bottom: b.bottom, top: b.top, clipped: k.scrollWidth > k.clientWidth + 1}; });
              return {w: innerWidth, h: innerHeight, doc: document.scrollingElement.scrollHeight,
                docw: document.scrollingElement.scrollWidth, bar: [r.top, r.bottom, bar.scrollWidth, bar.clientWidth], kids}; }"""
        )
        assert m["doc"] <= m["h"] + 1 and m["docw"] <= m["w"] + 1, m
        top, bottom, sw, cw = m["bar"]
        assert bottom <= m["h"] + 1 and sw <= cw + 1, f"the footer overflows at {w}: {m['bar']}"
        for k in m["kids"]:
            assert k["right"] <= m["w"] + 1 and k["top"] >= top - 1 and k["bottom"] <= bottom + 1 and not k["clipped"], (w, k)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"deck-scene-{w}x{h}.png"))
        assert requests == [], requests
    finally:
        ctx.close()


def test_exported_pngs_show_no_zoom_buttons(browser, tmp_path):
    """Where the deck draws Leaflet's zoom buttons, the exported PNG shows the map instead."""
    from PIL import Image, ImageChops, ImageStat

    from geo.briefing.export import DECK, export

    result = export(tmp_path, browser=browser)
    assert result.notes == [], result.notes
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        page = ctx.new_page()
        guard(page, [], allowed=("file:", "data:", "about:", "blob:"))
        page.goto(f"{(tmp_path / DECK).resolve().as_uri()}#1")
        page.wait_for_function("window.deckScene === 1")
        page.wait_for_timeout(150)
        zoom = page.locator(".leaflet-control-zoom")
        assert zoom.is_visible()  # the interactive deck keeps them
        b = zoom.bounding_box()
        crop = (int(b["x"]), int(b["y"]), int(b["x"] + b["width"]), int(b["y"] + b["height"]))
        interactive = tmp_path / "interactive.png"
        page.screenshot(path=str(interactive))
    finally:
        ctx.close()
    exported = Image.open(tmp_path / "scene-01.png").convert("RGB")
    live = Image.open(interactive).convert("RGB")
    outside = (crop[2] + 40, crop[1], crop[2] + 240, crop[3] + 200)  # the map beside the buttons: the same in both
    assert max(ImageStat.Stat(ImageChops.difference(exported.crop(outside), live.crop(outside))).mean) < 2
    diff = ImageStat.Stat(ImageChops.difference(exported.crop(crop), live.crop(crop))).mean
    assert max(diff) > 10, f"the exported PNG shows the zoom buttons (difference {diff})"
