"""The essay store's whole state on whichever backend the test run uses (files, or the database of
BRIEFMAP_DATABASE_URL), so one test checks "nothing changed" on both."""

from __future__ import annotations

from pathlib import Path

from essayfiles import tree

from geo.db import settings


def on_db() -> bool:
    """True when the essays live in PostgreSQL (BRIEFMAP_DATABASE_URL set)."""
    return settings.enabled()


def state(where) -> dict:
    """Files: every file under the store. Database: every essays row and every revision counter
    (of every namespace: a write that touched another store shows too)."""
    if not on_db():
        return tree(Path(where))
    from geo.db.connect import connection

    with connection() as conn:
        rows = conn.execute("SELECT to_jsonb(e)::text FROM essays e ORDER BY store, id").fetchall()
        revs = conn.execute("SELECT store, kind, revision FROM store_revisions ORDER BY store, kind").fetchall()
    return {"essays": [r[0] for r in rows], "revisions": [tuple(r) for r in revs]}


def empty(where) -> bool:
    """Nothing was ever stored in this store (no folder; no row and no revision of its namespace)."""
    if not on_db():
        return not Path(where).exists()
    from geo.db.connect import connection
    from geo.essays import store_pg

    ns = store_pg.namespace(where)
    with connection() as conn:
        n = conn.execute("SELECT count(*) FROM essays WHERE store = %s", (ns,)).fetchone()[0]
        r = conn.execute("SELECT count(*) FROM store_revisions WHERE store = %s AND kind = 'essays'", (ns,)).fetchone()[0]
    return n == 0 and r == 0


def source(where, essay_id: str, ext: str) -> bytes:
    """The file as given, as the store keeps it."""
    if not on_db():
        return (Path(where) / "essays" / essay_id / f"source{ext}").read_bytes()
    from geo.essays import store_pg

    name, got_ext, raw = store_pg.source(essay_id, where)
    assert got_ext == ext
    return raw


def remove_behind_the_stores_back(where, essay_id: str) -> None:
    """The essay disappears as if another process removed it (files: its folder is deleted, which
    moves the folder's time; database: another server's ``remove``, which bumps the revision)."""
    if not on_db():
        import shutil

        shutil.rmtree(Path(where) / "essays" / essay_id)
        return
    from geo.essays import store

    store.remove(essay_id, where)
