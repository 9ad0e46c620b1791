"""What changed between two dates, like for like: ground Russia gained and lost, per oblast and per
essay place.

Two maps drawn by different hands never share a line exactly, so comparing our authored 17 Nov
2022 layer with a DeepStateMap snapshot reports "gains" and "losses" that are only the two sources
drawing the line differently. A change is therefore only ever measured between two snapshots of
ONE source. `compare(d1, d2)` picks the pair like this:

1. Same source: if one source has lines on both asked dates (the store's snapshots, plus our
   authored layer as the source "authored"), those two are compared. Several such sources: the
   store's preference order (deepstate, isw, then alphabetical; authored last).
2. Nearest same-source pair: otherwise, among all pairs (d1', d2') of one source with d1' < d2'
   whose span overlaps the asked one by at least a day (max(d1, d1') < min(d2, d2')), the pair
   minimising |d1' - d1| + |d2' - d2| in days. Ties: source preference as above, then the longer
   overlap with the asked span, then the earlier dates. The result names the dates and files
   actually used and carries a warning saying they differ from the asked ones. (The overlap rule
   keeps a question about Nov 2022 -> Jan 2023 from being answered with Jan 2023 -> Aug 2025.)
3. Between sources: if no such pair exists, the asked dates' own lines (timeline.lines_at) are
   compared, but the result is "differences between sources", never gains or losses: `gained_km2`
   and `lost_km2` are None and the warning says why.

In every comparison, slivers narrower than SLIVER_KM (an opening in the equal-area plane) are
dropped as digitizing noise, and areas are measured in the equal-area projection (geo.core.measure).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import shapely

from geo.core.measure import area_km2, from_equal_area, to_equal_area
from geo.core.provenance import Fact
from geo.data import gazetteer
from geo.data.control import is_held
from geo.figures import stats
from geo.figures.freeze import essay_points
from geo.figures.stats import admin_units, ukraine_geometry
from geo.lines import store
from geo.lines.timeline import AUTHORED_SOURCE, LinesAt, available_dates, lines_at

SLIVER_KM = 1.5
# Besides the two snapshots, a comparison reads the regions (the per-oblast rows) and the places and
# outline (each essay place's status); tests/test_citations.py checks this list against the files opened.
CITED_WITH = ("data/regions/ukraine-admin1.geojson", "data/places/places.geojson", "data/regions/ukraine.geojson")
SAME, NEAREST, BETWEEN = "same source", "nearest same-source pair", "between sources"


@dataclass(frozen=True)
class Change:
    asked_from: str
    asked_to: str
    comparison: str  # SAME | NEAREST | BETWEEN
    then: LinesAt  # the lines actually used for the start
    now: LinesAt  # … and for the end
    only_now: shapely.Geometry  # held at the end, not at the start (Russian gains when like for like)
    only_then: shapely.Geometry  # held at the start, not at the end (lost by Russia when like for like)
    by_region: tuple[tuple[str, str, float, float], ...]  # every admin-1 unit: (id, name, only_now km², only_then km²)
    places: tuple[tuple[str, str, str, str], ...]  # (id, name, status at the start, status at the end)
    warning: str | None

    @property
    def like_for_like(self) -> bool:
        return self.comparison != BETWEEN

    @property
    def same_source(self) -> bool:
        return self.then.source == self.now.source

    @property
    def gained(self) -> shapely.Geometry | None:
        return self.only_now if self.like_for_like else None

    @property
    def lost(self) -> shapely.Geometry | None:
        return self.only_then if self.like_for_like else None

    @property
    def gained_km2(self) -> float | None:
        return area_km2(self.only_now) if self.like_for_like else None

    @property
    def lost_km2(self) -> float | None:
        return area_km2(self.only_then) if self.like_for_like else None

    def place(self, place_id: str) -> tuple[str, str, str, str] | None:
        return next((p for p in self.places if p[0] == place_id), None)

    def place_row(self, place_id: str) -> Fact | None:
        """The panel's "Change since the essay" fact, citing both snapshots, the place file and the outline
        (the status is judged with geo.data.control.is_held); None if not an essay place."""
        p = self.place(place_id)
        if p is None:
            return None
        value = f"{p[2]} on {self.then.date} ({self.then.source}) → {p[3]} on {self.now.date} ({self.now.source})"
        if self.comparison == NEAREST:
            value += f"; the nearest same-source pair to {self.asked_from} → {self.asked_to}"
        elif self.comparison == BETWEEN:
            value += "; two different sources, so a difference may only be how each draws the line"
        return Fact(
            "Change since the essay",
            value,
            (file_name(self.then), file_name(self.now), "data/places/places.geojson", "data/regions/ukraine.geojson"),
            "change",
        )

    def as_json(self) -> dict:
        r1 = lambda x: None if x is None else round(x, 1)  # noqa: E731
        like = self.like_for_like
        regions = {}
        for uid, name, a, b in self.by_region:
            row = {"name": name, "gains_km2": r1(a) if like else None, "losses_km2": r1(b) if like else None}
            if not like:
                row.update(only_from_km2=r1(b), only_to_km2=r1(a))
            regions[uid] = row
        return {
            "from": _end(self.then, self.asked_from),
            "to": _end(self.now, self.asked_to),
            "same_source": self.same_source,
            "comparison": self.comparison,
            "warning": self.warning,
            "gains_km2": r1(self.gained_km2),
            "losses_km2": r1(self.lost_km2),
            "differences_km2": None
            if like
            else {"only_from": r1(area_km2(self.only_then)), "only_to": r1(area_km2(self.only_now))},
            "sliver_filter_km": SLIVER_KM,
            "method": (
                f"areas in an equal-area projection; parts narrower than {SLIVER_KM} km dropped as digitizing noise; "
                + (
                    "gains = held by Russia on 'to' and not on 'from', losses = the reverse"
                    if like
                    else "only_from = held according to 'from' and not 'to', only_to = the reverse"
                )
            ),
            "by_oblast": regions,
            "by_place": {pid: {"name": name, "from": a, "to": b} for pid, name, a, b in self.places},
        }


def file_name(lines: LinesAt) -> str:
    return Path(lines.ref).name


def _end(lines: LinesAt, asked: str) -> dict:
    return {
        "date": lines.date,
        "asked_date": asked,
        "substituted": lines.date != asked,
        "source": lines.source,
        "kind": lines.kind,
        "file": file_name(lines),
        "sha256": lines.sha256,
    }


def _open(geom: shapely.Geometry, km: float = SLIVER_KM) -> shapely.Geometry:
    """Drop parts narrower than `km` (erode then dilate, in metres)."""
    if geom.is_empty:
        return geom
    ea = shapely.make_valid(to_equal_area(geom))
    r = km * 500.0
    opened = shapely.intersection(ea.buffer(-r, quad_segs=2).buffer(r, quad_segs=2), ea, grid_size=1.0)
    return from_equal_area(opened)


def units() -> tuple[tuple[str, str, shapely.Geometry], ...]:
    """(id, name, geometry) of the 27 first-level units (geo.figures.stats owns them)."""
    return admin_units()


def _status(held: shapely.Geometry, lon: float, lat: float) -> str:
    return "held by Russia" if is_held(held, lon, lat, ukraine_geometry()) else "not held by Russia"


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise ValueError(f"date {str(text)[:30]!r} is not YYYY-MM-DD") from None


def _rank(source: str) -> tuple[int, str]:
    order = {name: i for i, name in enumerate(store.SOURCE_PREFERENCE)}
    return (order.get(source, len(order) + (source == AUTHORED_SOURCE)), source)


def entries(store_path: Path | None = None) -> dict[str, list[str]]:
    """Every source with lines, and its dates: the store's snapshots and our authored layer."""
    out: dict[str, set[str]] = {AUTHORED_SOURCE: set(stats.available_dates())}
    for s in store.listing(store_path):
        out.setdefault(s.source, set()).add(s.date)
    return {src: sorted(ds) for src, ds in out.items() if ds}


