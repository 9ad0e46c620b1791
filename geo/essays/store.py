"""The user store's essays: one folder per essay, written atomically, idempotent, replaced on request.

Layout: ``<store>/essays/<id>/`` holds ``essay.json`` (``model.Essay.as_dict()``: the paragraphs,
the places and unresolved names the finder found, and the analyst's decisions), ``summary.json``
(the few fields a listing needs) and ``source<ext>``, the file exactly as given. ``<store>`` is
``--store``, else ``$BRIEFMAP_STORE``, else ``data/user/`` (the same rule as the snapshot store,
``geo.lines.store.store_dir``; geo.essays may not import geo.lines, so the one line is repeated here).

Atomic: a new essay is built in a hidden temporary folder in ``<store>/essays/`` and renamed into
place. Replacing renames the old folder aside (``.old-<id>-<token>``), renames the new one in,
then deletes the old. A crash or a kill at any point leaves either the old essay or the new one,
never a mix: a listing and a load read an aside folder as the essay while its id has no folder
(the moment between the two renames), temporary folders are ignored, and both are swept once
they are 10 minutes old (an aside whose id still has no folder is renamed back: the old essay).
Decisions are saved by rewriting ``essay.json`` alone (temporary file + ``os.replace``).

Identity: the id is a slug of the title and the date (``the-case-against-negotiations-2022-11-17``).
The same text (sha256 of the extracted paragraphs) again is a no-op ("unchanged"), whatever the
title. A different text under an existing id is refused with a line asking for ``--replace`` (the
CLI) or the Replace button (the Essay page); with ``replace=True`` it is replaced, and the
decisions for places the finder still finds are kept.

``revision()`` is a cheap stamp (one small file and a folder's modification time) that changes on
every write, for caches.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date as _date
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from geo.core.paths import DATA
from geo.essays import model
from geo.essays.reader import EssayInputError, printable, read, shown_name

__all__ = [
    "AddResult",
    "Summary",
    "UnknownEssay",
    "add",
    "check_date",
    "check_title",
    "essay_id",
    "essays_dir",
    "listing",
    "load",
    "remove",
    "revision",
    "save_decisions",
    "store_dir",
]

DEFAULT_STORE = DATA / "user"
SUBFOLDER = "essays"
ESSAY_FILE = "essay.json"
SUMMARY_FILE = "summary.json"
REVISION_FILE = ".revision"
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_MAX = 80
TITLE_MAX = 200
SUMMARY_MAX = 300  # a decision's one-line summary, typed by the analyst
STALE_S = 600.0  # temporary and aside folders older than this are swept
STATUSES = ("accepted", "rejected", "added")
_TMP, _OLD, _DEL = ".tmp-", ".old-", ".del-"

Finder = Callable[[Sequence[model.Paragraph]], tuple[Sequence[model.FoundPlace], Sequence[model.Unresolved]]]
_LOCK = threading.RLock()  # one writer at a time in this process


class UnknownEssay(KeyError):
    """No essay with this id in the store (the message is one line)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown essay"


@dataclass(frozen=True)
class Summary:
    """What a listing shows of an essay, without reading its paragraphs."""

    id: str
    title: str
    date: str
    author: str
    source_name: str
    sha256: str
    paragraphs: int
    places: int
    unresolved: int
    added_at: str
    format: str = ""


@dataclass(frozen=True)
class AddResult:
    """The outcome of ``add``: ``status`` is "added", "unchanged" or "replaced"; ``message`` is one line."""

    status: str
    essay: model.Essay
    message: str
    warnings: tuple[str, ...] = ()
    kept_decisions: int = 0
    dropped_decisions: int = 0


# ---------------------------------------------------------------------------------------------------
# where


