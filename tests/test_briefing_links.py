"""geo.briefing.links: the Briefing page's link read and written back (no Streamlit)."""

from __future__ import annotations

from geo.briefing import links

LAYERS = [("held-2022-11-17",), ("places",), ("lines",)]
PLACES = frozenset({"melitopol"})
KNOWN = ["held-2022-11-17", "places", "lines"]


def parse(params):
    return links.parse(params, 3, LAYERS, PLACES, KNOWN)


def test_a_scene_in_range_is_kept_and_anything_else_is_scene_1_with_a_notice():
    assert parse({"scene": "2"}).scene == 2 and parse({"scene": "2"}).notices == ()
    for bad in ("0", "4", "-1", "x", "2.5", "<img src=x onerror=alert(1)>"):
        link = parse({"scene": bad})
        assert link.scene == 1 and [n.param for n in link.notices] == ["scene"]
        assert link.notices[0].value == bad[:10]  # the raw value, plain text, cut short


def test_mode_room_and_override():
    link = parse({"mode": "audience", "room": "r1", "scene": "3", "place": "melitopol", "layers": "places"})
    assert (link.mode, link.room, link.override, link.notices) == ("audience", "r1", (3, "melitopol", ("places",)), ())
    odd = parse({"mode": "[x](javascript:alert(1))", "place": "nowhere"})
    assert odd.mode is None and {n.param for n in odd.notices} == {"mode", "place"}
    assert odd.override == (1, None, LAYERS[0])


def test_params_out_keeps_the_key_to_the_presenter_and_the_override_to_its_scene():
    assert links.params_out({}, "presenter", 2, room="r", key="k") == {"mode": "presenter", "room": "r", "key": "k", "scene": "2"}
    assert links.params_out({}, "audience", 2, room="r", key="k") == {"mode": "audience", "room": "r", "scene": "2"}
    params = {"place": "melitopol", "layers": "places"}
    assert links.params_out(params, None, 1, override_shown=True) == {"scene": "1", **params}
    assert links.params_out(params, None, 2, override_shown=False) == {"scene": "2"}
