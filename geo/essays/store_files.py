"""The essays' file backend (the embedded default): one folder per essay under ``<store>/essays/``.

Layout: ``<store>/essays/<id>/`` holds ``essay.json`` (``model.Essay.as_dict()``: the paragraphs,
the places and unresolved names the finder found, and the analyst's decisions), ``summary.json``
(the few fields a listing needs), ``source<ext>``, the file exactly as given, and, once the analyst
saved them on the Briefing page, ``scenes.toml``.

Atomic: a new essay is built in a hidden temporary folder in ``<store>/essays/`` and renamed into
place. Replacing renames the old folder aside (``.old-<id>-<token>``), renames the new one in,
then deletes the old. A crash or a kill at any point leaves either the old essay or the new one,
never a mix: a listing and a load read an aside folder as the essay while its id has no folder
(the moment between the two renames), temporary folders are ignored, and both are swept once
they are 10 minutes old (an aside whose id still has no folder is renamed back: the old essay).
Decisions are saved by rewriting ``essay.json`` alone (temporary file + ``os.replace``).

``revision()`` is a cheap stamp (one small file and a folder's modification time) that changes on
every write, for caches. Use the facade, ``geo.essays.store``: it picks this backend when no
database is configured.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import tempfile
import time
import uuid
from functools import lru_cache
from pathlib import Path

from geo.essays import model
from geo.essays.reader import EssayInputError, printable
from geo.essays.store import (
    _LOCK,
    ID_RE,
    MAX_JSON_BYTES,
    STALE_S,
    AddResult,
    Finder,
    Summary,
    UnknownEssay,
    _check_id,
    _dump,
    _essay_from_dict,
    _Prepared,
    _summary,
    essays_dir,
)

ESSAY_FILE = "essay.json"
SUMMARY_FILE = "summary.json"
REVISION_FILE = ".revision"
SCENES_NAME = "scenes.toml"
_TMP, _OLD, _DEL = ".tmp-", ".old-", ".del-"


# ---------------------------------------------------------------------------------------------------
# reading


def revision(store: str | os.PathLike | None = None) -> str:
    """The ``.revision`` token (rewritten by every write) and the essays folder's modification time."""
    folder = essays_dir(store)
    try:
        mtime = folder.stat().st_mtime_ns
    except OSError:
        return "absent"
    try:
        token = (folder / REVISION_FILE).read_text(encoding="ascii", errors="replace").strip()[:64]
    except OSError:
        token = ""
    return f"{token or '-'}:{mtime}"


