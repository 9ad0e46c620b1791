"""Real browser: the Briefing page's keyboard and deep links, an audience window following the
presenter from another browser context, and the exported deck stepped through offline."""

from __future__ import annotations

import secrets
import struct
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from harness import guard, wait_for_map
from playwright.sync_api import expect

from geo.briefing import rooms, scenes

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
TITLES = [s.title for s in scenes.load().scenes]


def stage(page):
    return page.locator(".bm-stage h2").first


def test_keyboard_and_deep_link(page, server):
    page.goto(f"{server.url}/briefing?scene=6")
    wait_for_map(page)
    expect(stage(page)).to_have_text(TITLES[5], timeout=20000)
    page.locator("body").press("ArrowRight")
    page.wait_for_function("location.search.includes('scene=7')", timeout=20000)
    expect(stage(page)).to_have_text(TITLES[6], timeout=20000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "briefing-scene7-1280x720.png"))
    page.locator("body").press("End")
    page.wait_for_function(f"location.search.includes('scene={len(TITLES)}')", timeout=20000)
    page.locator("body").press("ArrowLeft")
    page.wait_for_function(f"location.search.includes('scene={len(TITLES) - 1}')", timeout=20000)
    page.locator("body").press("Home")
    page.wait_for_function("location.search.includes('scene=1')", timeout=20000)
    expect(stage(page)).to_have_text(TITLES[0], timeout=20000)
    # three quick presses, as a presenter skipping ahead does: three scenes, none lost to a rerun under way
    for _ in range(3):
        page.locator("body").press("ArrowRight")
    page.wait_for_function("location.search.includes('scene=4')", timeout=30000)
    expect(stage(page)).to_have_text(TITLES[3], timeout=20000)
    page.wait_for_timeout(1500)  # and no fourth step comes late
    assert "scene=4" in page.url


def open_room(presenter, server, scene: int) -> tuple[str, str]:
    """The presenter opens `/briefing?mode=presenter`: the server makes the room and its key and puts
    both in the presenter's link; returns (room, key)."""
    presenter.goto(f"{server.url}/briefing?mode=presenter&scene={scene}")
    presenter.wait_for_function("new URLSearchParams(location.search).get('key')", timeout=90000)
    q = parse_qs(urlparse(presenter.url).query)
    room, key = q["room"][0], q["key"][0]
    assert rooms.well_formed(room) and rooms.well_formed(key) and room != key
    shared = presenter.locator('[data-testid="stCode"]').first
    expect(shared).to_contain_text(f"/briefing?mode=audience&room={room}", timeout=20000)
    assert key not in shared.inner_text()  # the link to share never carries the key
    return room, key


def test_audience_follows_the_presenter(browser, server):
    external: list[str] = []
    presenter_ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    audience_ctx = browser.fresh_context(viewport={"width": 1280, "height": 720})  # another "machine": its own cookies
    try:
        presenter, audience = presenter_ctx.new_page(), audience_ctx.new_page()
        guard(presenter, external)
        guard(audience, external)
        room, _ = open_room(presenter, server, 5)
        wait_for_map(presenter)
        expect(presenter.get_by_text("never on the audience view", exact=False)).to_be_visible(timeout=20000)
        audience.goto(f"{server.url}/briefing?mode=audience&room={room}")
        wait_for_map(audience)
        expect(stage(audience)).to_have_text(TITLES[4], timeout=20000)
        presenter.locator("body").press("ArrowRight")
        expect(stage(audience)).to_have_text(TITLES[5], timeout=15000)
        expect(audience.locator(".bm-stamp").first).to_contain_text("Lines as of 2022-11-17")
        assert audience.get_by_text("never on the audience view", exact=False).count() == 0
        assert audience.locator('[data-testid="stSidebar"]').is_hidden()  # no Streamlit chrome on the shared screen
        audience.screenshot(path=str(ARTIFACTS / "briefing-audience-1280x720.png"))
        presenter.screenshot(path=str(ARTIFACTS / "briefing-presenter-1920x1080.png"))
        assert external == [], external
    finally:
        presenter_ctx.close()
        audience_ctx.close()


