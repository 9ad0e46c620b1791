"""The snapshot store's file backend: one GeoJSON file per imported snapshot, named date__source__hash.

The embedded default (no server needed); `geo.lines.store` dispatches here unless a database is set
(`geo.db.settings.enabled()`), when `geo.lines.store_pg` holds the snapshots instead.

A snapshot is one file written by an atomic rename, so a crash or a kill mid-import leaves the
store as it was (at worst a hidden temporary file, swept by the next import or listing once 10 minutes old). The file hash in the
name makes a second import of the same file for the same date a no-op.

Newest wins: for one (date, source) only the newest import is current (by `imported_at` in its
metadata, tie-broken by file mtime). Importing another file for the same date and source moves the
earlier one into the `superseded/` subfolder (an atomic rename, after the new file is in place):
it stays in the history (`history()`), and `promote()` makes it current again. `listing()`,
`for_date()` and `dates()` only return current snapshots; should a crash leave two current files
for one (date, source), the newest is used and the other is treated as superseded.

Every write (put, promote, remove, a sweep that deletes) rewrites the store's `.revision` stamp, and
`revision()` combines it with the folder's modification time (so files dropped in or taken out by
hand count too): a cheap stamp that reads one small file and two folder stats, never the folder's
contents (a file edited in place by hand, or one dropped in within the same clock tick as a
listing, is seen at the next write). The folder scan behind `listing()`, `find()` and `history()` is kept per (store folder,
revision), so a page rerun scans the folder at most once. Choosing the newest import of a (date,
source) is done again on every listing (cheap, and it follows metadata edited in place).
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from functools import lru_cache
from pathlib import Path

from geo.core.geojson_io import atomic_write_text, read_metadata
from geo.core.paths import DATA
from geo.lines.snapshot import Snapshot
from geo.lines.stored import NAME as _NAME
from geo.lines.stored import Stored, pick_for_date, slug

DEFAULT_STORE = DATA / "user"
SUPERSEDED = "superseded"  # subfolder holding the earlier imports of a (date, source): the history
REVISION_FILE = ".revision"  # rewritten (atomically) by every write to the store


def store_dir(explicit: str | Path | None = None) -> Path:
    """--store, else $BRIEFMAP_STORE, else data/user/ (git-ignored)."""
    return Path(explicit or os.environ.get("BRIEFMAP_STORE") or DEFAULT_STORE)


@lru_cache(maxsize=512)
def _metadata(path: Path, mtime_ns: int) -> dict:
    return read_metadata(path)


@lru_cache(maxsize=32)
def _load(path: Path, mtime_ns: int) -> Snapshot:
    return Snapshot.from_geojson(path.read_text(encoding="utf-8"))


def load(item: Stored) -> Snapshot:
    return _load(item.path, item.path.stat().st_mtime_ns)


def _scan(folder: Path) -> list[Stored]:
    if not folder.is_dir():
        return []
    _sweep_temporaries(folder)
    out = []
    for p in folder.glob("*.geojson"):
        m = _NAME.match(p.name)
        if m:
            out.append(Stored(m[1], m[2], m[3], p))
    return out


def revision(store_path: str | Path | None = None) -> str:
    """A cheap stamp of the store's state that changes on every write.

    It combines the `.revision` file (a random token rewritten by put, promote, remove and a sweep
    that deletes) with the modification times of the store folder and of its `superseded/` folder,
    so files added, renamed or removed by hand count too. Reading it stats two folders and reads
    one small file; it never lists the folder.

    Parameters
    ----------
    store_path : str or Path, optional
        The store folder; by default `store_dir()` (--store, $BRIEFMAP_STORE, data/user/).

    Returns
    -------
    str
        Equal for two calls exactly when nothing was written in between (a store that does not
        exist yet is "absent").

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> before = revision(folder)
    >>> before == revision(folder)
    True
    >>> _bump(folder)
    >>> before == revision(folder)
    False
    """
    folder = store_dir(store_path)
    try:
        mtime = folder.stat().st_mtime_ns
    except OSError:
        return "absent"
    try:
        stamp = (folder / REVISION_FILE).read_text(encoding="ascii", errors="replace").strip()[:64]
    except OSError:
        stamp = ""
    try:
        superseded = (folder / SUPERSEDED).stat().st_mtime_ns
    except OSError:
        superseded = 0
    return f"{stamp or '-'}:{mtime}:{superseded}"


def _bump(folder: Path) -> None:
    """A write happened: a new random token in the store's `.revision` file (best effort: the write
    itself already moved the folder's modification time)."""
    try:
        if folder.is_dir():
            atomic_write_text(folder / REVISION_FILE, uuid.uuid4().hex + "\n")
    except OSError:
        pass


_SCANS: dict[Path, tuple[str, tuple[Stored, ...]]] = {}  # folder -> (revision, its snapshot files)
_SCANS_LOCK = threading.Lock()


def _scanned(folder: Path, rev: str) -> list[Stored]:
    """_scan(folder), done once per (folder, store revision)."""
    key = Path(os.path.abspath(folder))
    with _SCANS_LOCK:  # held while scanning, so concurrent readers scan once
        hit = _SCANS.get(key)
        if hit is None or hit[0] != rev:
            if len(_SCANS) > 64:
                _SCANS.clear()
            hit = _SCANS[key] = (rev, tuple(_scan(folder)))
        return list(hit[1])


