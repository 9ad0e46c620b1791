"""Streamlit AppTest: add a pasted essay on the Essay page into a temporary store, review its places
(accept, reject, the other candidate, your summary, add a missed place), and see every decision again in
a fresh session; names with markup stay text."""

from __future__ import annotations

import json

import pytest
from markupsafe import escape
from streamlit.testing.v1 import AppTest
from tests_paths import ROOT

APP = str(ROOT / "app.py")

ESSAY = """Russian forces withdrew from Kherson on 11 November, and Ukrainian troops entered the city the next day.
Kherson's residents came out to the main square.

The front now runs along the Dnipro River. Russian artillery on the left bank still shells the city, and the \
Black Sea coast east of it remains in Russian hands.

Further east, Melitopol is the hub of the land route to Crimea. Zaporizhzhia is the obvious base for any push south.

Missiles struck Dnipro overnight, and villagers in Ivanivka sheltered in their cellars.

Shelling also reached <b>Kyiv</b><script>alert(1)</script> last week."""


@pytest.fixture()
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFMAP_STORE", str(tmp_path))
    return tmp_path


def essay_page(essay: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    if essay is not None:
        at.session_state["essay"] = essay
    at.switch_page("pages/essay.py").run()
    assert not at.exception, at.exception
    return at


def add_pasted(at: AppTest, text: str, title: str, date: str = "2022-11-20") -> AppTest:
    at.radio(key="er_from").set_value("Paste text").run()
    at.text_area(key="er_paste").set_value(text)
    at.text_input(key="er_title").set_value(title)
    at.text_input(key="er_date").set_value(date)
    at.button(key="er_add").click().run()
    assert not at.exception, at.exception
    return at


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def stored(store, essay_id: str):
    from geo.essays import store as essay_store

    return essay_store.load(essay_id, store=store)


def test_seed_essay_page_is_unchanged_with_add_an_essay_above_it(store):
    at = essay_page()
    text = markdown(at)
    assert 'href="./?place=melitopol"' in text and "¶12" in text
    assert [e.label for e in at.expander] == ["Add an essay"]
    assert not at.error


def test_add_a_pasted_essay_and_review_it(store):
    at = add_pasted(essay_page(), ESSAY, "Kherson after the withdrawal")
    eid = at.session_state["essay"]
    assert eid and at.query_params["essay"] in (eid, [eid])
    e = stored(store, eid)
    assert [s.value for s in at.success] == [
        f"Added Kherson after the withdrawal\u2060\\: {len(e.places)} places, {len({u.name for u in e.unresolved})} unresolved"
    ]
    found = {p.id for p in e.places}
    assert {"kherson", "melitopol", "zaporizhzhia"} <= found
    text = markdown(at)
    for p in e.places:  # every found place in the list, with its sentences verbatim (escaped) and ¶ numbers
        assert f'<span class="bm-rv-name-title">{escape(p.name)}</span>' in text
        for m in p.mentions:
            assert str(escape(m.text[m.end :])) in text
    assert "¶1" in text and "Not reviewed" in text
    assert len(at.radio) >= len(e.places) + 1  # Accept / Reject for each place (and "From")
    # the map: the offline base map with a marker per place
    comps = list(at.get("component_instance"))
    assert comps, "the review map is missing"
    args = json.loads(comps[0].proto.json_args)
    assert "BriefMap.setup" in args["script"]
    assert args["feature_group"].count('class=\\"bm-rv-pin\\"') == len(e.places)
    # the full text, with the reviewed places marked as links to the map for this essay
    assert f'href="./?essay={eid}&amp;place=melitopol"' in text


def test_decisions_are_saved_at_once_and_shown_in_a_fresh_session(store):
    at = add_pasted(essay_page(), ESSAY, "Kherson after the withdrawal")
    eid = at.session_state["essay"]
    e = stored(store, eid)
    from geo.web.essay_review_view import place_key

    key = {p.id: place_key(p.id) for p in e.places}
    at.radio(key=f"er_st_{eid}_{key['melitopol']}").set_value("rejected").run()
    at.radio(key=f"er_st_{eid}_{key['zaporizhzhia']}").set_value("accepted").run()
    at.text_input(key=f"er_su_{eid}_{key['zaporizhzhia']}").set_value("Base for the push south; <i>mine</i>").run()
    other = next(p for p in e.places if p.alternatives)  # Dnipro (the city or the river), Ivanivka (22 villages)
    alt = other.alternatives[0]
    at.selectbox(key=f"er_ot_{eid}_{key[other.id]}").set_value(alt.id).run()
    assert not at.exception and not at.error, [x.value for x in at.error]

    saved = {d.place: d for d in stored(store, eid).decisions}
    assert saved["melitopol"].status == "rejected"
    assert (saved["zaporizhzhia"].status, saved["zaporizhzhia"].summary) == ("accepted", "Base for the push south; <i>mine</i>")
    assert (saved[other.id].status, saved[other.id].chosen) == ("accepted", alt.id)

    fresh = essay_page(eid)  # a new session: everything from the store
    assert fresh.radio(key=f"er_st_{eid}_{key['melitopol']}").value == "rejected"
    assert fresh.radio(key=f"er_st_{eid}_{key['zaporizhzhia']}").value == "accepted"
    assert fresh.text_input(key=f"er_su_{eid}_{key['zaporizhzhia']}").value == "Base for the push south; <i>mine</i>"
    assert fresh.selectbox(key=f"er_ot_{eid}_{key[other.id]}").value == alt.id
    text = markdown(fresh)
    assert "Your summary (typed by the analyst):</span> Base for the push south; &lt;i&gt;mine&lt;/i&gt;" in text
    assert "<i>mine" not in text
    assert "You chose: " + str(escape(alt.name)) in text
    assert 'bm-rv-status-rejected">Rejected<' in text
    assert "Rejected (1)" in text  # the map's legend
    assert f'href="./?essay={eid}&amp;place=melitopol"' not in text  # a rejected place is not marked in the text


def test_a_bad_summary_is_refused_in_one_line_and_nothing_is_saved(store):
    at = add_pasted(essay_page(), ESSAY, "Kherson after the withdrawal")
    eid = at.session_state["essay"]
    from geo.web.essay_review_view import place_key

    k = f"er_su_{eid}_{place_key('melitopol')}"
    at.text_input(key=k).set_value("one\u202etwo").run()
    assert [x.value for x in at.error] == ['summary "one\\\\u202etwo" has a control character']
    assert stored(store, eid).decisions == ()


def test_add_a_place_the_finder_missed(store):
    at = add_pasted(essay_page(), ESSAY, "Kherson after the withdrawal")
    eid = at.session_state["essay"]
    at.text_input(key=f"er_an_{eid}_missed").set_value("Black Sea coast").run()
    at.text_input(key=f"er_aq_{eid}_missed").set_value("Odesa Oblast").run()
    assert at.selectbox(key=f"er_ap_{eid}_missed").value == "odesa-oblast"
    at.button(key=f"er_ab_{eid}_missed").click().run()
    assert not at.exception and not at.error, [x.value for x in at.error]
    d = {x.place: x for x in stored(store, eid).decisions}["odesa-oblast"]
    assert (d.status, d.name) == ("added", "Black Sea coast")
    text = markdown(at)
    assert "Places you added" in [h.value for h in at.subheader]
    assert "Russian artillery on the left bank still shells the city, and the <mark" in text  # its sentence, found verbatim
    fresh = essay_page(eid)
    assert "Added by you (1)" in markdown(fresh)


def test_markup_in_names_and_text_is_shown_as_text(store):
    text = "Shelling hit <b>Kyiv</b><script>alert(1)</script> and Kherson again. Troops held [Kherson](javascript:alert(1))."
    at = add_pasted(essay_page(), text, "<img src=x onerror=alert(1)> report")
    assert not at.exception
    body = markdown(at)
    assert "<script" not in body and "<img" not in body and "<b>Kyiv" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;b&gt;" in body
    assert "](javascript" not in "".join(s.value for s in at.success)
    assert "<img" not in "".join(c.value for c in at.caption)


def test_same_title_with_another_text_asks_before_replacing(store):
    at = add_pasted(essay_page(), ESSAY, "Kherson after the withdrawal")
    eid = at.session_state["essay"]
    again = add_pasted(essay_page(), ESSAY, "Kherson after the withdrawal")
    assert again.session_state["essay"] == eid
    assert [s.value for s in again.success][0].startswith("Already stored")
    changed = add_pasted(essay_page(), ESSAY + "\n\nA new closing paragraph about Mariupol.", "Kherson after the withdrawal")
    assert len(changed.error) == 1 and "replace" in changed.error[0].value.lower()
    assert "Mariupol" not in " ".join(p.text for p in stored(store, eid).paragraphs)  # nothing replaced yet
    changed.button(key="er_replace").click().run()
    assert not changed.exception
    assert [s.value for s in changed.success][0].startswith("Replaced Kherson after the withdrawal")
    assert "Mariupol" in " ".join(p.text for p in stored(store, eid).paragraphs)


def test_empty_paste_and_missing_file_say_so(store):
    at = essay_page()
    at.radio(key="er_from").set_value("Paste text").run()
    at.button(key="er_add").click().run()
    assert [e.value for e in at.error] == ["Paste the essay's text first\\."]
    at.radio(key="er_from").set_value("Upload a file").run()
    at.button(key="er_add").click().run()
    assert [e.value for e in at.error] == ["Choose a file first \\(\\.txt, \\.md, \\.html or \\.docx\\)\\."]
    assert "essay" not in at.session_state or at.session_state["essay"] in ("", None)


def test_an_unknown_essay_id_says_so_and_offers_the_curated_one(store):
    at = essay_page("no-such-essay-2024-01-01")
    assert [e.value for e in at.error] == [
        'No added essay "no\\-such\\-essay\\-2024\\-01\\-01" in the store\u2060\\: add it below, or choose another\\.'
    ]
    at.button(key="er_seed").click().run()
    assert not at.exception
    assert 'href="./?place=melitopol"' in markdown(at)


def test_an_unresolved_name_is_placed_by_hand_with_its_sentences(store):
    text = "Fighting continued near Robotyne and in the village of Verbove.\n\nRobotyne's school was hit again."
    at = add_pasted(essay_page(), text, "Robotyne")
    eid = at.session_state["essay"]
    assert "Robotyne" in {u.name for u in stored(store, eid).unresolved}
    assert "Names not placed" in [h.value for h in at.subheader]
    assert 'near <mark class="bm-rv-name">Robotyne</mark> and in the village' in markdown(at)
    from geo.web.essay_review_view import place_key

    key = place_key("u:Robotyne")
    assert at.text_input(key=f"er_aq_{eid}_{key}").value == "Robotyne"  # the search starts from the name
    at.text_input(key=f"er_aq_{eid}_{key}").set_value("Orikhiv").run()  # no village of that name: the town beside it
    pick = at.selectbox(key=f"er_ap_{eid}_{key}").value
    assert pick and pick.startswith("gn-")
    at.button(key=f"er_ab_{eid}_{key}").click().run()
    assert not at.exception and not at.error, [x.value for x in at.error]
    d = {x.place: x for x in stored(store, eid).decisions}[pick]
    assert (d.status, d.name) == ("added", "Robotyne")
    from geo.essays import review

    added = next(p for p in review.reviewed_places(stored(store, eid)) if p.id == pick)
    assert [(m.paragraph, m.name) for m in added.mentions] == [("p1", "Robotyne"), ("p2", "Robotyne")]
    assert "Placed by you (see Places you added)." in [c.value for c in at.caption]


def test_the_widgets_follow_what_is_stored(store):
    at = add_pasted(essay_page(), ESSAY, "Kherson after the withdrawal")
    eid = at.session_state["essay"]
    e = stored(store, eid)
    from geo.web.essay_review_view import place_key

    other = next(p for p in e.places if p.alternatives)
    k = place_key(other.id)
    at.radio(key=f"er_st_{eid}_{k}").set_value("rejected").run()
    at.selectbox(key=f"er_ot_{eid}_{k}").set_value(other.alternatives[0].id).run()  # the other one: accepted
    assert at.radio(key=f"er_st_{eid}_{k}").value == "accepted"
    at.radio(key=f"er_st_{eid}_{k}").set_value("rejected").run()  # rejected: no other candidate any more
    assert at.selectbox(key=f"er_ot_{eid}_{k}").value == ""
    d = {x.place: x for x in stored(store, eid).decisions}[other.id]
    assert (d.status, d.chosen) == ("rejected", "")
    k2 = place_key(next(p.id for p in e.places if p.id != other.id))
    at.text_input(key=f"er_su_{eid}_{k2}").set_value("Back in Ukrainian hands.").run()  # a summary accepts a place not reviewed
    assert at.radio(key=f"er_st_{eid}_{k2}").value == "accepted"
    assert not at.warning and not at.exception


def test_an_unreadable_essay_is_one_line_never_a_traceback(store, monkeypatch):
    at = add_pasted(essay_page(), ESSAY, "Kherson after the withdrawal")
    eid = at.session_state["essay"]
    from geo.essays import reader
    from geo.essays import store as essay_store

    def broken(essay_id, store=None):
        raise reader.EssayInputError(f"{essay_id}: essay.json is not valid JSON (line 1); the essay was not read")

    monkeypatch.setattr(essay_store, "load", broken)
    monkeypatch.setattr(essay_store, "revision", lambda store=None: "broken")  # a new revision: nothing cached
    fresh = essay_page(eid)
    assert [e.value for e in fresh.error] == [
        f"{eid.replace('-', chr(92) + '-')}\u2060\\: essay\\.json is not valid JSON \\(line 1\\); the essay was not read"
    ]
    assert [e.label for e in fresh.expander] == ["Add an essay"]
