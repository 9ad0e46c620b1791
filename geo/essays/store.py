"""The user store's essays: idempotent, atomic, replaced on request, on files or in PostgreSQL.

This module is the facade: the same API and the same semantics on both backends.

- No database configured (``geo.db.settings.enabled()`` false): ``geo.essays.store_files``, one folder
  per essay under ``<store>/essays/<id>/`` (``essay.json``, ``summary.json``, the source file as
  given, the saved ``scenes.toml``), written atomically by temporary folders and renames.
  ``<store>`` is ``--store``, else ``$BRIEFMAP_STORE``, else ``data/user/`` (the same rule as the
  snapshot store, ``geo.lines.store.store_dir``; geo.essays may not import geo.lines, so the one
  line is repeated here).
- ``BRIEFMAP_DATABASE_URL`` set: ``geo.essays.store_pg``, one row per essay in table ``essays`` keyed
  by (store namespace, id) (``geo/db/migrations/0003_essays.sql``), every write one transaction.

Identity: the id is a slug of the title and the date (``the-case-against-negotiations-2022-11-17``).
The same text (sha256 of the extracted paragraphs) again is a no-op ("unchanged"), whatever the
title. A different text under an existing id is refused with a line asking for ``--replace`` (the
CLI) or the Replace button (the Essay page); with ``replace=True`` it is replaced, the decisions
for places the finder still finds are kept, and so are the essay's saved scenes.

``revision()`` is a cheap stamp that changes on every write, for caches (on the database: the
``store_revisions`` row of the namespace, so a write by another server is seen at the next rerun).
The saved scenes of an essay's briefing (``geo.briefing.draft``) are read and written here too:
``scenes_text``, ``save_scenes_text``, ``discard_scenes``, ``scenes_stamp``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import threading
import unicodedata
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
    "scenes_text",
    "save_scenes_text",
    "discard_scenes",
    "scenes_stamp",
]

DEFAULT_STORE = DATA / "user"
SUBFOLDER = "essays"
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_MAX = 80
TITLE_MAX = 200
SUMMARY_MAX = 300  # a decision's one-line summary, typed by the analyst
STALE_S = 600.0  # temporary and aside folders older than this are swept
STATUSES = ("accepted", "rejected", "added")
MAX_JSON_BYTES = 20 * 1024 * 1024  # a stored essay larger than this is not read (the store writes far smaller)

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
# the backend


def _backend():
    """``store_pg`` when a database is configured, else ``store_files`` (psycopg imported only then)."""
    from geo.db import settings

    if settings.enabled():
        from geo.essays import store_pg

        return store_pg
    from geo.essays import store_files

    return store_files


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, indent=1) + "\n"


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
# reading


def revision(store: str | os.PathLike | None = None) -> str:
    """A cheap stamp of the essays' state that changes on every write (for caches).

    Parameters
    ----------
    store : str or PathLike, optional
        The store folder (see ``store_dir``); on the database, its namespace.

    Returns
    -------
    str
        Files: the ``.revision`` token (rewritten by every add, replace, save and remove) and the
        essays folder's modification time. Database: the namespace's ``store_revisions`` counter.
        "absent" when no essay was ever stored.

    Examples
    --------
    >>> import tempfile
    >>> revision(tempfile.mkdtemp())
    'absent'
    """
    return _backend().revision(store)


def listing(store: str | os.PathLike | None = None) -> list[Summary]:
    """Every stored essay, newest date first (then by title).

    Parameters
    ----------
    store : str or PathLike, optional
        The store folder (see ``store_dir``).

    Returns
    -------
    list of Summary
        Read from each essay's summary (``summary.json``, or the row's summary columns), never its
        paragraphs. Files: temporary, aside and removed folders are left out (and swept when
        stale); a folder whose files cannot be read is skipped.

    Examples
    --------
    >>> import tempfile
    >>> listing(tempfile.mkdtemp())
    []
    """
    out = _backend().listing(store)
    out.sort(key=lambda s: s.title.lower())
    out.sort(key=lambda s: s.date, reverse=True)
    return out


def load(essay_id: str, store: str | os.PathLike | None = None) -> model.Essay:
    """One stored essay, with its paragraphs, places, unresolved names and decisions.

    Parameters
    ----------
    essay_id : str
        The id (a slug; anything else is refused before touching the disk or the database).
    store : str or PathLike, optional
        The store folder (see ``store_dir``).

    Returns
    -------
    model.Essay

    Raises
    ------
    UnknownEssay
        No such essay, or one that cannot be read (over 20 MB, damaged): one line.

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
    return _backend().load(essay_id, store)


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


