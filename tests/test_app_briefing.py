"""AppTest for the Briefing page: stepping, deep links, bad links, presenter and audience views."""

from __future__ import annotations

import html

from streamlit.testing.v1 import AppTest
from tests_paths import ROOT

from geo.briefing import rooms, scenes

APP = str(ROOT / "app.py")
TITLES = [s.title for s in scenes.load().scenes]


def run(params=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.switch_page("pages/briefing.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def body(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_steps_through_the_scenes_and_keeps_the_link():
    at = run()
    assert TITLES[0] in body(at) and at.query_params["scene"] == "1"
    assert button(at, "◀ Previous").disabled
    button(at, "Next ▶").click().run()
    assert TITLES[1] in body(at) and at.query_params["scene"] == "2"
    button(at, "Last »").click().run()
    assert TITLES[-1] in body(at) and button(at, "Next ▶").disabled
    button(at, "« First").click().run()
    assert at.query_params["scene"] == "1"


def test_deep_link_to_scene_6_shows_the_znpp_quote_and_figures():
    at = run({"scene": "6"})
    text = body(at)
    assert "Zaporizhzhia Nuclear Power Plant" in text and "¶7" in text and "the largest in Europe" in text
    assert "6,000 MW" in text and "IAEA" in text  # a figure with its source
    assert "Lines as of 2022-11-17" in text  # the as-of stamp
    assert "Talking points (ours, not the essay's words)" in html.unescape(text)


def test_deep_link_combines_with_place_and_layers():
    at = run({"scene": "7", "place": "zaporizhzhia", "layers": "held-2022-11-17,places"})
    args = at.get("component_instance")[0].proto.json_args
    assert '\\"highlight\\":[\\"zaporizhzhia\\"' in args or '"highlight":["zaporizhzhia"' in args
    assert at.query_params["place"] == "zaporizhzhia" and at.query_params["scene"] == "7"


def test_bad_scene_in_the_link_is_a_notice():
    at = run({"scene": "99"})
    assert any("There is no scene '99'" in t.value for t in at.toast)
    assert TITLES[0] in body(at)


def presenter_console(scene: str = "3") -> AppTest:
    """A presenter opening `/briefing?mode=presenter`: the server opens the room and puts its id and key in the link."""
    at = run({"mode": "presenter", "scene": scene})
    assert rooms.well_formed(at.query_params["room"]) and rooms.well_formed(at.query_params["key"])
    return at


def test_presenter_has_notes_and_the_audience_follows_without_them():
    presenter = presenter_console("3")
    room = presenter.query_params["room"]
    p_text = body(presenter)
    notes = scenes.load().scenes[2].notes
    assert "Notes" in p_text and "Next:" in p_text and TITLES[3] in p_text
    shared = [c.value for c in presenter.code]
    assert shared == [f"/briefing?mode=audience&room={room}"]  # the link to share: the room, never the key
    assert presenter.query_params["key"] not in "".join(shared)
    audience = run({"mode": "audience", "room": room})
    a_text = body(audience)
    assert TITLES[2] in a_text and "Notes" not in a_text and notes[:30] not in a_text
    assert "Talking points" not in a_text  # the audience sees map, quote, figures
    assert "key" not in audience.query_params
    assert not [b for b in audience.button if b.label in ("Next ▶", "Last »", "End the briefing room")]
    button(presenter, "Next ▶").click().run()
    audience.run()
    assert TITLES[3] in body(audience)


def test_audience_without_a_room_says_what_to_do():
    at = run({"mode": "audience"})
    assert any("needs a room" in e.value for e in at.error)


def test_audience_of_an_unknown_room_is_told_so_and_nothing_is_created():
    at = run({"mode": "audience", "room": "my-chosen-room"})
    assert any("no such briefing room" in e.value for e in at.error)
    assert ui_rooms().get("my-chosen-room") is None


def ui_rooms():
    import ui

    return ui.rooms()


def refused(at: AppTest) -> None:
    """One escaped line, and nothing else: no notes, no controls, no room link."""
    assert len(at.error) == 1 and "opens nothing" in at.error[0].value, [e.value for e in at.error]
    assert "Notes" not in body(at) and not at.button and not at.code and not at.selectbox


def test_a_presenter_link_with_a_chosen_room_opens_nothing():
    at = run({"mode": "presenter", "room": "my-chosen-room", "scene": "5"})
    refused(at)
    assert "no such briefing room" in at.error[0].value
    assert ui_rooms().get("my-chosen-room") is None


def test_the_audience_room_id_without_the_key_cannot_take_over():
    presenter = presenter_console("3")
    room, key = presenter.query_params["room"], presenter.query_params["key"]
    before = ui_rooms().get(room)
    for bad in ({}, {"key": "A" * 30}, {"key": key[:-1] + ("A" if key[-1] != "A" else "B")}, {"key": "<img src=x>"}):
        at = run({"mode": "presenter", "room": room, "scene": "5", **bad})
        refused(at)
        assert "key is missing or wrong" in at.error[0].value
        assert room not in at.error[0].value
    assert ui_rooms().get(room) == before  # not moved, not touched
    button(presenter, "Next ▶").click().run()  # the real presenter still drives the room
    assert ui_rooms().get(room).scene == 4 and TITLES[3] in body(presenter)


def test_the_presenters_own_link_reopens_the_console():
    first = presenter_console("2")
    room, key = first.query_params["room"], first.query_params["key"]
    again = run({"mode": "presenter", "room": room, "key": key, "scene": "6"})  # e.g. a reload, or a second screen
    assert not again.error and "Notes" in body(again) and TITLES[5] in body(again)
    assert ui_rooms().get(room).scene == 6  # the key holder's link publishes its scene
    assert again.query_params["room"] == room and again.query_params["key"] == key


def test_ending_a_room_stops_the_audience_and_the_console():
    presenter = presenter_console("2")
    room, key = presenter.query_params["room"], presenter.query_params["key"]
    audience = run({"mode": "audience", "room": room})
    assert TITLES[1] in body(audience)
    button(presenter, "End the briefing room").click().run()
    assert any("You ended this briefing room" in i.value for i in presenter.info)
    assert "Notes" not in body(presenter)
    audience.run()
    assert any("ended" in i.value for i in audience.info) and TITLES[1] not in body(audience)
    refused(run({"mode": "presenter", "room": room, "key": key}))  # the old link opens nothing
