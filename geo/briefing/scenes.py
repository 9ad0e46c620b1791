"""The briefing's scenes, read from data/authored/scenes.toml, and the checks that keep them honest:
every place and layer must exist, every quote must be verbatim, every figure must be computable.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from geo.core.paths import AUTHORED
from geo.data.arguments import Quote

SCENES_FILE = AUTHORED / "scenes.toml"
POINTS_LABEL = "Talking points (ours, not the essay's words)"


@dataclass(frozen=True)
class Ring:
    place: str
    km: tuple[float, ...]


@dataclass(frozen=True)
class Scene:
    number: int  # 1-based position in the file
    title: str
    bounds: tuple[tuple[float, float], tuple[float, float]]  # (south, west), (north, east)
    layers: tuple[str, ...]
    places: tuple[str, ...]
    quotes: tuple[Quote, ...]
    points: tuple[str, ...]
    figures: tuple[str, ...]
    notes: str
    rings: tuple[Ring, ...] = field(default=())
    compare: tuple[str, ...] | None = None  # two dates drawn as a swipe (geo.web.webcompare): check() validates them


@dataclass(frozen=True)
class Briefing:
    essay: str
    lines_date: str
    scenes: tuple[Scene, ...]
    path: Path


class ScenesError(ValueError):
    """The scenes file cannot be read at all (syntax, missing keys); content problems go to check()."""


@lru_cache(maxsize=4)
def load(path: Path = SCENES_FILE) -> Briefing:
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ScenesError(f"{path.name}: not valid TOML ({exc})") from None
    return _briefing(raw, path)


MAX_TEXT = 1_000_000  # a scenes file typed or pasted: at most this many characters


def loads(text: str, path: Path = SCENES_FILE) -> Briefing:
    """Scenes from TOML text (an essay's saved or edited scenes), read like `load` reads the file.

    Parameters
    ----------
    text : str
        The TOML (untrusted: at most `MAX_TEXT` characters).
    path : Path
        The file it stands for (its name is used in messages).

    Returns
    -------
    Briefing
        The scenes, in order.

    Raises
    ------
    ScenesError
        One line naming the file: not TOML, too long, a scene lacking a key, no scenes.

    Examples
    --------
    >>> loads("[[scene]]").scenes  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ScenesError: scenes.toml: scene 1 ('untitled') lacks [...]
    """
    if len(text) > MAX_TEXT:
        raise ScenesError(f"{path.name}: longer than {MAX_TEXT:,} characters")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenesError(f"{path.name}: not valid TOML ({' '.join(str(exc).split())})") from None
    try:
        return _briefing(raw, path)
    except ScenesError:
        raise
    except (KeyError, ValueError, TypeError, IndexError, AttributeError) as exc:
        raise ScenesError(f"{path.name}: a scene has a value of the wrong shape ({' '.join(str(exc).split())[:120]})") from None


def _briefing(raw: dict, path: Path) -> Briefing:
    scenes = []
    for i, s in enumerate(raw.get("scene", []), 1):
        missing = [k for k in ("title", "bounds", "layers", "places", "quote", "points", "figures") if k not in s]
        if missing:
            raise ScenesError(f"{path.name}: scene {i} ({s.get('title', 'untitled')!r}) lacks {missing}")
        (s0, w0), (n0, e0) = s["bounds"]
        scenes.append(
            Scene(
                number=i,
                title=s["title"],
                bounds=((float(s0), float(w0)), (float(n0), float(e0))),
                layers=tuple(s["layers"]),
                places=tuple(s["places"]),
                quotes=tuple(Quote(q["paragraph"], q["text"]) for q in s["quote"]),
                points=tuple(s["points"]),
                figures=tuple(s["figures"]),
                notes=s.get("notes", ""),
                rings=tuple(Ring(r["place"], tuple(float(k) for k in r["km"])) for r in s.get("rings", [])),
                compare=_compare(s.get("compare")),
            )
        )
    if not scenes:
        raise ScenesError(f"{path.name}: no [[scene]] entries")
    return Briefing(essay=raw.get("essay", ""), lines_date=raw.get("lines_date", ""), scenes=tuple(scenes), path=path)


def _compare(raw: object) -> tuple[str, ...] | None:
    """A scene's `compare = ["A", "B"]` as read (plain strings); whether it is usable is check()'s job."""
    if raw is None:
        return None
    return tuple(str(x)[:40] for x in raw) if isinstance(raw, list) else (str(raw)[:40],)


def compare_problem(pair: tuple[str, ...], dates: list[str], essay_date: str) -> str | None:
    """Why a scene's `compare` cannot be drawn, or None: it needs two different dates, each with lines
    in the store or the essay's own date (our authored layer).

    Parameters
    ----------
    pair : tuple of str
        The scene's `compare` value.
    dates : list of str
        The dates with lines (geo.figures.dated.DatedLines.dates).
    essay_date : str
        The essay's date, always available from our authored layer.

    Returns
    -------
    str or None
        The problem, naming the bad value.

    Examples
    --------
    >>> compare_problem(("2022-11-17", "2025-08-03"), ["2022-11-17", "2025-08-03"], "2022-11-17") is None
    True
    >>> compare_problem(("2022-11-17", "2099-01-01"), ["2022-11-17"], "2022-11-17")
    "compare: no lines for '2099-01-01' (dates with lines: 2022-11-17; import a snapshot with `python -m geo import`)"
    """
    if len(pair) != 2:
        return f'compare: {list(pair)!r} is not two dates ["A", "B"]'
    if pair[0] == pair[1]:
        return f"compare: {pair[0]!r} twice; a comparison needs two different dates"
    for d in pair:
        if d not in dates and d != essay_date:
            return (
                f"compare: no lines for {d!r} (dates with lines: {', '.join(dates)}; "
                "import a snapshot with `python -m geo import`)"
            )
    return None


def check(path: Path = SCENES_FILE) -> list[str]:
    """Every problem with the scenes file, each naming the scene and the bad value."""
    from geo.data import essay, gazetteer

    try:
        b = load.__wrapped__(path)
    except (ScenesError, OSError, KeyError, ValueError, TypeError) as exc:
        return [str(exc)]
    paragraphs = {p.id: p.text for p in essay.load().paragraphs}
    return problems_of(b, paragraphs, set(gazetteer.load().places))


def check_text(text: str, paragraphs: dict[str, str], places: set[str] | frozenset[str], path: Path = SCENES_FILE) -> list[str]:
    """Every problem with scenes given as TOML text for an essay (a user essay's saved or edited
    scenes): the same checks as `check` applies to scenes.toml, against that essay's paragraphs and
    places, and its ``lines_date`` must have lines.

    Parameters
    ----------
    text : str
        The TOML (untrusted).
    paragraphs : dict
        The essay's paragraphs: id ("p1") to text.
    places : set of str
        The place ids a scene may name (the gazetteer's and the essay's own "gn-…" places).
    path : Path
        The file it stands for (messages name it).

    Returns
    -------
    list of str
        One line per problem; empty when the scenes can be used.

    Examples
    --------
    >>> check_text("x = ", {}, set())[0].startswith("scenes.toml: not valid TOML")
    True
    """
    try:
        b = loads(text, path)
    except ScenesError as exc:
        return [str(exc)]
    problems = problems_of(b, paragraphs, places)
    if b.lines_date:
        from geo.data.essay import ESSAY_DATE
        from geo.figures.dated import DatedLines

        if b.lines_date != ESSAY_DATE and b.lines_date not in DatedLines.for_store().dates():
            problems.append(f"lines_date: no lines for {b.lines_date[:40]!r} (import a snapshot, or use {ESSAY_DATE})")
    return problems


def problems_of(b: Briefing, paragraphs: dict[str, str], places: set[str] | frozenset[str]) -> list[str]:
    """The content checks of `check` for loaded scenes, against an essay's paragraphs and known places.

    Parameters
    ----------
    b : Briefing
        Loaded scenes.
    paragraphs : dict
        Paragraph id to text: every quote must be verbatim in its paragraph.
    places : set of str
        The place ids a scene may name.

    Returns
    -------
    list of str
        One line per problem, naming the scene and the bad value.

    Examples
    --------
    >>> problems_of(load(), {}, set())[0].startswith("scene 1")
    True
    """
    from geo.briefing import scene_figures
    from geo.data import essay, layers

    known_layers = {c.id for c in layers.catalogue()}
    problems = []
    for s in b.scenes:
        where = f"scene {s.number} ({s.title!r})"
        (south, west), (north, east) = s.bounds
        if not (40 <= south < north <= 57 and 15 <= west < east <= 47):
            problems.append(f"{where}: bounds {list(map(list, s.bounds))} are not [[south, west], [north, east]] within the map")
        for lid in s.layers:
            if lid not in known_layers:
                problems.append(f"{where}: unknown layer {lid!r} (see `python -m geo layers`)")
        for pid in s.places + tuple(r.place for r in s.rings):
            if pid not in places:
                problems.append(f"{where}: unknown place {pid!r}")
        if not 1 <= len(s.quotes) <= 2:
            problems.append(f"{where}: {len(s.quotes)} quotes; a scene has one or two")
        for q in s.quotes:
            if q.paragraph not in paragraphs:
                problems.append(f"{where}: quote names paragraph {q.paragraph!r}, which the essay does not have")
            elif q.text not in paragraphs[q.paragraph]:
                problems.append(f"{where}: quote is not verbatim in {q.paragraph}: {q.text[:60]!r}…")
        if not 2 <= len(s.points) <= 4:
            problems.append(f"{where}: {len(s.points)} talking points; a scene has 2 to 4")
        for f in s.figures:
            why = scene_figures.problem(f)
            if why:
                problems.append(f"{where}: figure {f!r}: {why}")
        if s.compare is not None:  # two dates as a swipe: both must have lines (the store's, or the essay's date)
            from geo.figures.dated import DatedLines

            why = compare_problem(s.compare, DatedLines.for_store().dates(), essay.ESSAY_DATE)
            if why:
                problems.append(f"{where}: {why}")
    return problems
