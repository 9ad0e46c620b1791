"""What changed since the essay (17 Nov 2022): ground Russia gained and lost by a later date, per
oblast and per essay place.

Two maps drawn by different hands never share a line exactly, so slivers narrower than
SLIVER_KM (an opening in the equal-area plane) are treated as digitizing noise, not change; the
result says when the two dates come from different sources.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import shapely

from . import gazetteer
from .control import is_held
from .facts import ESSAY_DATE
from .freeze import essay_points
from .geojson_io import read_layer
from .measure import area_km2, from_equal_area, to_equal_area
from .paths import REGIONS
from .stats import ukraine_geometry
from .timeline import LinesAt, lines_at

SLIVER_KM = 1.5


@dataclass(frozen=True)
class Change:
    then: LinesAt
    now: LinesAt
    gained: shapely.Geometry  # held now, not then (Russian gains)
    lost: shapely.Geometry  # held then, not now (liberated since)
    by_region: tuple[tuple[str, str, float, float], ...]  # (id, name, gained km², lost km²), nonzero only
    places: tuple[tuple[str, str, str, str], ...]  # (id, name, status then, status now)
    mixed_sources: bool

    @property
    def gained_km2(self) -> float:
        return area_km2(self.gained)

    @property
    def lost_km2(self) -> float:
        return area_km2(self.lost)


def _open(geom: shapely.Geometry, km: float = SLIVER_KM) -> shapely.Geometry:
    """Drop parts narrower than `km` (erode then dilate, in metres)."""
    if geom.is_empty:
        return geom
    ea = shapely.make_valid(to_equal_area(geom))
    r = km * 500.0
    opened = shapely.intersection(ea.buffer(-r, quad_segs=2).buffer(r, quad_segs=2), ea, grid_size=1.0)
    return from_equal_area(opened)


@lru_cache(maxsize=1)
def units() -> tuple[tuple[str, str, shapely.Geometry], ...]:
    gdf = read_layer(REGIONS / "ukraine-admin1.geojson")
    return tuple((r.id, r.name, r.geometry) for r in gdf.itertuples())


def _status(held: shapely.Geometry, lon: float, lat: float) -> str:
    return "held by Russia" if is_held(held, lon, lat, ukraine_geometry()) else "not held by Russia"


def change_since(date: str, source: str | None = None, store_path: Path | None = None,
                 then_date: str = ESSAY_DATE) -> Change:
    then = lines_at(then_date, None, store_path)
    now = lines_at(date, source, store_path)
    gained = _open(shapely.difference(now.held, then.held))
    lost = _open(shapely.difference(then.held, now.held))
    rows = []
    for uid, name, geom in units():
        g, lo = area_km2(gained.intersection(geom)), area_km2(lost.intersection(geom))
        if g >= 1 or lo >= 1:
            rows.append((uid, name, g, lo))
    gaz = gazetteer.load()
    places = tuple((pid, gaz[pid].name, _status(then.held, lon, lat), _status(now.held, lon, lat))
                   for pid, _, lon, lat in essay_points())
    return Change(then, now, gained, lost, tuple(sorted(rows, key=lambda r: -(r[2] + r[3]))), places,
                  mixed_sources=then.source != now.source)


@lru_cache(maxsize=16)
def change_since_cached(date: str, signature: tuple[str, ...]) -> Change:
    """change_since for the default store, kept per store state (the signature lists its files), so the
    Lines page and the map's change layers compute it once."""
    return change_since(date)
