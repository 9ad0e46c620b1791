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
    el, frame = wait_for_map(page)
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
