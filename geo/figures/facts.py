"""What the side panel says about a place: its argument in the essay and its facts, each fact citing
exactly the files that computed it (geo.core.provenance).

One builder of a place's facts, `build(place_id, lines)`, for any date and any source: the panel
(the essay's date, `panel`), the panel on an imported date, the briefing's scenes and the exported
deck all call it. Distances are geodesic (geo.core.measure.distance_to_geometry_km). Pure: the page
only renders what this returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import shapely

from geo.core import provenance
from geo.core.measure import area_km2, distance_to_geometry_km, length_km, to_equal_area
from geo.core.provenance import Fact
from geo.data import arguments, gazetteer, places
from geo.data.control import is_held
from geo.data.essay import ESSAY_DATE, HELD_LAYER, LIBERATED_LAYER
from geo.data.places import geometry_of
from geo.figures import people
from geo.figures.compare import front_of
from geo.figures.stats import control_geometry, ukraine_geometry
from geo.lines.timeline import AUTHORED_SOURCE, LinesAt, lines_at

FRONT_KM = 5.0  # within this of the line, a place is "on the front line"

__all__ = [
    "Fact",
    "Panel",
    "panel",
    "build",
    "point_facts",
    "essay_lines",
    "distance_to_front_km",
    "warm",
    "ESSAY_DATE",
    "HELD_LAYER",
]


@dataclass(frozen=True)
class Panel:
    id: str
    name: str
    kind: str
    discussed: bool
    argument: arguments.Argument | None
    facts: tuple[Fact, ...]
    related: tuple[tuple[str, str], ...]  # (id, name)
    aliases: tuple[str, ...] = field(default=())


_FRONTS: dict[tuple[str, str | None], shapely.Geometry] = {}


def front_ea(lines: LinesAt) -> shapely.Geometry:
    """A date's front line in the equal-area plane, kept per file (files are content-addressed)."""
    key = (lines.ref, lines.sha256)
    held, ukraine = lines.held, ukraine_geometry()  # noted on every call, computed once
    if key not in _FRONTS:
        if len(_FRONTS) > 8:
            _FRONTS.clear()
        g = to_equal_area(front_of(held, ukraine))
        shapely.prepare(g)
        _FRONTS[key] = g
    return _FRONTS[key]


def distance_to_front_km(lon: float, lat: float, lines: LinesAt | None = None) -> float:
    """Geodesic distance from a point to a date's front line (the essay's date by default).

    Parameters
    ----------
    lon, lat : float
        The point, in degrees.
    lines : LinesAt, optional
        The date's lines (authored or imported); the essay's date on our layers if omitted.

    Returns
    -------
    float
        Kilometres to the nearest point of that date's front line (geo.core.measure.distance_to_geometry_km).

    Examples
    --------
    >>> round(distance_to_front_km(30.5238, 50.4547))  # Kyiv, 17 Nov 2022
    427
    """
    return distance_to_geometry_km(lon, lat, front_ea(lines or essay_lines()), projected=True)


def essay_lines() -> LinesAt:
    """Our authored lines on the essay's date."""
    return lines_at(ESSAY_DATE, AUTHORED_SOURCE)


def _fmt_km2(x: float) -> str:
    return f"{x:,.0f} km²"


def _when(lines: LinesAt) -> str:
    from geo.figures.headline import human_date

    return human_date(lines.date) + ("" if lines.kind == "authored" else f" ({lines.source})")