def choose_pair(d1: str, d2: str, store_path: Path | None = None) -> tuple[str, tuple[str, str, str] | None]:
    """(comparison, (source, d1', d2')) by the rule in the module docstring; the pair is None between sources.
    Raises ValueError for a malformed or reversed pair of dates, stats.UnknownDate for a date without lines."""
    a, b = _day(d1), _day(d2)
    d1, d2 = a.isoformat(), b.isoformat()
    if not a < b:
        raise ValueError(f"--from ({d1}) must be before --to ({d2})")
    have = available_dates(store_path)
    for d in (d1, d2):
        if d not in have:
            raise stats.UnknownDate(f"no lines for {d}: dates with lines are {', '.join(have)}")
    best = None
    for src, dates in entries(store_path).items():
        days = [dt.date.fromisoformat(x) for x in dates]
        for i, x in enumerate(days):
            for y in days[i + 1 :]:
                overlap = (min(b, y) - max(a, x)).days
                if overlap < 1:
                    continue
                key = (abs((x - a).days) + abs((y - b).days), _rank(src), -overlap, x, y)
                if best is None or key < best[0]:
                    best = (key, (src, x.isoformat(), y.isoformat()))
    if best is None:
        return BETWEEN, None
    return (SAME if best[0][0] == 0 else NEAREST), best[1]


def compare(d1: str, d2: str, store_path: Path | None = None) -> Change:
    """What changed from d1 to d2, like for like (see the module docstring)."""
    comparison, pair = choose_pair(d1, d2, store_path)
    d1, d2 = _day(d1).isoformat(), _day(d2).isoformat()
    if pair is None:
        then, now = lines_at(d1, None, store_path), lines_at(d2, None, store_path)
    else:
        src, u1, u2 = pair
        then, now = lines_at(u1, src, store_path), lines_at(u2, src, store_path)
    only_now = _open(shapely.difference(now.held, then.held))
    only_then = _open(shapely.difference(then.held, now.held))
    rows = tuple(
        (uid, name, area_km2(only_now.intersection(geom)), area_km2(only_then.intersection(geom))) for uid, name, geom in units()
    )
    gaz = gazetteer.load()
    places = tuple(
        (pid, gaz[pid].name, _status(then.held, lon, lat), _status(now.held, lon, lat)) for pid, _, lon, lat in essay_points()
    )
    warning = None
    if comparison == NEAREST:
        warning = (
            f"No single source has lines on both {d1} and {d2}; compared the nearest same-source pair instead: "
            f"{then.source} {then.date} → {now.date} ({file_name(then)} → {file_name(now)})."
        )
    elif comparison == BETWEEN:
        warning = (
            f"Not like for like: {d1} comes from {then.source} ({file_name(then)}) and {d2} from {now.source} "
            f"({file_name(now)}), and no source has two dates overlapping this span. Where they differ may be how "
            "each source draws the line, not a change on the ground, so these are differences between sources, "
            "not gains or losses."
        )
    return Change(d1, d2, comparison, then, now, only_now, only_then, rows, places, warning)
