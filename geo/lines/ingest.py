"""Import a file or a folder of files into the store, reporting each result and progress.

Shared by `python -m geo import` and the Lines page, so both say the same things.

This is the one boundary for untrusted input: every failure becomes a Result with one line naming the
file. Readers raise ImportFailure for everything they anticipate; anything else (a bug: any
Exception, RecursionError, MemoryError) is caught by the last-resort guard here, logged with its
traceback to the server log only, and reported as `could not read NAME: … (this is a bug; the file
was not stored)`. GUARD_FIRED counts those; the tests fail if it ever moves.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from geo.data.layers import ukraine_geometry
from geo.db.connect import DatabaseUnavailable
from geo.lines import store
from geo.lines.classify import Mapping
from geo.lines.importer import FORMATS, ImportRequest, run
from geo.lines.untrusted import ImportFailure, clean_text, printable, shorten

log = logging.getLogger(__name__)
GUARD_FIRED = 0  # times the last-resort guard caught an unexpected error (should stay 0)

SUFFIXES = (".geojson", ".json", ".kml", ".kmz", ".zip", ".gpkg")


@dataclass
class Result:
    path: str
    ok: bool
    created: bool = False
    summary: dict = field(default_factory=dict)
    stored: str = ""
    error: str = ""
    bug: bool = False  # the last-resort guard fired

    def as_json(self) -> dict:
        if not self.ok:
            return {"file": self.path, "ok": False, "error": self.error}
        return {"file": self.path, "ok": True, **self.summary, "stored": self.stored, "already_imported": not self.created}


def last_resort(shown: str, exc: BaseException) -> str:
    """The one line for an unexpected error; the traceback goes to the server log, never to the user."""
    global GUARD_FIRED
    GUARD_FIRED += 1
    log.warning("last-resort guard: unexpected %s while reading %s", type(exc).__name__, shown, exc_info=exc)
    reason = shorten(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__, 120)
    return f"could not read {shown!r}: {reason} (this is a bug; the file was not stored)"


def files_in(path: Path) -> list[Path]:
    """A file, or the importable files of a folder (not recursive, sorted by name so dates run in order)."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("."))
    if not path.exists():
        raise ImportFailure(f"{str(path)!r} does not exist")
    return [path]


def import_one(
    path: Path,
    *,
    fmt: str = "auto",
    date: str | None = None,
    source: str | None = None,
    mapping: Mapping | None = None,
    store_path: Path | None = None,
    display_name: str | None = None,
) -> Result:
    shown = printable(display_name or str(path))
    try:
        store.sweep(store_path)
        display = clean_text(display_name or Path(path).name)  # undecodable name bytes become U+FFFD
        with warnings.catch_warnings():  # GDAL/shapely/numpy warnings are not messages for the analyst
            warnings.simplefilter("ignore")
            snap, _ = run(ImportRequest(Path(path), fmt, date, source, mapping, display), ukraine_geometry())
        item, created = store.put(snap, store_path)
    except ImportFailure as exc:
        return Result(shown, False, error=shorten(exc, 2000))
    except DatabaseUnavailable:  # not the file's fault: one line at the UI edge, the app resumes when it is back
        raise
    except (Exception, RecursionError, MemoryError) as exc:  # the last-resort guard: nothing unexpected escapes
        return Result(shown, False, error=last_resort(shown, exc), bug=True)
    return Result(shown, True, created, snap.summary(), str(item.path) if item.path is not None else item.name)


def attribute_fields(path: Path, fmt: str, display_name: str, limit: int = 30) -> tuple[dict[str, list[str]], str]:
    """(attribute -> common values, error line) for the Lines page's mapping step, behind the same guard."""
    from geo.lines.importer import fields_summary, read_raw

    shown = printable(display_name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            feats, _, _ = read_raw(Path(path), fmt, clean_text(display_name))
        return fields_summary(feats, limit=limit), ""
    except ImportFailure as exc:
        return {}, shorten(exc, 2000)
    except (Exception, RecursionError, MemoryError) as exc:
        return {}, last_resort(shown, exc)


def import_path(
    path: Path,
    *,
    fmt: str = "auto",
    date: str | None = None,
    source: str | None = None,
    mapping: Mapping | None = None,
    store_path: Path | None = None,
    progress: Callable[[int, int, Result], None] | None = None,
) -> list[Result]:
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
