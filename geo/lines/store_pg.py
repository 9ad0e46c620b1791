"""The snapshot store's database backend: snapshots as rows, their geometry as PostGIS geometry.

Used by `geo.lines.store` when a database is set (``BRIEFMAP_DATABASE_URL``, see `geo.db`); the
same semantics as the file backend (`geo.lines.store_files`), so several app servers share one store:

- one row per import of a file for a date in table ``snapshots`` (store namespace, date, source slug,
  sha256/sha12, file name, importer version, mapping, warnings, the whole metadata as jsonb), its
  features (PostGIS ``geometry(Geometry, 4326)`` and properties) in ``snapshot_features``;
- the same file for the same date again: ``(existing, False)``, a no-op (UNIQUE (store, date, sha12));
- newest wins: one current row per (store, date, source) (a partial unique index); an import of
  another file moves the earlier one into the history (``current = false``) and says so in its
  warnings; `promote` makes an earlier one current again;
- every write takes a transaction-level advisory lock per (store, date), so two servers importing at
  once are serialised: the same file leaves one row, two files leave one current and one in history;
- every write bumps ``store_revisions(store, 'snapshots')`` in the same transaction: `revision` is
  one indexed read, so another server's caches see the write at their next rerun.

Every statement is parameterised. Geometry goes in and out as WKB (exactly the geometry the file
backend reads back from its GeoJSON). PostgreSQL text cannot hold NUL, so a NUL character in a name
or a warning is stored as U+FFFD. An unreachable database raises `geo.db.connect.DatabaseUnavailable`.
"""

from __future__ import annotations

import hashlib
import json
import threading
from functools import lru_cache
from typing import Any

import shapely

from geo.db.connect import connection
from geo.db.settings import database_url
from geo.lines.snapshot import Snapshot
from geo.lines.stored import DbRef, Stored, pick_for_date, slug

KIND = "snapshots"
LOCK_CLASS = 0x736E6170  # pg_advisory_xact_lock(class, key) class for snapshot writes ("snap")
_ROWS = """SELECT id, to_char(date, 'YYYY-MM-DD'), source, sha12, current, imported_at,
    to_char(promoted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') FROM snapshots"""


def database_key(url: str | None = None) -> str:
    """A short digest naming the database (never the URL itself: it holds a password).

    Parameters
    ----------
    url : str, optional
        The database URL (default ``BRIEFMAP_DATABASE_URL``).

    Returns
    -------
    str
        12 hex digits.

    Examples
    --------
    >>> database_key("postgresql://u:pw@db/briefmap") == database_key("postgresql://u:pw@db/briefmap")
    True
    >>> len(database_key("postgresql://u:pw@db/briefmap"))
    12
    """
    return hashlib.sha256((url or database_url() or "").encode()).hexdigest()[:12]


def _text(value: Any) -> Any:
    """Strings, recursively, with NUL (which PostgreSQL text and jsonb cannot hold) as U+FFFD."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {_text(k): _text(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_text(v) for v in value]
    return value


def _jsonb(value: Any):
    from psycopg.types.json import Jsonb

    return Jsonb(_text(value))


def _stored(db: str, ns: str, row) -> Stored:
    rid, date, source, sha12, current, imported_at, promoted_at = row
    return Stored(date, source, sha12, None, DbRef(db, ns, rid), bool(current), (imported_at or "", promoted_at or ""))


def _bump(conn, ns: str) -> None:
    conn.execute(
        "INSERT INTO store_revisions (store, kind, revision) VALUES (%s, %s, 1)"
        " ON CONFLICT (store, kind) DO UPDATE SET revision = store_revisions.revision + 1",
        (ns, KIND),
    )


def _lock(conn, ns: str, date: str) -> None:
    """Serialise the writes to one (store, date) across every server, until the transaction ends."""
    conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (LOCK_CLASS, f"{ns}\x1f{date}"))


def revision(ns: str) -> str:
    """The store's revision stamp: one indexed read of ``store_revisions``.

    Parameters
    ----------
    ns : str
        The store namespace (`geo.db.settings.namespace`).

    Returns
    -------
    str
        ``"absent"`` for a store nothing was ever written to, else the database's digest and the counter.

    Examples
    --------
    >>> revision("default")  # doctest: +SKIP
    'db:3f2a9c01b7de:12'
    """
    with connection() as conn:
        row = conn.execute("SELECT revision FROM store_revisions WHERE store = %s AND kind = %s", (ns, KIND)).fetchone()
    return "absent" if row is None else f"db:{database_key()}:{row[0]}"


_CACHE: dict[tuple[str, str], tuple[str, tuple[Stored, ...]]] = {}  # (database, store) -> (revision, rows)
_CACHE_LOCK = threading.Lock()


def _rows(conn, ns: str) -> list[tuple]:
    """The store's rows (its "folder scan"), current and history."""
    return conn.execute(_ROWS + " WHERE store = %s ORDER BY date, source, sha12", (ns,)).fetchall()


