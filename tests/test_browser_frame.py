"""Real browser, issue 12 (header, layout, citations, `?date=` notice, phone): a store holding both
DeepStateMap fixtures, Chromium at 1280x720 and 390x844. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from deepstate_reference import fixture
from harness import click_latlng, streamlit_server, wait_for_map
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
MAIN = '[data-testid="stMainBlockContainer"]'
TITLE = "The Case Against Negotiations with Russia"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    from geo.lines.ingest import import_one

    path = tmp_path_factory.mktemp("frame-store")
    for d in ("2023-01-15", "2025-08-03"):
        assert import_one(fixture(d), store_path=path).ok
    return path


@pytest.fixture(scope="module")
def server(store_dir):
    with streamlit_server(env_extra={"BRIEFMAP_STORE": str(store_dir)}) as s:
        yield s


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    vp = page.viewport_size
    page.screenshot(path=str(ARTIFACTS / f"{name}-{vp['width']}x{vp['height']}.png"))


def no_sideways_scroll(page) -> None:
    sizes = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]') || document.documentElement;"
        " return [m.scrollWidth, m.clientWidth, document.documentElement.scrollWidth, window.innerWidth]; }"
    )
    assert sizes[0] <= sizes[1] + 1 and sizes[2] <= sizes[3] + 1, f"sideways scroll: {sizes}"


@pytest.mark.parametrize(
    "path, what",
    [("/", "map"), ("/essay", "essay"), ("/lines", "lines"), ("/data", "data")],
)
def test_every_page_has_a_compact_header(page, server, path, what):
    page.goto(server.url + path)
    header = page.locator(f"{MAIN} .bm-header")
    expect(header).to_contain_text(TITLE, timeout=30000)
    expect(header).to_contain_text("17 Nov 2022")
    assert len(header.locator(".bm-header-what").inner_text().strip()) > 20  # one sentence on what the page does
    assert header.bounding_box()["height"] <= 60, "the header must stay compact"
    if path == "/":
        el, _ = wait_for_map(page)
        box = el.bounding_box()
        # under the header and the date slider's row (this store has dates), and down to the screen's bottom
        assert box["y"] < 170 and box["y"] + box["height"] <= 720 + 1 and box["height"] >= 540, box
    shot(page, f"{what}-header")


def test_a_date_keeps_the_search_high_and_the_facts_inside(page, server):
    page.goto(f"{server.url}/?date=2025-08-03&place=melitopol")
    wait_for_map(page)
    expect(page.locator(MAIN)).to_contain_text("Status on 3 Aug 2025 (deepstate)", timeout=30000)
    search = page.locator('[data-testid="stSelectbox"]').first
    assert search.bounding_box()["y"] < 240, "the dated legend pushed the search box down"
    facts = page.locator(".bm-facts").first
    right = page.evaluate("window.innerWidth")
    box = facts.bounding_box()
    assert box["x"] + box["width"] <= right, f"facts table runs past the right edge: {box}"
    no_sideways_scroll(page)
    shot(page, "map-date-legend")


def test_data_page_fits_without_sideways_scrolling(page, server):
    page.goto(f"{server.url}/data")
    table = page.locator(".bm-table").first
    expect(table).to_be_visible(timeout=30000)
    holder = page.evaluate(
        "() => { const t = document.querySelector('.bm-table'); let p = t.parentElement;"
        " while (p && p.scrollWidth <= p.clientWidth + 1 && p !== document.body) p = p.parentElement;"
        " return p === document.body || !p ? null : [p.className, p.scrollWidth, p.clientWidth]; }"
    )
    assert holder is None, f"the table scrolls sideways inside {holder}"
    no_sideways_scroll(page)
    shot(page, "data-table")


def test_no_store_path_is_shown_to_viewers(page, server, store_dir):
    for path in ("/lines", "/?date=2025-08-03&place=melitopol", "/data"):
        page.goto(server.url + path)
        expect(page.locator(f"{MAIN} .bm-header")).to_be_visible(timeout=30000)
        if path.startswith("/?"):
            expect(page.locator(MAIN)).to_contain_text("Status on 3 Aug 2025", timeout=30000)
        else:
            page.wait_for_timeout(1500)  # the page's last elements
        text = page.locator(MAIN).inner_text()
        assert str(store_dir) not in text, path
        assert str(Path(__file__).resolve().parent.parent) not in text, path
    shot(page, "map-citations")


def test_lines_chart_axes_are_formatted(page, server):
    page.goto(f"{server.url}/lines")
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    expect(chart).to_be_visible(timeout=90000)
    chart.scroll_into_view_if_needed()
    spec = page.evaluate(
        "() => { const s = [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] svg text')];"
        " return s.map(t => t.textContent); }"
    )
    labels = " | ".join(spec)
    assert any(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", t) for t in spec), labels  # e.g. "1 Apr 2023"
    assert not any(t.strip().startswith(("Mon ", "Tue ", "Wed ", "Thu ", "Fri ", "Sat ", "Sun ")) for t in spec), labels
    assert not any("." in t and t.replace(",", "").replace(".", "").isdigit() for t in spec), labels
    shot(page, "lines-chart")


def test_a_date_without_a_snapshot_says_so_and_offers_the_nearest(page, server):
    page.goto(f"{server.url}/?date=2024-01-01")
    wait_for_map(page)
    main = page.locator(MAIN)
    expect(main).to_contain_text("No lines for the date 2024-01-01 in the link", timeout=30000)
    expect(main).to_contain_text("the essay's date, 17 Nov 2022, is shown")
    button = page.get_by_role("button", name="Show 15 Jan 2023")
    expect(button).to_be_visible()
    shot(page, "map-date-notice")
    button.click()
    page.wait_for_function("location.search.includes('date=2023-01-15')", timeout=20000)
    expect(main).to_contain_text("If the lines froze on 2023-01-15", timeout=30000)


@pytest.fixture()
def phone(browser, server):
    from harness import guard

    external: list[str] = []
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
    pg = ctx.new_page()
    guard(pg, external)
    yield pg
    try:
        assert external == [], f"requests left localhost: {external}"
    finally:
        ctx.close()


def test_phone_map_visible_on_load_and_the_panel_after_a_tap(phone, server):
    page = phone
    page.goto(server.url + "/")
    el, frame = wait_for_map(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sb = sidebar.bounding_box()
    assert sb is None or sb["x"] + sb["width"] <= 1 or sidebar.get_attribute("aria-expanded") == "false", sb
    box = el.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] < 844 / 2, box
    zoom = frame.locator(".leaflet-control-zoom-in").bounding_box()
    assert zoom["x"] >= 0 and zoom["y"] >= 0, zoom
    assert box["x"] + zoom["x"] >= 0 and box["y"] + zoom["y"] >= page.evaluate("window.scrollY"), zoom
    shot(page, "map-phone-load")
    el.scroll_into_view_if_needed()
    click_latlng(page, el, frame, 46.85, 35.37)  # Melitopol
    head = page.locator(".bm-panel-head").first
    expect(page.locator(MAIN)).to_contain_text("Melitopol", timeout=30000)
    page.wait_for_function(
        "() => { const h = document.querySelector('.bm-panel-head');"
        " if (!h) return false; const r = h.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight - 40; }",
        timeout=20000,
    )
    assert head.count() == 1
    shot(page, "map-phone-tap")


# ---- issue 12, keyboard: a skip link to the search box ----

ACTIVE = """() => { const a = document.activeElement;
  return {id: a.id, text: (a.textContent || '').trim().slice(0, 40), search: !!a.closest('.st-key-search') && a.tagName === 'INPUT'}; }"""


def test_skip_link_is_an_early_tab_stop_and_moves_focus_into_the_search(page, server):
    page.goto(server.url)
    wait_for_map(page, timeout=90000)
    link = page.get_by_role("link", name="Skip to search")
    expect(link).to_be_attached(timeout=20000)
    r = link.bounding_box()
    assert r is None or r["y"] + r["height"] <= 0 or r["x"] + r["width"] <= 0, f"visible before it has focus: {r}"
    presses, seen = 0, []
    while presses < 10:
        page.keyboard.press("Tab")
        presses += 1
        now = page.evaluate(ACTIVE)
        seen.append(now)
        if now["text"] == "Skip to search":
            assert presses <= 2, seen  # the first or second Tab stop
            r = link.bounding_box()  # on focus: shown, inside the window, legible
            assert r and r["x"] >= 0 and r["y"] >= 0 and r["x"] + r["width"] <= 1280 and r["y"] + r["height"] <= 720, r
            size = float(link.evaluate("el => getComputedStyle(el).fontSize").removesuffix("px"))
            assert size >= 16 and r["height"] >= 24, (size, r)
            shot(page, "map-skiplink")
            page.keyboard.press("Enter")
            now = page.evaluate(ACTIVE)
            seen.append(now)
        if now["search"]:
            break
    assert seen[-1]["search"], seen
    assert presses <= 2, f"{presses} Tab presses to the search box: {seen}"  # the done-when: <= 10


# ---- issue 12, layout: the zoom buttons are inside the map; on a phone no gap above the map ----


@pytest.mark.parametrize("size", [(1280, 720), (390, 844)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_zoom_buttons_are_inside_the_map(browser, server, size):
    from harness import guard

    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]})
    try:
        page = ctx.new_page()
        guard(page, [])
        page.goto(server.url)
        el, frame = wait_for_map(page, timeout=90000)
        box = el.bounding_box()
        w, h = frame.evaluate("[map.getSize().x, map.getSize().y]")
        for which in ("in", "out"):
            z = frame.locator(f".leaflet-control-zoom-{which}").bounding_box()  # in the iframe's own coordinates
            assert z["x"] >= 0 and z["y"] >= 0 and z["x"] + z["width"] <= w and z["y"] + z["height"] <= h, (which, z, w, h)
            assert box["x"] + z["x"] >= 0 and box["x"] + z["x"] + z["width"] <= size[0], (which, z, box)
    finally:
        ctx.close()


def test_phone_has_no_gap_between_the_date_slider_and_the_map(phone, server):
    page = phone
    for path in ("/", "/?date=2025-08-03"):
        page.goto(server.url + path)
        el, frame = wait_for_map(page, timeout=90000)
        slider = page.locator('[data-testid="stSlider"]').first
        expect(slider).to_be_visible(timeout=30000)
        stack = page.evaluate(  # what the slider's row holds (slider, pills on a date, other controls) and the map
            """() => { const row = document.querySelector('.st-key-lines_date').closest('[data-testid="stHorizontalBlock"]');
              return [...row.querySelectorAll('[data-testid="stElementContainer"]'),
                      document.querySelector('iframe[title="streamlit_folium.st_folium"]')]
                .map(e => { const r = e.getBoundingClientRect(); return [e.className.split(' ').find(c => c.startsWith('st-key-')) || e.tagName, r.top, r.bottom]; })
                .filter(r => r[2] > r[1]).sort((a, b) => a[1] - b[1]); }"""
        )
        for (a, _, a_bottom), (b, b_top, _) in zip(stack, stack[1:]):
            assert b_top - a_bottom <= 24, f"{b_top - a_bottom:.0f} px of empty space between {a} and {b} ({path}): {stack}"
        pills = page.evaluate(
            """() => [...document.querySelectorAll('[data-testid="stButtonGroup"] button')].map(b => {
              const r = b.getBoundingClientRect(); return [b.textContent, r.left, r.right]; })"""
        )
        assert all(left >= 0 and right <= 390 for _, left, right in pills), pills
    shot(page, "map-phone-date")
