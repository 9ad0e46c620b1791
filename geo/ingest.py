"""Import a file or a folder of files into the store, reporting each result and progress.

Shared by `python -m geo import` and the Lines page, so both say the same things.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import store
from .classify import Mapping
from .importer import FORMATS, ImportRequest, run
from .stats import ukraine_geometry
from .untrusted import ImportFailure

SUFFIXES = (".geojson", ".json", ".kml", ".kmz", ".zip", ".gpkg")


@dataclass
class Result:
    path: str
    ok: bool
    created: bool = False
    summary: dict = field(default_factory=dict)
    stored: str = ""
    error: str = ""

    def as_json(self) -> dict:
        if not self.ok:
            return {"file": self.path, "error": self.error}
        return {**self.summary, "stored": self.stored, "already_imported": not self.created}


def files_in(path: Path) -> list[Path]:
    """A file, or the importable files of a folder (not recursive, sorted by name so dates run in order)."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("."))
    if not path.exists():
        raise ImportFailure(f"{str(path)!r} does not exist")
    return [path]


def import_one(path: Path, *, fmt: str = "auto", date: str | None = None, source: str | None = None,
               mapping: Mapping | None = None, store_path: Path | None = None, display_name: str | None = None) -> Result:
    shown = display_name or str(path)
    try:
        snap, _ = run(ImportRequest(Path(path), fmt, date, source, mapping, display_name), ukraine_geometry())
        item, created = store.put(snap, store_path)
    except ImportFailure as exc:
        return Result(shown, False, error=str(exc))
    except MemoryError:
        return Result(shown, False, error=f"{shown!r} is too large to import in memory")
    return Result(shown, True, created, snap.summary(), str(item.path))


def import_path(path: Path, *, fmt: str = "auto", date: str | None = None, source: str | None = None,
                mapping: Mapping | None = None, store_path: Path | None = None,
                progress: Callable[[int, int, Result], None] | None = None) -> list[Result]:
    """Every importable file under `path`; one failure does not stop the others."""
    if fmt not in FORMATS:
        raise ImportFailure(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    files = files_in(path)
    if not files:
        raise ImportFailure(f"{str(path)!r} holds no importable file ({', '.join(SUFFIXES)})")
    if date and len(files) > 1:
        raise ImportFailure("--date applies to one file; a folder's files take their dates from their names")
    results = []
    for i, f in enumerate(files, 1):
        r = import_one(f, fmt=fmt, date=date, source=source, mapping=mapping, store_path=store_path)
        results.append(r)
        if progress:
            progress(i, len(files), r)
    return results