def _all(ns: str) -> list[Stored]:
    """Every row of the store (current and history), read once per store revision."""
    db = database_key()
    with connection() as conn:
        row = conn.execute("SELECT revision FROM store_revisions WHERE store = %s AND kind = %s", (ns, KIND)).fetchone()
        rev = "absent" if row is None else str(row[0])
        with _CACHE_LOCK:
            hit = _CACHE.get((db, ns))
        if hit is not None and hit[0] == rev:
            return list(hit[1])
        rows = _rows(conn, ns)
    items = tuple(_stored(db, ns, r) for r in rows)
    with _CACHE_LOCK:
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[(db, ns)] = (rev, items)
    return list(items)


def listing(ns: str) -> list[Stored]:
    """Current snapshots (one per date and source), oldest date first.

    Parameters
    ----------
    ns : str
        The store namespace.

    Returns
    -------
    list of Stored
        Sorted by (date, source, sha12).

    Examples
    --------
    >>> listing("default")  # doctest: +SKIP
    [Stored(date='2024-03-01', source='deepstate', ...)]
    """
    return [s for s in _all(ns) if s.current]


def for_date(date: str, source: str | None, ns: str) -> Stored | None:
    """The snapshot to use for a date: the asked source, else DeepStateMap, else the first (as the file backend)."""
    return pick_for_date(listing(ns), date, source)


def find(date: str, sha256: str, ns: str) -> Stored | None:
    """This file's snapshot for this date, current or in the history."""
    return next((s for s in _all(ns) if s.date == date and s.sha12 == sha256[:12]), None)


def history(date: str, source: str, ns: str) -> list[Stored]:
    """Every import for (date, source): the current one first, then the earlier ones, newest first."""
    key = slug(source)
    items = [s for s in _all(ns) if s.date == date and s.source == key]
    current = [s for s in items if s.current]
    rest = sorted((s for s in items if not s.current), key=Stored.recency, reverse=True)
    return current + rest


@lru_cache(maxsize=512)
def _metadata(db: str, rid: int) -> str:
    with connection() as conn:
        row = conn.execute("SELECT metadata::text FROM snapshots WHERE id = %s", (rid,)).fetchone()
    if row is None:
        raise FileNotFoundError(f"snapshot {rid} is no longer in the store")
    return row[0]


def metadata(item: Stored) -> dict:
    """The snapshot's metadata object, as stored at import (read once per row)."""
    return json.loads(_metadata(item.ref.database, item.ref.id))


@lru_cache(maxsize=32)
def _load(db: str, rid: int) -> Snapshot:
    with connection() as conn:
        row = conn.execute("SELECT metadata FROM snapshots WHERE id = %s", (rid,)).fetchone()
        if row is None:
            raise FileNotFoundError(f"snapshot {rid} is no longer in the store")
        feats = conn.execute(
            "SELECT properties, ST_AsBinary(geom) FROM snapshot_features WHERE snapshot_id = %s ORDER BY ord", (rid,)
        ).fetchall()
    return Snapshot.from_parts(row[0], ((p, shapely.from_wkb(bytes(wkb))) for p, wkb in feats))


def load(item: Stored) -> Snapshot:
    """The snapshot a row holds: the same `Snapshot` the file backend reads (read once per row).

    Parameters
    ----------
    item : Stored
        A row of this backend.

    Returns
    -------
    Snapshot
        Its geometry (from PostGIS, as WKB) and metadata.

    Examples
    --------
    >>> load(listing("default")[0]).date  # doctest: +SKIP
    '2024-03-01'
    """
    return _load(item.ref.database, item.ref.id)


def _document(snap: Snapshot) -> tuple[dict, list[tuple[int, str, dict, bytes]]]:
    """The metadata and the (ord, class, properties, WKB) of each feature, from the GeoJSON the file
    backend would write (coordinates rounded and made valid exactly as there)."""
    doc = json.loads(snap.to_geojson())
    feats = [
        (i, f["properties"]["class"], f["properties"], shapely.to_wkb(shapely.geometry.shape(f["geometry"]), output_dimension=2))
        for i, f in enumerate(doc["features"])
    ]
    return doc["metadata"], feats


