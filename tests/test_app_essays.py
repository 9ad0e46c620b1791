"""Streamlit AppTest (issue 14): the essay switcher, ``?essay=`` (garbage, unknown, a user essay in a
tmp store), the Map page following a user essay (its GeoNames place's panel, the card's data, the
lines for its date), and the seed essay unchanged when no user essay is chosen."""

from __future__ import annotations

import html
import json
import os
import re

import pytest
from essay_backend import on_db
from streamlit.testing.v1 import AppTest
from tests_paths import ROOT
from user_essays import ESSAY_ID, TITLE, add_user_essay

APP = str(ROOT / "app.py")


@pytest.fixture()
def store(tmp_path, monkeypatch):
    """A store of its own holding the test essay ($BRIEFMAP_STORE, read by the app at each run)."""
    monkeypatch.setenv("BRIEFMAP_STORE", str(tmp_path))
    add_user_essay(tmp_path)
    return tmp_path


def run(params: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def text_of(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(i.value for i in at.info)


def toasts(at: AppTest) -> list[str]:
    return [t.value for t in at.toast]


def map_args(at: AppTest) -> dict:
    comps = [e for e in at.get("component_instance")]
    assert comps, "the map component is missing"
    return json.loads(comps[0].proto.json_args)


def header(at: AppTest) -> str:
    return next(m.value for m in at.markdown if 'class="bm-header"' in m.value)


def test_switcher_lists_the_seed_alone_without_user_essays():
    at = run()
    h = header(at)
    assert h.count('class="bm-switch-item"') == 1 and 'href="?" target="_self" aria-current="true"' in h
    assert "python -m geo essay add FILE" in h  # how to add one
    assert "essay" not in at.query_params
    assert at.session_state["essay"] == ""


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("<script>alert(1)</script>" + "x" * 80, "is not an essay id"),
        ("no-such-essay-2024-01-01", "No essay"),
    ],
)
def test_a_bad_essay_in_the_link_is_one_notice_and_the_seed(store, value, says):
    at = run({"essay": value})
    notes = toasts(at)
    assert len(notes) == 1 and says in html.unescape(notes[0].replace("\\", ""))
    assert "<script>" not in notes[0]  # escaped: shown as text
    quoted = notes[0].replace("\\", "")
    assert "x" * 51 not in quoted  # at most 50 characters of the value
    assert at.session_state["essay"] == ""
    assert "essay" not in at.query_params  # the link no longer names it
    assert "The Case Against Negotiations with Russia" in text_of(at)


def test_a_user_essay_in_the_link_is_followed(store):
    at = run({"essay": ESSAY_ID})
    assert not toasts(at)
    assert at.session_state["essay"] == ESSAY_ID
    head = text_of(at)
    assert html.escape(TITLE, quote=False) in head and "1 Mar 2024" in head  # escaped in the header
    assert "<b>summer</b>" not in head
    assert at.query_params["essay"] == ESSAY_ID  # every link the page writes keeps it
    # the card's data is the essay's: its sentences verbatim, its GeoNames places
    args = map_args(at)
    assert "/app/static/arguments/essay-" in args["script"]


def test_switching_essays_in_the_header(store):
    at = run()
    h = header(at)  # the title opens the list: the seed (current), then the store's essay, each a link to this page
    assert 'href="?" target="_self" aria-current="true"' in h
    assert f'href="?essay={ESSAY_ID}" target="_self">{html.escape(TITLE, quote=False)}' in h
    assert "<b>summer</b>" not in h
    at = run({"essay": ESSAY_ID})  # where that link leads
    h = header(at)
    assert f'href="?essay={ESSAY_ID}" target="_self" aria-current="true"' in h and "1 Mar 2024" in h


def test_switching_essays_on_the_briefing_page(store):
    at = run(page="pages/briefing.py")  # no header there: its menu lists the essays
    at.radio(key="essay_switch").set_value(ESSAY_ID).run()
    assert at.session_state["essay"] == ESSAY_ID and at.query_params["essay"] == ESSAY_ID
    assert "Melitopol, Tokmak, Orikhiv and 1 more (generated title)" in stage(at)
    at.radio(key="essay_switch").set_value("").run()
    assert at.session_state["essay"] == "" and "essay" not in at.query_params
    assert "The war since 2014" in stage(at)


