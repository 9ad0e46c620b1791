"""Reading and writing the GeoJSON files under data/: rounded, atomic, deterministic.

Files are rebuilt by `python -m geo build`; writing through a temporary file means an
interrupted build never leaves a half-written layer behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable

import geopandas as gpd
import shapely
from shapely.geometry import mapping

COORD_DECIMALS = 5  # ~1 m at these latitudes: far below the accuracy of any layer we ship


def atomic_write_text(path: Path, text: str) -> None:
    """Write text to path via a temporary file in the same folder and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write bytes to path via a temporary file in the same folder and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def feature(geom: shapely.Geometry, properties: dict[str, Any], fid: str | None = None) -> dict[str, Any]:
    """A GeoJSON feature with coordinates rounded to COORD_DECIMALS."""
    rounded = shapely.set_precision(geom, 10**-COORD_DECIMALS) if not geom.is_empty else geom
    if not rounded.is_valid:  # rounding can pinch a ring; repair rather than ship an invalid shape
        rounded = shapely.make_valid(rounded)
    out: dict[str, Any] = {"type": "Feature", "properties": properties, "geometry": mapping(rounded)}
    if fid is not None:
        out["id"] = fid
    return out


def write_features(path: Path, features: Iterable[dict[str, Any]], meta: dict[str, Any] | None = None) -> None:
    """Write a FeatureCollection (WGS84 lon/lat) with optional top-level metadata."""
    fc: dict[str, Any] = {"type": "FeatureCollection"}
    if meta:
        fc["metadata"] = meta
    fc["features"] = list(features)
    atomic_write_text(path, json.dumps(fc, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n")


def read_layer(path: Path) -> gpd.GeoDataFrame:
    """Read a layer we ship, as a GeoDataFrame in EPSG:4326."""
    gdf = gpd.read_file(path)
    if gdf.crs is None:
        gdf = gdf.set_crs(4326)
    return gdf


def read_metadata(path: Path) -> dict[str, Any]:
    """The top-level `metadata` object of one of our FeatureCollections (empty if absent)."""
    with open(path, encoding="utf-8") as fh:
        return json.load(fh).get("metadata", {})
