"""geo.essays.store on PostgreSQL (geo.essays.store_pg): what only the database backend can show.

Each test gets a fresh database (``pg_url``) and sets BRIEFMAP_DATABASE_URL to it, whatever the run's
backend. The semantics shared with the file backend are pinned by test_essay_store.py, which runs on
both; here: the database counterparts of the file-layout tests (a failure mid-write leaves the old
essay), concurrent adds from two threads and two processes, hostile text round-tripping through
parameterised SQL, the 20 MB bound, namespaces, and an unreachable database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from essay_backend import state
from essayfiles import TEXT, finder

from geo.essays import model, store, store_pg
from geo.essays.reader import EssayInputError

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def db(pg_url, monkeypatch):
    monkeypatch.setenv("BRIEFMAP_DATABASE_URL", pg_url)
    return pg_url


@pytest.fixture()
def where(tmp_path, db):
    return tmp_path / "store"


def add(where, raw=TEXT, name="m.txt", **kw):
    return store.add(raw, name, store=where, finder=kw.pop("finder", finder), **kw)


def sql(query: str, params=()):
    from geo.db.connect import connection

    with connection() as conn:
        return conn.execute(query, params).fetchall()


def test_rows_hold_the_essay_its_summary_its_source_and_nothing_on_disk(where):
    e = add(where).essay
    assert not where.exists()  # the database holds it all
    [row] = sql(
        "SELECT store, id, title, essay_date::text, sha256, paragraphs, places, unresolved, format, source_name, "
        "source_ext, source, essay ? 'decisions', jsonb_array_length(decisions), scenes FROM essays"
    )
    assert row == (
        os.path.abspath(where),
        e.id,
        "The Melitopol Question",
        "2022-11-17",
        e.sha256,
        2,
        3,
        1,
        "text",
        "m.txt",
        ".txt",
        TEXT,
        False,
        0,
        None,
    )
    assert sql("SELECT revision FROM store_revisions WHERE store = %s AND kind = 'essays'", (os.path.abspath(where),)) == [(1,)]
    assert store.revision(where) == "db-1"


def test_a_failure_mid_write_leaves_the_old_essay(where):
    """The database counterpart of the kill tests: the write is one transaction; raising inside it
    (after the row was written, before the revision was bumped) rolls everything back."""
    old = add(where).essay
    store.save_decisions(old.id, [model.Decision("kherson", "accepted")], store=where)
    store.save_scenes_text(old.id, 'essay = "x"\n', where)
    old = store.load(old.id, where)
    before = state(where)

    def killed(*a, **k):
        raise KeyboardInterrupt("killed")

    real_bump = store_pg._bump
    store_pg._bump = killed  # not monkeypatch: its undo would also drop the database setting
    try:
        with pytest.raises(KeyboardInterrupt):
            add(where, TEXT.replace(b"last week", b"on Friday"), replace=True)
        with pytest.raises(KeyboardInterrupt):
            add(where, TEXT.replace(b"Melitopol", b"Kherson"), "other.txt", title="Another essay")
        with pytest.raises(KeyboardInterrupt):
            store.save_decisions(old.id, [model.Decision("bakhmut", "rejected")], store=where)
        with pytest.raises(KeyboardInterrupt):
            store.remove(old.id, where)
        with pytest.raises(KeyboardInterrupt):
            store.save_scenes_text(old.id, "other", where)
    finally:
        store_pg._bump = real_bump
    assert state(where) == before
    assert store.load(old.id, where) == old and store.scenes_text(old.id, where) == 'essay = "x"\n'


def slow_finder(barrier):
    def find(paragraphs):
        barrier.wait(timeout=20)  # both adds are past their first look before either writes
        return finder(paragraphs)

    return find


def test_two_threads_adding_the_same_text_leave_one_essay(where):
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run(name):
        try:
            results.append(store.add(TEXT, name, store=where, finder=slow_finder(barrier)))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in ("a.txt", "b.txt")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    assert sorted(r.status for r in results) == ["added", "unchanged"]
    assert [s.id for s in store.listing(where)] == ["the-melitopol-question-2022-11-17"]
    assert store.revision(where) == "db-1"  # one write


def test_two_threads_adding_the_same_text_under_two_titles_leave_one_essay(where):
    barrier = threading.Barrier(2)
    results = []
    threads = [
        threading.Thread(
            target=lambda t=t: results.append(store.add(TEXT, "m.txt", title=t, store=where, finder=slow_finder(barrier)))
        )
        for t in ("First title", "Second title")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(r.status for r in results) == ["added", "unchanged"]
    assert len(store.listing(where)) == 1


CHILD = r"""
import os, sys, time
sys.path[:0] = [sys.argv[1], os.path.join(sys.argv[1], "tests")]
from essayfiles import TEXT, finder
from geo.essays import store
gate, me = sys.argv[2], sys.argv[3]

