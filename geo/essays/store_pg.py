"""The essays' PostgreSQL backend: one row per essay in table ``essays`` (migration 0003_essays.sql).

Chosen by the facade, ``geo.essays.store``, when ``BRIEFMAP_DATABASE_URL`` is set; the same
semantics as the file backend (``geo.essays.store_files``):

- every row is keyed by (``geo.db.settings.namespace(store)``, id): a store folder given to the
  file backend is a namespace here, and the deployment's default store is ``"default"`` on every
  server (an explicit ``store`` equal to the configured default store counts as the default);
- every write (add, replace, decisions, scenes, remove) is one transaction that bumps
  ``store_revisions(store, 'essays')``, and ``revision()`` reads that counter, so a write by
  another server is seen by every cache at its next rerun;
- ``add`` runs the place finder outside any transaction, then writes under a transaction-level
  advisory lock on the namespace, checking again what is stored: two processes adding the same text
  at once leave one essay (the second finds it: "unchanged");
- a replace updates the row in place: the saved scenes (column ``scenes``) stay, the decisions for
  places still found are kept;
- a stored essay over 20 MB of JSON is not read (as a file over 20 MB is not);
- every statement is parameterised; an unreachable database raises
  ``geo.db.connect.DatabaseUnavailable`` (one line, URL masked), never caught here.
"""

from __future__ import annotations

import dataclasses
import json
import os

from geo.db import settings
from geo.db.connect import connection
from geo.essays import model
from geo.essays.store import (
    MAX_JSON_BYTES,
    AddResult,
    Finder,
    Summary,
    UnknownEssay,
    _essay_from_dict,
    _Prepared,
)

KIND = "essays"
_LISTING = (
    "SELECT id, title, to_char(essay_date, 'YYYY-MM-DD'), author, source_name, sha256, paragraphs, places, unresolved, "
    """to_char(added_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'), format """
    "FROM essays WHERE store = %s"
)  # the Summary fields, in order


def namespace(store: str | os.PathLike | None = None) -> str:
    """The namespace of a store: ``geo.db.settings.namespace``, the configured default store as None.

    Parameters
    ----------
    store : str or PathLike, optional
        The store as the file backend takes it.

    Returns
    -------
    str
        "default" for the deployment's store (no ``BRIEFMAP_STORE``, whether passed as None or as
        ``store_dir()``, as the UI does), else the folder's absolute path.

    Examples
    --------
    >>> namespace("/srv/s") == os.path.abspath("/srv/s")
    True
    """
    return settings.namespace(store)


def _bump(conn, ns: str) -> None:
    conn.execute(
        "INSERT INTO store_revisions (store, kind, revision) VALUES (%s, %s, 1) "
        "ON CONFLICT (store, kind) DO UPDATE SET revision = store_revisions.revision + 1",
        (ns, KIND),
    )


def _lock(conn, ns: str) -> None:
    """One writer at a time per namespace, across processes and servers (released at commit)."""
    conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", ("briefmap-essays:" + ns,))


# ---------------------------------------------------------------------------------------------------
# reading


def revision(store: str | os.PathLike | None = None) -> str:
    """The namespace's ``store_revisions`` counter ("absent" before the first write)."""
    with connection() as conn:
        row = conn.execute(
            "SELECT revision FROM store_revisions WHERE store = %s AND kind = %s", (namespace(store), KIND)
        ).fetchone()
    return "absent" if row is None else f"db-{row[0]}"


def listing(store: str | os.PathLike | None = None) -> list[Summary]:
    """Every essay of the namespace from its summary columns (never the paragraphs); unsorted."""
    with connection() as conn:
        rows = conn.execute(_LISTING, (namespace(store),)).fetchall()
    return [Summary(*row) for row in rows]


def _load(conn, ns: str, essay_id: str) -> model.Essay:
    row = conn.execute(
        "SELECT octet_length(t), CASE WHEN octet_length(t) <= %s THEN t END, decisions::text "
        "FROM (SELECT essay::text AS t, decisions FROM essays WHERE store = %s AND id = %s) AS e",
        (MAX_JSON_BYTES, ns, essay_id),
    ).fetchone()
    if row is None:
        raise UnknownEssay(f"no essay {essay_id!r} in the store")
    size, text, decisions = row
    try:
        if text is None:
            raise ValueError(f"the essay is over {MAX_JSON_BYTES // (1024 * 1024)} MB ({size} bytes)")
        d = json.loads(text)
        if not isinstance(d, dict):
            raise TypeError("the essay is not an object")
        d["decisions"] = json.loads(decisions)
        essay = _essay_from_dict(d)
        if essay.id != essay_id:
            raise ValueError("the essay's id differs from its row's")
        return essay
    except (ValueError, TypeError, KeyError) as exc:
        raise UnknownEssay(f"essay {essay_id!r} cannot be read ({type(exc).__name__}); remove it and add it again") from None


