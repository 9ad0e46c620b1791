"""geo.briefing.draft: one scene per cluster of a user essay's places in reading order, bounds fitted
to them, their verbatim sentences as quotes, and the TOML that geo.briefing.scenes loads back."""

from __future__ import annotations

import tomllib

import pytest
from user_essays import ESSAY_ID, essay

from geo.briefing import draft, scenes
from geo.core.measure import distance_km
from geo.data import gazetteer
from geo.data.essay import ESSAY_DATE, HELD_LAYER
from geo.essays import model

DATES = [ESSAY_DATE]  # an empty store: our authored layers only


def place(pid: str, lat: float, lon: float, para: str, kind: str = "city", name: str | None = None) -> model.FoundPlace:
    name = name or pid.title()
    text = f"They fought at {name}."
    return model.FoundPlace(pid, name, kind, lat, lon, "t", 1.0, (model.Mention(para, text, name, 15, 15 + len(name)),))


def test_the_test_essay_makes_three_scenes_in_reading_order():
    s = draft.draft_scenes(essay(), DATES)
    # p1-p3 in the south (all within 250 km of each other, consecutive paragraphs), then Kharkiv (p4) far north
    assert [x["places"] for x in s] == [["melitopol", "gn-691469", "gn-698428", "zaporizhzhia"], ["kharkiv"]]
    assert s[0]["title"] == "Melitopol, Tokmak, Orikhiv and 1 more (generated title)"
    assert s[1]["title"] == "Kharkiv (generated title)"


def test_a_paragraph_gap_splits_a_cluster_even_nearby():
    ps = [place("a", 47.0, 35.0, "p1"), place("b", 47.1, 35.1, "p3")]  # two paragraphs apart
    assert [[p.id for p in c] for c in draft.cluster(ps)] == [["a"], ["b"]]


def test_distance_splits_a_cluster_within_one_paragraph():
    far = place("kharkiv", 49.99, 36.23, "p1")
    near = place("melitopol", 46.85, 35.37, "p1")
    assert distance_km(near.lon, near.lat, far.lon, far.lat) > draft.CLUSTER_KM
    assert len(draft.cluster([near, far])) == 2


def test_a_cluster_holds_at_most_max_places():
    ps = [place(f"p{i}", 47.0 + i * 0.01, 35.0, "p1") for i in range(draft.MAX_PLACES + 2)]
    assert [len(c) for c in draft.cluster(ps)] == [draft.MAX_PLACES, 2]


def test_countries_and_places_off_the_map_are_left_out():
    ps = [place("russia", 61.5, 105.3, "p1", kind="country"), place("ukraine", 49.0, 32.0, "p1", kind="country")]
    ps.append(place("far", 35.0, 10.0, "p1"))  # outside the map's box
    assert draft.cluster(ps) == []


def test_bounds_contain_every_place_with_a_margin():
    group = [place("a", 46.85, 35.37, "p1"), place("b", 47.84, 35.14, "p1")]
    (s, w), (n, e) = draft.bounds_of(group)
    for p in group:
        assert s < p.lat < n and w < p.lon < e
        assert min(p.lat - s, n - p.lat) > 0.1  # not on the frame's edge


def test_a_single_point_gets_a_city_sized_frame():
    (s, w), (n, e) = draft.bounds_of([place("a", 47.25, 35.71, "p1")])
    assert n - s == pytest.approx(draft.MIN_SPAN_DEG, abs=0.02)
    assert (s + n) / 2 == pytest.approx(47.25, abs=0.01) and (w + e) / 2 == pytest.approx(35.71, abs=0.01)


def test_bounds_stay_inside_the_map():
    (s, w), (n, e) = draft.bounds_of([place("moscow", 55.75, 37.62, "p1")])
    assert n <= 56.0 and s < n


def test_quotes_are_verbatim_sentences_of_their_paragraph():
    e = essay()
    paras = {p.id: p.text for p in e.paragraphs}
    for sc in draft.draft_scenes(e, DATES):
        assert 1 <= len(sc["quote"]) <= 2
        for q in sc["quote"]:
            assert q["text"] in paras[q["paragraph"]]
    first = draft.draft_scenes(e, DATES)[0]["quote"]
    assert [q["paragraph"] for q in first] == sorted((q["paragraph"] for q in first), key=lambda p: int(p[1:]))


