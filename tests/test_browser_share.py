"""Real browser: sharing the Map page's view (issue 12, "Share").

- "Copy link" copies the page's absolute address with the whole state (place, layers, view, date,
  palette, rings: geo/web/urlstate.py) and then says "Copied"; the clipboard is read back.
- "Present this view" opens the briefing with the view as an extra scene after the shipped ones: the
  place's name as its title, its verbatim quotes (¶), its figures, the map with the place, and it fits
  one screen at 1280x720 like the shipped scenes (tests/test_browser_briefing_fit.py's check).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from deepstate_reference import fixture
from harness import close_page, guard, streamlit_server, wait_for_map
from playwright.sync_api import expect
from test_browser_briefing_fit import assert_one_screen

from geo.briefing import scenes

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
N = len(scenes.load().scenes)
DATE = "2025-08-03"


@pytest.fixture(scope="module")
def store_server(tmp_path_factory):
    from geo.lines.ingest import import_one

    store_dir = tmp_path_factory.mktemp("share-store")
    assert import_one(fixture(DATE), store_path=store_dir).ok
    with streamlit_server(env_extra={"BRIEFMAP_STORE": str(store_dir)}) as s:
        yield s


def new_page(browser, width=1280, height=720, clipboard=False, origin=None):
    ctx = browser.new_context(viewport={"width": width, "height": height})
    if clipboard:
        ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    pg = ctx.new_page()
    pg.external = []
    guard(pg, pg.external)
    return pg


def ready(page):
    el, frame = wait_for_map(page, timeout=90000)
    frame.wait_for_function("window.__briefmap.pickReady()", timeout=30000)
    return el, frame


def test_copy_link_copies_the_exact_state(browser, store_server):
    page = new_page(browser, clipboard=True, origin=store_server.url)
    link = f"{store_server.url}/?date={DATE}&place=melitopol&layers=places,lines&view=47.1000,35.5000,7&palette=colourblind&rings=100,200"
    page.goto(link)
    ready(page)
    page.wait_for_function("location.search.includes('rings=')", timeout=30000)
    button = page.locator(".bm-copy-link")
    expect(button).to_have_text("Copy link", timeout=30000)
    button.click()
    expect(button).to_have_text("Copied", timeout=5000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.url, (copied, page.url)
    assert copied.startswith(store_server.url + "/?"), copied  # absolute
    q = {k: v[0] for k, v in parse_qs(urlparse(copied).query).items()}
    assert {k: q.get(k) for k in ("date", "place", "palette", "rings")} == {
        "date": DATE,
        "place": "melitopol",
        "palette": "colourblind",
        "rings": "100,200",
    }, q
    assert set(q["layers"].split(",")) == {"places", "lines"}, q
    assert q["view"].endswith(",7"), q  # the view the map reports (centre, zoom)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-share-copied-1280x720.png"))
    assert page.external == []
    close_page(page)


def test_present_this_view_opens_the_briefing_with_an_extra_scene(browser, store_server):
    page = new_page(browser)
    page.goto(f"{store_server.url}/?date={DATE}&place=melitopol&view=47.0000,35.4000,7&rings=100,200")
    ready(page)
    present = page.get_by_role("link", name="Present this view")
    expect(present).to_be_visible(timeout=30000)
    page.wait_for_function(
        "() => { const a = [...document.querySelectorAll('a')].find(a => a.textContent.includes('Present this view'));"
        " return a && a.href.includes('bounds='); }",
        timeout=30000,
    )
    with page.context.expect_page() as opened:
        present.click()
    brief = opened.value
    guard(brief, page.external)
    q = {k: v[0] for k, v in parse_qs(urlparse(brief.url).query).items()}
    assert q["extra"] == "view" and q["place"] == "melitopol" and q["date"] == DATE and q["rings"] == "100,200", q
    assert len(q["bounds"].split(",")) == 4, q
    brief.set_viewport_size({"width": 1280, "height": 720})
    expect(brief.locator(".bm-stage h2").first).to_have_text("Melitopol", timeout=90000)
    expect(brief.get_by_text(f"Scene {N + 1} of {N + 1}")).to_be_visible()
    stage = brief.locator(".bm-stage")
    expect(stage.locator(".bm-quote").first).to_contain_text("¶7")  # the place's verbatim quotes
    expect(stage).to_contain_text("Lines as of 3 Aug 2025")  # the view's date
    expect(stage.locator(".bm-facts tr").first).to_be_visible()
    el, frame = wait_for_map(brief, timeout=90000)
    expect(frame.locator(".bm-map-label-ring", has_text="100 km")).to_have_count(1, timeout=20000)
    frame.wait_for_function("document.body.getAttribute('data-bm-dynamic') !== null", timeout=20000)
    assert "lines-held" in frame.evaluate("document.body.getAttribute('data-bm-dynamic')")  # the date's lines
    brief.wait_for_timeout(600)
    assert_one_screen(brief, "the extra scene at 1280x720")
    ARTIFACTS.mkdir(exist_ok=True)
    brief.screenshot(path=str(ARTIFACTS / "briefing-extra-scene-1280x720.png"))
    # The shipped scenes are still there, before it.
    brief.get_by_role("button", name="« First").click()
    expect(brief.locator(".bm-stage h2").first).to_have_text(scenes.load().scenes[0].title, timeout=30000)
    assert "extra=view" in brief.url
    assert page.external == []
    brief.close()  # opened by the page, beside its group
    close_page(page)


def test_a_bad_shared_view_says_so(browser, server):
    page = new_page(browser)
    page.goto(f"{server.url}/briefing?extra=view&place=atlantis&bounds=1,2,3,4&date=1999-01-01")
    toasts = page.locator('[data-testid="stToast"]')  # shown for a few seconds: read before anything else
    expect(toasts.filter(has_text="'atlantis'")).to_have_count(1, timeout=90000)
    expect(toasts.filter(has_text="'1,2,3,4'")).to_have_count(1)
    expect(toasts.filter(has_text="'1999-01-01'")).to_have_count(1)
    expect(page.locator(".bm-stage h2").first).to_have_text("This view", timeout=30000)
    close_page(page)
