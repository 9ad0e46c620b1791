"""Areas in an equal-area projection and geodesic distances, the only way figures are computed.

Areas use a Lambert azimuthal equal-area projection centred on Ukraine (error well under 0.1%
across the country); distances use pyproj.Geod on the WGS84 ellipsoid.
"""

from __future__ import annotations

from functools import lru_cache

import shapely
from pyproj import CRS, Geod, Transformer
from shapely.ops import nearest_points

EQUAL_AREA = CRS.from_proj4("+proj=laea +lat_0=48.5 +lon_0=31.5 +datum=WGS84 +units=m +no_defs")
GEOD = Geod(ellps="WGS84")


@lru_cache(maxsize=1)
def _to_equal_area() -> Transformer:
    return Transformer.from_crs(4326, EQUAL_AREA, always_xy=True)


@lru_cache(maxsize=1)
def _from_equal_area() -> Transformer:
    return Transformer.from_crs(EQUAL_AREA, 4326, always_xy=True)


def to_equal_area(geom: shapely.Geometry) -> shapely.Geometry:
    """Project a lon/lat geometry into the equal-area plane (metres)."""
    return shapely.transform(geom, lambda x, y: _to_equal_area().transform(x, y), interleaved=False)


def from_equal_area(geom: shapely.Geometry) -> shapely.Geometry:
    """Back from the equal-area plane to lon/lat."""
    return shapely.transform(geom, lambda x, y: _from_equal_area().transform(x, y), interleaved=False)


def area_km2(geom: shapely.Geometry | None) -> float:
    """Area of a lon/lat geometry in km², measured in the equal-area projection."""
    if geom is None or geom.is_empty:
        return 0.0
    return to_equal_area(geom).area / 1e6


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Geodesic distance between two lon/lat points in km."""
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0


def distance_to_geometry_km(lon: float, lat: float, geom: shapely.Geometry | None, *, projected: bool = False) -> float:
    """Geodesic distance from a point to the nearest point of a geometry, in km (0 inside a polygon).

    The one point-to-geometry distance: the nearest point is found in the equal-area plane, then
    measured geodesically on the WGS84 ellipsoid (never degrees times a constant).

    Parameters
    ----------
    lon, lat : float
        The point, in degrees (WGS84).
    geom : shapely.Geometry or None
        Any geometry in lon/lat, or already in the equal-area plane when `projected` is true (a
        geometry measured against many points is projected once, with `to_equal_area`).
    projected : bool, default False
        Whether `geom` is already in the equal-area plane.

    Returns
    -------
    float
        Kilometres; 0.0 for a point inside (or on) a polygon; NaN for an empty or missing geometry.

    Examples
    --------
    >>> round(distance_to_geometry_km(30.5234, 50.45, shapely.Point(31.5234, 50.45)), 1)
    71.0
    >>> distance_to_geometry_km(30.5, 48.0, shapely.box(30, 47.5, 31, 48.5))
    0.0
    """
    if geom is None or geom.is_empty:
        return float("nan")
    near = nearest_point(lon, lat, geom, projected=projected)
    return distance_km(lon, lat, near[0], near[1])


def nearest_point(lon: float, lat: float, geom: shapely.Geometry, *, projected: bool = False) -> tuple[float, float]:
    """The point of a geometry nearest to (lon, lat), found in the equal-area plane (the point
    `distance_to_geometry_km` measures to; the point itself when it lies inside a polygon).

    Parameters
    ----------
    lon, lat : float
        The point, in degrees (WGS84).
    geom : shapely.Geometry
        A non-empty geometry in lon/lat, or in the equal-area plane when `projected` is true.
    projected : bool, default False
        Whether `geom` is already in the equal-area plane.

    Returns
    -------
    tuple of float
        (lon, lat) in degrees.

    Examples
    --------
    >>> lon, lat = nearest_point(30.0, 48.0, shapely.LineString([(31.0, 47.0), (31.0, 49.0)]))
    >>> round(lon, 3)
    31.0
    """
    pt = shapely.Point(lon, lat)
    p_ea = to_equal_area(pt)
    if geom.geom_type in ("Polygon", "MultiPolygon") and geom.covers(p_ea if projected else pt):
        return (lon, lat)
    g_ea = geom if projected else to_equal_area(geom)
    near = from_equal_area(nearest_points(g_ea, p_ea)[0])
    return (near.x, near.y)


def length_km(line: shapely.Geometry) -> float:
    """Geodesic length of a lon/lat line in km."""
    return GEOD.geometry_length(line) / 1000.0
