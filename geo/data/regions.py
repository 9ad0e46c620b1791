"""Ukraine's 27 first-level units, polygonized from Natural Earth lines and labelled by seat.

Natural Earth's 1:10m lines are corrected where the official areas show them wrong
(data/authored/admin_units.toml, [[boundary]] tables): authored lines from
data/authored/unit_boundaries.csv (GeoNames settlements, points between two of them, or
anchors on Natural Earth's coastline, each with its source) either close an estuary, lagoon or
bay so that its water becomes a face (labelled by a `water_seeds` point of the unit it belongs
to), or replace Natural Earth's line for a unit's limit (Kyiv city). Everything is noded and
polygonized together, so shared borders stay shared.

Built by `python -m geo build`; the app reads data/regions/*.geojson and never Natural Earth.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import shapely

from geo.data import geonames, naturalearth, waypoints
from geo.core.measure import area_km2, distance_to_geometry_km, length_km
from geo.core.paths import AUTHORED, REGIONS

UNITS_FILE = AUTHORED / "admin_units.toml"
BOUNDARIES_FILE = AUTHORED / "unit_boundaries.csv"
BOUNDARY_KINDS = {"water", "limit"}
ADMIN1_PATH = REGIONS / "ukraine-admin1.geojson"
OUTLINE_PATH = REGIONS / "ukraine.geojson"
SIMPLIFY_DEG = 0.004  # ~300-450 m: invisible at oblast scale, keeps the file small for the browser
SEAT_SNAP_KM = 2.0  # a seat on the water's edge may fall just outside its face
SOURCE = "Natural Earth 1:10m admin-0/admin-1 boundary lines and coastline (public domain), polygonized"


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    type: str
    seat_geonameid: int
    official_area_km2: float
    extra_seeds: tuple[tuple[float, float], ...] = ()
    water_seeds: tuple[tuple[float, float], ...] = ()
    known_deviation_pct: float | None = None
    deviation_reason: str | None = None
    area_method: str | None = None


@dataclass(frozen=True)
class Boundary:
    """An authored correction to Natural Earth's lines (its points are in unit_boundaries.csv).

    kind "water": the line closes water (an estuary's mouth, a lagoon's strait, a divide between
      two units' water); only its parts off Natural Earth's land are used.
    kind "limit": the line is a unit's limit and replaces Natural Earth's admin-1 lines lying
      wholly inside `replaces_bbox` (lon_min, lat_min, lon_max, lat_max).
    """
    id: str
    kind: str
    units: tuple[str, ...]
    source: str
    replaces_bbox: tuple[float, float, float, float] | None = None


@dataclass
class UnitsSpec:
    units: list[Unit]
    area_source: str
    tolerance_pct: float
    boundaries: list[Boundary] = field(default_factory=list)


def load_units(path: Path = UNITS_FILE) -> UnitsSpec:
    """Read the authored unit table, validating every row with a message naming the bad value."""
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    units = []
    for i, row in enumerate(raw.get("unit", [])):
        for key in ("id", "name", "type", "seat_geonameid", "official_area_km2"):
            if key not in row:
                raise ValueError(f"{path.name}: unit #{i + 1} ({row.get('id', '?')!r}) lacks {key!r}")
        units.append(Unit(
            id=row["id"], name=row["name"], type=row["type"], seat_geonameid=int(row["seat_geonameid"]),
            official_area_km2=float(row["official_area_km2"]),
            extra_seeds=tuple(tuple(map(float, s)) for s in row.get("extra_seeds", [])),  # type: ignore[misc]
            water_seeds=tuple(tuple(map(float, s)) for s in row.get("water_seeds", [])),  # type: ignore[misc]
            known_deviation_pct=row.get("known_deviation_pct"), deviation_reason=row.get("deviation_reason"),
            area_method=row.get("area_method"),
        ))
    ids = [u.id for u in units]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ValueError(f"{path.name}: duplicate unit ids {sorted(dupes)!r}")
    boundaries = []
    for i, row in enumerate(raw.get("boundary", [])):
        for key in ("id", "kind", "units", "source"):
            if key not in row:
                raise ValueError(f"{path.name}: boundary #{i + 1} ({row.get('id', '?')!r}) lacks {key!r}")
        if row["kind"] not in BOUNDARY_KINDS:
            raise ValueError(f"{path.name}: boundary {row['id']!r} has unknown kind {row['kind']!r}")
        unknown = set(row["units"]) - set(ids)
        if unknown:
            raise ValueError(f"{path.name}: boundary {row['id']!r} names unknown units {sorted(unknown)!r}")
        bbox = row.get("replaces_bbox")
        if (row["kind"] == "limit") != (bbox is not None):
            raise ValueError(f"{path.name}: boundary {row['id']!r}: a 'limit' needs replaces_bbox, a 'water' line must not have one")
        boundaries.append(Boundary(id=row["id"], kind=row["kind"], units=tuple(row["units"]), source=row["source"],
                                   replaces_bbox=tuple(map(float, bbox)) if bbox else None))  # type: ignore[arg-type]
    return UnitsSpec(units=units, area_source=raw["area_source"], tolerance_pct=float(raw["tolerance_pct"]),
                     boundaries=boundaries)


@dataclass
class LabelResult:
    polygons: dict[str, shapely.Geometry]
    warnings: list[str] = field(default_factory=list)
    water_km2: dict[str, float] = field(default_factory=dict)  # per unit: area of the water faces its water seeds label


def label_faces(faces: list[shapely.Polygon], spec: UnitsSpec, outline: shapely.Geometry) -> LabelResult:
    """Assign each face to the unit whose seat (or extra seed) lies in it.

    Faces inside Ukraine's outline that no seed reaches are merged into the neighbour they share
    the longest border with, and reported; a unit with no face is an error.
    """
    tree = shapely.STRtree(faces)
    owner: dict[int, str] = {}
    water: dict[str, set[int]] = {}
    warnings: list[str] = []
    for unit in spec.units:
        seat = geonames.get(unit.seat_geonameid)
        seeds = ([(seat.lon, seat.lat, f"seat {seat.name}")] + [(x, y, f"seed {x},{y}") for x, y in unit.extra_seeds]
                 + [(x, y, f"water seed {x},{y}") for x, y in unit.water_seeds])
        for lon, lat, what in seeds:
            pt = shapely.Point(lon, lat)
            hits = [int(j) for j in tree.query(pt, predicate="within")]
            if what.startswith("water seed"):
                if not hits:
                    raise ValueError(f"{unit.id}: {what} lies in no face: is the water it marks closed by a [[boundary]] line?")
                if outline.contains(faces[hits[0]].representative_point()):
                    raise ValueError(f"{unit.id}: {what} lies on Natural Earth's land, not in water")
                water.setdefault(unit.id, set()).add(hits[0])
            if not hits:
                j = int(tree.nearest(pt))
                gap_km = distance_to_geometry_km(lon, lat, faces[j])
                if gap_km > SEAT_SNAP_KM:
                    raise ValueError(f"{unit.id}: {what} ({lon:.4f}, {lat:.4f}) is {gap_km:.1f} km from any face")
                warnings.append(f"{unit.id}: {what} lies {gap_km * 1000:.0f} m outside the coastline; nearest face used")
                hits = [j]
            j = hits[0]
            if j in owner and owner[j] != unit.id:
                raise ValueError(f"{unit.id}: {what} falls in the face already labelled {owner[j]!r}")
            owner[j] = unit.id
    for j, face in enumerate(faces):
        if j in owner or not outline.contains(face.representative_point()):
            continue
        best, best_len = None, 0.0
        for k in tree.query(face, predicate="touches"):
            k = int(k)
            if k in owner:
                shared = face.boundary.intersection(faces[k].boundary).length
                if shared > best_len:
                    best, best_len = owner[k], shared
        if best is None:
            warnings.append(f"unlabelled face inside Ukraine at {face.representative_point().wkt} ({area_km2(face):.1f} km2) left out")
            continue
        owner[j] = best
        warnings.append(f"unlabelled face of {area_km2(face):.1f} km2 at {face.representative_point().wkt} merged into {best}")
    polygons: dict[str, shapely.Geometry] = {}
    for unit in spec.units:
        mine = [faces[j] for j, o in owner.items() if o == unit.id]
        if not mine:
            raise ValueError(f"{unit.id}: no face found")
        polygons[unit.id] = shapely.union_all(mine)
    return LabelResult(polygons=polygons, warnings=warnings,
                       water_km2={u: sum(area_km2(faces[j]) for j in js) for u, js in water.items()})


def ukraine_outline(ne_dir: Path) -> shapely.Geometry:
    """Ukraine's outline from admin-0 lines and the coastline: the faces holding Kyiv and Simferopol."""
    net = naturalearth.node(naturalearth.read_lines(ne_dir, ("admin0", "coast")))
    faces = naturalearth.faces(net.edges)
    anchors = [geonames.get(703448), geonames.get(693805)]  # Kyiv, Simferopol
    picked = [f for f in faces if any(f.contains(shapely.Point(a.lon, a.lat)) for a in anchors)]
    return shapely.union_all(picked)


@dataclass
class RegionsBuild:
    full: dict[str, shapely.Geometry]
    simplified: dict[str, shapely.Geometry]
    spec: UnitsSpec
    joins: list[tuple[float, float, float]]
    warnings: list[str]
    water_km2: dict[str, float] = field(default_factory=dict)
    replaced_km: dict[str, float] = field(default_factory=dict)  # per limit: km of Natural Earth line dropped


def boundary_lines(spec: UnitsSpec, land: shapely.Geometry, path: Path = BOUNDARIES_FILE) -> dict[str, list[shapely.Geometry]]:
    """The authored correction lines: water lines cut to their parts off Natural Earth's land,
    limits to their parts on it (a limit that is not a ring starts and ends at sea)."""
    ws = waypoints.load(path)
    if ws.problems:
        raise ValueError(f"{path.name}: " + "; ".join(ws.problems))
    known = {b.id for b in spec.boundaries}
    stray = sorted(set(ws.line_ids()) - known)
    if stray:
        raise ValueError(f"{path.name}: lines {stray!r} have no [[boundary]] entry in {UNITS_FILE.name}")
    out: dict[str, list[shapely.Geometry]] = {}
    for b in spec.boundaries:
        line = waypoints.assemble(ws, b.id)
        if b.kind == "limit":
            ends_at_sea = not any(land.contains(shapely.Point(line.coords[i])) for i in (0, -1))
            if not (line.is_closed or ends_at_sea):
                raise ValueError(f"{path.name}: the limit {b.id!r} must end where it starts, or start and end off the coast")
            out[b.id] = [p for p in shapely.get_parts(line.intersection(land)) if p.length > 0]
        else:
            parts = [p for p in shapely.get_parts(line.difference(land)) if p.length > 0]
            if not parts:
                raise ValueError(f"{path.name}: water line {b.id!r} lies wholly on land")
            out[b.id] = parts
    return out


def replace_lines(lines: list[shapely.Geometry], spec: UnitsSpec) -> tuple[list[shapely.Geometry], dict[str, float]]:
    """Drop the Natural Earth admin-1 lines a 'limit' replaces: those wholly inside its box.

    A line crossing the box's edge would belong to some other border too, so it is an error.
    """
    kept = list(lines)
    dropped: dict[str, float] = {}
    for b in spec.boundaries:
        if b.kind != "limit":
            continue
        box = shapely.box(*b.replaces_bbox)  # type: ignore[misc]
        inside = [ln for ln in kept if box.contains(ln)]
        crossing = [ln for ln in kept if ln.intersects(box) and not box.contains(ln)]
        if crossing:
            raise ValueError(f"{b.id}: {len(crossing)} Natural Earth admin-1 line(s) cross the edge of replaces_bbox {b.replaces_bbox}")
        if not inside:
            raise ValueError(f"{b.id}: no Natural Earth admin-1 line lies inside replaces_bbox {b.replaces_bbox}")
        dropped[b.id] = sum(length_km(ln) for ln in inside)  # geodesic km, for the build report
        kept = [ln for ln in kept if not box.contains(ln)]
    return kept, dropped


def build_regions(ne_dir: Path) -> RegionsBuild:
    """Polygonize (Natural Earth lines plus the authored corrections), label, and simplify
    (topology preserved) the units."""
    spec = load_units()
    land = shapely.union_all(naturalearth.read_polygons(ne_dir, "ne_10m_land.shp"))
    admin1, dropped = replace_lines(naturalearth.read_lines(ne_dir, ("admin1",)), spec)
    authored = [g for parts in boundary_lines(spec, land).values() for g in parts]
    net = naturalearth.node(admin1 + naturalearth.read_lines(ne_dir, ("admin0", "coast")) + authored)
    outline = ukraine_outline(ne_dir)
    full = label_faces(naturalearth.faces(net.edges), spec, outline)
    simple_edges = naturalearth.simplify_network(net.edges, SIMPLIFY_DEG)
    simple = label_faces(naturalearth.faces(simple_edges), spec, outline)
    return RegionsBuild(full=full.polygons, simplified=simple.polygons, spec=spec, joins=net.joins,
                        warnings=full.warnings + [f"(simplified) {w}" for w in simple.warnings],
                        water_km2=simple.water_km2, replaced_km=dropped)


def area_problems(polygons: dict[str, shapely.Geometry], spec: UnitsSpec) -> list[str]:
    """Units whose area misses the official figure by more than the tolerance (or its known deviation)."""
    problems = []
    for unit in spec.units:
        a = area_km2(polygons[unit.id])
        dev = 100.0 * (a - unit.official_area_km2) / unit.official_area_km2
        if unit.known_deviation_pct is None:
            if abs(dev) > spec.tolerance_pct:
                problems.append(f"{unit.id}: area {a:,.0f} km2 is {dev:+.2f}% from the official {unit.official_area_km2:,.0f} km2 (tolerance {spec.tolerance_pct}%)")
        elif abs(dev - unit.known_deviation_pct) > 1.0:
            problems.append(f"{unit.id}: area {a:,.0f} km2 is {dev:+.2f}% from official; the documented deviation is {unit.known_deviation_pct:+.1f}% (+/-1)")
    return problems


def shipped_area_table(path: Path = ADMIN1_PATH) -> tuple[list[dict], float]:
    """Each shipped unit's area against the official figure, for the Data page: rows and the tolerance."""
    import json

    with open(path, encoding="utf-8") as fh:
        feats = json.load(fh)["features"]
    rows = [{k: f["properties"].get(k) for k in ("id", "name", "area_km2", "official_area_km2", "area_deviation_pct",
                                                   "area_method", "water_added_km2", "area_note")} for f in feats]
    return rows, load_units().tolerance_pct