# ---------------------------------------------------------------------------------------------------
# writing


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _default_finder(paragraphs: Sequence[model.Paragraph]):
    from geo.essays.finder import find_places  # imported when first needed (helper module, heavy index)

    return find_places(paragraphs)


@dataclass(frozen=True)
class _Prepared:
    """A file read and checked, before anything is stored: what both backends' ``add`` start from."""

    raw: bytes
    name: str  # the file's name as shown
    doc: object  # geo.essays.reader.Document
    warnings: tuple[str, ...]
    title: str
    date: str
    date_source: str
    author: str
    eid: str
    sha: str
    ext: str

    def unchanged(self, existing: model.Essay) -> AddResult:
        if existing.id == self.eid:
            return AddResult("unchanged", existing, f"{self.name}: already stored as {self.eid} (the same text); nothing written")
        return AddResult("unchanged", existing, f"{self.name}: the same text is already stored as {existing.id}; nothing written")

    def refuse(self):
        raise EssayInputError(
            f"{self.name}: an essay '{printable(self.title, 120)}' of {self.date} ({self.eid}) is already stored with a different text; "
            "to replace it pass --replace (command line) or press Replace (Essay page)"
        )

    def essay(self, places, unresolved, existing: model.Essay | None) -> tuple[model.Essay, tuple[model.Decision, ...], int]:
        """The essay to store, with the decisions of ``existing`` for places still found (and the count dropped)."""
        places, unresolved = tuple(places), tuple(unresolved)
        kept: tuple[model.Decision, ...] = ()
        dropped = 0
        if existing is not None:
            found = {p.id for p in places}
            low = self.doc.text.lower()
            kept = tuple(
                d for d in existing.decisions if (d.place in found) or (d.status == "added" and d.name and d.name.lower() in low)
            )
            dropped = len(existing.decisions) - len(kept)
        essay = model.Essay(
            id=self.eid,
            title=self.title,
            date=self.date,
            author=self.author,
            source_name=self.name,
            sha256=self.sha,
            paragraphs=self.doc.paragraphs,
            places=places,
            unresolved=unresolved,
            decisions=kept,
            date_source=self.date_source,
        )
        return essay, kept, dropped

    @staticmethod
    def now() -> str:
        return datetime.now(timezone.utc).replace(microsecond=0).isoformat()

    def result(self, essay: model.Essay, replaced: bool, kept, dropped: int) -> AddResult:
        if replaced:
            note = f"; {len(kept)} decision(s) kept" + (
                f", {dropped} dropped (their places are no longer found)" if dropped else ""
            )
            return AddResult("replaced", essay, f"{self.name}: replaced {self.eid}{note}", self.warnings, len(kept), dropped)
        return AddResult("added", essay, f"{self.name}: added as {self.eid}", self.warnings)


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
        (decisions for places still found kept, and the saved scenes).

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
    prep = _Prepared(
        raw=raw,
        name=name,
        doc=doc,
        warnings=tuple(warnings),
        title=title,
        date=date,
        date_source=date_source,
        author=author if author is not None else doc.author,
        eid=essay_id(title, date),
        sha=_sha256(doc.text),
        ext=os.path.splitext(filename)[1].lower(),
    )
    return _backend().add(prep, replace=replace, store=store, finder=finder or _default_finder)


def _clean_decisions(decisions: Iterable[model.Decision | dict]) -> tuple[model.Decision, ...]:
    """The decisions checked and normalised (the last one for a place wins); ValueError names the first problem."""
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
    return tuple(clean.values())


