"""The catalogue of layers the app ships: one entry per file under data/, read from the files'
own metadata, so `python -m geo layers`, the Data page and the checks agree."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .paths import CONTROL, DATA, rel

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
        id=meta["layer"], title=meta["title"], kind=meta["kind"], date=meta.get("date"), path=rel(path),
        feature_count=len(fc.get("features", [])), source=meta["source"], licence=meta["licence"],
        method=meta["method"], accuracy=meta["accuracy"],
    )


def catalogue() -> list[LayerInfo]:
    return [read_info(p) for p in layer_files()]


def control_path(layer_id: str) -> Path:
    return CONTROL / f"{layer_id}.geojson"