def _point_status(geom: shapely.Geometry, lines: LinesAt) -> str | None:
    ukraine = ukraine_geometry()
    if not ukraine.buffer(0.02).covers(geom):
        return None
    if is_held(lines.held, geom.x, geom.y, ukraine):
        status = "held by Russia"
    elif lines.kind == "authored" and is_held(control_geometry(LIBERATED_LAYER), geom.x, geom.y, ukraine):
        status = f"liberated (taken by Russia after 24 Feb 2022, Ukrainian-held again by {_when(lines)})"
    elif lines.kind == "imported" and not lines.unknown.is_empty and is_held(lines.unknown, geom.x, geom.y, ukraine):
        status = "status unknown (the source's own class)"
    else:
        status = "held by Ukraine" if lines.kind == "authored" else "not held by Russia"
    if distance_to_front_km(geom.x, geom.y, lines) <= FRONT_KM:
        status += f"; on the front line (within {FRONT_KM:g} km)"
    return status


def point_facts(point, lines: LinesAt, extra: tuple[str, ...] = ()) -> list[Fact]:
    """Control of a point on a date's lines and its geodesic distance to that day's line: the facts
    the panel shows for any point, a gazetteer place's or a GeoNames settlement's an essay names.

    Parameters
    ----------
    point : shapely.Point or callable
        The point (lon/lat), or a function returning it (called inside each fact, so that a
        gazetteer place's file is cited by the fact that reads it).
    lines : LinesAt
        The date's lines (our authored layers or an imported snapshot).
    extra : tuple of str, optional
        Sources that are not files read here (e.g. "GeoNames 702550 via data/places/names.json.gz"),
        cited by each fact.

    Returns
    -------
    list of Fact
        Status and distance to the line; empty for a point outside Ukraine.

    Examples
    --------
    >>> [f.label for f in point_facts(shapely.Point(35.37, 46.85), essay_lines())]
    ['Status on 17 Nov 2022', 'Distance to the 17 Nov 2022 line']
    >>> point_facts(shapely.Point(37.62, 55.75), essay_lines())  # Moscow: not in Ukraine
    []
    """
    get = point if callable(point) else (lambda: point)
    when = _when(lines)
    status = provenance.fact(f"Status on {when}", lambda: _point_status(get(), lines) or "", extra=extra)
    if not status.value:
        return []

    def dist() -> str:
        g = get()
        held = is_held(lines.held, g.x, g.y, ukraine_geometry())
        where = "behind the line, on the Russian-held side" if held else "from the line"
        return f"{distance_to_front_km(g.x, g.y, lines):,.1f} km {where} (geodesic)"

    return [status, provenance.fact(f"Distance to the {when} line", dist, extra=extra)]


def status_facts(place_id: str, lines: LinesAt) -> list[Fact]:
    """Control on the lines' date and distance to that day's line (points), share held (areas), length held (lines)."""
    geom = geometry_of(place_id)
    when = _when(lines)
    out: list[Fact] = []
    if geom.geom_type == "Point":
        return point_facts(lambda: geometry_of(place_id), lines)
    if geom.geom_type.endswith("Polygon"):
        measured: dict[str, float] = {}

        def held_share() -> str:
            measured["held"], measured["total"] = held_area_km2(place_id, lines)
            return f"{_fmt_km2(measured['held'])} ({100 * measured['held'] / measured['total']:.0f}% of its area)"

        out.append(provenance.fact(f"Held by Russia on {when}", held_share))
        if lines.kind == "authored":
            out.append(provenance.fact(f"Liberated by {when}", lambda: _share(place_id, control_geometry(LIBERATED_LAYER))))
        if 1.0 <= measured["held"] < measured["total"] * 0.999:  # the line crosses it: measured once, above

            def crossing() -> str:
                inside = front_of(lines.held, ukraine_geometry()).intersection(geometry_of(place_id))
                return f"crosses it ({length_km(inside):,.0f} km inside, geodesic)"

            out.append(provenance.fact(f"The {when} line", crossing))
        return out

    def held_length() -> str:
        g = geometry_of(place_id)
        total, inside = length_km(g), length_km(g.intersection(lines.held))
        return f"{inside:,.0f} km of {total:,.0f} km ({100 * inside / total:.0f}%)"

    return [provenance.fact(f"In Russian-held territory on {when}", held_length)]


