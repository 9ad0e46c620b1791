"""The snapshot store: one interface, two backends.

Every function here keeps the signature it had when the store was only a folder; each dispatches
to the file backend (`geo.lines.store_files`: one GeoJSON file per snapshot, the embedded default,
no server needed) or, when a database is set (``BRIEFMAP_DATABASE_URL``,
`geo.db.settings.enabled()`), to the database backend (`geo.lines.store_pg`: rows and PostGIS
geometry shared by every app server). The semantics are the same on both: a snapshot is named
``date__source__sha12.geojson`` (`Stored.name`); a second import of the same file for the same
date is a no-op; for one (date, source) the newest import is current and the earlier ones stay in
the history (`history`, `promote`); every write changes `revision`, which the caches key on.

A `store` argument is the store folder to the file backend (None: ``--store``,
``$BRIEFMAP_STORE``, else data/user/) and the namespace to the database backend
(`geo.db.settings.namespace`: the folder's absolute path; the deployment's own store is
``"default"`` on every server, whether given as None or as its folder). psycopg is imported only when the database is on.
"""

from __future__ import annotations

from pathlib import Path

from geo.db.settings import enabled, namespace
from geo.lines import store_files as _files
from geo.lines.snapshot import Snapshot
from geo.lines.store_files import DEFAULT_STORE, REVISION_FILE, SUPERSEDED, store_dir
from geo.lines.stored import NAME as _NAME  # noqa: F401  (the file name rule: tests/conftest.py checks such files)
from geo.lines.stored import SOURCE_PREFERENCE, DbRef, Stored, slug

__all__ = [
    "DEFAULT_STORE",
    "REVISION_FILE",
    "SOURCE_PREFERENCE",
    "SUPERSEDED",
    "DbRef",
    "Stored",
    "backend",
    "dates",
    "find",
    "for_date",
    "history",
    "listing",
    "load",
    "promote",
    "put",
    "remove",
    "revision",
    "slug",
    "store_dir",
    "sweep",
]


def backend() -> str:
    """The backend in use: ``"postgres"`` when a database is set, else ``"files"``.

    Returns
    -------
    str
        ``"postgres"`` or ``"files"``.

    Examples
    --------
    >>> backend() in ("files", "postgres")
    True
    """
    return "postgres" if enabled() else "files"


def _pg():
    from geo.lines import store_pg

    return store_pg


def listing(store: Path | None = None) -> list[Stored]:
    """Current snapshots (one per date and source: the newest import), oldest date first.

    Parameters
    ----------
    store : Path, optional
        The store (see the module).

    Returns
    -------
    list of Stored
        Sorted by (date, source, sha12); superseded imports (the history) are left out.

    Examples
    --------
    >>> import tempfile
    >>> listing(Path(tempfile.mkdtemp()))
    []
    """
    return _pg().listing(namespace(store)) if enabled() else _files.listing(store)


def dates(store: Path | None = None) -> list[str]:
    """The dates with a current snapshot, ascending.

    Examples
    --------
    >>> import tempfile
    >>> dates(Path(tempfile.mkdtemp()))
    []
    """
    return sorted({s.date for s in listing(store)})


def for_date(date: str, source: str | None = None, store: Path | None = None) -> Stored | None:
    """The snapshot to use for a date: the asked source, else DeepStateMap, else the first.

    Examples
    --------
    >>> import tempfile
    >>> for_date("2024-03-01", None, Path(tempfile.mkdtemp())) is None
    True
    """
    return _pg().for_date(date, source, namespace(store)) if enabled() else _files.for_date(date, source, store)


def find(date: str, sha256: str, store: Path | None = None) -> Stored | None:
    """This file's snapshot for this date, current or in the history.

    Examples
    --------
    >>> import tempfile
    >>> find("2024-03-01", "0" * 64, Path(tempfile.mkdtemp())) is None
    True
    """
    return _pg().find(date, sha256, namespace(store)) if enabled() else _files.find(date, sha256, store)


def history(date: str, source: str, store: Path | None = None) -> list[Stored]:
    """Every import for (date, source), the current one first, then the superseded ones, newest first.

    Examples
    --------
    >>> import tempfile
    >>> history("2024-03-01", "deepstate", Path(tempfile.mkdtemp()))
    []
    """
    return _pg().history(date, source, namespace(store)) if enabled() else _files.history(date, source, store)


def promote(item: Stored, store: Path | None = None) -> Stored:
    """Make an earlier import the current one for its (date, source); the current one goes to the history.

    Parameters
    ----------
    item : Stored
        An import from `history`.
    store : Path, optional
        The store (the file backend's folder; a database row knows its namespace).

    Returns
    -------
    Stored
        The import, now current.

    Examples
    --------
    >>> promote(history("2024-03-01", "deepstate")[1])  # doctest: +SKIP
    """
    if item.ref is not None:
        return _pg().promote(item)
    return _files.promote(item, store)


def sweep(store: Path | None = None) -> None:
    """Remove what a killed import left behind: hidden temporary files older than 10 minutes (the file
    backend; a database transaction leaves nothing behind).

    Examples
    --------
    >>> import tempfile
    >>> sweep(Path(tempfile.mkdtemp()))
    """
    if not enabled():
        _files.sweep(store)


def put(snap: Snapshot, store: Path | None = None) -> tuple[Stored, bool]:
    """Store a snapshot; (entry, False) if this file was already imported for this date (current or in
    the history: a no-op either way). A new file for a (date, source) that already has a snapshot
    becomes the current one; the earlier one moves to the history, and the snapshot's warnings say so.

    Parameters
    ----------
    snap : Snapshot
        What the importer made.
    store : Path, optional
        The store.

    Returns
    -------
    (Stored, bool)
        The entry, and whether it was created now.

    Examples
    --------
    >>> put(snap)  # doctest: +SKIP
    (Stored(date='2024-03-01', ...), True)
    """
    return _pg().put(snap, namespace(store)) if enabled() else _files.put(snap, store)


def remove(item: Stored) -> None:
    """Delete a snapshot (current or in the history).

    Examples
    --------
    >>> remove(listing()[0])  # doctest: +SKIP
    """
    if item.ref is not None:
        _pg().remove(item)
    else:
        _files.remove(item)


def load(item: Stored) -> Snapshot:
    """The snapshot an entry holds (kept per entry: a stored snapshot never changes).

    Examples
    --------
    >>> load(listing()[0]).date  # doctest: +SKIP
    '2024-03-01'
    """
    return _pg().load(item) if item.ref is not None else _files.load(item)


def revision(store_path: str | Path | None = None) -> str:
    """A cheap stamp of the store's state that changes on every write (the caches key on it).

    The file backend combines its ``.revision`` file with the folder's modification times (files
    added or removed by hand count too); the database backend reads ``store_revisions`` (one indexed
    row), so a write made by another server is seen at the next call.

    Parameters
    ----------
    store_path : str or Path, optional
        The store.

    Returns
    -------
    str
        Equal for two calls exactly when nothing was written in between ("absent" for a store that
        was never written to).

    Examples
    --------
    >>> import tempfile
    >>> revision(Path(tempfile.mkdtemp()) / "nothing")
    'absent'
    """
    return _pg().revision(namespace(store_path)) if enabled() else _files.revision(store_path)