def test_the_audience_link_cannot_take_over_the_briefing(browser, server):
    """A second browser holding only the audience link tries to present (no key, then a wrong key):
    it sees one line and no notes, and the audience stays where the real presenter put it."""
    external: list[str] = []
    contexts = [browser.new_context(viewport={"width": 1280, "height": 720})]  # the presenter
    contexts += [browser.fresh_context(viewport={"width": 1280, "height": 720}) for _ in range(2)]  # other machines
    try:
        presenter, intruder, audience = (c.new_page() for c in contexts)
        for pg in (presenter, intruder, audience):
            guard(pg, external)
        room, key = open_room(presenter, server, 1)
        wait_for_map(presenter)
        for _ in range(2):
            presenter.locator("body").press("ArrowRight")
        presenter.wait_for_function("location.search.includes('scene=3')", timeout=20000)
        audience.goto(f"{server.url}/briefing?mode=audience&room={room}")
        wait_for_map(audience)
        expect(stage(audience)).to_have_text(TITLES[2], timeout=20000)
        wrong = secrets.token_urlsafe(22)
        for attempt in (f"mode=presenter&room={room}&scene=5", f"mode=presenter&room={room}&key={wrong}&scene=5"):
            intruder.goto(f"{server.url}/briefing?{attempt}")
            expect(intruder.get_by_text("This presenter link opens nothing", exact=False)).to_be_visible(timeout=30000)
            assert intruder.locator('[data-testid="stAlertContentError"]').count() == 1
            assert intruder.locator(".bm-notes").count() == 0
            assert intruder.get_by_text("never on the audience view", exact=False).count() == 0
            assert intruder.get_by_role("button").filter(has_text="Last").count() == 0
            assert intruder.locator('[data-testid="stCode"]').count() == 0
            intruder.locator("body").press("End")  # no key handler either
            audience.wait_for_timeout(2500)  # the audience polls every second
            expect(stage(audience)).to_have_text(TITLES[2])
        assert key not in intruder.content()
        presenter.locator("body").press("ArrowRight")  # the real presenter still drives the room
        expect(stage(audience)).to_have_text(TITLES[3], timeout=15000)
        presenter.locator("body").press("End")
        expect(stage(audience)).to_have_text(TITLES[-1], timeout=15000)
        assert external == [], external
    finally:
        for c in contexts:
            c.close()


def png_size(path: Path) -> tuple[int, int]:
    with open(path, "rb") as fh:
        head = fh.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_export_deck_offline_pngs_and_pdf(browser, tmp_path):
    from pypdf import PdfReader

    from geo.briefing.export import DECK, HANDOUT, export

    seen = []
    result = export(tmp_path, progress=lambda i, n, what: seen.append((i, n)), browser=browser)
    assert result.notes == [], result.notes
    assert seen[-1][0] == seen[-1][1]
    pngs = sorted(tmp_path.glob("scene-*.png"))
    assert len(pngs) == len(TITLES) and all(png_size(p) == (1920, 1080) for p in pngs)
    pdf = PdfReader(str(tmp_path / HANDOUT))
    assert len(pdf.pages) == len(TITLES)
    assert "The war since 2014" in pdf.pages[0].extract_text() and "¶7" in pdf.pages[5].extract_text()
    # the deck, opened from file:// with every non-file request refused, stepped through by keyboard
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    requests: list[str] = []
    try:
        page = ctx.new_page()
        guard(page, requests, allowed=("file:", "data:", "about:", "blob:"))
        page.goto((tmp_path / DECK).resolve().as_uri())
        page.wait_for_function("window.deckScene === 1")
        for i, title in enumerate(TITLES, 1):
            assert page.locator("#text h2").inner_text() == title
            assert page.locator("path.leaflet-interactive").count() > 30  # the map is drawn, from inlined data
            if i < len(TITLES):
                page.keyboard.press("ArrowRight")
                page.wait_for_function(f"window.deckScene === {i + 1}")
        page.keyboard.press("Home")
        page.wait_for_function("window.deckScene === 1")
        assert requests == [], requests
    finally:
        ctx.close()
    html = (tmp_path / DECK).read_text(encoding="utf-8")
    assert "<script src=" not in html and "<link " not in html  # every asset inlined
    from geo.briefing.export import deck_html

    assert deck_html() == html  # reproducible from the scene file


def test_download_button_gives_the_whole_export(page, server):
    import zipfile

    page.goto(f"{server.url}/briefing")
    wait_for_map(page)
    page.get_by_text("Scenes, presenting and export").click()
    page.get_by_role("button", name="Build the export").click()
    download = page.get_by_role("button", name="Download the export (zip)")
    download.wait_for(timeout=120000)
    with page.expect_download() as dl:
        download.click()
    names = sorted(zipfile.ZipFile(dl.value.path()).namelist())
    assert names == ["briefing-deck.html", "briefing-handout.pdf"] + [f"scene-{i:02d}.png" for i in range(1, len(TITLES) + 1)]


def test_deck_opens_at_any_scene_without_a_script_error(browser, tmp_path):
    """Issue 12: the exported deck opened directly at a scene (deck.html#6, #10: the plant's marker is
    highlighted before it is on the map) threw "layer.setStyle is not a function". Every scene, opened
    fresh from file://, loads with no JavaScript error and draws its map."""
    from geo.briefing.export import DECK, deck_html

    (tmp_path / DECK).write_text(deck_html(), encoding="utf-8")
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        for n in [6, 10] + [i for i in range(1, len(TITLES) + 1) if i not in (6, 10)]:
            page = ctx.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
            guard(page, [], allowed=("file:", "data:", "about:", "blob:"))
            page.goto(f"{(tmp_path / DECK).resolve().as_uri()}#{n}")
            page.wait_for_function(f"window.deckScene === {n}", timeout=20000)
            assert page.locator("#text h2").inner_text() == TITLES[n - 1]
            assert page.locator("path.leaflet-interactive").count() > 30
            page.wait_for_timeout(300)  # a late error (a layer's load, the declutter) would land here
            assert errors == [], (n, errors)
            page.close()
    finally:
        ctx.close()