def load(essay_id: str, store: str | os.PathLike | None = None) -> model.Essay:
    """One stored essay (its id already checked by the facade)."""
    with connection() as conn:
        return _load(conn, namespace(store), essay_id)


# ---------------------------------------------------------------------------------------------------
# writing


def _existing(conn, ns: str, prep: _Prepared, replace: bool) -> tuple[AddResult | None, model.Essay | None, bool]:
    """What is stored for this file: (an "unchanged" result, or None; the essay its id holds, if readable;
    whether its id has a row). Raises the refusal for a different text without ``replace``."""
    has_row = conn.execute("SELECT 1 FROM essays WHERE store = %s AND id = %s", (ns, prep.eid)).fetchone() is not None
    existing = None
    if has_row:
        try:
            existing = _load(conn, ns, prep.eid)
        except UnknownEssay:
            existing = None  # unreadable: replaced only on request, like a different text
        if existing is not None and existing.sha256 == prep.sha:
            return prep.unchanged(existing), existing, True
    if existing is None:
        rows = conn.execute(
            "SELECT id FROM essays WHERE store = %s AND sha256 = %s AND id <> %s ORDER BY id", (ns, prep.sha, prep.eid)
        ).fetchall()
        for (other,) in rows:
            try:
                return prep.unchanged(_load(conn, ns, other)), None, has_row
            except UnknownEssay:
                continue
    if has_row and not replace:
        prep.refuse()
    return None, existing, has_row


def add(prep: _Prepared, *, replace: bool, store: str | os.PathLike | None, finder: Finder) -> AddResult:
    """``geo.essays.store.add`` on the database: check, find the places (no transaction open), then
    check again and write in one transaction under the namespace's advisory lock."""
    ns = namespace(store)
    with connection() as conn:
        done, _, _ = _existing(conn, ns, prep, replace)
    if done is not None:
        return done
    places, unresolved = finder(prep.doc.paragraphs)
    with connection() as conn:
        _lock(conn, ns)
        done, existing, replacing = _existing(conn, ns, prep, replace)  # another server may have written meanwhile
        if done is not None:
            return done
        essay, kept, dropped = prep.essay(places, unresolved, existing)
        body = essay.as_dict()
        decisions = body.pop("decisions", [])
        essay_json = json.dumps(body, ensure_ascii=False, allow_nan=False)
        values = {
            "store": ns,
            "id": essay.id,
            "title": essay.title,
            "essay_date": essay.date,
            "author": essay.author,
            "sha256": essay.sha256,
            "paragraphs": len(essay.paragraphs),
            "places": len(essay.places),
            "unresolved": len(essay.unresolved),
            "format": str(getattr(prep.doc, "format", "") or ""),
            "source_name": essay.source_name,
            "source_ext": prep.ext,
            "source": prep.raw,
            "essay": essay_json,
            "decisions": json.dumps(decisions, ensure_ascii=False, allow_nan=False),
        }
        conn.execute(
            "INSERT INTO essays (store, id, title, essay_date, author, sha256, paragraphs, places, unresolved, format, "
            "source_name, source_ext, source, essay, decisions, added_at, updated_at) "
            "VALUES (%(store)s, %(id)s, %(title)s, %(essay_date)s::date, %(author)s, %(sha256)s, %(paragraphs)s, "
            "%(places)s, %(unresolved)s, %(format)s, %(source_name)s, %(source_ext)s, %(source)s, %(essay)s::jsonb, "
            "%(decisions)s::jsonb, now(), now()) "
            "ON CONFLICT (store, id) DO UPDATE SET title = EXCLUDED.title, essay_date = EXCLUDED.essay_date, "
            "author = EXCLUDED.author, sha256 = EXCLUDED.sha256, paragraphs = EXCLUDED.paragraphs, "
            "places = EXCLUDED.places, unresolved = EXCLUDED.unresolved, format = EXCLUDED.format, "
            "source_name = EXCLUDED.source_name, source_ext = EXCLUDED.source_ext, source = EXCLUDED.source, "
            "essay = EXCLUDED.essay, decisions = EXCLUDED.decisions, added_at = now(), updated_at = now()",
            values,
        )
        _bump(conn, ns)
    return prep.result(essay, replacing, kept, dropped)


