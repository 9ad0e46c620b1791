"""geo.essays.store: atomic, idempotent, replace on request (decisions kept), nothing written for a bad
file, a kill mid-add leaves the store as it was. The place finder is passed in (essayfiles.finder, a
small stand-in that finds a few names by substring), so these tests do not depend on the real finder.

They run on both backends (files, and PostgreSQL with BRIEFMAP_TEST_BACKEND=postgres): ``state``
is the store's whole state on either; the file layout itself is checked on the file backend only."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from essay_backend import empty, on_db, source, state
from essayfiles import ENGLISH, TEXT, finder, hostile, tree

from geo.essays import model, store, store_files
from geo.essays.reader import EssayInputError


@pytest.fixture()
def where(tmp_path):
    return tmp_path / "store"


def add(where, raw=TEXT, name="m.txt", **kw):
    return store.add(raw, name, store=where, finder=finder, **kw)


def test_add_writes_one_folder_with_the_essay_the_source_and_a_summary(where):
    r = add(where)
    assert r.status == "added"
    assert r.message == "m.txt: added as the-melitopol-question-2022-11-17"
    e = r.essay
    assert (e.id, e.title, e.date, e.author, e.source_name) == (
        "the-melitopol-question-2022-11-17",
        "The Melitopol Question",
        "2022-11-17",
        "",
        "m.txt",
    )
    assert [p.text for p in e.paragraphs] == [
        "Russian forces still hold Melitopol. Ukraine retook Kherson last week.",
        "Nobody has heard of Xyzville. Bakhmut is under attack.",
    ]
    assert [p.id for p in e.places] == ["melitopol", "kherson", "bakhmut"]
    assert [(u.name, u.paragraph) for u in e.unresolved] == [("Xyzville", "p2")]
    eid = e.id
    assert source(where, eid, ".txt") == TEXT  # the file as given
    if not on_db():
        files = tree(where)
        assert sorted(files) == sorted(
            [f"essays/{eid}/essay.json", f"essays/{eid}/summary.json", f"essays/{eid}/source.txt", "essays/.revision"]
        )
        stored = json.loads(files[f"essays/{eid}/essay.json"])
        assert stored == json.loads(json.dumps(e.as_dict()))
    assert store.load(eid, where) == e
    [s] = store.listing(where)
    assert (s.id, s.title, s.paragraphs, s.places, s.unresolved, s.format) == (eid, e.title, 2, 3, 1, "text")


def test_same_text_again_is_unchanged_and_writes_nothing(where):
    first = add(where).essay
    before = state(where)
    rev = store.revision(where)
    again = add(where)
    assert again.status == "unchanged" and again.essay == first
    assert again.message == "m.txt: already stored as the-melitopol-question-2022-11-17 (the same text); nothing written"
    other_title = add(where, title="Another title")  # the same text under another title: still the same essay
    assert other_title.status == "unchanged" and other_title.essay.id == first.id
    assert other_title.message == "m.txt: the same text is already stored as the-melitopol-question-2022-11-17; nothing written"
    assert state(where) == before and store.revision(where) == rev


def test_changed_text_under_the_same_title_needs_replace_and_keeps_decisions(where):
    first = add(where).essay
    store.save_decisions(
        first.id,
        [
            model.Decision("melitopol", "accepted", summary="The hub   the essay\nworries about"),
            model.Decision("bakhmut", "rejected"),
            model.Decision("enerhodar", "added", name="Enerhodar"),
        ],
        store=where,
    )
    before = state(where)
    changed = TEXT.replace(b"Bakhmut is under attack.", b"Izium was liberated.")
    with pytest.raises(EssayInputError) as e:
        add(where, changed)
    assert str(e.value) == (
        "m.txt: an essay 'The Melitopol Question' of 2022-11-17 (the-melitopol-question-2022-11-17) is already stored "
        "with a different text; to replace it pass --replace (command line) or press Replace (Essay page)"
    )
    assert state(where) == before
    r = add(where, changed, replace=True)
    assert r.status == "replaced"
    assert [p.id for p in r.essay.places] == ["melitopol", "kherson", "izium"]
    # Melitopol is still found: kept (with the summary on one line); Bakhmut is gone; Enerhodar is no longer in the text
    assert r.essay.decisions == (model.Decision("melitopol", "accepted", summary="The hub the essay worries about"),)
    assert (r.kept_decisions, r.dropped_decisions) == (1, 2)
    assert r.message == (
        "m.txt: replaced the-melitopol-question-2022-11-17; 1 decision(s) kept, 2 dropped (their places are no longer found)"
    )
    assert store.load(first.id, where) == r.essay
    assert [s.id for s in store.listing(where)] == [first.id]
    if not on_db():
        assert [n for n in tree(where) if not n.endswith(".revision")] == [
            f"essays/{first.id}/essay.json",
            f"essays/{first.id}/source.txt",
            f"essays/{first.id}/summary.json",
        ]


def test_a_replace_keeps_the_saved_scenes(where):
    first = add(where).essay
    assert store.scenes_text(first.id, where) is None and store.scenes_stamp(first.id, where) == ""
    assert store.save_scenes_text(first.id, 'essay = "x"\n', where)  # the Briefing page's edited scenes
    stamp = store.scenes_stamp(first.id, where)
    assert stamp
    r = add(where, TEXT.replace(b"Bakhmut is under attack.", b"Izium was liberated."), replace=True)
    assert r.status == "replaced"
    assert store.scenes_text(first.id, where) == 'essay = "x"\n'
    assert store.scenes_stamp(first.id, where) == stamp
    if not on_db():
        scenes = where / "essays" / first.id / "scenes.toml"
        assert sorted(p.name for p in scenes.parent.iterdir()) == ["essay.json", "scenes.toml", "source.txt", "summary.json"]
    assert store.discard_scenes(first.id, where) and not store.discard_scenes(first.id, where)
    assert store.scenes_text(first.id, where) is None and store.scenes_stamp(first.id, where) == ""
    assert not store.save_scenes_text("not-stored-2022-01-01", "x", where)
    store.save_scenes_text(first.id, "y", where)
    store.remove(first.id, where)  # the scenes go with the essay
    assert store.scenes_text(first.id, where) is None


@pytest.mark.parametrize("name, raw, message", hostile(), ids=[h[0] for h in hostile()])
def test_hostile_files_store_nothing(where, name, raw, message):
    add(where)  # a store with an essay in it
    before = state(where)
    rev = store.revision(where)
    with pytest.raises(EssayInputError) as e:
        add(where, raw, name)
    assert str(e.value) == message
    assert state(where) == before and store.revision(where) == rev


def test_hostile_into_an_empty_store_creates_nothing(where):
    for name, raw, _ in hostile()[:4]:
        with pytest.raises(EssayInputError):
            add(where, raw, name)
    assert empty(where)


def test_no_date_refused_and_bad_arguments(where):
    with pytest.raises(EssayInputError) as e:
        add(where, ENGLISH.encode(), "nodate.txt")
    assert str(e.value) == (
        "nodate.txt: no date found in the text (a first line such as 'November 17, 2022'); "
        "give the essay's date with --date YYYY-MM-DD"
    )
    with pytest.raises(EssayInputError) as e:
        add(where, ENGLISH.encode(), "nodate.txt", date="2022-02-30")
    assert str(e.value) == "nodate.txt: the date '2022-02-30' is not a real date (YYYY-MM-DD)"
    with pytest.raises(EssayInputError) as e:
        add(where, ENGLISH.encode(), "t.txt", date="2022-02-03", title="x" * 201)
    assert str(e.value) == "t.txt: the title has 201 characters, above the limit of 200"
    with pytest.raises(EssayInputError) as e:
        add(where, ENGLISH.encode(), "t.txt", date="2022-02-03", title="a\x1b[31mb")
    assert str(e.value) == "t.txt: the title 'a\\x1b[31mb' contains control or invisible characters; type it as plain text"
    assert empty(where)


def test_title_from_the_file_name_when_the_text_has_none(where):
    r = add(where, ENGLISH.encode(), "my_weekly-note.txt", date="2023-01-05")
    assert r.essay.title == "my weekly-note" and r.essay.id == "my-weekly-note-2023-01-05"
    assert r.warnings == ("no title in the file: its name 'my weekly-note' is used (give one with --title)",)


def test_ids():
    assert store.essay_id("Kherson: what next?", "2022-11-11") == "kherson-what-next-2022-11-11"
    assert store.essay_id("Zaporizhzhia’s plant — état", "2022-11-11") == "zaporizhzhias-plant-etat-2022-11-11"
    long = store.essay_id("word " * 60, "2022-11-11")
    assert len(long) <= 80 and store.ID_RE.match(long) and long.endswith("-2022-11-11")
    assert store.essay_id("Case Against Negotiations", "2022-11-17") == "case-against-negotiations-2022-11-17-added"


@pytest.mark.parametrize("bad", ["../etc", "a/b", "", "UPPER-2022", "x" * 81, "a--b", ".tmp-x"])
def test_bad_ids_never_touch_the_disk(where, bad):
    with pytest.raises(store.UnknownEssay):
        store.load(bad, where)
    with pytest.raises(store.UnknownEssay):
        store.remove(bad, where)


def test_remove(where):
    e = add(where).essay
    store.remove(e.id, where)
    assert store.listing(where) == []
    if not on_db():
        assert [n for n in tree(where)] == ["essays/.revision"]
    with pytest.raises(store.UnknownEssay) as exc:
        store.remove(e.id, where)
    assert str(exc.value) == "no essay 'the-melitopol-question-2022-11-17' in the store"


def test_save_decisions_validates(where):
    e = add(where).essay
    before = state(where)
    for bad, msg in [
        ([{"place": "melitopol", "status": "maybe"}], "unknown decision status 'maybe'; one of accepted, rejected, added"),
        ([{"place": "../x", "status": "accepted"}], "a decision names no valid place id ('../x')"),
        (
            [{"place": "melitopol", "status": "accepted", "summary": "x" * 301}],
            "a summary has 301 characters, above the limit of 300",
        ),
        ([{"place": "melitopol", "status": "accepted", "evil": 1}], "a decision has unknown fields: evil"),
        (
            [{"place": "melitopol", "status": "accepted", "summary": "a\u202eb"}],
            "a summary or a name contains control or invisible characters",
        ),
    ]:
        with pytest.raises(ValueError) as exc:
            store.save_decisions(e.id, bad, store=where)
        assert str(exc.value) == msg
    assert state(where) == before
    saved = store.save_decisions(
        e.id, [{"place": "kherson", "status": "accepted"}, {"place": "kherson", "status": "rejected"}], store=where
    )
    assert saved.decisions == (model.Decision("kherson", "rejected"),)  # the last one for a place wins
    assert store.load(e.id, where).decisions == saved.decisions


def test_revision_changes_on_every_write(where):
    seen = {store.revision(where)}
    e = add(where).essay
    seen.add(store.revision(where))
    store.save_decisions(e.id, [model.Decision("kherson", "accepted")], store=where)
    seen.add(store.revision(where))
    add(where, TEXT.replace(b"last week", b"on Friday"), replace=True)
    seen.add(store.revision(where))
    store.remove(e.id, where)
    seen.add(store.revision(where))
    assert len(seen) == 5


@pytest.mark.files_only
def test_kill_mid_add_leaves_the_store_as_it_was(where, monkeypatch):
    add(where)
    before = state(where)

    def killed(*a, **k):
        raise KeyboardInterrupt("killed")  # like a kill: not an OSError, nothing handles it

    monkeypatch.setattr(store_files.os, "rename", killed)
    with pytest.raises(KeyboardInterrupt):
        add(where, TEXT.replace(b"Melitopol", b"Kherson"), "other.txt", title="Another essay")
    monkeypatch.undo()
    assert state(where) == before  # the temporary folder was removed on the way out


@pytest.mark.files_only
def test_kill_between_the_two_renames_of_a_replace_reads_the_old_essay(where, monkeypatch):
    """os.replace(old -> aside) happened, then the process died before the new folder was renamed in:
    the store reads the old essay from the aside folder, and the sweep puts it back."""
    old = add(where).essay
    real_replace = os.replace
    folder = store.essays_dir(where)

    def die_after_aside(src, dst):
        real_replace(src, dst)
        if Path(dst).name.startswith(".old-"):
            raise SystemExit("killed")  # nothing after this line runs, as in a kill -9

    monkeypatch.setattr(store_files.os, "replace", die_after_aside)
    monkeypatch.setattr(store_files.shutil, "rmtree", lambda *a, **k: None)  # a real kill cleans nothing up
    monkeypatch.setattr(store_files.os, "rename", lambda *a, **k: (_ for _ in ()).throw(SystemExit("killed")))
    with pytest.raises(SystemExit):
        add(where, TEXT.replace(b"last week", b"on Friday"), replace=True)
    monkeypatch.undo()
    assert not (folder / old.id).exists()
    assert store.load(old.id, where) == old  # the old essay, never a mix
    assert [s.id for s in store.listing(where)] == [old.id]
    # once stale, the sweep renames the aside back and removes the temporary folder
    for p in folder.iterdir():
        if p.name.startswith((".old-", ".tmp-")):
            os.utime(p, (time.time() - 3600, time.time() - 3600))
    store.listing(where)
    assert sorted(p.name for p in folder.iterdir()) == [".revision", old.id]
    assert store.load(old.id, where) == old


@pytest.mark.files_only
def test_unwritable_store_is_one_line(tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    with pytest.raises(EssayInputError) as e:
        store.add(TEXT, "m.txt", store=blocker, finder=finder)
    assert str(e.value).startswith(f"m.txt: cannot write to the essay store {str(blocker)!r} (")
    assert str(e.value).endswith("); nothing was stored")


def test_store_dir_rule(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFMAP_STORE", str(tmp_path))
    assert store.essays_dir() == tmp_path / "essays"
    assert store.essays_dir(tmp_path / "x") == tmp_path / "x" / "essays"
    monkeypatch.delenv("BRIEFMAP_STORE")
    from geo.core.paths import DATA

    assert store.store_dir() == DATA / "user"


def test_html_and_docx_essays_store_their_text_not_their_markup(where):
    from essayfiles import HOSTILE_HTML, docx_bytes

    r = add(where, HOSTILE_HTML, "page.html", date="2022-11-12")
    assert r.status == "added" and r.essay.title == "Kherson after the retreat"
    assert r.warnings == ("2 script element(s) removed (never run)",)
    assert [p.id for p in r.essay.places] == ["kherson"]
    assert "alert" not in json.dumps(r.essay.as_dict())
    assert source(where, r.essay.id, ".html") == HOSTILE_HTML  # as given, never served
    d = add(where, docx_bytes(["November 17, 2022", ENGLISH], title="Word essay", author="W. Author"), "w.DOCX")
    assert (d.essay.id, d.essay.author, d.essay.date) == ("word-essay-2022-11-17", "W. Author", "2022-11-17")
    assert [p.text for p in d.essay.paragraphs] == [ENGLISH]
    assert source(where, d.essay.id, ".docx")[:2] == b"PK"
    assert [s.id for s in store.listing(where)] == ["word-essay-2022-11-17", "kherson-after-the-retreat-2022-11-12"]