def save_decisions(
    essay_id: str, decisions: Iterable[model.Decision | dict], store: str | os.PathLike | None = None
) -> model.Essay:
    """Save the analyst's review with the essay (replacing the decisions saved before), at once.

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
        A decision that is not well formed (one line); nothing is written.

    Examples
    --------
    >>> import tempfile
    >>> s = tempfile.mkdtemp()
    >>> e = add(b"2022-11-11\\nKherson\\n" + b"Ukrainian troops entered the city today. " * 5, "k.txt",
    ...         store=s, finder=lambda p: ((), ())).essay
    >>> save_decisions(e.id, [{"place": "kherson", "status": "added", "name": "Kherson"}], store=s).decisions[0].status
    'added'
    """
    clean = _clean_decisions(decisions)
    _check_id(essay_id)
    return _backend().save_decisions(essay_id, clean, store)


def remove(essay_id: str, store: str | os.PathLike | None = None) -> None:
    """Remove an essay (with its saved scenes): atomically, a folder renamed away or a row deleted.

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
    _backend().remove(essay_id, store)


# ---------------------------------------------------------------------------------------------------
# an essay's saved scenes (the Briefing page's "Edit scenes"; geo.briefing.draft checks them)


def scenes_text(essay_id: str, store: str | os.PathLike | None = None) -> str | None:
    """The essay's saved scenes (TOML text as saved), or None when none are saved.

    Parameters
    ----------
    essay_id : str
        The essay's id (anything but a slug is refused: ``UnknownEssay``).
    store : str or PathLike, optional
        The store folder (see ``store_dir``).

    Returns
    -------
    str or None
        The text (unchecked: ``geo.briefing.draft.check_scenes`` checks it), or None.

    Raises
    ------
    OSError, UnicodeDecodeError
        Files only: a scenes file that cannot be read.

    Examples
    --------
    >>> import tempfile
    >>> scenes_text("x-2024-01-01", tempfile.mkdtemp()) is None
    True
    """
    _check_id(essay_id)
    return _backend().scenes_text(essay_id, store)


def save_scenes_text(essay_id: str, text: str, store: str | os.PathLike | None = None) -> bool:
    """Save an essay's scenes with it, atomically (a file renamed in, or one transaction).

    Parameters
    ----------
    essay_id : str
        A stored essay.
    text : str
        The TOML (check it first: ``geo.briefing.draft.save_scenes`` does).
    store : str or PathLike, optional
        The store folder (see ``store_dir``).

    Returns
    -------
    bool
        False when the essay is not in the store (nothing written).

    Examples
    --------
    >>> import tempfile
    >>> save_scenes_text("x-2024-01-01", "", tempfile.mkdtemp())
    False
    """
    _check_id(essay_id)
    if not isinstance(text, str) or "\x00" in text:
        raise ValueError("scenes must be text without NUL characters")
    return _backend().save_scenes_text(essay_id, text, store)


def discard_scenes(essay_id: str, store: str | os.PathLike | None = None) -> bool:
    """Remove an essay's saved scenes (its briefing goes back to the draft).

    Parameters
    ----------
    essay_id : str
        The essay's id.
    store : str or PathLike, optional
        The store folder (see ``store_dir``).

    Returns
    -------
    bool
        True if saved scenes were removed.

    Examples
    --------
    >>> import tempfile
    >>> discard_scenes("x-2024-01-01", tempfile.mkdtemp())
    False
    """
    _check_id(essay_id)
    return _backend().discard_scenes(essay_id, store)


def scenes_stamp(essay_id: str, store: str | os.PathLike | None = None) -> str:
    """A cheap stamp of an essay's saved scenes that changes whenever they are saved or discarded.

    Parameters
    ----------
    essay_id : str
        The essay's id.
    store : str or PathLike, optional
        The store folder (see ``store_dir``).

    Returns
    -------
    str
        Files: the file's size and modification time; database: the text's length and the row's
        scenes counter. "" when none are saved.

    Examples
    --------
    >>> import tempfile
    >>> scenes_stamp("x-2024-01-01", tempfile.mkdtemp())
    ''
    """
    _check_id(essay_id)
    return _backend().scenes_stamp(essay_id, store)
