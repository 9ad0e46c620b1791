"""AppTest for the Briefing page: stepping, deep links, bad links, presenter and audience views."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from geo import scenes
from tests_paths import ROOT

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
    assert "Talking points (ours, not the essay&#x27;s words)" in text or "Talking points (ours, not the essay's words)" in text


def test_deep_link_combines_with_place_and_layers():
    at = run({"scene": "7", "place": "zaporizhzhia", "layers": "held-2022-11-17,places"})
    args = at.get("component_instance")[0].proto.json_args
    assert '\\"highlight\\":[\\"zaporizhzhia\\"' in args or '"highlight":["zaporizhzhia"' in args
    assert at.query_params["place"] == "zaporizhzhia" and at.query_params["scene"] == "7"


def test_bad_scene_in_the_link_is_a_notice():
    at = run({"scene": "99"})
    assert any("There is no scene '99'" in t.value for t in at.toast)
    assert TITLES[0] in body(at)


def test_presenter_has_notes_and_the_audience_follows_without_them():
    presenter = run({"mode": "presenter", "room": "test-room", "scene": "3"})
    p_text = body(presenter)
    notes = scenes.load().scenes[2].notes
    assert "Notes" in p_text and "Next:" in p_text and TITLES[3] in p_text
    audience = run({"mode": "audience", "room": "test-room"})
    a_text = body(audience)
    assert TITLES[2] in a_text and "Notes" not in a_text and notes[:30] not in a_text
    assert "Talking points" not in a_text  # the audience sees map, quote, figures
    button(presenter, "Next ▶").click().run()
    audience.run()
    assert TITLES[3] in body(audience)


def test_audience_without_a_room_says_what_to_do():
    at = run({"mode": "audience"})
    assert any("needs a room" in e.value for e in at.error)
