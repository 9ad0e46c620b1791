"""Real browser, with a store holding two sources for one date (both DeepStateMap fixtures imported
under 2025-08-03, as "deepstate" and as "other"): the "Disputed" layer is drawn on first load, the
legend covers every visible layer and symbol with its accuracy, and each palette (`?palette=`, the
sidebar switch) restyles the map and the legend. Screenshots go to tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest
from deepstate_reference import fixture
from harness import streamlit_server, wait_for_map
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DATE = "2025-08-03"
LOADED = 90000  # ms: a first load on a busy 2-core machine


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from geo.lines.ingest import import_one

    store_dir = tmp_path_factory.mktemp("palette-store")
    assert import_one(fixture("2025-08-03"), date=DATE, source="deepstate", store_path=store_dir).ok
    assert import_one(fixture("2023-01-15"), date=DATE, source="other", store_path=store_dir).ok
    with streamlit_server(env_extra={"BRIEFMAP_STORE": str(store_dir)}) as s:
        yield s


def dynamic_shown(frame) -> list[str]:
    return (frame.evaluate("document.body.getAttribute('data-bm-dynamic')") or "").split(",")


# The held layer's file arrives last (as a big file does on a slow link): the dispute must still be on top.
SLOW_HELD = """(() => { const f = window.fetch; if (!f) return;
  window.fetch = function (url, opts) {
    const p = f.call(this, url, opts);
    return String(url).includes('/lines-held.') ? p.then(r => new Promise(ok => setTimeout(() => ok(r), 1500))) : p;
  }; })();"""

ORDER = """() => { const bm = window.__briefmap, out = {};
  Object.keys(bm.dyn).forEach(u => { const ls = bm.dyn[u].layer.getLayers();
    if (ls.length && bm.map.hasLayer(bm.dyn[u].layer)) {
      const p = ls[ls.length - 1]._path; out[u.split('/').pop().split('.')[0]] = Array.from(p.parentNode.children).indexOf(p); } });
  return out; }"""


def test_disputed_is_drawn_as_soon_as_it_looks_on(page, server):
    page.add_init_script(SLOW_HELD)
    page.goto(f"{server.url}/?date={DATE}")
    el, frame = wait_for_map(page, timeout=LOADED)
    pill = page.locator('[data-testid="stButtonGroup"] button', has_text="Disputed")
    expect(pill).to_be_visible(timeout=30000)
    frame.wait_for_function("(document.body.getAttribute('data-bm-dynamic') || '').includes('lines-held')", timeout=30000)
    looks_on = pill.get_attribute("aria-pressed") == "true" or "Active" in (pill.get_attribute("data-testid") or "")
    drawn = "disputed" in dynamic_shown(frame)
    assert looks_on == drawn, f"the Disputed pill looks {'on' if looks_on else 'off'} but is {'' if drawn else 'not '}drawn"
    assert drawn, "a store with two sources on one date shows its dispute from the start (webdated.DEFAULT_ON)"
    frame.wait_for_function("window.__briefmap.pending === 0", timeout=30000)
    order = frame.evaluate(ORDER)
    assert order["disputed"] > order["lines-held"] and order["disputed"] > order["lines-unknown"], (
        f"the dispute is drawn under the held fill (SVG order {order}): it shows only after two clicks re-add it on top"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-disputed-1280x720.png"))
    pill.click()  # one click turns it off
    frame.wait_for_function(
        "!(document.body.getAttribute('data-bm-dynamic') || '').split(',').includes('disputed')", timeout=20000
    )
    pill.click()  # and one turns it on again
    frame.wait_for_function(
        "(document.body.getAttribute('data-bm-dynamic') || '').split(',').includes('disputed')", timeout=20000
    )


SIDEBAR = 'section[data-testid="stSidebar"]'


def swatch_sizes(page, scope: str) -> list[tuple[float, float]]:
    return page.evaluate(
        f"""() => Array.from(document.querySelectorAll('{scope} .bm-legend svg'))
            .map(s => {{ const r = s.getBoundingClientRect(); return [r.width, r.height]; }})"""
    )


def test_the_legend_covers_every_visible_layer_and_symbol(page, server):
    page.goto(f"{server.url}/?date={DATE}")
    el, frame = wait_for_map(page, timeout=LOADED)
    side = page.locator(SIDEBAR)
    for text in (
        "Ukraine: oblasts",
        "The Dnipro",
        "Routes of the Melitopol argument",
        "Town or city",
        "Place the essay discusses",
        "Nuclear power plant",
        "Selected place",
        "Held by Russia on 17 Nov 2022",
        "Neighbouring countries",
        "Dnipro reservoirs",
    ):
        expect(side).to_contain_text(text, timeout=20000)
    rows = side.locator(".bm-legend")
    assert rows.count() >= 10
    for i in range(rows.count()):
        assert "Accuracy:" in rows.nth(i).inner_text(), rows.nth(i).inner_text()
    main = page.locator('[data-testid="stMainBlockContainer"]')
    expect(main.locator(".bm-legend").first).to_contain_text("Accuracy:", timeout=20000)
    sizes = swatch_sizes(page, SIDEBAR) + swatch_sizes(page, '[data-testid="stMainBlockContainer"]')
    assert len(sizes) >= 13 and all(w >= 18 and h >= 18 for w, h in sizes), sizes
    page.locator(SIDEBAR).locator(".bm-legend").first.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-legend-1280x720.png"))


PALETTE_LAYERS = (
    "ukraine-admin1,places,lines,furthest-advance-2022-03,claimed-annexation-2022-09-30,held-2022-11-17,liberated-by-2022-11-17"
)
PATH_ATTR = """([key, attr]) => { const l = window.__briefmap.layers[key].layer.getLayers()[0];
  return l._path.getAttribute(attr); }"""


@pytest.mark.parametrize("name", ["default", "colourblind", "greyscale"])
def test_each_palette_restyles_the_map_and_the_legend(page, server, name):
    from geo.web import styles

    table = styles.palette(name)
    page.goto(f"{server.url}/?palette={name}&layers={PALETTE_LAYERS}&view=47.6,34.6,6")
    el, frame = wait_for_map(page, timeout=LOADED)
    frame.wait_for_function(f"document.body.getAttribute('data-bm-palette') === '{name}'", timeout=20000)
    for key in ("held-2022-11-17", "furthest-advance-2022-03", "claimed-annexation-2022-09-30", "liberated-by-2022-11-17"):
        assert frame.evaluate(PATH_ATTR, [key, "stroke"]) == table[key]["color"], key
        assert (frame.evaluate(PATH_ATTR, [key, "stroke-dasharray"]) or None) == table[key].get("dashArray"), key
    fill = table["claimed-annexation-2022-09-30"].get("fillColor")
    if fill:
        assert frame.evaluate(PATH_ATTR, ["claimed-annexation-2022-09-30", "fill"]) == fill
        pid = fill[5:-1]
        assert frame.evaluate(f"!!document.getElementById('{pid}')"), pid
    side = page.locator(SIDEBAR)
    expect(side.get_by_role("radio", name=styles.PALETTE_LABELS[name])).to_be_checked()
    held_swatch = side.locator(".bm-legend", has_text="Held by Russia on 17 Nov 2022").locator("svg rect").first
    assert held_swatch.get_attribute("stroke") == table["held-2022-11-17"]["color"]
    if name == "greyscale":
        expect(side).to_contain_text("heavy long-dashed outline, no fill")
        expect(side).to_contain_text("dotted outline over a dot fill")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"map-palette-{name}-1280x720.png"))


def test_the_switch_changes_the_palette_and_the_link(page, server):
    page.goto(f"{server.url}/?date={DATE}")
    el, frame = wait_for_map(page, timeout=LOADED)
    page.locator(SIDEBAR).get_by_text("Greyscale / print").click()
    page.wait_for_function("location.search.includes('palette=greyscale')", timeout=20000)
    el, frame = wait_for_map(page, timeout=LOADED)
    frame.wait_for_function("document.body.getAttribute('data-bm-palette') === 'greyscale'", timeout=20000)
    frame.wait_for_function(
        "(document.body.getAttribute('data-bm-dynamic') || '').split(',').includes('disputed')", timeout=30000
    )
    frame.wait_for_function("window.__briefmap.pending === 0", timeout=30000)
    disputed = frame.evaluate(
        """() => { const bm = window.__briefmap; const u = Object.keys(bm.dyn).find(u => u.includes('/disputed.'));
        return bm.dyn[u].layer.getLayers()[0]._path.getAttribute('fill'); }"""
    )
    assert disputed == "url(#bm-hatch-dense)"
    expect(page.locator('[data-testid="stMainBlockContainer"]')).to_contain_text("dense cross-hatching")
    page.screenshot(path=str(ARTIFACTS / "map-palette-greyscale-dated-1280x720.png"))


def test_a_bad_palette_in_the_link_says_so(page, server):
    page.goto(f"{server.url}/?palette=%3Cb%3Eneon%3C%2Fb%3E")
    wait_for_map(page, timeout=LOADED)
    expect(page.get_by_text("Unknown palette", exact=False).first).to_be_visible(timeout=60000)
    assert page.locator("b", has_text="neon").count() == 0  # the link's value is text, never markup
    page.wait_for_function("!location.search.includes('palette=')", timeout=20000)


PILLS = """() => [...document.querySelectorAll('[data-testid="stButtonGroup"]')].flatMap(g => {
  const c = g.getBoundingClientRect();
  return [...g.querySelectorAll('button')].map(b => { const r = b.getBoundingClientRect();
    return {text: b.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom, cl: c.left, cr: c.right,
            clipped: b.scrollWidth > b.clientWidth + 1, vw: innerWidth, vh: innerHeight}; }); })"""


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (390, 844)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_dated_layer_pill_is_fully_visible(browser, server, size):
    """Two sources for one date: six pills (Held ... Only deepstate, Only other, Disputed). The last one
    was cut off at the map column's edge at 1280x720."""
    from harness import guard

    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]})
    try:
        page = ctx.new_page()
        guard(page, [])
        page.goto(f"{server.url}/?date={DATE}")
        wait_for_map(page, timeout=LOADED)
        expect(page.locator('[data-testid="stButtonGroup"] button', has_text="Disputed")).to_be_visible(timeout=30000)
        pills = page.evaluate(PILLS)
        assert len(pills) >= 6, pills
        for p in pills:
            assert p["l"] >= p["cl"] - 0.5 and p["r"] <= p["cr"] + 0.5, f"{p['text']} overflows its row: {p}"
            assert p["l"] >= 0 and p["r"] <= p["vw"] and p["t"] >= 0 and p["b"] <= p["vh"], f"{p['text']} off-screen: {p}"
            assert not p["clipped"], p
        box = page.locator('[data-testid="stButtonGroup"]').first.bounding_box()
        map_top = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()["y"]
        assert box["y"] + box["height"] <= map_top + 1, (box, map_top)  # above the map, not over it
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"map-pills-{size[0]}x{size[1]}.png"))
    finally:
        ctx.close()
