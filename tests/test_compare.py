"""Compare two dates (the swipe): the sides' labels and layers, the change in km² from the one change
function with its files, escaping, the Map page's `?compare=A,B` (AppTest) and a briefing scene's
`compare = ["A", "B"]` (parsing, `geo check`, and the map the Briefing page draws)."""

from __future__ import annotations

import html
import json
import re

import pytest
from deepstate_reference import fixture
from streamlit.testing.v1 import AppTest
from tests_paths import ROOT

from geo.briefing import scenes
from geo.figures.dated import DatedLines
from geo.web import templates, webcompare, webmap

APP = str(ROOT / "app.py")
D1, D2, ESSAY = "2023-01-15", "2025-08-03", "2022-11-17"


@pytest.fixture(scope="module")
def two_snapshots(tmp_path_factory):
    """A store with DeepStateMap's 15 Jan 2023 and 3 Aug 2025 snapshots."""
    from geo.lines.ingest import import_one

    path = tmp_path_factory.mktemp("compare-store")
    for d in (D1, D2):
        assert import_one(fixture(d), store_path=path).ok
    return path


@pytest.fixture()
def store_env(two_snapshots, monkeypatch):
    monkeypatch.setenv("BRIEFMAP_STORE", str(two_snapshots))
    return two_snapshots


def test_sides_are_labelled_with_date_source_and_file(two_snapshots):
    c = webcompare.compare(D2, ESSAY, two_snapshots)  # either order: the earlier date is on the left
    svc = DatedLines.for_store(two_snapshots)
    assert (c.left.date, c.right.date) == (ESSAY, D2)
    assert c.left.label == "17 Nov 2022 · our authored layer (data/control/held-2022-11-17.geojson)"
    stored = svc.lines_at(D2).ref.split("/")[-1]
    assert c.right.label == f"3 Aug 2025 · DeepStateMap (store file {stored})"
    spec = c.browser_spec()
    assert spec["a"]["label"].startswith("◀ 17 Nov 2022") and spec["b"]["label"].endswith(") ▶")
    assert [x["key"] for x in spec["a"]["layers"]] == ["a-lines-held", "a-lines-unknown"]
    assert all(x["url"].startswith("/app/static/dated/compare-lines-") for s in "ab" for x in spec[s]["layers"])
    assert spec["a"]["layers"][0]["url"] != spec["b"]["layers"][0]["url"]  # each date's own geometry
    with pytest.raises(ValueError):
        webcompare.compare(D2, D2, two_snapshots)


def test_the_change_is_the_change_functions_with_its_files(two_snapshots):
    c = webcompare.compare(D1, D2, two_snapshots)
    ch = DatedLines.for_store(two_snapshots).change(D1, D2)
    assert ch.comparison == "same source"
    text = html.unescape(c.panel_html())
    assert f"Russian gains</td><td>{ch.gained_km2:,.0f} km²" in text
    assert f"Lost by Russia</td><td>{ch.lost_km2:,.0f} km²" in text
    assert f"+{ch.gained_km2 - ch.lost_km2:,.0f} km²" in text
    for f in (ch.then.ref, ch.now.ref):
        assert f.split("/")[-1] in text
    assert "data/regions/ukraine-admin1.geojson" in text and "/tmp" not in text  # file names, never server paths


def test_essay_date_against_a_snapshot_says_which_pair_was_compared(two_snapshots):
    ctx = webcompare.panel_context(webcompare.compare(ESSAY, D2, two_snapshots))
    assert "nearest same-source pair" in ctx["warning"] and "2023-01-15" in ctx["warning"]


def test_panel_and_map_script_escape_what_they_are_given():
    out = templates.render(
        "compare.html",
        title="<b>t</b>",
        rows=[("<img src=x onerror=alert(1)>", "1 km²"), ("<i>k</i>", "2 km²")],
        warning="<script>alert(1)</script>",
        method="m",
        sources="<a href=x>s</a>",
    )
    assert "<img" not in out and "<script" not in out and "<i>" not in out and "<a href" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    hostile = {"a": {"date": ESSAY, "label": "</script><script>alert(1)</script>", "layers": []}, "b": None}
    (el,) = webmap.compare_group(hostile)._children.values()
    assert "</script>" not in el.spec_json and json.loads(el.spec_json.replace("<\\/", "</")) == hostile


# ---- the Map page: ?compare=A,B ----