def test_map_panel_for_a_user_essays_geonames_place(store):
    at = run({"essay": ESSAY_ID, "place": "gn-691469"})
    body = html.unescape(text_of(at))
    assert '<mark class="bm-name">Tokmak</mark>' in body  # the name as written, marked
    body = re.sub(r"</?mark[^>]*>", "", body)
    assert "¶2" in body and "Russian defences around Tokmak held through August." in body
    assert "Your summary (typed by the analyst)" not in body  # none typed: nothing invented either
    assert "Our summary" not in body
    assert "GeoNames 691469 via data/places/names.json.gz" in body
    assert "Status on 17 Nov 2022" in body  # the nearest lines to 1 Mar 2024 in an empty store: ours
    assert at.query_params["place"] == "gn-691469" and at.query_params["essay"] == ESSAY_ID


def test_map_panel_escapes_the_essays_words_and_shows_the_users_summary(store):
    from user_essays import essay

    from geo.essays import model

    add_user_essay(store, essay((model.Decision("gn-698428", "accepted", summary="Held <i>firm</i>"),)))
    at = run({"essay": ESSAY_ID, "place": "gn-698428"})
    raw = text_of(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw and "<script>alert" not in raw
    assert "Your summary (typed by the analyst):</b> Held &lt;i&gt;firm&lt;/i&gt;" in raw


def test_a_rejected_place_is_not_drawn(store):
    from user_essays import essay

    from geo.essays import model

    add_user_essay(store, essay((model.Decision("gn-691469", "rejected"),)))
    at = run({"essay": ESSAY_ID, "place": "gn-691469"})
    assert any("Unknown place" in t for t in toasts(at))


def test_the_lines_follow_the_essays_date(store):
    at = run({"essay": ESSAY_ID})
    caption = " ".join(c.value for c in at.caption)
    caption = caption.replace("\\", "").replace("\u2060", "")
    assert "Lines: 17 Nov 2022, our authored layers" in caption and "1 Mar 2024" in caption
    assert at.session_state["lines_date"] == "2022-11-17"
    # our 17 Nov 2022 layer is the curated essay's date, not this essay's
    labels = [c.label for c in at.sidebar.checkbox]
    assert any(label.startswith("Held by Russia on 17 Nov 2022 (the curated essay's date)") for label in labels)
    assert not any("(the essay's date)" in label for label in labels)
    seed = [c.label for c in run().sidebar.checkbox]
    assert any(label.startswith("Held by Russia on 17 Nov 2022 (the essay's date)") for label in seed)


def test_seed_essay_map_is_unchanged_with_a_user_essay_in_the_store(store):
    at = run({"place": "melitopol"})
    body = text_of(at)
    assert "It still controls the vital hub of Melitopol" in body
    assert "Our summary (not the essay's words)" in html.unescape(body)
    assert "essay" not in at.query_params
    assert os.environ["BRIEFMAP_STORE"] == str(store)


def test_the_nearest_snapshot_to_the_essays_date_is_shown(store):
    from deepstate_reference import fixture

    from geo.lines.ingest import import_one

    for d in ("2023-01-15", "2025-08-03"):
        assert import_one(fixture(d)).ok
    at = run({"essay": ESSAY_ID, "place": "gn-691469"})
    assert at.session_state["lines_date"] == "2023-01-15"  # 411 days before 1 Mar 2024; 2025-08-03 is 520 after
    caption = " ".join(c.value for c in at.caption).replace("\\", "").replace("\u2060", "")
    assert "Lines: 15 Jan 2023, deepstate snapshot (the snapshot nearest to the essay’s date, 1 Mar 2024)" in caption
    assert "Status on 15 Jan 2023 (deepstate)" in html.unescape(text_of(at))
    assert at.select_slider(key="lines_date").value == "2023-01-15"  # the date row starts there


# ---- the Briefing page follows the chosen essay ----


def stage(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown if "bm-stage" in m.value)


def files(root) -> dict:
    """The store's whole state: its files, or its database rows (essay_backend.state)."""
    from essay_backend import state

    return state(root)


def test_briefing_shows_the_draft_scenes_of_a_user_essay(store):
    at = run({"essay": ESSAY_ID}, page="pages/briefing.py")
    assert "Melitopol, Tokmak, Orikhiv and 1 more (generated title)" in stage(at)
    assert "¶2</span>“Russian defences around Tokmak held through August.”" in stage(at)
    assert "the nearest to this essay&#39;s date, 1 Mar 2024" in stage(at)
    assert any(m.value.endswith(" · *draft*") for m in at.markdown)
    assert at.query_params["essay"] == ESSAY_ID
    nxt = next(b for b in at.button if b.label == "Next ▶")
    nxt.click().run()
    assert "Kharkiv (generated title)" in stage(at)


def test_seed_briefing_is_unchanged_with_a_user_essay_in_the_store(store):
    from geo.briefing import scenes

    at = run(page="pages/briefing.py")
    assert scenes.load().scenes[0].title in stage(at)
    assert "essay" not in at.query_params


def test_edit_scenes_refuses_a_bad_quote_in_one_line_and_saves_nothing(store):
    before = files(store)
    at = run({"essay": ESSAY_ID}, page="pages/briefing.py")
    at.button(key="b_edit_open").click().run()
    box = at.text_area(key="b_edit_text")
    box.set_value(box.value.replace("held through August", "held forever")).run()
    at.button(key="b_edit_save").click().run()
    assert len(at.error) == 1
    message = at.error[0].value.replace("\\", "").replace("\u2060", "")
    assert message == (
        "Not saved: scene 1 ('Melitopol, Tokmak, Orikhiv and 1 more (generated title)'): "
        "quote is not verbatim in p2: 'Russian defences around Tokmak held forever.'…"
    )
    assert files(store) == before  # nothing written


def test_edit_scenes_saves_valid_scenes_atomically_and_goes_back_to_the_draft(store):
    at = run({"essay": ESSAY_ID}, page="pages/briefing.py")
    at.button(key="b_edit_open").click().run()
    box = at.text_area(key="b_edit_text")
    box.set_value(box.value.replace("Kharkiv (generated title)", "Kharkiv's <b>power</b>")).run()
    at.button(key="b_edit_save").click().run()
    assert not at.error
    from geo.essays import store as essay_store

    saved = store / "essays" / ESSAY_ID / "scenes.toml"
    assert "Kharkiv's <b>power</b>" in essay_store.scenes_text(ESSAY_ID, store)
    if not on_db():
        assert saved.is_file()
        assert not list(saved.parent.glob("*.tmp")) and not list(saved.parent.glob(".*"))
    next(b for b in at.button if b.label == "Last »").click().run()
    assert "Kharkiv&#39;s &lt;b&gt;power&lt;/b&gt;" in stage(at)  # escaped on the stage
    assert not any(m.value.endswith(" · *draft*") for m in at.markdown)
    at.button(key="b_edit_open").click().run()
    at.button(key="b_edit_discard").click().run()
    assert essay_store.scenes_text(ESSAY_ID, store) is None and not saved.exists()
    assert "Melitopol, Tokmak, Orikhiv and 1 more (generated title)" in stage(at)


def test_a_broken_saved_scenes_file_shows_the_draft_and_says_why(store):
    from geo.essays import store as essay_store

    assert essay_store.save_scenes_text(ESSAY_ID, "[[scene]\ntitle = 'x'\n", store)  # as if edited by hand: unchecked
    at = run({"essay": ESSAY_ID}, page="pages/briefing.py")
    assert "Melitopol, Tokmak, Orikhiv and 1 more (generated title)" in stage(at)
    warn = [w.value.replace("\\", "").replace("\u2060", "") for w in at.warning]
    assert len(warn) == 1 and "scenes.toml: not valid TOML" in warn[0] and "\n" not in warn[0]


def test_export_accepts_a_user_essays_scenes(store, tmp_path):
    from user_essays import essay

    from geo.briefing import draft, export
    from geo.data.essay import ESSAY_DATE

    e = essay()
    deck = draft.essay_briefing(e, store, [ESSAY_DATE])
    html_text = export.deck_html(deck.briefing, draft.essay_layers(e, ESSAY_DATE), draft.essay_stamp(e, ESSAY_DATE))
    assert "Melitopol, Tokmak, Orikhiv and 1 more (generated title)" in html_text
    assert '"gn-691469"' in html_text  # the essay's GeoNames places travel inlined with every scene
    assert "The war since 2014" not in html_text


# ---- every link the app makes keeps ?essay=ID ----


def test_seed_essay_page_links_are_unchanged(store):
    at = run(page="pages/essay.py")
    body = "\n".join(m.value for m in at.markdown if "bm-essay" in m.value)
    assert 'href="./?place=melitopol"' in body and "essay=" not in body


def test_present_this_view_keeps_the_essay_and_its_place(store):
    from urllib.parse import parse_qs, urlsplit

    at = run({"essay": ESSAY_ID, "place": "gn-691469"})
    link = next(b for b in at.get("link_button") if b.proto.label == "Present this view").proto.url
    q = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
    assert q["essay"] == ESSAY_ID and q["place"] == "gn-691469" and q["extra"] == "view"
    at2 = run({**q, "bounds": "46.5,34.5,48.0,37.0"}, page="pages/briefing.py")
    assert not at2.toast, [t.value for t in at2.toast]
    text = stage(at2)
    assert "<h2>Tokmak</h2>" in text and "Russian defences around Tokmak held through August." in text
    assert "GeoNames 691469 via data/places/names.json.gz" in text
    assert at2.query_params["essay"] == ESSAY_ID


# ---- the store is untrusted: a file that is not an essay is skipped, never shown ----


@pytest.mark.files_only
def test_unreadable_essays_in_the_store_are_skipped(store):
    from ui.loaders import read_user_essays

    essays = store / "essays"
    for name, body in [
        ("junk", b"\x00\xff not json"),
        ("wrong-id", json.dumps({"id": "another-id", "paragraphs": [], "places": []}).encode()),
        ("Bad_ID", json.dumps({"id": "Bad_ID", "paragraphs": [], "places": []}).encode()),
        ("no-places-shape", json.dumps({"id": "no-places-shape", "places": [{"id": 1}]}).encode()),
    ]:
        (essays / name).mkdir()
        (essays / name / "essay.json").write_bytes(body)
    (essays / "huge").mkdir()
    with open(essays / "huge" / "essay.json", "wb") as fh:
        fh.truncate(21 * 1024 * 1024)  # sparse: larger than the store's MAX_JSON_BYTES, never read
    assert list(read_user_essays(store)) == [ESSAY_ID]
    at = run({"essay": "junk"})
    assert any("No essay" in t for t in toasts(at))
    assert header(at).count('class="bm-switch-item"') == 2


@pytest.mark.postgres
def test_unreadable_essay_rows_are_skipped(store, pg_url, monkeypatch):
    """The database counterpart: rows whose essay is damaged, of another id, of the wrong shape or over
    20 MB are skipped; the listing (summary columns) still names them, the switcher shows what it can."""
    from geo.db.connect import connection
    from geo.essays import store_pg
    from ui.loaders import read_user_essays

    monkeypatch.setenv("BRIEFMAP_DATABASE_URL", pg_url)
    add_user_essay(store)
    ns = store_pg.namespace(store)
    rows = [
        ("junk", '"not an essay"'),
        ("wrong-id", json.dumps({"id": "another-id", "paragraphs": [], "places": []})),
        ("no-places-shape", json.dumps({"id": "no-places-shape", "places": [{"id": 1}]})),
        ("huge", json.dumps({"id": "huge", "pad": "x" * (21 * 1024 * 1024)})),
    ]
    with connection() as conn:
        for eid, body in rows:
            conn.execute(
                "INSERT INTO essays (store, id, title, essay_date, sha256, paragraphs, places, unresolved, source_name, "
                "source, essay) VALUES (%s, %s, %s, '2024-01-01', %s, 0, 0, 0, 'x.txt', %s, %s::jsonb)",
                (ns, eid, eid, eid, b"x", body),
            )
    assert list(read_user_essays(store)) == [ESSAY_ID]
    at = run({"essay": "junk"})
    assert any("No essay" in t for t in toasts(at))
    assert header(at).count('class="bm-switch-item"') == 2


def test_presenter_console_shares_an_audience_link_that_keeps_the_essay(store):
    at = run({"essay": ESSAY_ID, "mode": "presenter"}, page="pages/briefing.py")
    link = at.get("code")[0].proto.code_text
    assert f"essay={ESSAY_ID}" in link and "key=" not in link
    assert "Melitopol, Tokmak, Orikhiv and 1 more (generated title)" in stage(at)
    room = at.query_params["room"]
    audience = run({"essay": ESSAY_ID, "mode": "audience", "room": room}, page="pages/briefing.py")
    assert "Melitopol, Tokmak, Orikhiv and 1 more (generated title)" in stage(audience)


def test_an_essay_removed_from_the_store_is_one_line_and_the_seed(store):

    from essay_backend import remove_behind_the_stores_back

    at = run({"essay": ESSAY_ID})
    remove_behind_the_stores_back(store, ESSAY_ID)
    at.run()
    assert not at.exception
    warn = [w.value.replace("\\", "").replace("\u2060", "") for w in at.warning]
    assert warn == [f"The essay '{ESSAY_ID[:50]}' cannot be read from the store (removed?); the curated essay is shown."]
    assert "17 Nov 2022" in header(at)
