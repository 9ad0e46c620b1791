"""Real browser: the argument is on screen the moment a place is clicked, with no server round trip.

After the map is ready, every WebSocket message between the page and Streamlit is dropped
(``page.route_web_socket``), so nothing the server does can reach the page. A click on Melitopol, on
a region (Crimea) and on a river (the Dnipro), and Enter on a focused place, must still highlight the
place and show its verbatim quotes with their paragraph numbers, and our labelled summary, in a card
inside the map frame; the Streamlit panel, cut off, still shows what it showed before.

With the connection kept, the card and the panel say the same for a click and for a selection that
comes from the server (a link). The card shows what ``webmap.arguments_data`` publishes for every
place; nothing from that file is ever parsed as HTML (a hostile name, kind, summary and quote, given to
briefmap.js on a bare page, are shown as text and create no element).
"""

from __future__ import annotations

import re

import pytest
from harness import ROOT, click_latlng, wait_for_map
from playwright.sync_api import expect

from geo.data import arguments, gazetteer
from geo.web import picking, webmap
from geo.web.offline import ASSETS

pytestmark = pytest.mark.browser
CARD = ".bm-card"
MELITOPOL = (46.84735, 35.38196)


def heading(page):
    return page.locator('[data-testid="stMainBlockContainer"] h3').first


def cut_connection(page) -> dict:
    """Forward the page's Streamlit WebSocket until ``cut["on"]`` is set; then drop every message both ways."""
    cut = {"on": False, "dropped": 0}

    def handler(ws):
        server = ws.connect_to_server()

        def to_server(message):
            if cut["on"]:
                cut["dropped"] += 1
            else:
                server.send(message)

        def to_page(message):
            if cut["on"]:
                cut["dropped"] += 1
            else:
                ws.send(message)

        ws.on_message(to_server)
        server.on_message(to_page)

    page.route_web_socket(re.compile(r".*/_stcore/stream"), handler)
    return cut


def ready(page):
    el, frame = wait_for_map(page, timeout=90000)  # generous: the first load warms the server's caches
    frame.wait_for_function("window.__briefmap.pickReady() && !!window.__briefmap.args", timeout=30000)
    return el, frame


def card_quotes(frame) -> list[str]:
    return frame.evaluate(f"Array.from(document.querySelectorAll('{CARD} .bm-quote')).map(e => e.textContent)")


def expected_quotes(place_id: str) -> list[str]:
    a = arguments.load().get(place_id)
    return [f"¶{q.number}“{q.text}”" for q in (a.quotes if a else ())]


def click_place(page, el, frame, lat, lng):
    assert frame.evaluate(f"window.map.getBounds().pad(-0.02).contains([{lat}, {lng}])"), (lat, lng)
    click_latlng(page, el, frame, lat, lng)


def test_a_click_shows_the_quote_in_the_map_without_the_server(page, server):
    cut = cut_connection(page)
    page.goto(server.url)
    el, frame = ready(page)
    expect(heading(page)).to_contain_text("Click a place, a region or a route", timeout=20000)
    cut["on"] = True
    card = frame.locator(CARD)

    click_place(page, el, frame, *MELITOPOL)
    expect(card).to_be_visible(timeout=2000)
    expect(card).to_contain_text("It still controls the vital hub of Melitopol")
    expect(card.locator(".bm-para").first).to_have_text("¶7")
    expect(card.locator(".bm-card-name")).to_have_text("Melitopol")
    expect(card).to_contain_text(arguments.SUMMARY_LABEL + ":")
    assert card_quotes(frame) == expected_quotes("melitopol")
    assert frame.evaluate("window.__briefmap.selected.some(l => l.feature.properties.id === 'melitopol')")
    assert frame.evaluate("window.__briefmap.selected.every(l => l.options.color === '#000')")  # bm.highlight's look

    crimea = (45.3, 33.6)  # the west of the peninsula: no marker or route within reach
    assert picking.pick(*crimea, frame.evaluate("window.map.getZoom()")) == "crimea"
    click_place(page, el, frame, *crimea)
    expect(card.locator(".bm-card-name")).to_have_text(gazetteer.load().places["crimea"].name, timeout=2000)
    assert card_quotes(frame) == expected_quotes("crimea") and expected_quotes("crimea")
    assert frame.evaluate("window.__briefmap.selected.some(l => l.feature.properties.id === 'crimea')")

    river = next(p.geom for p in picking.pickables() if p.id == "dnipro-river").interpolate(0.3, normalized=True)
    click_place(page, el, frame, river.y, river.x)
    expect(card.locator(".bm-card-name")).to_have_text(gazetteer.load().places["dnipro-river"].name, timeout=2000)
    assert card_quotes(frame) == expected_quotes("dnipro-river") and expected_quotes("dnipro-river")
    assert frame.evaluate("document.body.getAttribute('data-bm-selected')") == "dnipro-river"

    # the keyboard: Tab reaches the places, arrows move between them, Enter selects the focused one
    frame.locator("path[role=button][tabindex='0']").focus()
    for _ in range(60):
        label = frame.evaluate("document.activeElement.getAttribute('aria-label') || ''")
        if label.startswith("Zaporizhzhia (city)"):
            break
        page.keyboard.press("ArrowRight")
    else:
        pytest.fail("the arrows never reached Zaporizhzhia")
    page.keyboard.press("Enter")
    expect(card.locator(".bm-card-name")).to_have_text("Zaporizhzhia", timeout=2000)
    assert card_quotes(frame) == expected_quotes("zaporizhzhia") and expected_quotes("zaporizhzhia")

    # a place the essay does not discuss says so
    lviv = next(p.geom for p in picking.pickables() if p.id == "ternopil-oblast").representative_point()
    frame.evaluate("window.map.setView([49.5, 27.5], 6, {animate: false})")
    click_place(page, el, frame, lviv.y, lviv.x)
    expect(card.locator(".bm-card-name")).to_have_text("Ternopil Oblast", timeout=2000)
    expect(card).to_contain_text(webmap.NOT_DISCUSSED)
    assert card_quotes(frame) == []

    # closable, from the mouse and from the keyboard
    card.locator(".bm-card-close").click()
    expect(card).to_be_hidden()
    frame.evaluate("window.map.setView([47.9, 34.6], 6, {animate: false})")
    click_place(page, el, frame, *MELITOPOL)
    expect(card).to_be_visible(timeout=2000)
    card.locator(".bm-card-close").focus()
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()

    # the server never answered: the panel still shows what it showed before the cut
    assert cut["dropped"] > 0
    expect(heading(page)).to_contain_text("Click a place, a region or a route")