def test_a_sentence_not_in_its_paragraph_is_never_quoted():
    p = model.FoundPlace("kyiv", "Kyiv", "city", 50.45, 30.52, "t", 1.0, (model.Mention("p1", "Invented.", "Kyiv", 0, 4),))
    e = model.Essay("x", "T", "2024-01-01", "", "x.txt", "0", (model.Paragraph("p1", "Kyiv stood."),), (p,), ())
    assert draft.draft_scenes(e, DATES) == []


def test_rejected_places_make_no_scene():
    e = essay((model.Decision("kharkiv", "rejected"),))
    assert all("kharkiv" not in sc["places"] for sc in draft.draft_scenes(e, DATES))


def test_layers_are_the_lines_at_the_essays_date():
    sc = draft.draft_scenes(essay(), DATES)[0]
    assert HELD_LAYER in sc["layers"]  # no imported snapshot: our authored layers of 17 Nov 2022
    sc = draft.draft_scenes(essay(), [ESSAY_DATE, "2024-02-20"])[0]
    assert HELD_LAYER not in sc["layers"]  # the snapshot's date is the briefing's lines_date instead


def test_no_figures_are_typed_in_and_points_say_only_where():
    for sc in draft.draft_scenes(essay(), DATES):
        assert sc["figures"] == []
        assert 2 <= len(sc["points"]) <= 4
        assert sc["points"][0].startswith("The essay names these places in ¶")


def test_toml_round_trip(tmp_path):
    e = essay()
    scs = draft.draft_scenes(e, DATES)
    text = draft.render_toml(scs, essay=ESSAY_ID, lines_date=ESSAY_DATE)
    raw = tomllib.loads(text)
    assert raw["essay"] == ESSAY_ID and raw["lines_date"] == ESSAY_DATE
    assert raw["scene"] == scs  # every key and value as drafted
    b = scenes.loads(text)
    assert [s.title for s in b.scenes] == [s["title"] for s in scs]
    assert b.scenes[0].quotes[0].text == scs[0]["quote"][0]["text"]
    path = tmp_path / "scenes.toml"
    path.write_text(text, encoding="utf-8")
    assert scenes.load(path).scenes == b.scenes
    known = set(gazetteer.load().places) | {p.id for p in e.places}
    assert scenes.check_text(text, {p.id: p.text for p in e.paragraphs}, known) == []


def test_toml_escapes_every_character():
    hostile = 'quote " back\\slash \n new line \t tab \x7f del \x01 ctl ünï 😀'
    sc = {"title": hostile, "bounds": [[46, 34], [47, 36]], "layers": [], "places": ["kyiv"], "points": [hostile, "b"]}
    sc |= {"figures": [], "notes": hostile, "quote": [{"paragraph": "p1", "text": hostile}]}
    raw = tomllib.loads(draft.render_toml([sc]))
    assert raw["scene"][0]["title"] == hostile and raw["scene"][0]["quote"][0]["text"] == hostile


def test_check_text_names_each_problem_in_one_line():
    e = essay()
    paras = {p.id: p.text for p in e.paragraphs}
    known = set(gazetteer.load().places) | {p.id for p in e.places}
    text = draft.render_toml(draft.draft_scenes(e, DATES)).replace("gn-691469", "gn-1")
    problems = scenes.check_text(text, paras, known)
    assert problems == ["scene 1 ('Melitopol, Tokmak, Orikhiv and 1 more (generated title)'): unknown place 'gn-1'"]
    assert scenes.check_text("[[scene]\n", paras, known)[0].startswith("scenes.toml: not valid TOML (")
    assert "\n" not in scenes.check_text("[[scene]\n", paras, known)[0]
    bad_quote = draft.render_toml(draft.draft_scenes(e, DATES)).replace("held through August", "held forever")
    assert any("quote is not verbatim in p2" in p for p in scenes.check_text(bad_quote, paras, known))