def run_map(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def map_script(at: AppTest) -> dict:
    comps = list(at.get("component_instance"))
    assert comps, "the map component is missing"
    return json.loads(comps[0].proto.json_args)


def test_compare_link_opens_the_swipe_and_round_trips(store_env):
    at = run_map({"compare": f"{D2},{D1}"})
    args = map_script(at)
    links = " ".join(args["js_links"] + args["css_links"])  # content-hashed names: compare.<hash>.js
    assert re.search(r"/compare\.[0-9a-f]{10}\.js", links) and re.search(r"/compare\.[0-9a-f]{10}\.css", links)
    spec = json.loads(args["feature_group"].split("BriefCompare.apply(", 1)[1].split(");", 1)[0])
    assert (spec["a"]["date"], spec["b"]["date"]) == (D1, D2)
    assert spec["a"]["label"].startswith("◀ 15 Jan 2023 · DeepStateMap (store file ")
    ch = DatedLines.for_store(store_env).change(D1, D2)
    text = html.unescape("\n".join(m.value for m in at.markdown))
    assert f"{ch.gained_km2:,.0f} km²" in text and "What changed, 15 Jan 2023 → 3 Aug 2025" in text
    assert at.query_params["compare"] == f"{D1},{D2}" and "date" not in at.query_params
    box = next(s for s in at.selectbox if s.label == "Compare with…")
    assert box.value == D1
    box.set_value("").run()  # one date again: the swipe is cleared, the link keeps the slider's date
    assert "BriefCompare.apply(null)" in map_script(at)["feature_group"]
    assert "compare" not in at.query_params and at.query_params["date"] == D2


@pytest.mark.parametrize("raw", [f"{D2},{D2}", f"{D1},2099-01-01", f"{ESSAY},{D1},{D2}", "<b>x</b>" * 1000])
def test_a_bad_compare_link_shows_one_date_and_says_why(store_env, raw):
    at = run_map({"compare": raw})
    assert "BriefCompare.apply(null)" in map_script(at)["feature_group"]
    assert any("The comparison" in t.value and "The map shows one date" in t.value for t in at.toast)
    assert all("<b>" not in t.value for t in at.toast)
    assert "compare" not in at.query_params


# ---- a briefing scene: compare = ["A", "B"] ----


def scenes_with_compare(tmp_path, pair: str):
    text = scenes.SCENES_FILE.read_text(encoding="utf-8")
    head, first, rest = text.partition("[[scene]]\n")
    p = tmp_path / "scenes.toml"
    p.write_text(head + first + f"compare = {pair}\n" + rest, encoding="utf-8")
    return p


def test_scene_compare_is_read_and_checked(tmp_path, store_env):
    good = scenes_with_compare(tmp_path, f'["{ESSAY}", "{D2}"]')
    assert scenes.load(good).scenes[0].compare == (ESSAY, D2)
    assert scenes.load(good).scenes[1].compare is None
    assert scenes.check(good) == []
    for pair, why in [
        (f'["{D2}", "{D2}"]', f"compare: '{D2}' twice"),
        (f'["{ESSAY}", "2099-01-01"]', "compare: no lines for '2099-01-01'"),
        (f'["{ESSAY}"]', "is not two dates"),
        ('"2025-08-03"', "is not two dates"),
    ]:
        problems = scenes.check(scenes_with_compare(tmp_path, pair))
        assert len(problems) == 1 and why in problems[0] and problems[0].startswith("scene 1 ("), problems


def test_scene_compare_needs_the_snapshot_in_the_store(tmp_path):
    """With the session's empty store only the essay's date has lines: a pair naming a snapshot is a problem."""
    problems = scenes.check(scenes_with_compare(tmp_path, f'["{ESSAY}", "{D2}"]'))
    assert problems == [
        f"scene 1 ('The war since 2014'): compare: no lines for '{D2}' (dates with lines: {ESSAY}; "
        "import a snapshot with `python -m geo import`)"
    ]


def test_briefing_page_draws_a_compare_scene_as_the_swipe(tmp_path, store_env, monkeypatch, request):
    path = scenes_with_compare(tmp_path, f'["{ESSAY}", "{D2}"]')
    monkeypatch.setattr(scenes.load.__wrapped__, "__defaults__", (path,))  # the page loads the default file
    scenes.load.cache_clear()
    request.addfinalizer(scenes.load.cache_clear)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["scene"] = "1"
    at.switch_page("pages/briefing.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    group = map_script(at)["feature_group"]
    spec = json.loads(group.split("BriefCompare.apply(", 1)[1].split(");", 1)[0])
    assert spec["a"]["label"] == "◀ 17 Nov 2022 · our authored layer (data/control/held-2022-11-17.geojson)"
    assert spec["b"]["label"].startswith("3 Aug 2025 · DeepStateMap (store file ")
    at.button[[b.label for b in at.button].index("Next ▶")].click().run()  # a scene without compare clears it
    assert "BriefCompare.apply(null)" in map_script(at)["feature_group"]