def find(paragraphs):
    open(os.path.join(gate, me), "w").close()
    deadline = time.time() + 20
    while len(os.listdir(gate)) < 2 and time.time() < deadline:  # wait for the other process
        time.sleep(0.01)
    return finder(paragraphs)

r = store.add(TEXT, me + ".txt", store=sys.argv[4], finder=find)
print(r.status, r.essay.id)
"""


def test_two_processes_adding_the_same_text_leave_one_essay(where, tmp_path, db):
    gate = tmp_path / "gate"
    gate.mkdir()
    env = {**os.environ, "BRIEFMAP_DATABASE_URL": db}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(ROOT), str(gate), me, str(where)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for me in ("one", "two")
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    statuses = sorted(o[0].split()[0] for o in outs)
    assert statuses == ["added", "unchanged"], outs
    assert {o[0].split()[1] for o in outs} == {"the-melitopol-question-2022-11-17"}
    assert sql("SELECT count(*) FROM essays") == [(1,)]
    assert store.revision(where) == "db-1"


NASTY = "'; DROP TABLE essays; -- \" \\ \\' $$ $1 %s %(x)s {} {0} «ünï» 中文 🙂 \\x00"


def test_hostile_text_round_trips_exactly_and_changes_nothing_else(where, tmp_path):
    other = tmp_path / "other-store"
    add(other)  # another namespace, which must not change
    other_rows = "SELECT to_jsonb(e)::text FROM essays e WHERE store = %s ORDER BY id"
    before_other = sql(other_rows, (os.path.abspath(other),))
    tables = sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    title = "It's \"quoted\" \\ back\\slash '; DROP TABLE essays; -- $$ %s {} 中文 🙂"
    author = "O'Brien \"; DELETE FROM essays; -- $$x$$ %(a)s {x} ünï"
    filename = "evil'; DROP TABLE essays; --$$%s{}ü.txt"
    body = (
        "2022-11-17\n\n"
        "The headline line\n\n"
        f"Russian forces still hold Melitopol, and this paragraph is long enough to be one. {NASTY}\n\n"
        "Nobody has heard of Xyzville; $$ quoted $$ and E'\\\\' and %s %% {} {{}}. Bakhmut is under attack.\n"
    ).encode()
    r = store.add(body, filename, title=title, author=author, store=where, finder=finder)
    assert r.status == "added"
    e = r.essay
    assert (e.title, e.author, e.source_name) == (title, author, filename)
    assert any(NASTY in p.text for p in e.paragraphs), e.paragraphs
    summary = '\'; DROP TABLE essays; -- "x" \\ $$ %s {} ü 🙂'
    saved = store.save_decisions(
        e.id,
        [
            model.Decision("melitopol", "accepted", summary=summary),
            model.Decision("xyz-added", "added", name="Xyz'; DROP TABLE essays; -- $$ %s {}"),
        ],
        store=where,
    )
    scenes = f'# {NASTY}\nessay = "{e.id}"\ntitle = "\\" $$ %s {{}}"\n'
    assert store.save_scenes_text(e.id, scenes, where)
    # exactly as given, read back
    assert store.load(e.id, where) == saved
    assert saved.decisions[0].summary == summary
    assert store.scenes_text(e.id, where) == scenes
    [s] = store.listing(where)
    assert (s.id, s.title, s.author, s.source_name, s.sha256) == (e.id, title, author, e.source_name, e.sha256)
    assert store_pg.source(e.id, where) == (e.source_name, ".txt", body)
    # and nothing else changed
    assert sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1") == tables
    assert sql(other_rows, (os.path.abspath(other),)) == before_other
    assert sql("SELECT count(*) FROM essays") == [(2,)]
    store.remove(e.id, where)
    assert store.listing(where) == [] and len(store.listing(other)) == 1


def test_an_essay_over_20_mb_is_not_read_and_a_damaged_row_is_one_line(where):
    e = add(where).essay
    ns = store_pg.namespace(where)
    sql(
        "UPDATE essays SET essay = jsonb_set(essay, '{pad}', to_jsonb(repeat('x', %s))) WHERE store = %s AND id = %s "
        "RETURNING id",
        (store.MAX_JSON_BYTES + 1, ns, e.id),
    )
    with pytest.raises(store.UnknownEssay) as exc:
        store.load(e.id, where)
    assert str(exc.value) == f"essay '{e.id}' cannot be read (ValueError); remove it and add it again"
    assert [s.id for s in store.listing(where)] == [e.id]  # the listing never reads the essay
    sql(
        "UPDATE essays SET essay = jsonb_set(essay, '{id}', '\"another-id\"') WHERE store = %s AND id = %s RETURNING id",
        (ns, e.id),
    )
    with pytest.raises(store.UnknownEssay):
        store.load(e.id, where)
    sql("UPDATE essays SET essay = '[1, 2]'::jsonb WHERE store = %s AND id = %s RETURNING id", (ns, e.id))
    with pytest.raises(store.UnknownEssay) as exc:
        store.load(e.id, where)
    assert str(exc.value) == f"essay '{e.id}' cannot be read (TypeError); remove it and add it again"
    # an unreadable essay is replaced only on request, like a different text
    with pytest.raises(EssayInputError):
        add(where)
    assert add(where, replace=True).status == "replaced"
    assert store.load(e.id, where).id == e.id


def test_namespaces_keep_stores_apart_and_the_default_store_is_default(db, tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    add(a)
    assert store.listing(b) == [] and store.revision(b) == "absent"
    assert add(b).status == "added"  # the same text in another store is another essay
    monkeypatch.delenv("BRIEFMAP_STORE", raising=False)
    assert store_pg.namespace(None) == "default"
    assert store_pg.namespace(store.store_dir()) == "default"  # the UI passes store_dir(): still every server's "default"
    monkeypatch.setenv("BRIEFMAP_STORE", str(a))
    assert store_pg.namespace(None) == os.path.abspath(a)
    assert [s.id for s in store.listing()] == ["the-melitopol-question-2022-11-17"]


def test_revision_is_seen_by_another_connection(where):
    from geo.db.connect import close_all

    add(where)
    rev = store.revision(where)
    close_all()  # as another server would: a new pool, new connections
    assert store.revision(where) == rev
    store.save_decisions("the-melitopol-question-2022-11-17", [], store=where)
    assert store.revision(where) != rev


def test_an_unreachable_database_is_one_masked_line(tmp_path, monkeypatch):
    from geo.db.connect import DatabaseUnavailable

    monkeypatch.setenv("BRIEFMAP_DATABASE_URL", "postgresql://briefmap:s3cret-pw@127.0.0.1:1/briefmap")
    with pytest.raises(DatabaseUnavailable) as exc:
        store.add(TEXT, "m.txt", store=tmp_path, finder=finder)
    text = str(exc.value)
    assert "\n" not in text and "s3cret-pw" not in text and "briefmap:***@" in text
    assert json.dumps(text)  # one plain line