def held_area_km2(place_id: str, lines: LinesAt) -> tuple[float, float]:
    """How much of an area (a region, Ukraine) the date's lines hold, and its whole area.

    Parameters
    ----------
    place_id : str
        A gazetteer id whose geometry is a polygon.
    lines : LinesAt
        The date's lines, authored or imported.

    Returns
    -------
    tuple of float
        (held km², total km²), both in the equal-area projection.

    Examples
    --------
    >>> held, total = held_area_km2("luhansk-oblast", essay_lines())
    >>> round(100 * held / total)
    99
    """
    g = geometry_of(place_id)
    return area_km2(g.intersection(lines.held)), area_km2(g)


def _share(place_id: str, layer: shapely.Geometry) -> str:
    g = geometry_of(place_id)
    a = area_km2(g.intersection(layer))
    return f"{_fmt_km2(a)} ({100 * a / area_km2(g):.0f}%)"


def _units_of(place_id: str) -> tuple[str, ...]:
    """The first-level units a region (or Ukraine) is made of; () for anything else."""
    place = gazetteer.load()[place_id]
    if place_id == "ukraine":
        return tuple(people.officials())
    return tuple(place.source.get("units", ())) if place.kind == "region" else ()


def residents_facts(place_id: str) -> list[Fact]:
    """Pre-war residents that do not depend on a date (geo.figures.people, one method everywhere): a settlement's
    estimate with its range, or a region's official total."""
    place = gazetteer.load()[place_id]
    gid = place.source.get("geonameid")
    if place.kind == "city" and gid is not None:

        def city() -> str:
            if not places.props(place_id).get("unit"):  # outside Ukraine (Moscow): no official total to share
                return ""
            r = people.of_settlement(int(gid))
            return "" if r is None else f"{r.text()} (our estimate: its share of the unit's official total)"

        f = provenance.fact(people.LABEL, city, key="residents")
        return [f] if f.value else []
    units = _units_of(place_id)
    if not units:
        return []

    def total() -> str:
        off = people.officials()
        years = sorted({off[u].as_of[:4] for u in units})
        return f"{sum(off[u].residents for u in units):,} (official, 1 Jan {' and '.join(years)})"

    return [provenance.fact(people.LABEL, total, key="residents")]


def people_facts(place_id: str, lines: LinesAt) -> list[Fact]:
    """Pre-war residents of a region (or Ukraine) behind a date's line, with the method's range."""
    units = _units_of(place_id)
    if not units:
        return []
    from geo.figures.headline import people_behind

    def held() -> str:
        rows = people_behind(lines).by_oblast
        h, lo, hi = (sum(rows[u][k] for u in units) for k in ("held", "low", "high"))
        return f"{h:,} (range {lo:,}–{hi:,})" if (lo, hi) != (h, h) else f"{h:,}"

    return [provenance.fact(f"{people.LABEL} behind the {_when(lines)} line", held, key="residents_held")]


def _kind_fact(place_id: str) -> Fact:
    return Fact("Kind", gazetteer.load()[place_id].kind, ("data/authored/places.toml",), "kind")


def static_facts(place_id: str) -> list[Fact]:
    """Facts that do not depend on a date: kind, coordinates, unit, area, authored facts."""
    place = gazetteer.load()[place_id]
    gaz = gazetteer.load()
    out = [_kind_fact(place_id)]
    if place.kind in ("city", "facility"):
        props = places.props(place_id)
        out.append(
            provenance.fact(
                "Coordinates",
                lambda: (lambda g: f"{g.y:.4f}° N, {g.x:.4f}° E")(geometry_of(place_id)),
                extra=(props.get("coord_source") or "",),
            )
        )
        unit = props.get("unit")
        if unit and unit != place_id:
            out.append(provenance.fact("In", lambda: gaz[places.props(place_id)["unit"]].name))
    if (place.kind == "region" or place_id == "ukraine") and geometry_of(place_id).geom_type.endswith("Polygon"):
        out.append(provenance.fact("Area", lambda: _fmt_km2(area_km2(geometry_of(place_id))) + " (equal-area projection)"))
    out.extend(residents_facts(place_id))
    out.extend(authored_fact(place_id, key) for key in place.facts if not key.endswith(("_source", "_note")))
    return out


