"""The snapshot store: one GeoJSON file per imported snapshot, named date__source__hash.

A snapshot is one file written by an atomic rename, so a crash or a kill mid-import leaves the
store as it was (at worst a hidden temporary file, swept by the next import or listing once 10 minutes old). The file hash in the
name makes a second import of the same file for the same date a no-op.
"""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .geojson_io import atomic_write_text, read_metadata
from .paths import DATA
from .snapshot import Snapshot

DEFAULT_STORE = DATA / "user"
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})__([a-z0-9-]+)__([0-9a-f]{12})\.geojson$")
SOURCE_PREFERENCE = ("deepstate", "isw")  # when several sources share a date and none is asked for


def store_dir(explicit: str | Path | None = None) -> Path:
    """--store, else $BRIEFMAP_STORE, else data/user/ (git-ignored)."""
    return Path(explicit or os.environ.get("BRIEFMAP_STORE") or DEFAULT_STORE)


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:40] or "source"


@dataclass(frozen=True)
class Stored:
    date: str
    source: str
    sha12: str
    path: Path

    def metadata(self) -> dict:
        return _metadata(self.path, self.path.stat().st_mtime_ns)


@lru_cache(maxsize=512)
def _metadata(path: Path, mtime_ns: int) -> dict:
    return read_metadata(path)


@lru_cache(maxsize=32)
def _load(path: Path, mtime_ns: int) -> Snapshot:
    return Snapshot.from_geojson(path.read_text(encoding="utf-8"))


def load(item: Stored) -> Snapshot:
    return _load(item.path, item.path.stat().st_mtime_ns)


def listing(store: Path | None = None) -> list[Stored]:
    """Stored snapshots, oldest date first; files that do not follow the naming scheme are left alone."""
    folder = store_dir(store)
    if not folder.is_dir():
        return []
    _sweep_temporaries(folder)
    out = []
    for p in folder.glob("*.geojson"):
        m = _NAME.match(p.name)
        if m:
            out.append(Stored(m[1], m[2], m[3], p))
    return sorted(out, key=lambda s: (s.date, s.source, s.sha12))


def dates(store: Path | None = None) -> list[str]:
    return sorted({s.date for s in listing(store)})


def for_date(date: str, source: str | None = None, store: Path | None = None) -> Stored | None:
    """The snapshot to use for a date: the asked source, else DeepStateMap, else the first."""
    items = [s for s in listing(store) if s.date == date]
    if source is not None:
        items = [s for s in items if s.source == slug(source)]
    if not items:
        return None
    rank = {name: i for i, name in enumerate(SOURCE_PREFERENCE)}
    return sorted(items, key=lambda s: (rank.get(s.source, len(rank)), s.source))[0]


def find(date: str, sha256: str, store: Path | None = None) -> Stored | None:
    return next((s for s in listing(store) if s.date == date and s.sha12 == sha256[:12]), None)


def sweep(store: Path | None = None) -> None:
    """Remove temporary files older than 10 minutes left by a killed import (run by every import and listing)."""
    folder = store_dir(store)
    if folder.is_dir():
        _sweep_temporaries(folder)


def _sweep_temporaries(folder: Path, older_than_s: float = 600) -> None:
    now = time.time()
    for p in folder.glob(".*.tmp"):
        try:
            if now - p.stat().st_mtime > older_than_s:
                p.unlink()
        except OSError:
            pass


def put(snap: Snapshot, store: Path | None = None) -> tuple[Stored, bool]:
    """Store a snapshot; (entry, False) if this file was already imported for this date."""
    folder = store_dir(store)
    existing = find(snap.date, snap.source_sha256, folder)
    if existing is not None:
        return existing, False
    name = f"{snap.date}__{slug(snap.source)}__{snap.source_sha256[:12]}.geojson"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_text(folder / name, snap.to_geojson())
    except OSError as exc:  # no space left, read-only, permissions: the store folder is named, nothing is left behind
        from .untrusted import ImportFailure, printable

        raise ImportFailure(f"cannot write to the snapshot store {printable(str(folder))!r}: {exc.strerror or exc}; "
                            f"nothing was stored") from None
    m = _NAME.match(name)
    return Stored(m[1], m[2], m[3], folder / name), True


def remove(item: Stored) -> None:
    item.path.unlink(missing_ok=True)