def test_card_and_panel_agree_for_a_click_and_a_link(page, server):
    page.goto(server.url)
    el, frame = ready(page)
    click_place(page, el, frame, *MELITOPOL)
    expect(heading(page)).to_contain_text("Melitopol", timeout=20000)
    panel = page.locator('[data-testid="stMainBlockContainer"] .bm-quote').all_text_contents()
    assert card_quotes(frame) == panel == expected_quotes("melitopol")
    frame.wait_for_function("document.body.getAttribute('data-bm-card') === 'melitopol'")

    # a selection from the server (a link) shows the same card, once its file has loaded
    page.goto(f"{server.url}/?place=zaporizhzhia-npp")
    el, frame = ready(page)
    expect(heading(page)).to_contain_text(gazetteer.load().places["zaporizhzhia-npp"].name, timeout=20000)
    frame.wait_for_function("document.body.getAttribute('data-bm-card') === 'zaporizhzhia-npp'", timeout=20000)
    panel = page.locator('[data-testid="stMainBlockContainer"] .bm-quote').all_text_contents()
    assert card_quotes(frame) == panel == expected_quotes("zaporizhzhia-npp")
    ours = page.locator('[data-testid="stMainBlockContainer"] .bm-ours').first.text_content()
    assert frame.locator(f"{CARD} .bm-ours").text_content() == ours

    # every place: what the card builds from the published file is the panel's data
    shown = frame.evaluate(
        """ids => ids.map(id => {
            const f = window.__briefmap.cardContent(id), d = document.createElement('div');
            d.appendChild(f);
            return [id, d.querySelector('.bm-card-name').textContent,
                    Array.from(d.querySelectorAll('.bm-quote')).map(e => e.textContent),
                    (d.querySelector('.bm-card-none') || {}).textContent || null];
        })""",
        list(gazetteer.load().places),
    )
    gaz = gazetteer.load()
    for pid, name, quotes, none in shown:
        assert name == gaz.places[pid].name
        assert quotes == expected_quotes(pid), pid
        assert (none == webmap.NOT_DISCUSSED) == (arguments.load().get(pid) is None), pid


# In the Streamlit page: every value the map's component sends (streamlit-folium's
# "streamlit:setComponentValue" messages), with the time since the last pointer press in the map.
COUNT_REPORTS = """() => {
  const R = window.__bmReports = {sent: [], press: null};
  window.addEventListener('message', ev => {
    const d = ev.data;
    if (d && d.isStreamlitMessage && d.type === 'streamlit:setComponentValue') R.sent.push(performance.now());
  });
}"""


