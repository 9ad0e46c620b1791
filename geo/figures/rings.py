"""Geodesic rings ("within 100 km of Melitopol") drawn as lines on the map, from pyproj.Geod."""

from __future__ import annotations

import numpy as np
import shapely

from geo.core.measure import GEOD


def ring(lon: float, lat: float, km: float, segments: int = 180) -> shapely.LineString:
    """The closed line of points `km` from (lon, lat) along geodesics, every 360/segments degrees."""
    az = np.linspace(0.0, 360.0, segments, endpoint=False)
    lons, lats, _ = GEOD.fwd(np.full(segments, lon), np.full(segments, lat), az, np.full(segments, km * 1000.0))
    pts = list(zip(lons, lats))
    return shapely.LineString(pts + [pts[0]])
