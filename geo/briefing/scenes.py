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
    from geo.briefing import scene_figures
    from geo.data import essay, gazetteer, layers

    try:
        b = load.__wrapped__(path)
    except (ScenesError, OSError, KeyError, ValueError, TypeError) as exc:
        return [str(exc)]
    gaz = gazetteer.load()
    known_layers = {c.id for c in layers.catalogue()}
    paragraphs = {p.id: p.text for p in essay.load().paragraphs}
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
            if pid not in gaz.places:
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