def store_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The user store: ``explicit`` (--store), else ``$BRIEFMAP_STORE``, else ``data/user/``.

    Parameters
    ----------
    explicit : str or PathLike, optional
        A folder given on the command line.

    Returns
    -------
    Path
        The store folder (the same rule as ``geo.lines.store.store_dir``).

    Examples
    --------
    >>> store_dir("/tmp/s")
    PosixPath('/tmp/s')
    """
    return Path(explicit or os.environ.get("BRIEFMAP_STORE") or DEFAULT_STORE)


def essays_dir(store: str | os.PathLike | None = None) -> Path:
    """``<store>/essays/``, where the essays live.

    Parameters
    ----------
    store : str or PathLike, optional
        The store folder (see ``store_dir``).

    Returns
    -------
    Path

    Examples
    --------
    >>> essays_dir("/tmp/s")
    PosixPath('/tmp/s/essays')
    """
    return store_dir(store) / SUBFOLDER


# ---------------------------------------------------------------------------------------------------
# ids, titles and dates


def essay_id(title: str, date: str) -> str:
    """The essay's id: a lowercase ASCII slug of its title and date, at most 80 characters.

    Parameters
    ----------
    title : str
        Any title (accents folded, other characters dropped).
    date : str
        YYYY-MM-DD.

    Returns
    -------
    str
        ``[a-z0-9]+(-[a-z0-9]+)*``; "essay-<date>" when the title has no ASCII letters or digits.
        The curated essays' ids are never produced (a clash gets "-added").

    Examples
    --------
    >>> essay_id("The Case Against Negotiations with Russia", "2022-11-17")
    'the-case-against-negotiations-with-russia-2022-11-17'
    >>> essay_id("Запоріжжя", "2023-01-05")
    'essay-2023-01-05'
    """
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    part = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "essay"
    room = ID_MAX - len(date) - 1 - len("-added")
    if len(part) > room:
        part = part[:room].rsplit("-", 1)[0] if "-" in part[:room] else part[:room]
    out = f"{part}-{date}"
    if out in _curated_ids():
        out += "-added"
    return out


@lru_cache(maxsize=1)
def _curated_ids() -> frozenset[str]:
    from geo.data.essay import ESSAYS_META

    return frozenset(m.id for m in ESSAYS_META)


def check_title(title: str, what: str = "title") -> str:
    """A title typed by the analyst, checked: at most 200 characters, no control characters.

    Parameters
    ----------
    title : str
    what : str
        What the text is, for the message ("title", "author").

    Returns
    -------
    str
        The text with surrounding whitespace removed.

    Raises
    ------
    ValueError
        One line saying what is wrong (the title is shown back escaped).

    Examples
    --------
    >>> check_title("  Kherson after the retreat ")
    'Kherson after the retreat'
    """
    t = title.strip()
    if not t:
        raise ValueError(f"the {what} is empty")
    bad = [c for c in t if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
    if bad:
        raise ValueError(f"the {what} '{printable(t, 60)}' contains control or invisible characters; type it as plain text")
    if len(t) > TITLE_MAX:
        raise ValueError(f"the {what} has {len(t)} characters, above the limit of {TITLE_MAX}")
    return t


def check_date(value: str) -> str:
    """A date typed by the analyst, checked: a real date as YYYY-MM-DD.

    Parameters
    ----------
    value : str

    Returns
    -------
    str
        The ISO date.

    Raises
    ------
    ValueError
        "the date '2022-02-30' is not a real date (YYYY-MM-DD)": the value shown back quoted.

    Examples
    --------
    >>> check_date("2022-11-17")
    '2022-11-17'
    """
    v = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        try:
            return _date.fromisoformat(v).isoformat()
        except ValueError:
            pass
    raise ValueError(f"the date '{printable(value, 40)}' is not a real date (YYYY-MM-DD)")


def _check_id(essay_id_: str) -> str:
    if not isinstance(essay_id_, str) or len(essay_id_) > ID_MAX or not ID_RE.match(essay_id_):
        raise UnknownEssay(f"no essay '{printable(str(essay_id_), 90)}': an essay id is a lowercase slug like 'title-2022-11-17'")
    return essay_id_


# ---------------------------------------------------------------------------------------------------
# reading


def revision(store: str | os.PathLike | None = None) -> str:
    """A cheap stamp of the essays' state that changes on every write (for caches).

    Parameters
    ----------
    store : str or PathLike, optional
        The store folder (see ``store_dir``).

    Returns
    -------
    str
        The ``.revision`` token (rewritten by every add, replace, save and remove) and the essays
        folder's modification time; "absent" when no essay was ever stored.

    Examples
    --------
    >>> import tempfile
    >>> revision(tempfile.mkdtemp())
    'absent'
    """
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


MAX_JSON_BYTES = 20 * 1024 * 1024  # a store file larger than this is not read (the store writes far smaller)


def _json(path: Path) -> dict:
    st = path.stat()
    if st.st_size > MAX_JSON_BYTES:  # the folder is untrusted: a file dropped in by hand is not read whole
        raise ValueError(f"{path.name} is over {MAX_JSON_BYTES // (1024 * 1024)} MB")
    return _read_json(path, st.st_mtime_ns, st.st_size)


def listing(store: str | os.PathLike | None = None) -> list[Summary]:
    """Every stored essay, newest date first (then by title).

    Parameters
    ----------
    store : str or PathLike, optional
        The store folder (see ``store_dir``).

    Returns
    -------
    list of Summary
        Read from each essay's small ``summary.json`` (never its paragraphs). Temporary, aside
        and removed folders are left out (and swept when stale); a folder whose files cannot be
        read is skipped.

    Examples
    --------
    >>> import tempfile
    >>> listing(tempfile.mkdtemp())
    []
    """
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
    out.sort(key=lambda s: s.title.lower())
    out.sort(key=lambda s: s.date, reverse=True)
    return out


def load(essay_id: str, store: str | os.PathLike | None = None) -> model.Essay:
    """One stored essay, with its paragraphs, places, unresolved names and decisions.

    Parameters
    ----------
    essay_id : str
        The id (a slug; anything else is refused before touching the disk).
    store : str or PathLike, optional
        The store folder (see ``store_dir``).

    Returns
    -------
    model.Essay

    Raises
    ------
    UnknownEssay
        No such essay (one line).

    Examples
    --------
    >>> import tempfile
    >>> try:
    ...     load("nothing-2022-01-01", tempfile.mkdtemp())
    ... except UnknownEssay as exc:
    ...     print(exc)
    no essay 'nothing-2022-01-01' in the store
    """
    _check_id(essay_id)
    path = _entries(essays_dir(store)).get(essay_id)
    if path is None:
        raise UnknownEssay(f"no essay {essay_id!r} in the store")
    try:
        return _essay_from_dict(_json(path / ESSAY_FILE))
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise UnknownEssay(f"essay {essay_id!r} cannot be read ({type(exc).__name__}); remove it and add it again") from None


def _essay_from_dict(d: dict) -> model.Essay:
    def build(cls, data: dict):
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    return model.Essay(
        id=d["id"],
        title=d["title"],
        date=d["date"],
        author=d.get("author", ""),
        source_name=d.get("source_name", ""),
        sha256=d["sha256"],
        paragraphs=tuple(build(model.Paragraph, p) for p in d["paragraphs"]),
        places=tuple(
            build(
                model.FoundPlace,
                {
                    **p,
                    "mentions": tuple(build(model.Mention, m) for m in p.get("mentions", ())),
                    "alternatives": tuple(build(model.Candidate, c) for c in p.get("alternatives", ())),
                },
            )
            for p in d.get("places", ())
        ),
        unresolved=tuple(build(model.Unresolved, u) for u in d.get("unresolved", ())),
        decisions=tuple(build(model.Decision, x) for x in d.get("decisions", ())),
        date_source=d.get("date_source", "") if isinstance(d.get("date_source", ""), str) else "",
    )


def _summary(essay: model.Essay, added_at: str, fmt: str) -> Summary:
    return Summary(
        id=essay.id,
        title=essay.title,
        date=essay.date,
        author=essay.author,
        source_name=essay.source_name,
        sha256=essay.sha256,
        paragraphs=len(essay.paragraphs),
        places=len(essay.places),
        unresolved=len(essay.unresolved),
        added_at=added_at,
        format=fmt,
    )


# ---------------------------------------------------------------------------------------------------
# writing


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _default_finder(paragraphs: Sequence[model.Paragraph]):
    from geo.essays.finder import find_places  # imported when first needed (helper module, heavy index)

    return find_places(paragraphs)


def add(
    raw: bytes,
    filename: str,
    *,
    title: str | None = None,
    date: str | None = None,
    author: str | None = None,
    replace: bool = False,
    store: str | os.PathLike | None = None,
    finder: Finder | None = None,
) -> AddResult:
    """Add an essay file to the store: read it, find its places, write it atomically.

    Parameters
    ----------
    raw : bytes
        The file as given (stored as it is, beside the derived data).
    filename : str
        Its name (the extension picks the reader; shown as text, never used as a path).
    title, date, author : str, optional
        Override what the file says; ``date`` as YYYY-MM-DD. Without a title in the file or here,
        the file's name is used (and a warning says so); without a date, the file is refused.
    replace : bool
        Replace an essay of the same id whose text differs (else refused with a line).
    store : str or PathLike, optional
        The store folder (see ``store_dir``).
    finder : callable, optional
        ``paragraphs -> (places, unresolved)``; default ``geo.essays.finder.find_places``.

    Returns
    -------
    AddResult
        "added", "unchanged" (the same text is already stored: nothing written) or "replaced"
        (decisions for places still found kept).

    Raises
    ------
    EssayInputError
        Anything wrong with the file or the arguments, or a store that cannot be written: one line
        naming the file; nothing is stored.

    Examples
    --------
    >>> import tempfile
    >>> text = b"2022-11-11\\nKherson\\nUkrainian troops entered Kherson today. " + b"The city is free again. " * 5
    >>> r = add(text, "k.txt", store=tempfile.mkdtemp(), finder=lambda paras: ((), ()))
    >>> r.status, r.essay.id
    ('added', 'kherson-2022-11-11')
    """
    name = shown_name(filename)
    try:
        title = check_title(title) if title is not None else None
        date = check_date(date) if date is not None else None
        author = check_title(author, "author") if author is not None else None
    except ValueError as exc:
        raise EssayInputError(f"{name}: {exc}") from None
    doc = read(raw, filename)
    warnings = list(doc.warnings)
    if not title:
        title = doc.title
    if not title:
        stem = os.path.splitext(os.path.basename(filename.replace("\\", "/")))[0]
        title = " ".join(re.sub(r"[_\s]+", " ", stem).split())[:TITLE_MAX] or "Untitled"
        title = "".join(c for c in title if unicodedata.category(c) not in ("Cc", "Cf")) or "Untitled"
        warnings.append(f"no title in the file: its name {title!r} is used (give one with --title)")
    date_source = "given" if date else doc.date_source
    date = date or doc.date
    if not date:
        raise EssayInputError(
            f"{name}: no date found in the text (a first line such as 'November 17, 2022'); give the essay's date with --date YYYY-MM-DD"
        )
    eid = essay_id(title, date)
    sha = _sha256(doc.text)
    folder = essays_dir(store)
    ext = os.path.splitext(filename)[1].lower()
    with _LOCK:
        entries = _entries(folder)
        existing = None
        if eid in entries:
            try:
                existing = load(eid, store)
            except UnknownEssay:
                existing = None  # unreadable: replaced only on request, like a different text
            if existing is not None and existing.sha256 == sha:
                return AddResult("unchanged", existing, f"{name}: already stored as {eid} (the same text); nothing written")
        if existing is None:
            for other, path in entries.items():
                try:
                    if _json(path / SUMMARY_FILE).get("sha256") == sha:
                        essay = load(other, store)
                        return AddResult(
                            "unchanged", essay, f"{name}: the same text is already stored as {other}; nothing written"
                        )
                except (OSError, ValueError, KeyError):
                    continue
        if eid in entries and not replace:
            raise EssayInputError(
                f"{name}: an essay '{printable(title, 120)}' of {date} ({eid}) is already stored with a different text; "
                "to replace it pass --replace (command line) or press Replace (Essay page)"
            )
        find = finder or _default_finder
        places, unresolved = find(doc.paragraphs)
        places, unresolved = tuple(places), tuple(unresolved)
        kept: tuple[model.Decision, ...] = ()
        dropped = 0
        if existing is not None:
            found = {p.id for p in places}
            low = doc.text.lower()
            kept = tuple(
                d for d in existing.decisions if (d.place in found) or (d.status == "added" and d.name and d.name.lower() in low)
            )
            dropped = len(existing.decisions) - len(kept)
        essay = model.Essay(
            id=eid,
            title=title,
            date=date,
            author=author if author is not None else doc.author,
            source_name=name,
            sha256=sha,
            paragraphs=doc.paragraphs,
            places=places,
            unresolved=unresolved,
            decisions=kept,
            date_source=date_source,
        )
        added_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        _write(folder, essay, raw, ext, _summary(essay, added_at, doc.format), replacing=eid in entries)
    if eid in entries:
        note = f"; {len(kept)} decision(s) kept" + (f", {dropped} dropped (their places are no longer found)" if dropped else "")
        return AddResult("replaced", essay, f"{name}: replaced {eid}{note}", tuple(warnings), len(kept), dropped)
    return AddResult("added", essay, f"{name}: added as {eid}", tuple(warnings))


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, indent=1) + "\n"


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


def save_decisions(
    essay_id: str, decisions: Iterable[model.Decision | dict], store: str | os.PathLike | None = None
) -> model.Essay:
    """Save the analyst's review with the essay (replacing the decisions saved before).

    Parameters
    ----------
    essay_id : str
        A stored essay.
    decisions : iterable of model.Decision or dict
        One per place (the last one wins for a place): status "accepted", "rejected" or "added";
        ``summary`` at most 300 characters on one line.
    store : str or PathLike, optional
        The store folder (see ``store_dir``).

    Returns
    -------
    model.Essay
        The essay as now stored.

    Raises
    ------
    UnknownEssay
        No such essay.
    ValueError
        A decision that is not well formed (one line).

    Examples
    --------
    >>> import tempfile
    >>> s = tempfile.mkdtemp()
    >>> e = add(b"2022-11-11\\nKherson\\n" + b"Ukrainian troops entered the city today. " * 5, "k.txt",
    ...         store=s, finder=lambda p: ((), ())).essay
    >>> save_decisions(e.id, [{"place": "kherson", "status": "added", "name": "Kherson"}], store=s).decisions[0].status
    'added'
    """
    clean: dict[str, model.Decision] = {}
    for d in decisions:
        if isinstance(d, dict):
            names = {f.name for f in dataclasses.fields(model.Decision)}
            unknown = sorted(set(d) - names)
            if unknown:
                raise ValueError(f"a decision has unknown fields: {', '.join(printable(k, 40) for k in unknown)}")
            try:
                d = model.Decision(**d)
            except TypeError:
                raise ValueError("a decision needs 'place' and 'status'") from None
        if not isinstance(d, model.Decision):
            raise ValueError(f"not a decision: {type(d).__name__}")
        for field_name in ("place", "status", "chosen", "summary", "name"):
            if not isinstance(getattr(d, field_name), str):
                raise ValueError(f"a decision's {field_name} must be text")
        if d.status not in STATUSES:
            raise ValueError(f"unknown decision status '{printable(d.status, 40)}'; one of {', '.join(STATUSES)}")
        if not d.place or len(d.place) > 120 or not ID_RE.match(d.place):
            raise ValueError(f"a decision names no valid place id ('{printable(d.place, 60)}')")
        if d.chosen and (len(d.chosen) > 120 or not ID_RE.match(d.chosen)):
            raise ValueError(f"a decision's chosen place '{printable(d.chosen, 60)}' is not a place id")
        summary = " ".join(d.summary.split())
        if len(summary) > SUMMARY_MAX:
            raise ValueError(f"a summary has {len(summary)} characters, above the limit of {SUMMARY_MAX}")
        if any(unicodedata.category(c) in ("Cc", "Cf") for c in summary + d.name):
            raise ValueError("a summary or a name contains control or invisible characters")
        if len(d.name) > TITLE_MAX:
            raise ValueError(f"a place name has {len(d.name)} characters, above the limit of {TITLE_MAX}")
        clean[d.place] = dataclasses.replace(d, summary=summary, name=d.name.strip())
    with _LOCK:
        essay = load(essay_id, store)
        updated = dataclasses.replace(essay, decisions=tuple(clean.values()))
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
    """Remove an essay (its folder is renamed away atomically, then deleted).

    Parameters
    ----------
    essay_id : str
        A stored essay.
    store : str or PathLike, optional
        The store folder (see ``store_dir``).

    Raises
    ------
    UnknownEssay
        No such essay.

    Examples
    --------
    >>> import tempfile
    >>> s = tempfile.mkdtemp()
    >>> e = add(b"2022-11-11\\nKherson\\n" + b"Ukrainian troops entered the city today. " * 5, "k.txt",
    ...         store=s, finder=lambda p: ((), ())).essay
    >>> remove(e.id, store=s); listing(s)
    []
    """
    _check_id(essay_id)
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
