"""Real browser (issue 14): with a user essay in a store of its own, open ``/?essay=ID``, switch essays
in the header, click a GeoNames place of the essay on the map and read its sentence in the map's card
and in the panel, and see the draft scenes on the Briefing page. Screenshots at 1280x720, 1920x1080
and 390x844 go to tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import click_latlng, guard, streamlit_server, wait_for_map
from playwright.sync_api import expect
from user_essays import ESSAY_ID, TITLE, add_user_essay

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
MAIN = '[data-testid="stMainBlockContainer"]'
TOKMAK = (47.25554, 35.70836)
SENTENCE = "Russian defences around Tokmak held through August."
SEED_TITLE = "The Case Against Negotiations with Russia"


@pytest.fixture(scope="module")
def essay_server(tmp_path_factory):
    store = tmp_path_factory.mktemp("essay-store")
    add_user_essay(store)
    with streamlit_server(env_extra={"BRIEFMAP_STORE": str(store)}) as s:
        yield s


@pytest.fixture()
def open_page(browser, essay_server):
    contexts = []
    external: list[str] = []

    def make(width: int = 1280, height: int = 720):
        ctx = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(ctx)
        pg = ctx.new_page()
        guard(pg, external)
        return pg

    yield make
    for ctx in contexts:
        ctx.close()
    assert external == [], f"requests left localhost: {external}"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def ready(page):
    el, frame = wait_for_map(page, timeout=90000)
    frame.wait_for_function("window.__briefmap.pickReady() && document.body.getAttribute('data-bm-arguments') === 'loaded'")
    frame.wait_for_function("(window.__briefmap.byId['gn-691469'] || []).length > 0", timeout=30000)  # the essay's markers
    return el, frame


def click_tokmak(page, el, frame) -> None:
    assert frame.evaluate(f"window.map.getBounds().pad(-0.02).contains([{TOKMAK[0]}, {TOKMAK[1]}])")
    click_latlng(page, el, frame, *TOKMAK)
    frame.wait_for_function("document.body.getAttribute('data-bm-picked') === 'gn-691469'", timeout=20000)
    expect(frame.locator(".bm-card")).to_contain_text(SENTENCE, timeout=20000)  # at once, in the map
    expect(page.locator(f"{MAIN} h3").first).to_contain_text("Tokmak", timeout=30000)  # then the panel
    expect(page.locator(MAIN)).to_contain_text(SENTENCE)
    expect(page.locator(MAIN)).to_contain_text("GeoNames 691469 via data/places/names.json.gz")


def test_open_a_user_essay_click_its_place_and_switch_essays(open_page, essay_server):
    page = open_page()
    page.goto(f"{essay_server.url}/?essay={ESSAY_ID}")
    header = page.locator(f"{MAIN} .bm-header")
    expect(header).to_contain_text(TITLE, timeout=90000)  # the title's markup shown as text
    expect(header).to_contain_text("1 Mar 2024")
    assert header.locator("b").count() == 0
    el, frame = ready(page)
    # the places this essay names are drawn as discussed (bold names), the seed essay's others are not
    frame.wait_for_function(
        "document.body.getAttribute('data-bm-named') && document.body.getAttribute('data-bm-named').startsWith('melitopol,gn-691469,gn-698428,zaporizhzhia,kharkiv|')",
        timeout=20000,
    )
    label = "(t) => [...document.querySelectorAll('.bm-label')].find(e => e.textContent === t).className"
    assert "bm-label-discussed" in frame.evaluate(label, "Kharkiv")
    assert "bm-label-city" in frame.evaluate(label, "Kyiv") and "bm-label-discussed" not in frame.evaluate(label, "Kyiv")
    expect(page.locator(MAIN)).to_contain_text("17 Nov 2022, our authored layers (data/control/)")
    expect(page.locator(MAIN)).not_to_contain_text("The essay's places held")  # the seed essay's row: not this essay's
    shot(page, "essay-user-map-1280x720.png")

    click_tokmak(page, el, frame)
    assert f"essay={ESSAY_ID}" in page.url and "place=gn-691469" in page.url
    shot(page, "essay-user-tokmak-1280x720.png")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_timeout(800)
    shot(page, "essay-user-tokmak-1920x1080.png")

    # the header's switcher (its title opens the list): back to the curated essay, then to the user's again
    page.set_viewport_size({"width": 1280, "height": 720})
    page.locator(".bm-header summary").click()
    items = page.locator(".bm-switch-item")
    expect(items).to_have_count(2)
    expect(items.nth(1)).to_have_attribute("aria-current", "true")
    shot(page, "essay-user-switcher-1280x720.png")
    items.nth(0).click()
    expect(header).to_contain_text(SEED_TITLE, timeout=60000)
    page.wait_for_function("!location.search.includes('essay=')", timeout=20000)
    wait_for_map(page, timeout=60000)
    page.locator(".bm-header summary").click()
    page.locator(".bm-switch-item", has_text="The southern front").click()
    expect(header).to_contain_text(TITLE, timeout=60000)
    page.wait_for_function(f"location.search.includes('essay={ESSAY_ID}')", timeout=20000)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_phone_sees_the_essays_place_and_its_sentence(open_page, essay_server):
    page = open_page(390, 844)
    page.goto(f"{essay_server.url}/?essay={ESSAY_ID}&place=gn-691469")
    el, frame = ready(page)
    expect(page.locator(f"{MAIN} h3").first).to_contain_text("Tokmak", timeout=30000)
    expect(page.locator(MAIN)).to_contain_text(SENTENCE)
    expect(frame.locator(".bm-card")).to_contain_text(SENTENCE, timeout=20000)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the page scrolls sideways on a phone: {width}px"
    shot(page, "essay-user-tokmak-390x844.png")


def test_a_bad_essay_link_is_one_notice(open_page, essay_server):
    page = open_page()
    page.goto(f"{essay_server.url}/?essay=%3Cimg%20src%3Dx%3E")
    expect(page.get_by_text("is not an essay id", exact=False).first).to_be_visible(timeout=90000)
    expect(page.locator(f"{MAIN} .bm-header")).to_contain_text(SEED_TITLE)
    assert page.locator("img[src=x]").count() == 0


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080), (390, 844)])
def test_briefing_shows_the_draft_scenes(open_page, essay_server, width, height):
    page = open_page(width, height)
    page.goto(f"{essay_server.url}/briefing?essay={ESSAY_ID}")
    title = page.locator(".bm-stage h2").first
    expect(title).to_contain_text("Melitopol, Tokmak, Orikhiv and 1 more (generated title)", timeout=90000)
    expect(page.locator(".bm-stage")).to_contain_text(SENTENCE)
    el, frame = wait_for_map(page, timeout=90000)
    wanted = ["melitopol", "gn-691469", "gn-698428", "zaporizhzhia"]
    frame.wait_for_function(
        f"{wanted!r}.every(id => (window.__briefmap.byId[id] || []).some(l => window.__briefmap.selected.includes(l)))",
        timeout=30000,
    )
    page.wait_for_timeout(500)
    shot(page, f"essay-user-briefing-{width}x{height}.png")
    page.locator("body").press("ArrowRight")
    expect(title).to_contain_text("Kharkiv (generated title)", timeout=30000)
    assert f"essay={ESSAY_ID}" in page.url
