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
    from harness import block_external

    external: list[str] = []
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
    pg = ctx.new_page()
    block_external(pg, external)
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
