"""Real browser, with an empty store of its own: upload an essay on the Essay page, see its review list
and its map, reject a place, reload: still rejected. Screenshots at three sizes into tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import script_run, streamlit_server, wait_for_map
from playwright.sync_api import expect

from geo.web.essay_review_view import place_key

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
MAIN = '[data-testid="stMainBlockContainer"]'
ESSAY = """Autumn on the Dnipro

Russian forces withdrew from Kherson on 11 November, and Ukrainian troops entered the city the next day. \
Kherson's residents came out to the main square to meet them.

The front now runs along the Dnipro River. Russian artillery on the left bank still shells the city, \
and Nova Kakhovka, upstream, is a Russian strongpoint.

Further east, Melitopol is the hub of the land route to Crimea. Zaporizhzhia is the obvious base for \
any push south, and the road through Tokmak is the shortest way to the coast.

In the capital, Kyiv, officials said <b>the winter</b> will test the power grid more than any battle.
"""
SIZES = ((1280, 720), (1920, 1080), (390, 844))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store_dir = tmp_path_factory.mktemp("browser-essay-store")
    with streamlit_server(env_extra={"BRIEFMAP_STORE": str(store_dir)}) as s:
        yield s


def place_card(page, place_id: str):
    """The bordered container of one place in the review list (keyed by the place: ui/essays_review.py)."""
    return page.locator(f".st-key-er_card_{place_key(place_id)}")


def test_upload_review_reject_reload(page, server, tmp_path):
    page.goto(f"{server.url}/essay")
    expect(page.locator(".bm-essay")).to_be_visible(timeout=30000)  # the curated essay first
    page.get_by_text("Add an essay", exact=True).click()
    expect(page.get_by_text("The essay (.txt, .md, .html or .docx)")).to_be_visible(timeout=20000)
    junk = tmp_path / "junk.docx"  # not a zip at all: one line naming the file, nothing stored
    junk.write_bytes(bytes(range(256)) * 64)
    with script_run(page):  # the upload is Streamlit's before "Add the essay" is pressed
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(junk))
    expect(page.get_by_role("button", name="Remove junk.docx")).to_be_visible(timeout=20000)
    page.get_by_role("button", name="Add the essay").click()
    error = page.locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text("junk.docx", timeout=30000)
    assert "\n" not in error.inner_text().strip() and "Traceback" not in page.locator(MAIN).inner_text()
    assert "essay=" not in page.url

    upload = tmp_path / "autumn-on-the-dnipro.txt"
    upload.write_text(ESSAY, encoding="utf-8")
    with script_run(page):
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
    expect(page.get_by_role("button", name="Remove autumn-on-the-dnipro.txt")).to_be_visible(timeout=20000)
    page.get_by_label("Title (optional)").fill("Autumn on the Dnipro")
    page.get_by_label("Date (optional, YYYY-MM-DD)").fill("2022-11-20")
    page.get_by_label("Date (optional, YYYY-MM-DD)").press("Tab")
    page.get_by_role("button", name="Add the essay").click()
    expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text("Added Autumn on the Dnipro", timeout=30000)
    page.wait_for_function("location.search.includes('essay=autumn-on-the-dnipro')", timeout=20000)
    essay_url = page.url

    # the review list and the map: one numbered pin per place, "not reviewed"
    expect(page.locator(".bm-rv-place").first).to_be_visible(timeout=20000)
    expect(page.locator(".bm-rv-text")).to_be_visible(timeout=30000)  # the full text comes after the whole list
    page.wait_for_function(  # Streamlit draws the list element by element: read it once it is all there
        """() => { const t = Array.from(document.querySelectorAll('.bm-rv-place:not(.bm-rv-unresolved) .bm-rv-name-title'))
              .map(e => e.innerText); return ['Kherson', 'Melitopol', 'Zaporizhzhia', 'Kyiv'].every(n => t.includes(n)); }""",
        timeout=30000,
    )
    names = page.locator(".bm-rv-place:not(.bm-rv-unresolved) .bm-rv-name-title").all_inner_texts()
    assert {"Kherson", "Melitopol", "Zaporizhzhia", "Kyiv"} <= set(names), names
    el, frame = wait_for_map(page)
    frame.wait_for_function(
        f"document.querySelectorAll('.bm-rv-pin[data-status=pending]').length === {len(names)}", timeout=30000
    )
    # markup in the text stays text
    expect(page.locator(".bm-rv-text")).to_contain_text("<b>the winter</b>")
    assert page.evaluate("document.querySelectorAll('.bm-rv-text b, .bm-rv-place b').length") == 0

    ARTIFACTS.mkdir(exist_ok=True)
    for w, h in SIZES:
        page.set_viewport_size({"width": w, "height": h})
        page.locator(".bm-rv-legend").scroll_into_view_if_needed()
        page.wait_for_timeout(600)
        page.screenshot(path=str(ARTIFACTS / f"essay-review-{w}x{h}.png"))
        card = place_card(page, "melitopol")
        card.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.screenshot(path=str(ARTIFACTS / f"essay-review-place-{w}x{h}.png"))
    page.set_viewport_size({"width": 1280, "height": 720})

    # reject Melitopol: saved at once, the marker greyed
    card = place_card(page, "melitopol")
    card.get_by_text("Reject", exact=True).click()
    expect(card.locator(".bm-rv-status")).to_have_text("Rejected", timeout=20000)
    el, frame = wait_for_map(page)
    frame.wait_for_function("document.querySelectorAll('.bm-rv-pin[data-status=rejected]').length === 1", timeout=30000)

    # a reload (a new session, from the link alone): still rejected
    page.goto(essay_url)
    card = place_card(page, "melitopol")
    expect(card.locator(".bm-rv-status")).to_have_text("Rejected", timeout=30000)
    expect(card.get_by_role("radio", name="Reject")).to_be_checked(timeout=20000)
    expect(place_card(page, "kherson").locator(".bm-rv-status")).to_have_text("Not reviewed")
    expect(page.locator(MAIN)).to_contain_text("1 rejected")