def test_a_click_is_reported_to_the_server_once_without_the_debounce(page, server):
    """streamlit-folium reports a click 250 ms late (its debounce); briefmap.js sends the same value at
    once (bm.reportNow) and the debounced call then finds nothing new: one report per click, and the
    panel follows. The early send is counted by bm.reportedEarly, the messages in the parent page."""
    page.goto(server.url)
    el, frame = ready(page)
    page.evaluate(COUNT_REPORTS)
    page.wait_for_timeout(600)  # any report from the map's first moves is out of the way
    sent0 = page.evaluate("window.__bmReports.sent.length")
    early0 = frame.evaluate("window.__briefmap.reportedEarly || 0")
    click_place(page, el, frame, *MELITOPOL)
    expect(heading(page)).to_contain_text("Melitopol", timeout=20000)
    page.wait_for_timeout(700)  # well past the 250 ms debounce: a second report would be here by now
    assert page.evaluate("window.__bmReports.sent.length") - sent0 == 1
    assert frame.evaluate("window.__briefmap.reportedEarly") == early0 + 1
    value = frame.evaluate("window.__GLOBAL_DATA__.previous_data")
    assert value["last_object_clicked"]["id"] == "melitopol"

    crimea = (45.3, 33.6)
    click_place(page, el, frame, *crimea)
    expect(heading(page)).to_contain_text(gazetteer.load().places["crimea"].name, timeout=20000)
    page.wait_for_timeout(700)
    assert page.evaluate("window.__bmReports.sent.length") - sent0 == 2
    assert frame.evaluate("window.__briefmap.reportedEarly") == early0 + 2


def test_on_a_phone_the_card_leaves_most_of_the_map_free(browser, server):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    try:
        page.goto(f"{server.url}/?place=melitopol")
        el, frame = ready(page)
        frame.wait_for_function("document.body.getAttribute('data-bm-card') === 'melitopol'", timeout=20000)
        card = frame.evaluate(
            "(() => { const r = document.querySelector('.bm-card').getBoundingClientRect(); return [r.width, r.height]; })()"
        )
        size = frame.evaluate("[window.map.getSize().x, window.map.getSize().y]")
        assert card[0] * card[1] < 0.4 * size[0] * size[1], (card, size)
        (ROOT / "tests" / "artifacts").mkdir(exist_ok=True)
        el.screenshot(path=str(ROOT / "tests" / "artifacts" / "map-card-390x844.png"))
    finally:
        ctx.close()


HOSTILE = '<img src=x onerror="window.__owned=1">'


def test_nothing_from_the_arguments_file_is_parsed_as_html(browser):
    """briefmap.js on a bare page (no server): hostile strings in every field show as text."""
    data = {
        "summary_label": HOSTILE + "label",
        "not_discussed": HOSTILE + "none",
        "places": {
            "a": {
                "name": HOSTILE + "name",
                "kind": "<b>kind</b>",
                "summary": "</div><script>window.__owned=2</script>",
                "quotes": [{"paragraph": "p1", "number": "<i>1</i>", "text": HOSTILE + "quote"}],
            },
            "b": {"name": "<svg onload=window.__owned=3>", "kind": "city"},
        },
    }
    leaflet = (ROOT / "static" / "vendor" / "leaflet" / "leaflet.js").read_text(encoding="utf-8")
    briefmap = (ASSETS / "briefmap.js").read_text(encoding="utf-8")
    page = browser.new_page()
    try:
        page.set_content(
            f'<div id="m" style="width:800px;height:600px"></div><script>{leaflet}</script><script>{briefmap}</script>'
        )
        page.evaluate(
            """d => { const map = L.map('m', {center: [48, 35], zoom: 6}); window.map = map;
                      BriefMap.setup(map, {panes: {labels: 440}, layers: [], arguments_data: d});
                      BriefMap.apply({layers: [], selected: 'a', pan: false, dynamic: [], outline: []}); }""",
            data,
        )
        card = page.locator(CARD)
        expect(card).to_be_visible()
        assert card.locator(".bm-card-name").text_content() == HOSTILE + "name"
        assert card.locator(".bm-card-kind").text_content() == "<b>kind</b>"
        assert card.locator(".bm-quote").text_content() == f"¶<i>1</i>“{HOSTILE}quote”"
        assert card.locator(".bm-ours").text_content() == f"{HOSTILE}label: </div><script>window.__owned=2</script>"
        page.evaluate("BriefMap.apply({layers: [], selected: 'b', pan: false, dynamic: [], outline: []})")
        assert card.locator(".bm-card-name").text_content() == "<svg onload=window.__owned=3>"
        assert card.locator(".bm-card-none").text_content() == HOSTILE + "none"
        assert page.locator(".bm-card img, .bm-card script, .bm-card svg, .bm-card i").count() == 0
        assert page.locator(".bm-card b").count() == 0  # place b has no summary: no label either
        assert page.evaluate("window.__owned") is None
    finally:
        page.close()


def test_in_measure_mode_a_click_shows_no_card(page, server):
    """Measure mode (ui/measure.py): a click is a point to measure from, so the map picks nothing at once either."""
    page.goto(server.url)
    el, frame = ready(page)
    page.get_by_text("Measure: click two points").first.click()
    frame.wait_for_function("window.__briefmap.state && window.__briefmap.state.pick === false", timeout=20000)
    click_place(page, el, frame, *MELITOPOL)
    expect(page.get_by_text("click the second point", exact=False).first).to_be_visible(timeout=20000)
    assert frame.evaluate("document.body.getAttribute('data-bm-card') || ''") == ""
    assert frame.evaluate("document.body.getAttribute('data-bm-selected') || ''") == ""
    expect(frame.locator(CARD)).to_be_hidden()
