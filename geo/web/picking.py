"""What a click on the map means: the place, line or region under the clicked point.

streamlit-folium reports only the clicked point (and the zoom), which keeps each click's payload
tiny; we resolve it here against the shipped geometry, with a tolerance in screen pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import shapely

from geo.core.measure import area_km2, distance_km
from geo.data import arguments, gazetteer, places

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
    return 156543.03392 * math.cos(math.radians(lat)) / (2**zoom)


@lru_cache(maxsize=1)
def pickables() -> tuple[Pickable, ...]:
    """Every gazetteer place with its full geometry (points, lines, polygons)."""
    discussed = set(arguments.load().arguments)
    out = []
    for f in places.features():
        p = f["properties"]
        geom = places.geometry_of(p["id"])
        out.append(
            Pickable(
                p["id"], p["kind"], geom, p["id"] in discussed, area_km2(geom) if geom.geom_type.endswith("Polygon") else 0.0
            )
        )
    return tuple(out)


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