def atomic_write_text(path: Path, text: str) -> None:
    """Write a file via a temporary file in the same folder and an atomic rename (as
    geo.core.geojson_io does; repeated here so the essays need not import geopandas)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _bump(folder: Path) -> None:
    try:
        atomic_write_text(folder / REVISION_FILE, uuid.uuid4().hex + "\n")
    except OSError:
        pass  # the rename already moved the folder's modification time


def _entries(folder: Path) -> dict[str, Path]:
    """id -> the folder holding it: its own, or (between the two renames of a replace) the aside."""
    if not folder.is_dir():
        return {}
    _sweep(folder)
    out: dict[str, Path] = {}
    asides: dict[str, Path] = {}
    for p in folder.iterdir():
        name = p.name
        if name.startswith(_OLD):
            eid = name[len(_OLD) :].rsplit("-", 1)[0]
            if ID_RE.match(eid) and (p / ESSAY_FILE).is_file():
                asides[eid] = p
        elif ID_RE.match(name) and (p / ESSAY_FILE).is_file():
            out[name] = p
    for eid, p in asides.items():
        out.setdefault(eid, p)
    return out


def _sweep(folder: Path, older_than_s: float = STALE_S) -> None:
    """Delete stale temporary and removed folders; put a stale aside back where its id has none."""
    now = time.time()
    changed = False
    for p in folder.iterdir():
        name = p.name
        if not name.startswith((_TMP, _OLD, _DEL)):
            continue
        try:
            old = now - p.stat().st_mtime > older_than_s
        except OSError:
            continue
        if name.startswith(_DEL) or (name.startswith(_TMP) and old):
            shutil.rmtree(p, ignore_errors=True)
            changed = True
        elif name.startswith(_OLD) and old:
            eid = name[len(_OLD) :].rsplit("-", 1)[0]
            target = folder / eid
            try:
                if ID_RE.match(eid) and not target.exists():
                    os.rename(p, target)  # a replace was killed between its two renames: the old essay again
                else:
                    shutil.rmtree(p, ignore_errors=True)
                changed = True
            except OSError:
                pass
    if changed:
        _bump(folder)


@lru_cache(maxsize=256)
def _read_json(path: Path, mtime_ns: int, size: int) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _json(path: Path) -> dict:
    st = path.stat()
    if st.st_size > MAX_JSON_BYTES:  # the folder is untrusted: a file dropped in by hand is not read whole
        raise ValueError(f"{path.name} is over {MAX_JSON_BYTES // (1024 * 1024)} MB")
    return _read_json(path, st.st_mtime_ns, st.st_size)


def listing(store: str | os.PathLike | None = None) -> list[Summary]:
    """Every stored essay from its small ``summary.json`` (never its paragraphs); unsorted."""
    folder = essays_dir(store)
    out: list[Summary] = []
    for eid, path in _entries(folder).items():
        try:
            d = _json(path / SUMMARY_FILE)
            out.append(Summary(**{f.name: d[f.name] for f in dataclasses.fields(Summary) if f.name in d}))
        except (OSError, ValueError, TypeError, KeyError):  # no or a damaged summary: from the essay itself
            try:
                out.append(_summary(load(eid, store), "", ""))
            except (OSError, ValueError, TypeError, KeyError):
                continue
    return out


def load(essay_id: str, store: str | os.PathLike | None = None) -> model.Essay:
    """One stored essay (its id already checked by the facade)."""
    path = _entries(essays_dir(store)).get(essay_id)
    if path is None:
        raise UnknownEssay(f"no essay {essay_id!r} in the store")
    try:
        return _essay_from_dict(_json(path / ESSAY_FILE))
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise UnknownEssay(f"essay {essay_id!r} cannot be read ({type(exc).__name__}); remove it and add it again") from None


# ---------------------------------------------------------------------------------------------------
# writing


def add(prep: _Prepared, *, replace: bool, store: str | os.PathLike | None, finder: Finder) -> AddResult:
    """``geo.essays.store.add`` on the file backend: one writer at a time in this process."""
    folder = essays_dir(store)
    with _LOCK:
        entries = _entries(folder)
        existing = None
        if prep.eid in entries:
            try:
                existing = load(prep.eid, store)
            except UnknownEssay:
                existing = None  # unreadable: replaced only on request, like a different text
            if existing is not None and existing.sha256 == prep.sha:
                return prep.unchanged(existing)
        if existing is None:
            for other, path in entries.items():
                try:
                    if _json(path / SUMMARY_FILE).get("sha256") == prep.sha:
                        return prep.unchanged(load(other, store))
                except (OSError, ValueError, KeyError):
                    continue
        if prep.eid in entries and not replace:
            prep.refuse()
        places, unresolved = finder(prep.doc.paragraphs)
        essay, kept, dropped = prep.essay(places, unresolved, existing)
        _write(folder, essay, prep.raw, prep.ext, _summary(essay, prep.now(), prep.doc.format), replacing=prep.eid in entries)
    return prep.result(essay, prep.eid in entries, kept, dropped)


def _write_file(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _write(folder: Path, essay: model.Essay, raw: bytes, ext: str, summary: Summary, replacing: bool) -> None:
    """Build the essay's folder under a temporary name, then rename it in (aside the old one first)."""
    token = uuid.uuid4().hex[:12]
    final = folder / essay.id
    tmp = folder / f"{_TMP}{essay.id}-{token}"
    aside = folder / f"{_OLD}{essay.id}-{token}"
    moved_aside = False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        _write_file(tmp / ESSAY_FILE, _dump(essay.as_dict()).encode("utf-8"))
        _write_file(tmp / SUMMARY_FILE, _dump(dataclasses.asdict(summary)).encode("utf-8"))
        _write_file(tmp / f"source{ext}", raw)
        if replacing and final.exists():
            for extra in final.iterdir():  # what others keep beside the essay (its edited scenes.toml) stays
                if extra.is_file() and extra.name not in (ESSAY_FILE, SUMMARY_FILE) and not extra.name.startswith("source"):
                    shutil.copy2(extra, tmp / extra.name)
            os.replace(final, aside)
            moved_aside = True
        os.rename(tmp, final)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if moved_aside and not final.exists():
            try:
                os.rename(aside, final)  # put the old essay back
            except OSError:
                pass  # the sweep will (a listing reads the aside meanwhile)
        if isinstance(exc, OSError):
            raise EssayInputError(
                f"{summary.source_name}: cannot write to the essay store '{printable(str(folder.parent), 120)}' "
                f"({exc.strerror or type(exc).__name__}); nothing was stored"
            ) from None
        raise
    if moved_aside:
        shutil.rmtree(aside, ignore_errors=True)
    _bump(folder)