def put(snap: Snapshot, ns: str) -> tuple[Stored, bool]:
    """Store a snapshot; (existing, False) if this file was already imported for this date.

    Parameters
    ----------
    snap : Snapshot
        What the importer made.
    ns : str
        The store namespace.

    Returns
    -------
    (Stored, bool)
        The row, and whether it was created now.

    Examples
    --------
    >>> put(snap, "default")  # doctest: +SKIP
    (Stored(date='2024-03-01', ...), True)
    """
    db, key, sha12 = database_key(), slug(snap.source), snap.source_sha256[:12]
    name = f"{snap.date}__{key}__{sha12}.geojson"
    with connection() as conn:
        _lock(conn, ns, snap.date)
        row = conn.execute(_ROWS + " WHERE store = %s AND date = %s AND sha12 = %s", (ns, snap.date, sha12)).fetchone()
        if row is not None:
            return _stored(db, ns, row), False
        earlier = conn.execute(
            "SELECT id, source_file, name FROM snapshots WHERE store = %s AND date = %s AND source = %s AND current",
            (ns, snap.date, key),
        ).fetchall()
        added = [
            f"replaces the earlier import of {shown or old_name} for {snap.date}/{key} (kept in history)"
            for _, shown, old_name in earlier
        ]
        snap.warnings.extend(added)
        meta, feats = _document(snap)
        if earlier:
            conn.execute("UPDATE snapshots SET current = false WHERE id = ANY(%s)", ([r[0] for r in earlier],))
        new = conn.execute(
            "INSERT INTO snapshots (store, date, source, sha256, sha12, name, source_file, format, imported_at, current,"
            " importer_version, mapping, warnings, metadata) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, true, %s, %s, %s, %s)"
            " ON CONFLICT (store, date, sha12) DO NOTHING RETURNING id",
            (
                ns,
                snap.date,
                key,
                snap.source_sha256,
                sha12,
                name,
                _text(snap.source_file),
                _text(snap.format),
                _text(snap.imported_at or ""),
                _text(snap.importer_version),
                _text(snap.mapping or ""),
                _jsonb(list(snap.warnings)),
                _jsonb(meta),
            ),
        ).fetchone()
        if new is None:  # cannot happen under the lock; should a writer skip it, its row stands
            conn.rollback()
            del snap.warnings[len(snap.warnings) - len(added) :]
            row = conn.execute(_ROWS + " WHERE store = %s AND date = %s AND sha12 = %s", (ns, snap.date, sha12)).fetchone()
            return _stored(db, ns, row), False
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO snapshot_features (snapshot_id, ord, class, properties, geom)"
                " VALUES (%s, %s, %s, %s, ST_SetSRID(ST_GeomFromWKB(%s), 4326))",
                [(new[0], i, cls, _jsonb(props), wkb) for i, cls, props, wkb in feats],
            )
        _bump(conn, ns)
        row = conn.execute(_ROWS + " WHERE id = %s", (new[0],)).fetchone()
    return _stored(db, ns, row), True


def promote(item: Stored) -> Stored:
    """Make an earlier import the current one for its (date, source); the current one goes to the history.

    Parameters
    ----------
    item : Stored
        A row of this backend.

    Returns
    -------
    Stored
        The row, now current (unchanged when it already was, or is no longer in the store).

    Examples
    --------
    >>> promote(history("2024-03-01", "deepstate", "default")[1])  # doctest: +SKIP
    Stored(date='2024-03-01', ...)
    """
    if not item.superseded:
        return item
    ns = item.ref.store
    with connection() as conn:
        _lock(conn, ns, item.date)
        exists = conn.execute("SELECT 1 FROM snapshots WHERE id = %s AND store = %s", (item.ref.id, ns)).fetchone()
        if exists is None:
            return item
        conn.execute(
            "UPDATE snapshots SET current = false WHERE store = %s AND date = %s AND source = %s AND current AND id <> %s",
            (ns, item.date, item.source, item.ref.id),
        )
        conn.execute("UPDATE snapshots SET current = true, promoted_at = clock_timestamp() WHERE id = %s", (item.ref.id,))
        _bump(conn, ns)
        row = conn.execute(_ROWS + " WHERE id = %s", (item.ref.id,)).fetchone()
    return _stored(item.ref.database, ns, row)


def remove(item: Stored) -> None:
    """Delete a snapshot (current or in the history) and its features.

    Examples
    --------
    >>> remove(listing("default")[0])  # doctest: +SKIP
    """
    ns = item.ref.store
    with connection() as conn:
        _lock(conn, ns, item.date)
        gone = conn.execute("DELETE FROM snapshots WHERE id = %s AND store = %s RETURNING id", (item.ref.id, ns)).fetchone()
        if gone is not None:
            _bump(conn, ns)
