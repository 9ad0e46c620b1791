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


def label_point(lon: float, lat: float, km: float) -> tuple[float, float]:
    """Where a ring's label goes: the ring's northernmost point (straight north along the geodesic).

    Parameters
    ----------
    lon, lat : float
        The ring's centre, in degrees.
    km : float
        The ring's radius.

    Returns
    -------
    tuple of float
        (lon, lat) of the point `km` due north of the centre.

    Examples
    --------
    >>> lon, lat = label_point(35.38, 46.85, 100)
    >>> round(lon, 2), round(lat, 2)
    (35.38, 47.75)
    """
    lon2, lat2, _ = GEOD.fwd(lon, lat, 0.0, km * 1000.0)
    return (float(lon2), float(lat2))
