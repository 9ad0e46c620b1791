"""The layers the app ships, and their geometry: the catalogue (one entry per file under data/,
read from the files' own metadata, so `python -m geo layers`, the Data page and the checks agree),
and the one place that loads a control layer, Ukraine's outline or its first-level units as
geometry (each cached once and cited as its file on every use)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import shapely

from geo.core import provenance
from geo.core.geojson_io import read_layer
from geo.core.paths import CONTROL, DATA, REGIONS, rel
from geo.data.essay import ESSAYS_META

LAYER_KINDS = ("region", "place", "line", "control", "basemap")
GEOJSON_DIRS = ("regions", "basemap", "places", "control")


@dataclass(frozen=True)
class LayerInfo:
    id: str
    title: str
    kind: str
    date: str | None
    path: str
    feature_count: int
    source: str
    licence: str
    method: str
    accuracy: str

    def as_json(self) -> dict:
        return asdict(self)


def layer_files() -> list[Path]:
    """Every GeoJSON layer under data/ (sorted, so output is stable)."""
    return sorted(p for d in GEOJSON_DIRS for p in (DATA / d).glob("*.geojson"))


def read_info(path: Path) -> LayerInfo:
    with open(path, encoding="utf-8") as fh:
        fc = json.load(fh)
    meta = fc.get("metadata") or {}
    missing = [k for k in ("layer", "title", "kind", "source", "licence", "method", "accuracy") if not meta.get(k)]
    if missing:
        raise ValueError(f"{rel(path)}: metadata lacks {missing}")
    if meta["kind"] not in LAYER_KINDS:
        raise ValueError(f"{rel(path)}: kind {meta['kind']!r} is not one of {LAYER_KINDS}")
    return LayerInfo(
        id=meta["layer"],
        title=meta["title"],
        kind=meta["kind"],
        date=meta.get("date"),
        path=rel(path),
        feature_count=len(fc.get("features", [])),
        source=meta["source"],
        licence=meta["licence"],
        method=meta["method"],
        accuracy=meta["accuracy"],
    )


@lru_cache(maxsize=64)
def _info(path: Path, mtime_ns: int, size: int) -> LayerInfo:
    return read_info(path)


def catalogue() -> list[LayerInfo]:
    """Every shipped layer's catalogue entry, each file parsed once per version (path, mtime, size):
    the briefing's as-of stamp asks on every scene, and settlements.geojson alone is 1.1 MB."""
    out = []
    for p in layer_files():
        st = p.stat()
        out.append(_info(p, st.st_mtime_ns, st.st_size))
    return out


def control_path(layer_id: str) -> Path:
    return CONTROL / f"{layer_id}.geojson"


class UnknownDate(LookupError):
    """No lines (an authored held layer or an imported snapshot) for the requested date."""


HELD_BY_DATE = {e.date: e.held_layer for e in ESSAYS_META}  # our authored held layer for each essay's date (essays.toml)


@lru_cache(maxsize=16)
def _control_geometry(layer_id: str) -> shapely.Geometry:
    path = control_path(layer_id)
    if not path.exists():
        raise UnknownDate(f"no control layer {layer_id!r} at {rel(path)}")
    return shapely.union_all(list(read_layer(path).geometry))


def control_geometry(layer_id: str) -> shapely.Geometry:
    """One of our control layers as a single geometry (cited as its file)."""
    geom = _control_geometry(layer_id)
    provenance.note(rel(control_path(layer_id)))
    return geom


UKRAINE_FILE = REGIONS / "ukraine.geojson"
UNITS_FILE = REGIONS / "ukraine-admin1.geojson"


@lru_cache(maxsize=1)
def _ukraine_geometry() -> shapely.Geometry:
    return read_layer(UKRAINE_FILE).geometry.iloc[0]


def ukraine_geometry() -> shapely.Geometry:
    """Ukraine's outline (cited as data/regions/ukraine.geojson)."""
    provenance.note(rel(UKRAINE_FILE))
    return _ukraine_geometry()


@lru_cache(maxsize=1)
def _units() -> tuple[tuple[str, str, shapely.Geometry], ...]:
    gdf = read_layer(UNITS_FILE)
    return tuple((str(r.id), str(r.name), r.geometry) for r in gdf.itertuples())


def admin_units() -> tuple[tuple[str, str, shapely.Geometry], ...]:
    """(id, name, geometry) of the 27 first-level units (cited as data/regions/ukraine-admin1.geojson)."""
    provenance.note(rel(UNITS_FILE))
    return _units()