def save_decisions(essay_id: str, decisions: tuple[model.Decision, ...], store: str | os.PathLike | None) -> model.Essay:
    """Rewrite ``essay.json`` with these (checked) decisions."""
    with _LOCK:
        essay = load(essay_id, store)
        updated = dataclasses.replace(essay, decisions=decisions)
        folder = essays_dir(store)
        path = _entries(folder).get(essay_id)
        if path is None:
            raise UnknownEssay(f"no essay {essay_id!r} in the store")
        try:
            atomic_write_text(path / ESSAY_FILE, _dump(updated.as_dict()))
        except OSError as exc:
            raise EssayInputError(
                f"{essay_id}: cannot write to the essay store ({exc.strerror or type(exc).__name__}); the review was not saved"
            ) from None
        _bump(folder)
    return updated


def remove(essay_id: str, store: str | os.PathLike | None = None) -> None:
    """Rename the essay's folder away atomically, then delete it."""
    folder = essays_dir(store)
    with _LOCK:
        path = _entries(folder).get(essay_id)
        if path is None:
            raise UnknownEssay(f"no essay {essay_id!r} in the store")
        gone = folder / f"{_DEL}{essay_id}-{uuid.uuid4().hex[:12]}"
        os.rename(path, gone)
        for p in folder.glob(f"{_OLD}{essay_id}-*"):  # an aside of the same id would come back as the essay
            shutil.rmtree(p, ignore_errors=True)
        shutil.rmtree(gone, ignore_errors=True)
        _bump(folder)


# ---------------------------------------------------------------------------------------------------
# the saved scenes (geo.briefing.draft): <store>/essays/<id>/scenes.toml


def scenes_file(essay_id: str, store: str | os.PathLike | None = None) -> Path:
    """``<store>/essays/<id>/scenes.toml`` (the id checked: no path leaves the store)."""
    return essays_dir(store) / _check_id(essay_id) / SCENES_NAME


def scenes_text(essay_id: str, store: str | os.PathLike | None = None) -> str | None:
    """The saved scenes' text, or None when none are saved (OSError/UnicodeDecodeError if unreadable)."""
    path = scenes_file(essay_id, store)
    if not path.is_file():
        return None
    return path.read_text(encoding="utf-8")


def save_scenes_text(essay_id: str, text: str, store: str | os.PathLike | None = None) -> bool:
    """Write the scenes atomically beside the essay; False when the essay is not in the store."""
    path = scenes_file(essay_id, store)
    with _LOCK:
        if not path.parent.is_dir():
            return False
        atomic_write_text(path, text)
    return True


def discard_scenes(essay_id: str, store: str | os.PathLike | None = None) -> bool:
    """Remove the saved scenes; True if there were some."""
    try:
        scenes_file(essay_id, store).unlink()
        return True
    except FileNotFoundError:
        return False


def scenes_stamp(essay_id: str, store: str | os.PathLike | None = None) -> str:
    """The scenes file's size and modification time ("" when none is saved)."""
    try:
        st = scenes_file(essay_id, store).stat()
    except OSError:
        return ""
    return f"{st.st_size}:{st.st_mtime_ns}"