def save_decisions(essay_id: str, decisions: tuple[model.Decision, ...], store: str | os.PathLike | None) -> model.Essay:
    """Replace the row's decisions (checked by the facade) in one transaction."""
    ns = namespace(store)
    payload = json.dumps([dataclasses.asdict(d) for d in decisions], ensure_ascii=False, allow_nan=False)
    with connection() as conn:
        _lock(conn, ns)
        essay = _load(conn, ns, essay_id)
        conn.execute(
            "UPDATE essays SET decisions = %s::jsonb, updated_at = now() WHERE store = %s AND id = %s",
            (payload, ns, essay_id),
        )
        _bump(conn, ns)
    return dataclasses.replace(essay, decisions=decisions)


def remove(essay_id: str, store: str | os.PathLike | None = None) -> None:
    """Delete the essay's row (its source and saved scenes with it)."""
    ns = namespace(store)
    with connection() as conn:
        _lock(conn, ns)
        gone = conn.execute("DELETE FROM essays WHERE store = %s AND id = %s RETURNING id", (ns, essay_id)).fetchone()
        if gone is None:
            raise UnknownEssay(f"no essay {essay_id!r} in the store")
        _bump(conn, ns)


def source(essay_id: str, store: str | os.PathLike | None = None) -> tuple[str, str, bytes]:
    """The file as given: (its shown name, its extension, its bytes).

    Parameters
    ----------
    essay_id : str
        A stored essay's id.
    store : str or PathLike, optional
        The store (its namespace).

    Returns
    -------
    tuple of (str, str, bytes)

    Raises
    ------
    UnknownEssay
        No such essay.

    Examples
    --------
    >>> source("x-2024-01-01")  # doctest: +SKIP
    ('x.txt', '.txt', b'...')
    """
    with connection() as conn:
        row = conn.execute(
            "SELECT source_name, source_ext, source FROM essays WHERE store = %s AND id = %s", (namespace(store), essay_id)
        ).fetchone()
    if row is None:
        raise UnknownEssay(f"no essay {essay_id!r} in the store")
    return row[0], row[1], bytes(row[2])


# ---------------------------------------------------------------------------------------------------
# the saved scenes: column ``scenes`` of the essay's row


def scenes_text(essay_id: str, store: str | os.PathLike | None = None) -> str | None:
    """The saved scenes, or None."""
    with connection() as conn:
        row = conn.execute("SELECT scenes FROM essays WHERE store = %s AND id = %s", (namespace(store), essay_id)).fetchone()
    return None if row is None else row[0]


def save_scenes_text(essay_id: str, text: str, store: str | os.PathLike | None = None) -> bool:
    """Save the scenes in the essay's row (one transaction); False when there is no such essay."""
    ns = namespace(store)
    with connection() as conn:
        cur = conn.execute(
            "UPDATE essays SET scenes = %s, scenes_rev = scenes_rev + 1, updated_at = now() WHERE store = %s AND id = %s",
            (text, ns, essay_id),
        )
        if cur.rowcount != 1:
            return False
        _bump(conn, ns)
    return True


def discard_scenes(essay_id: str, store: str | os.PathLike | None = None) -> bool:
    """Clear the saved scenes; True if there were some."""
    ns = namespace(store)
    with connection() as conn:
        cur = conn.execute(
            "UPDATE essays SET scenes = NULL, scenes_rev = scenes_rev + 1, updated_at = now() "
            "WHERE store = %s AND id = %s AND scenes IS NOT NULL",
            (ns, essay_id),
        )
        if cur.rowcount != 1:
            return False
        _bump(conn, ns)
    return True


def scenes_stamp(essay_id: str, store: str | os.PathLike | None = None) -> str:
    """The scenes' length and counter ("" when none are saved)."""
    with connection() as conn:
        row = conn.execute(
            "SELECT octet_length(scenes), scenes_rev FROM essays WHERE store = %s AND id = %s AND scenes IS NOT NULL",
            (namespace(store), essay_id),
        ).fetchone()
    return "" if row is None else f"{row[0]}:{row[1]}"
