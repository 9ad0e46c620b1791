"""What a click on the map means: the place, line or region under the clicked point.

streamlit-folium reports only the clicked point (and the zoom), which keeps each click's payload
tiny; we resolve it here against the shipped geometry, with a tolerance in screen pixels.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

import shapely

from . import arguments, gazetteer, provenance
from .measure import area_km2, distance_km
from .paths import PLACES, ROOT

MARKER_PX = 14  # marker radius plus finger slack
LINE_PX = 8


@dataclass(frozen=True)
class Pickable:
    id: str
    kind: str
    geom: shapely.Geometry
    discussed: bool
    area: float


def metres_per_pixel(lat: float, zoom: float) -> float:
    """Web Mercator ground resolution at a latitude and zoom level."""
    return 156543.03392 * math.cos(math.radians(lat)) / (2 ** zoom)


@lru_cache(maxsize=16)
def _file_features(path: str) -> tuple[dict, ...]:
    return tuple(json.loads((ROOT / path).read_text(encoding="utf-8"))["features"])


def _feature_geometry(ref: str) -> shapely.Geometry:
    path, _, fid = ref.partition("#")
    for f in _file_features(path):
        if f.get("id") == fid:
            return shapely.geometry.shape(f["geometry"])
    raise KeyError(f"no feature {fid!r} in {path}")


@lru_cache(maxsize=1)
def pickables() -> tuple[Pickable, ...]:
    """Every gazetteer place with its full geometry (points, lines, polygons)."""
    discussed = set(arguments.load().arguments)
    fc = json.loads((PLACES / "places.geojson").read_text(encoding="utf-8"))
    out = []
    for f in fc["features"]:
        p = f["properties"]
        geom = _feature_geometry(p["geometry_ref"]) if p.get("geometry_ref") else shapely.geometry.shape(f["geometry"])
        shapely.prepare(geom)
        out.append(Pickable(p["id"], p["kind"], geom, p["id"] in discussed, area_km2(geom) if geom.geom_type.endswith("Polygon") else 0.0))
    return tuple(out)


@lru_cache(maxsize=1)
def _place_features() -> dict[str, dict]:
    fc = json.loads((PLACES / "places.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["id"]: f for f in fc["features"]}


@lru_cache(maxsize=256)
def _geometry_of(place_id: str) -> shapely.Geometry:
    f = _place_features().get(place_id)
    if f is None:
        raise KeyError(f"unknown place id {place_id!r}")
    ref = f["properties"].get("geometry_ref")
    geom = _feature_geometry(ref) if ref else shapely.geometry.shape(f["geometry"])
    shapely.prepare(geom)
    return geom


def geometry_of(place_id: str) -> shapely.Geometry:
    """A place's full geometry (point, line or polygon), cited as places.geojson and the file it points at."""
    geom = _geometry_of(place_id)
    ref = _place_features()[place_id]["properties"].get("geometry_ref")
    provenance.note("data/places/places.geojson", ref.partition("#")[0] if ref else "")
    return geom


def pick(lat: float, lng: float, zoom: float) -> str | None:
    """The place a click at (lat, lng) selects: a marker within reach, else a line, else the
    region under it (a region the essay discusses before a larger one), else a neighbouring country."""
    gazetteer.load()
    mpp = metres_per_pixel(lat, zoom)
    pt = shapely.Point(lng, lat)
    best: tuple[float, str] | None = None
    for p in pickables():
        if p.kind in ("city", "facility"):
            d = distance_km(lng, lat, p.geom.x, p.geom.y) * 1000
            if d <= MARKER_PX * mpp and (best is None or d < best[0]):
                best = (d, p.id)
    if best:
        return best[1]
    for p in pickables():
        if p.kind in ("river", "route"):
            near = shapely.ops.nearest_points(p.geom, pt)[0]
            d = distance_km(lng, lat, near.x, near.y) * 1000
            if d <= LINE_PX * mpp and (best is None or d < best[0]):
                best = (d, p.id)
    if best:
        return best[1]
    regions = [p for p in pickables() if p.kind == "region" and p.geom.covers(pt)]
    if regions:
        return min(regions, key=lambda p: (not p.discussed, p.area)).id
    countries = [p for p in pickables() if p.kind == "country" and p.id != "ukraine" and p.geom.covers(pt)]
    if countries:
        return countries[0].id
    return None


import shapely.ops  # noqa: E402
