"""Real browser: measuring on the Map page and range rings (issue 12, "Measure on the map").

- Measure mode: two clicks at known pixels give a line labelled with the GEODESIC distance (pyproj,
  WGS84) between the clicked coordinates; the clicks select no place; Clear removes the line; leaving
  the mode restores picking.
- A place and the line: the distance from the selected place to the front line is the facts' figure.
- Range rings around a place (100 and 200 km by default) are labelled on the map, in the link, and a
  bad list is refused in one line quoting it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from harness import click_latlng, close_page, guard, wait_for_map
from playwright.sync_api import expect

from geo.core.measure import distance_km
from geo.data.places import geometry_of

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
MAIN = '[data-testid="stMainBlockContainer"]'
RESULT = ".st-key-bm_measure_result"
SIDEBAR = '[data-testid="stSidebar"]'
MELITOPOL = (46.84735, 35.38196)


def new_page(browser, width: int = 1280, height: int = 720):
    ctx = browser.new_context(viewport={"width": width, "height": height})
    pg = ctx.new_page()
    pg.external = []
    guard(pg, pg.external)
    return pg


def ready(page):
    el, frame = wait_for_map(page, timeout=90000)
    frame.wait_for_function("window.__briefmap.pickReady()", timeout=30000)
    return el, frame


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def measure_on(page) -> None:
    page.locator(SIDEBAR).get_by_text("Measure: click two points").click()
    expect(page.locator(RESULT)).to_contain_text("click two points", timeout=20000)


def heading(page):
    return page.locator(f"{MAIN} h3").first


def test_two_clicks_give_the_geodesic_distance(browser, server):
    page = new_page(browser)
    page.goto(server.url)
    el, frame = ready(page)
    measure_on(page)
    box = el.bounding_box()
    pixels = [(0.30, 0.45), (0.70, 0.60)]  # of the map's width and height
    for fx, fy in pixels:
        page.mouse.click(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
        page.wait_for_timeout(400)
    result = page.locator(RESULT)
    expect(result).to_contain_text("km (geodesic, WGS84)", timeout=20000)
    text = result.inner_text().replace("\u2060", "")
    m = re.search(r"From (-?[\d.]+), (-?[\d.]+) to (-?[\d.]+), (-?[\d.]+) is ([\d,.]+) km \(geodesic, WGS84\)", text)
    assert m, text
    lat1, lon1, lat2, lon2, shown = (float(x.replace(",", "")) for x in m.groups())
    # The points are the ones clicked (where the map draws them: within the iframe's border and rounding) ...
    for (fx, fy), (lat, lon) in zip(pixels, [(lat1, lon1), (lat2, lon2)]):
        p = frame.evaluate(f"() => window.map.latLngToContainerPoint([{lat}, {lon}])")
        assert abs(p["x"] - fx * box["width"]) < 4 and abs(p["y"] - fy * box["height"]) < 4, (p, fx, fy)  # 4 decimals, border
    # ... and the figure is pyproj's geodesic distance between them, within the rounding shown.
    assert abs(distance_km(lon1, lat1, lon2, lat2) - shown) <= 0.1, (text, distance_km(lon1, lat1, lon2, lat2))
    label = frame.locator(".bm-map-label-measure")
    expect(label).to_have_text(f"{shown:,.1f} km (geodesic, WGS84)", timeout=10000)
    expect(label).to_be_visible()
    expect(heading(page)).to_contain_text("Click a place")  # the clicks selected nothing
    shot(page, "map-measure-1280x720.png")
    # Clear: the line and its label go.
    page.locator(SIDEBAR).get_by_role("button", name="Clear the measurement").click()
    expect(frame.locator(".bm-map-label-measure")).to_have_count(0, timeout=10000)
    # Leaving the mode restores picking: a click on Melitopol selects it.
    page.locator(SIDEBAR).get_by_text("Measure: click two points").click()
    expect(page.locator(RESULT)).to_have_count(0, timeout=20000)
    el, frame = ready(page)
    click_latlng(page, el, frame, *MELITOPOL)
    expect(heading(page)).to_contain_text("Melitopol", timeout=20000)
    assert page.external == []
    close_page(page)


def test_place_to_the_front_line_is_the_facts_figure(browser, server):
    from geo.figures.facts import distance_to_front_km

    page = new_page(browser)
    page.goto(f"{server.url}/?place=melitopol")
    el, frame = ready(page)
    expect(heading(page)).to_contain_text("Melitopol", timeout=30000)
    measure_on(page)
    page.locator(SIDEBAR).get_by_role("button", name="Selected place → front line").click()
    g = geometry_of("melitopol")
    want = f"{distance_to_front_km(g.x, g.y):,.1f} km (geodesic, WGS84)"
    expect(page.locator(RESULT)).to_contain_text(f"From Melitopol to the 17 Nov 2022 front line is {want}", timeout=20000)
    expect(frame.locator(".bm-map-label-measure")).to_have_text(want, timeout=10000)
    expect(page.locator(MAIN)).to_contain_text(want.split(" (")[0])  # the same figure as the facts' row
    shot(page, "map-measure-front-1280x720.png")
    assert page.external == []
    close_page(page)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (390, 844)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_range_rings_are_labelled_around_melitopol(browser, server, size):
    w, h = size
    page = new_page(browser, w, h)
    page.goto(f"{server.url}/?place=melitopol&rings=100,200&view=46.9,35.4,7")
    el, frame = ready(page)
    for km in ("100 km", "200 km"):
        label = frame.locator(".bm-map-label-ring", has_text=re.compile(f"^{km}$"))
        expect(label).to_have_count(1, timeout=20000)
        if w >= 1280:
            expect(label).to_be_visible()
    # Each label sits on its ring: due north of Melitopol, 100 and 200 km away (pyproj).
    for km in (100, 200):
        ll = frame.evaluate(
            f"""() => {{ const el = [...document.querySelectorAll('.bm-map-label-ring')].find(e => e.textContent === '{km} km');
            const m = el.closest('.leaflet-marker-icon'); return window.map.layerPointToLatLng(
            L.DomUtil.getPosition(m)); }}"""
        )
        assert abs(distance_km(MELITOPOL[1], MELITOPOL[0], ll["lng"], ll["lat"]) - km) < 1.5, (km, ll)
    assert "rings=100%2C200" in page.url or "rings=100,200" in page.url, page.url
    if w < 1280:  # a phone: the page scrolls to the panel; back up on the map, the rings show
        el.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        for km in ("100 km", "200 km"):
            expect(frame.locator(".bm-map-label-ring", has_text=re.compile(f"^{km}$"))).to_be_visible()
        shot(page, f"map-rings-{w}x{h}.png")
        close_page(page)
        return
    expect(page.locator(SIDEBAR).get_by_label("Ring distances in km (at most 5, each 1 to 2000)")).to_have_value("100,200")
    shot(page, f"map-rings-{w}x{h}.png")
    # Edited: three rings; then a bad list is refused in one line that quotes it.
    box = page.locator(SIDEBAR).get_by_label("Ring distances in km (at most 5, each 1 to 2000)")
    box.fill("50, 100, 300")
    box.press("Enter")
    expect(frame.locator(".bm-map-label-ring", has_text="300 km")).to_have_count(1, timeout=20000)
    page.wait_for_function("location.search.includes('rings=50%2C100%2C300')", timeout=20000)
    box.fill("100,abc")
    box.press("Enter")
    expect(page.locator(SIDEBAR).get_by_text("Range rings '100,abc' are not a comma list of kilometres")).to_be_visible(
        timeout=20000
    )
    assert page.external == []
    close_page(page)


def test_bad_rings_in_the_link_say_so(browser, server):
    page = new_page(browser)
    page.goto(f"{server.url}/?place=melitopol&rings=100,9999")  # the toast shows for a few seconds: no wait for the map first
    toast = page.locator('[data-testid="stToast"]', has_text="Range rings")
    expect(toast).to_contain_text("'100,9999'", timeout=30000)  # one line, quoting the value
    expect(toast).to_contain_text("each ring is 1 to 2000 km; '9999' is not. No range rings are shown.")
    ready(page)
    page.wait_for_function("location.search.includes('place=melitopol')", timeout=30000)
    assert "rings=" not in page.url
    close_page(page)
