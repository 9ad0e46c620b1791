"""Ukraine's 27 first-level units, polygonized from Natural Earth lines and labelled by seat.

Built by `python -m geo build`; the app reads data/regions/*.geojson and never Natural Earth.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import shapely

from . import geonames, naturalearth
from .measure import area_km2
from .paths import AUTHORED, REGIONS

UNITS_FILE = AUTHORED / "admin_units.toml"
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
    known_deviation_pct: float | None = None
    deviation_reason: str | None = None


@dataclass
class UnitsSpec:
    units: list[Unit]
    area_source: str
    tolerance_pct: float


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
            known_deviation_pct=row.get("known_deviation_pct"), deviation_reason=row.get("deviation_reason"),
        ))
    ids = [u.id for u in units]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ValueError(f"{path.name}: duplicate unit ids {sorted(dupes)!r}")
    return UnitsSpec(units=units, area_source=raw["area_source"], tolerance_pct=float(raw["tolerance_pct"]))


@dataclass
class LabelResult:
    polygons: dict[str, shapely.Geometry]
    warnings: list[str] = field(default_factory=list)


def label_faces(faces: list[shapely.Polygon], spec: UnitsSpec, outline: shapely.Geometry) -> LabelResult:
    """Assign each face to the unit whose seat (or extra seed) lies in it.

    Faces inside Ukraine's outline that no seed reaches are merged into the neighbour they share
    the longest border with, and reported; a unit with no face is an error.
    """
    tree = shapely.STRtree(faces)
    owner: dict[int, str] = {}
    warnings: list[str] = []
    for unit in spec.units:
        seat = geonames.get(unit.seat_geonameid)
        seeds = [(seat.lon, seat.lat, f"seat {seat.name}")] + [(x, y, f"seed {x},{y}") for x, y in unit.extra_seeds]
        for lon, lat, what in seeds:
            pt = shapely.Point(lon, lat)
            hits = [int(j) for j in tree.query(pt, predicate="within")]
            if not hits:
                j = int(tree.nearest(pt))
                gap_km = faces[j].distance(pt) * 111.2
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
    return LabelResult(polygons=polygons, warnings=warnings)


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


def build_regions(ne_dir: Path) -> RegionsBuild:
    """Polygonize, label, and simplify (topology preserved) the units."""
    spec = load_units()
    net = naturalearth.node(naturalearth.read_lines(ne_dir, ("admin1", "admin0", "coast")))
    outline = ukraine_outline(ne_dir)
    full = label_faces(naturalearth.faces(net.edges), spec, outline)
    simple_edges = naturalearth.simplify_network(net.edges, SIMPLIFY_DEG)
    simple = label_faces(naturalearth.faces(simple_edges), spec, outline)
    return RegionsBuild(full=full.polygons, simplified=simple.polygons, spec=spec, joins=net.joins,
                        warnings=full.warnings + [f"(simplified) {w}" for w in simple.warnings])


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
