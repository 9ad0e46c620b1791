"""Real browser: the map decides which place a click selects and reports its id; Python only
checks the id. A click on a marker, inside a region and on the Dnipro selects that place without
Python's point pick (pages/map.py logs each point pick and each ignored click to the server log);
a click the map resolves to no place falls back to the point pick; an id that is no known place
is ignored."""

from __future__ import annotations

import time

import pytest
from harness import click_latlng, wait_for_map
from playwright.sync_api import expect

from geo.data import gazetteer
from geo.web import picking

pytestmark = pytest.mark.browser
POINT_PICK = "point pick in Python"
IGNORED = "map click ignored"


def heading(page):
    return page.locator('[data-testid="stMainBlockContainer"] h3').first


def ready(page):
    el, frame = wait_for_map(page, timeout=90000)  # generous: the first load warms the server's caches
    frame.wait_for_function("window.__briefmap.pickReady()", timeout=30000)
    return el, frame


def click(page, el, frame, lat, lng):
    """Click a point, first checking that the map shows it (a click outside the iframe hits the page)."""
    assert frame.evaluate(f"window.map.getBounds().pad(-0.02).contains([{lat}, {lng}])"), (lat, lng)
    click_latlng(page, el, frame, lat, lng)


def click_and_expect(page, server, el, frame, lat, lng, place_id):
    """Click, wait for the panel to show the place, and return the server log written meanwhile."""
    mark = len(server.log_text())
    click(page, el, frame, lat, lng)
    expect(heading(page)).to_contain_text(gazetteer.load().places[place_id].name, timeout=20000)
    assert frame.evaluate("document.body.getAttribute('data-bm-picked')") == place_id
    frame.wait_for_function(f"document.body.getAttribute('data-bm-selected') === {place_id!r}", timeout=20000)
    return server.log_text()[mark:]


def test_marker_region_and_river_are_picked_in_the_browser(page, server):
    page.goto(server.url)
    el, frame = ready(page)
    river = next(p.geom for p in picking.pickables() if p.id == "dnipro-river").interpolate(0.3, normalized=True)
    region = next(p.geom for p in picking.pickables() if p.id == "poltava-oblast").representative_point()
    for (lat, lng), place_id in [
        ((46.84735, 35.38196), "melitopol"),
        ((region.y, region.x), "poltava-oblast"),
        ((river.y, river.x), "dnipro-river"),
    ]:
        assert picking.pick(lat, lng, 6) == place_id  # the browser agrees with Python's rules
        log = click_and_expect(page, server, el, frame, lat, lng, place_id)
        assert POINT_PICK not in log and IGNORED not in log, log
        if place_id == "melitopol":
            expect(page.locator('[data-testid="stMainBlockContainer"]')).to_contain_text("It still controls the vital hub")
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_click_on_no_place_falls_back_to_the_point_pick(page, server):
    page.goto(f"{server.url}/?place=melitopol&view=51.0,29.0,6")
    el, frame = ready(page)
    expect(heading(page)).to_contain_text("Melitopol", timeout=20000)
    mark = len(server.log_text())
    assert picking.pick(52.3, 27.5, 6) is None
    click(page, el, frame, 52.3, 27.5)  # Belarus: drawn and clickable, no place of the essay
    frame.wait_for_function("document.body.getAttribute('data-bm-picked') === ''", timeout=20000)
    _wait_for_log(server, mark, POINT_PICK)
    assert frame.evaluate("document.body.getAttribute('data-bm-selected')") == "melitopol"  # nothing to select there


def test_an_id_that_is_no_known_place_is_ignored(page, server):
    page.goto(server.url)
    el, frame = ready(page)
    frame.evaluate("window.__briefmap.pickAt = function () { return '<img src=x onerror=alert(1)>' + 'x'.repeat(10000); }")
    mark = len(server.log_text())
    click(page, el, frame, 46.84735, 35.38196)
    _wait_for_log(server, mark, IGNORED)
    log = server.log_text()[mark:]
    assert POINT_PICK not in log and "onerror" not in log
    assert page.locator('[data-testid="stException"]').count() == 0
    assert frame.evaluate("document.body.getAttribute('data-bm-selected')") in ("", None)
    expect(heading(page)).to_contain_text("Click a place, a region or a route")


def _wait_for_log(server, mark: int, text: str, timeout: float = 20.0) -> None:
    """Poll the server log (written as each line is logged) until `text` appears after `mark`."""
    deadline = time.monotonic() + timeout
    while text not in server.log_text()[mark:]:
        assert time.monotonic() < deadline, f"no {text!r} in the server log:\n{server.log_text()[mark:]}"
        time.sleep(0.1)
