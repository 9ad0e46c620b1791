"""Cost budgets for imports: the number of features, of vertices and the nesting depth of a file,
counted while it is read (before any shapely object is built for GeoJSON and KML, before any layer
is read for OGR formats) so a small file cannot cost minutes of CPU or gigabytes of memory.

Documented budget (README, "Import"): any file under the caps imports or is refused in <= 30 s and
<= 1 GB peak RSS on a 2-core machine (measured by bench/bench_budget.py). A real DeepStateMap
export has ~500 features and 10^4..10^5 vertices, far below the defaults. Each refusal is one line
naming the file, the limit and the environment variable that raises it. The limits are read at each
import, so a test (or an analyst) can change them without restarting.

Coordinates are also checked here: x and y must be finite numbers (NaN and Infinity are refused,
naming the feature); Z and M are dropped on import (snapshots are 2D).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np
import shapely

from geo.lines.untrusted import ImportFailure

DEFAULTS = {"BRIEFMAP_MAX_FEATURES": 50_000, "BRIEFMAP_MAX_VERTICES": 1_000_000, "BRIEFMAP_MAX_DEPTH": 8}
_WHAT = {
    "BRIEFMAP_MAX_FEATURES": "features",
    "BRIEFMAP_MAX_VERTICES": "vertices",
    "BRIEFMAP_MAX_DEPTH": "levels of nesting (geometry collections; KML folders and multi-geometries)",
}
# coordinate nesting below each GeoJSON geometry type's "coordinates": 0 = one position
_LEVELS = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}


def limit(var: str) -> int:
    raw = os.environ.get(var)
    if raw is None or not raw.strip():
        return DEFAULTS[var]
    try:
        return max(1, int(float(raw)))
    except ValueError:
        raise ImportFailure(f"{var}={raw[:20]!r} is not a number") from None


def refuse(name: str, var: str, found: str) -> ImportFailure:
    return ImportFailure(f"{name!r} has {found} {_WHAT[var]}, above the import limit of {limit(var):,} (set {var} to raise it)")


@dataclass
class Tally:
    """Running counts for one file; raises as soon as a limit is passed."""

    name: str
    features: int = 0
    vertices: int = 0

    def __post_init__(self):
        self.max_features = limit("BRIEFMAP_MAX_FEATURES")
        self.max_vertices = limit("BRIEFMAP_MAX_VERTICES")
        self.max_depth = limit("BRIEFMAP_MAX_DEPTH")

    def feature(self, n: int = 1) -> None:
        self.features += n
        if self.features > self.max_features:
            raise refuse(self.name, "BRIEFMAP_MAX_FEATURES", f"more than {self.max_features:,}")

    def vertex(self, n: int) -> None:
        self.vertices += n
        if self.vertices > self.max_vertices:
            raise refuse(self.name, "BRIEFMAP_MAX_VERTICES", f"more than {self.max_vertices:,}")

    def depth(self, d: int) -> None:
        if d > self.max_depth:
            raise refuse(self.name, "BRIEFMAP_MAX_DEPTH", f"more than {self.max_depth}")


def _non_finite(name: str, index: int, label: str, x, y) -> ImportFailure:
    shown = f" {label[:40]!r}" if label else ""
    return ImportFailure(
        f"{name!r}: feature #{index}{shown} has a coordinate that is not a finite number "
        f"({x!r}, {y!r}); NaN and Infinity are refused"
    )


def _finite(v) -> bool:
    try:
        return math.isfinite(v)
    except TypeError:  # not a number: left for the geometry reader to report as unreadable
        return True


def _positions(coords, levels: int, tally: Tally, where: tuple[str, int, str]) -> None:
    """Count (and check x/y of) the positions in a GeoJSON coordinates array of the given nesting."""
    if not isinstance(coords, list):
        return
    if levels == 0:
        if len(coords) >= 2 and not (_finite(coords[0]) and _finite(coords[1])):
            raise _non_finite(where[0], where[1], where[2], coords[0], coords[1])
        tally.vertex(1)
        return
    if levels == 1:
        tally.vertex(len(coords))
        for p in coords:
            if isinstance(p, list) and len(p) >= 2:
                x, y = p[0], p[1]
                if not (_finite(x) and _finite(y)):
                    raise _non_finite(where[0], where[1], where[2], x, y)
        return
    for c in coords:
        _positions(c, levels - 1, tally, where)


def _geometry(g, depth: int, tally: Tally, where: tuple[str, int, str]) -> None:
    if not isinstance(g, dict):
        return
    kind = g.get("type")
    if kind == "GeometryCollection":
        tally.depth(depth + 1)
        for part in g.get("geometries") or ():
            _geometry(part, depth + 1, tally, where)
    elif kind in _LEVELS:
        _positions(g.get("coordinates"), _LEVELS[kind], tally, where)


def geojson_features(feats: list, name: str) -> Tally:
    """Walk a parsed GeoJSON feature list before any geometry is built: features, vertices, depth, finite x/y."""
    tally = Tally(name)
    tally.feature(len(feats))  # the list is already parsed: refuse at once, before walking it
    for i, f in enumerate(feats):
        if not isinstance(f, dict):
            continue
        props = f.get("properties")
        label = str(props.get("name") or "") if isinstance(props, dict) else ""
        _geometry(f.get("geometry"), 0, tally, (name, i, label))
    return tally


# --- KML ---------------------------------------------------------------------------------------


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def kml_document(root, name: str) -> Tally:
    """Walk a parsed KML tree before any geometry is built: Placemarks, coordinate tuples, nesting of
    Folder/Document/MultiGeometry, finite x/y."""
    tally = Tally(name)
    nested = ("Folder", "Document", "MultiGeometry")
    stack = [(root, 0, None)]  # iterative: a deeply nested tree cannot exhaust the Python stack here
    index = -1
    while stack:
        el, depth, pm = stack.pop()
        tag = _local(el.tag)
        if tag in nested:
            depth += 1
            tally.depth(depth)
        elif tag == "Placemark":
            tally.feature()
            index += 1
            pm = (index, "")
            for c in el:
                if _local(c.tag) == "name":
                    pm = (index, (c.text or "").strip())
        elif tag == "coordinates":
            toks = (el.text or "").split()
            tally.vertex(len(toks))
            for tok in toks:
                parts = tok.split(",")
                if len(parts) >= 2:
                    try:
                        x, y = float(parts[0]), float(parts[1])
                    except ValueError:
                        continue  # reported by the KML reader as an unreadable coordinate
                    if not (math.isfinite(x) and math.isfinite(y)):
                        i, label = pm or (index, "")
                        raise _non_finite(name, i, label, parts[0], parts[1])
        stack.extend((c, depth, pm) for c in reversed(list(el)))
    return tally


# --- OGR formats (shapefile, GeoPackage) and the common backstop ---------------------------------


def ogr_layer(path, layer: str, name: str, so_far: int) -> None:
    """Refuse a layer whose declared feature count passes the limit, before reading it."""
    import pyogrio

    try:
        n = int(pyogrio.read_info(path, layer=layer).get("features", -1))
    except Exception:  # unreadable here: the reader reports it in its own words
        return
    cap = limit("BRIEFMAP_MAX_FEATURES")
    if n >= 0 and so_far + n > cap:
        raise refuse(name, "BRIEFMAP_MAX_FEATURES", f"{so_far + n:,}")


def geometries(feats: list, name: str) -> None:
    """After reading, for every format: count features and vertices, refuse non-finite x/y, drop Z and M.

    For GeoJSON and KML this repeats (cheaply, in C) what the walk above already checked while reading;
    for OGR formats it is the vertex check.
    """
    if len(feats) > limit("BRIEFMAP_MAX_FEATURES"):
        raise refuse(name, "BRIEFMAP_MAX_FEATURES", f"{len(feats):,}")
    idx = [i for i, f in enumerate(feats) if f.geom is not None]
    if not idx:
        return
    geoms = np.array([feats[i].geom for i in idx], dtype=object)
    counts = shapely.get_num_coordinates(geoms)
    total = int(counts.sum())
    if total > limit("BRIEFMAP_MAX_VERTICES"):
        raise refuse(name, "BRIEFMAP_MAX_VERTICES", f"{total:,}")
    xy = shapely.get_coordinates(geoms)  # 2D only
    if xy.size and not np.isfinite(xy).all():
        bad = int(np.flatnonzero(~np.isfinite(xy).all(axis=1))[0])
        f = feats[idx[int(np.searchsorted(np.cumsum(counts), bad, side="right"))]]
        raise _non_finite(name, f.index, str(f.name or ""), float(xy[bad, 0]), float(xy[bad, 1]))
    has_z = shapely.has_z(geoms) | (shapely.has_m(geoms) if hasattr(shapely, "has_m") else False)
    if has_z.any():
        flat = shapely.force_2d(geoms[has_z])
        for i, g in zip(np.asarray(idx)[has_z], flat):
            feats[i].geom = g