def _newest_per_key(items: list[Stored]) -> tuple[list[Stored], list[Stored]]:
    """(current, stale): one current snapshot per (date, source), the newest import."""
    groups: dict[tuple[str, str], list[Stored]] = {}
    for s in items:
        groups.setdefault((s.date, s.source), []).append(s)
    current, stale = [], []
    for group in groups.values():
        if len(group) > 1:  # (reads metadata only where there is a choice to make)
            group.sort(key=Stored.recency, reverse=True)
        current.append(group[0])
        stale.extend(group[1:])
    return current, stale


def listing(store: Path | None = None) -> list[Stored]:
    """Current snapshots (one per date and source: the newest import), oldest date first; files that
    do not follow the naming scheme, and superseded imports, are left out. The folder is scanned
    once per store revision."""
    folder = store_dir(store)
    current, _ = _newest_per_key(_scanned(folder, revision(folder)))
    return sorted(current, key=lambda s: (s.date, s.source, s.sha12))


def dates(store: Path | None = None) -> list[str]:
    return sorted({s.date for s in listing(store)})


def for_date(date: str, source: str | None = None, store: Path | None = None) -> Stored | None:
    """The snapshot to use for a date: the asked source, else DeepStateMap, else the first."""
    return pick_for_date(listing(store), date, source)


def find(date: str, sha256: str, store: Path | None = None) -> Stored | None:
    """This file's snapshot for this date, current or in the history."""
    folder = store_dir(store)
    rev = revision(folder)
    return _find_in(_scanned(folder, rev) + _scanned(folder / SUPERSEDED, rev), date, sha256)


def _find_in(items: list[Stored], date: str, sha256: str) -> Stored | None:
    return next((s for s in items if s.date == date and s.sha12 == sha256[:12]), None)


def history(date: str, source: str, store: Path | None = None) -> list[Stored]:
    """Every import for (date, source), the current one first, then the superseded ones, newest first."""
    folder, key = store_dir(store), slug(source)
    rev = revision(folder)
    items = [s for s in _scanned(folder, rev) + _scanned(folder / SUPERSEDED, rev) if s.date == date and s.source == key]
    current = for_date(date, source, folder)
    rest = sorted((s for s in items if s != current), key=lambda s: s.recency(), reverse=True)
    return ([current] if current is not None else []) + rest


def _retire(item: Stored) -> Stored:
    """Move a current snapshot into the history (atomic rename within the store)."""
    dest = item.path.parent / SUPERSEDED / item.path.name
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(item.path, dest)
    return Stored(item.date, item.source, item.sha12, dest)


def promote(item: Stored, store: Path | None = None) -> Stored:
    """Make an earlier import the current one for its (date, source); the current one goes to the history.

    The promoted file's modification time is set to now, so it stays the newest even though its
    `imported_at` is older (recency: imported_at, then mtime; a promotion rewrites no snapshot).
    """
    folder = store_dir(store)
    if not item.superseded:
        return item
    dest = folder / item.path.name
    os.replace(item.path, dest)
    now = time.time_ns()
    os.utime(dest, ns=(now, now))
    promoted = Stored(item.date, item.source, item.sha12, dest)
    for other in _scan(folder):
        if (other.date, other.source) == (item.date, item.source) and other.path != dest:
            _retire(other)
    _bump(folder)
    return promoted


def sweep(store: Path | None = None) -> None:
    """Remove temporary files older than 10 minutes left by a killed import (run by every import and listing)."""
    folder = store_dir(store)
    if folder.is_dir():
        _sweep_temporaries(folder)


def _sweep_temporaries(folder: Path, older_than_s: float = 600) -> None:
    now = time.time()
    removed = False
    for p in folder.glob(".*.tmp"):
        try:
            if now - p.stat().st_mtime > older_than_s:
                p.unlink()
                removed = True
        except OSError:
            pass
    if removed:
        _bump(folder.parent if folder.name == SUPERSEDED else folder)


def put(snap: Snapshot, store: Path | None = None) -> tuple[Stored, bool]:
    """Store a snapshot; (entry, False) if this file was already imported for this date (current or in
    the history: a no-op either way). A new file for a (date, source) that already has a snapshot
    becomes the current one; the earlier one moves to the history, and the snapshot's warnings say so."""
    folder = store_dir(store)
    existing = _find_in(_scan(folder) + _scan(folder / SUPERSEDED), snap.date, snap.source_sha256)  # the disk, not a cache
    if existing is not None:
        return existing, False
    key = slug(snap.source)
    name = f"{snap.date}__{key}__{snap.source_sha256[:12]}.geojson"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _sweep_temporaries(folder)
        earlier = [s for s in _scan(folder) if (s.date, s.source) == (snap.date, key)]
        for old in earlier:
            shown = old.metadata().get("source_file") or old.path.name
            snap.warnings.append(f"replaces the earlier import of {shown} for {snap.date}/{key} (kept in history)")
        atomic_write_text(folder / name, snap.to_geojson())  # the new one first: a crash here leaves both, newest wins
        for old in earlier:
            _retire(old)
        _bump(folder)
    except OSError as exc:  # no space left, read-only, permissions: the store folder is named, nothing is left behind
        from geo.lines.untrusted import ImportFailure, printable

        raise ImportFailure(
            f"cannot write to the snapshot store {printable(str(folder))!r}: {exc.strerror or exc}; nothing was stored"
        ) from None
    m = _NAME.match(name)
    return Stored(m[1], m[2], m[3], folder / name), True


def remove(item: Stored) -> None:
    """Delete a snapshot file (current or in the history)."""
    item.path.unlink(missing_ok=True)
    _bump(item.path.parent.parent if item.superseded else item.path.parent)
