"""Control layers ("current lines"): polygons computed from authored front lines.

Each front line runs from outside Ukraine (an anchor in Russia, Belarus or the sea) through
waypoints and back out. Ukraine's outline and the lines are noded and polygonized; a face is
held when it contains one of the layer's seed settlements. Derived layers (liberated, claimed
but not held) are differences of other layers, never drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import shapely
import shapely.ops

from geo.core.geojson_io import COORD_DECIMALS
from geo.data import geonames, waypoints
from geo.data.line_specs import ControlSpec, LinesSpec
from geo.data.naturalearth import GRID

SHIPPED_PRECISION = 10**-COORD_DECIMALS  # compute derived layers from exactly what we ship


@dataclass
class ControlResult:
    geometry: shapely.Geometry
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _clean(geom: shapely.Geometry) -> tuple[shapely.Geometry, list[str]]:
    """Keep polygonal parts only, valid; report a repair rather than hide it."""
    notes = []
    if not geom.is_valid:
        notes.append(f"repaired invalid geometry ({shapely.is_valid_reason(geom)})")
        geom = shapely.make_valid(geom)
    polys = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
    return shapely.union_all(polys) if polys else shapely.MultiPolygon(), notes


def held_from_lines(
    spec: ControlSpec, ws: waypoints.WaypointSet, ukraine: shapely.Geometry, units: dict[str, shapely.Geometry]
) -> ControlResult:
    """Polygonize Ukraine's outline with the layer's lines and keep the faces holding a seed."""
    problems: list[str] = []
    edges: list[shapely.Geometry] = [ukraine.boundary]
    rings: list[shapely.Polygon] = []
    for line_id in spec.lines:
        line = waypoints.assemble(ws, line_id)
        # Only the ends must lie outside: an anchor between them may sit in water that belongs to a
        # unit (the Dnipro-Buh estuary is part of Kherson and Mykolaiv oblasts).
        anchors = ws.of(line_id, {"anchor"})
        for w in anchors:
            if ukraine.contains(shapely.Point(w.lon, w.lat)) and (w.lon, w.lat) in (line.coords[0], line.coords[-1]):
                problems.append(
                    f"{spec.id}: anchor {w.lon},{w.lat} of {line_id} lies inside Ukraine; lines must start and end outside"
                )
        ends = [shapely.Point(line.coords[0]), shapely.Point(line.coords[-1])]
        if any(ukraine.contains(p) for p in ends):
            problems.append(f"{spec.id}: {line_id} starts or ends inside Ukraine, so it cannot close a polygon")
        edges.append(line)
        for w in ws.of(line_id, {"ring"}):
            ring = waypoints.ring_polygon(w)
            rings.append(ring)
            edges.append(ring.exterior)
    noded = shapely.unary_union(edges, grid_size=GRID)
    faces = [
        f for f in shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))) if ukraine.contains(f.representative_point())
    ]
    seeds = [geonames.get(s) for s in spec.held_seeds]
    held = []
    for face in faces:
        if any(face.contains(shapely.Point(s.lon, s.lat)) for s in seeds):
            if any(r.contains(face.representative_point()) for r in rings):
                problems.append(f"{spec.id}: a seed lies inside a Ukrainian-held ring")
            held.append(face)
    for s in seeds:
        if not any(f.contains(shapely.Point(s.lon, s.lat)) for f in faces):
            problems.append(f"{spec.id}: held seed {s.name} ({s.geonameid}) lies in no face inside Ukraine")
    extra = [units[u] for u in spec.include_units]
    geom, notes = _clean(shapely.union_all(held + extra, grid_size=GRID).intersection(ukraine))
    geom, more = _clean(shapely.set_precision(geom, SHIPPED_PRECISION))
    return ControlResult(geometry=geom, problems=problems, notes=notes + more)


def is_held(geom: shapely.Geometry, lon: float, lat: float, ukraine: shapely.Geometry) -> bool:
    """Whether a settlement is in the held area; a point just off the coastline (a river port
    such as Kherson) is judged at the nearest point of Ukraine."""
    pt = shapely.Point(lon, lat)
    if not ukraine.covers(pt):
        pt = shapely.ops.nearest_points(ukraine, pt)[0]
        pt = shapely.Point(pt.x + (ukraine.centroid.x - pt.x) * 1e-6, pt.y + (ukraine.centroid.y - pt.y) * 1e-6)
    return bool(geom.covers(pt))


def check_statuses(
    layer_id: str, geom: shapely.Geometry, ws: waypoints.WaypointSet, line_ids: tuple[str, ...], ukraine: shapely.Geometry
) -> list[str]:
    """Settlements the waypoint file records as Russian-/Ukrainian-held must fall on the right side."""
    problems = []
    for line_id in line_ids:
        for w in ws.of(line_id, {"check"}):
            inside = is_held(geom, w.lon, w.lat, ukraine)
            if w.status == "RU" and not inside:
                problems.append(f"{layer_id}: {w.name} is recorded as Russian-held on this date but lies outside the held area")
            if w.status == "UA" and inside:
                problems.append(f"{layer_id}: {w.name} is recorded as Ukrainian-held on this date but lies inside the held area")
    return problems


def build_all(
    spec: LinesSpec, ws: waypoints.WaypointSet, ukraine: shapely.Geometry, units: dict[str, shapely.Geometry]
) -> dict[str, ControlResult]:
    """Every control layer, primary ones first, then the derived differences."""
    out: dict[str, ControlResult] = {}
    for c in spec.controls:
        if c.derived:
            continue
        if c.lines:
            res = held_from_lines(c, ws, ukraine, units)
            res.problems.extend(check_statuses(c.id, res.geometry, ws, c.lines, ukraine))
        else:
            geom, notes = _clean(shapely.union_all([units[u] for u in c.include_units], grid_size=GRID))
            geom, more = _clean(shapely.set_precision(geom, SHIPPED_PRECISION))
            res = ControlResult(geometry=geom, notes=notes + more)
        out[c.id] = res
    for c in spec.controls:
        if not c.derived:
            continue
        for ref in (c.minuend, c.subtrahend):
            if ref not in out:
                raise ValueError(f"derived layer {c.id!r} refers to unknown layer {ref!r}")
        geom, notes = _clean(shapely.difference(out[c.minuend].geometry, out[c.subtrahend].geometry, grid_size=GRID))
        out[c.id] = ControlResult(geometry=geom, notes=notes)
    return out