def authored_fact(place_id: str, key: str, *, note: bool = True) -> Fact:
    """One fact typed in data/authored/places.toml (installed capacity, reactors, …), with its cited source.

    Parameters
    ----------
    place_id : str
        A gazetteer id.
    key : str
        A key of the place's authored facts (not a ``*_source`` or ``*_note`` key).
    note : bool, default True
        Append the fact's note (``capacity_note``) to the value, as the panel does; the briefing's
        scenes show the bare figure.

    Returns
    -------
    Fact
        label, value, sources (places.toml and the source it names) and key.

    Examples
    --------
    >>> authored_fact("zaporizhzhia-npp", "capacity_mw", note=False).value
    '6,000 MW'
    """
    facts_ = gazetteer.load()[place_id].facts
    value = facts_[key]
    label = {"capacity_mw": "Installed capacity", "reactors": "Reactors"}.get(key, key.replace("_", " ").capitalize())
    text = f"{value:,} MW" if key == "capacity_mw" else str(value)
    extra = facts_.get(f"{key.rsplit('_', 1)[0]}_note") if key == "capacity_mw" and note else None
    if extra:
        text += f": {extra}"
    src = str(facts_.get(f"{key.split('_')[0]}_source", facts_.get("capacity_source", "")))
    return Fact(label, text, ("data/authored/places.toml", src) if src else ("data/authored/places.toml",), key)


def build(place_id: str, lines: LinesAt, *, static: bool = True) -> tuple[Fact, ...]:
    """A place's facts on a date's lines, each citing exactly the files that computed it.

    The one builder of place facts: the panel on the essay's date (`panel`), the panel on any
    imported date and source, the briefing's scenes and the exported deck. Static facts (kind,
    coordinates, unit, area, pre-war residents, authored facts) come first, then the facts of the
    date: status and geodesic distance to the line (points), share held and the line crossing
    (areas), length held (lines), and pre-war residents behind the line (regions, Ukraine).

    Parameters
    ----------
    place_id : str
        A gazetteer id.
    lines : LinesAt
        The date's lines (geo.lines.timeline.lines_at): our authored layers or an imported snapshot.
    static : bool, default True
        Include the facts that do not depend on the date; False gives only the date's facts (the
        panel adds them to the essay-date facts it already shows).

    Returns
    -------
    tuple of Fact
        label, value, sources and key of each fact, in the panel's order.

    Examples
    --------
    >>> [f.label for f in build("kyiv", essay_lines(), static=False)]
    ['Status on 17 Nov 2022', 'Distance to the 17 Nov 2022 line']
    """
    head = tuple(static_facts(place_id)) if static else ()
    if place_id == "russia":
        return head
    return head + tuple(status_facts(place_id, lines) + people_facts(place_id, lines))


def warm() -> None:
    """Compute every panel once, so no click waits for a cold computation."""
    for pid in gazetteer.load().places:
        panel(pid)


@lru_cache(maxsize=256)
def panel(place_id: str) -> Panel:
    """Everything the side panel shows for one place, on the essay's date: its name, argument and
    related places, and `build(place_id, essay_lines())`."""
    gaz = gazetteer.load()
    place = gaz[place_id]
    arg = arguments.load().get(place_id)
    related = tuple((r, gaz[r].name) for r in (arg.related if arg else ()))
    return Panel(
        id=place_id,
        name=place.name,
        kind=place.kind,
        discussed=arg is not None,
        argument=arg,
        facts=build(place_id, essay_lines()),
        related=related,
        aliases=place.aliases,
    )
