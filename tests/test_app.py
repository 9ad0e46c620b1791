"""Streamlit AppTest: the panel for a selection, the select box with aliases, query parameters in and out."""

from __future__ import annotations

import html
import json
import re

import pytest
from streamlit.testing.v1 import AppTest
from tests_paths import ROOT

APP = str(ROOT / "app.py")


def run(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def text_of(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(i.value for i in at.info)


def map_args(at: AppTest) -> dict:
    comps = [e for e in at.get("component_instance")]
    assert comps, "the map component is missing"
    return json.loads(comps[0].proto.json_args)


def test_home_shows_map_and_overview():
    at = run()
    args = map_args(at)
    assert "BriefMap.setup" in args["script"]
    assert "Click a place, a region or a route" in text_of(at)
    assert at.query_params["layers"] == "ukraine-admin1,places,lines,held-2022-11-17"


def test_no_external_url_in_the_map():
    args = map_args(run())
    blob = json.dumps({k: args.get(k) for k in ("script", "header", "html", "js_links", "css_links", "feature_group")})
    urls = re.findall(r"https?://[^\"'\s)]+", blob)
    assert [u for u in urls if not u.startswith("http://www.w3.org/")] == []
    # content-hashed names (geo.web.offline.vendor_links): browsers keep them for a year
    hashed = r"/app/static/vendor/(leaflet/leaflet|briefmap/briefmap|briefmap/compare)\.[0-9a-f]{10}\.%s"
    expected = ["leaflet/leaflet", "briefmap/briefmap", "briefmap/compare"]  # compare: our own swipe (geo/web/assets)
    assert [re.fullmatch(hashed % "js", u).group(1) for u in args["js_links"]] == expected
    assert [re.fullmatch(hashed % "css", u).group(1) for u in args["css_links"]] == expected


def test_place_in_link_selects_and_shows_verbatim_quote():
    at = run({"place": "melitopol"})
    body = text_of(at)
    assert "It still controls the vital hub of Melitopol" in body
    assert "¶7" in body
    assert "Our summary (not the essay's words)" in html.unescape(body)
    assert at.selectbox(key="search").value == "melitopol"
    assert '"selected":"melitopol"' in map_args(at)["feature_group"]


def test_select_box_understands_aliases():
    at = run()
    sb = at.selectbox(key="search")
    labels = sb.options
    for alias, pid in [("Zaporozhye", "zaporizhzhia"), ("Kiev", "kyiv"), ("Energodar", "enerhodar")]:
        hits = [lab for lab in labels if alias in lab]
        assert hits, alias
    sb.set_value("zaporizhzhia-npp").run()
    assert not at.exception
    body = text_of(at)
    assert "Zaporizhzhia Nuclear Power Plant" in body and "largest in Europe" in body
    assert "6,000 MW" in body and "IAEA" in body
    assert at.query_params["place"] == "zaporizhzhia-npp"


def test_not_discussed_place_still_answers():
    at = run({"place": "poltava-oblast"})
    assert "Not discussed in the essay." in text_of(at)
    assert "Held by Russia on 17 Nov 2022" in text_of(at)


def test_map_click_selects_place():
    at = run()
    at.session_state["bm_map"] = {
        "last_object_clicked": {"lat": 47.5122, "lng": 34.5858},
        "zoom": 9,
        "center": {"lat": 47.5, "lng": 34.6},
    }
    at.run()
    assert not at.exception
    assert at.query_params["place"] == "zaporizhzhia-npp"
    assert at.query_params["view"] == "47.5000,34.6000,9"
    assert "Zaporizhzhia Nuclear Power Plant" in text_of(at)


def test_map_click_with_the_browsers_pick_uses_its_id():
    at = run()
    at.session_state["bm_map"] = {  # the point is the NPP's, the id the map picked wins
        "last_object_clicked": {"lat": 47.5122, "lng": 34.5858, "id": "dnipro-river"},
        "zoom": 9,
        "center": {"lat": 47.5, "lng": 34.6},
    }
    at.run()
    assert not at.exception
    assert at.query_params["place"] == "dnipro-river"


@pytest.mark.parametrize("bad", ["<img src=x onerror=alert(1)>", "x" * 10_000, 42, ["melitopol"]])
def test_map_click_with_an_unknown_id_is_ignored(bad):
    at = run()
    at.session_state["bm_map"] = {"last_object_clicked": {"lat": 47.5122, "lng": 34.5858, "id": bad}, "zoom": 9}
    at.run()
    assert not at.exception
    assert "place" not in at.query_params
    assert "Click a place, a region or a route" in text_of(at)
    assert "onerror" not in text_of(at)


def test_related_button_selects():
    at = run({"place": "melitopol"})
    at.button(key="rel_crimea").click().run()
    assert at.query_params["place"] == "crimea"
    assert "he already had Crimea" in text_of(at)


def test_layers_and_view_in_and_out():
    at = run({"layers": "occupied-before-2022-02-24,claimed-annexation-2022-09-30", "view": "48.1,37.5,8"})
    assert at.checkbox(key="layer_occupied-before-2022-02-24").value is True
    assert at.checkbox(key="layer_held-2022-11-17").value is False
    assert '"layers":["occupied-before-2022-02-24","claimed-annexation-2022-09-30"]' in map_args(at)["feature_group"]
    assert "[48.1, 37.5]" in map_args(at)["script"]
    at.checkbox(key="layer_held-2022-11-17").check().run()
    assert at.query_params["layers"] == "occupied-before-2022-02-24,held-2022-11-17,claimed-annexation-2022-09-30"
    assert at.query_params["view"] == "48.1000,37.5000,8"


@pytest.mark.parametrize(
    "params",
    [
        {"place": "atlantis"},
        {"place": "<script>alert(1)</script>"},
        {"layers": "bogus,,held-2022-11-17"},
        {"view": "not-a-view"},
        {"view": "10,10,99"},
        {"zoomies": "1"},
    ],
)
def test_bad_parameters_are_dropped_with_a_notice(params):
    at = run(params)
    assert at.toast, "expected a notice"
    assert "ignored" in at.toast[0].value or "default view" in at.toast[0].value
    if "place" in params:
        assert "Click a place, a region or a route" in text_of(at)
        assert "place" not in at.query_params
    if "layers" in params:
        assert at.query_params["layers"] == "held-2022-11-17"


def test_panel_html_escapes_data():
    import ui
    from geo.data.arguments import Quote
    from geo.figures.facts import Fact

    evil = "<img src=x onerror=alert(1)>"
    assert "<img" not in ui.facts_html((Fact(evil, evil, evil),))
    assert "<img" not in ui.quote_html(Quote("p1", evil))
    assert '<td data-label="h">&lt;img src=x onerror=alert(1)&gt;</td>' in ui.table_html(["h"], [[evil]])
    assert not hasattr(ui, "esc")  # one escape path for HTML: the templates' autoescape (tests/test_templates.py)


def test_essay_page_links_every_mention():
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/essay.py").run()
    assert not at.exception
    html = "\n".join(m.value for m in at.markdown)
    for pid in ("melitopol", "zaporizhzhia-npp", "western-kherson", "mariupol", "dnipro-river", "crimea", "donetsk-oblast"):
        assert f'href="./?place={pid}"' in html, pid
    assert "¶12" in html


def test_data_page_lists_catalogue():
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/data.py").run()
    assert not at.exception
    html = "\n".join(m.value for m in at.markdown)
    for lid in ("held-2022-11-17", "furthest-advance-2022-03", "ukraine-admin1", "places"):
        assert lid in html
    assert "Public domain (Natural Earth)" in html


def test_data_page_says_which_units_miss_their_official_area_and_why():
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/data.py").run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "26 of 27 units come within 2%" in text
    assert "Kyiv \\(city\\) is -17.6% off." in text and "no open source of the legal line" in text
    assert "Kherson Oblast" in text and "water added" in text
