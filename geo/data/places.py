"""The built places (data/places/places.geojson), loaded once: each place's properties, its full
geometry (a point, or the line or polygon its ``geometry_ref`` points at), and lookups by id.

Every reader of places.geojson goes through here; each public accessor cites the files it read.
Names and aliases come from the authored gazetteer (`geo.data.gazetteer`).
"""

from __future__ import annotations

import json
from functools import lru_cache

import shapely
import shapely.geometry

from geo.core import provenance
from geo.core.paths import PLACES, ROOT, rel

PLACES_FILE = PLACES / "places.geojson"
PLACES_REF = rel(PLACES_FILE)


@lru_cache(maxsize=16)
def _file_features(path: str) -> tuple[dict, ...]:
    return tuple(json.loads((ROOT / path).read_text(encoding="utf-8"))["features"])


def _feature_geometry(ref: str) -> shapely.Geometry:
    path, _, fid = ref.partition("#")
    for f in _file_features(path):
        if f.get("id") == fid:
            return shapely.geometry.shape(f["geometry"])
    raise KeyError(f"no feature {fid!r} in {path}")


@lru_cache(maxsize=1)
def _features() -> dict[str, dict]:
    return {f["properties"]["id"]: f for f in _file_features(PLACES_REF)}


def features() -> tuple[dict, ...]:
    """Every feature of places.geojson, in file order (cited as that file).

    Returns
    -------
    tuple of dict
        GeoJSON features; ``properties`` has ``id``, ``kind`` and, for lines and areas, ``geometry_ref``.

    Examples
    --------
    >>> any(f["properties"]["id"] == "melitopol" for f in features())
    True
    """
    provenance.note(PLACES_REF)
    return tuple(_features().values())


def ids() -> tuple[str, ...]:
    """Every place id in places.geojson (cited as that file)."""
    provenance.note(PLACES_REF)
    return tuple(_features())


def props(place_id: str) -> dict:
    """A place's properties in places.geojson (cited as that file); KeyError for an unknown id.

    Examples
    --------
    >>> props("melitopol")["kind"]
    'city'
    """
    provenance.note(PLACES_REF)
    f = _features().get(place_id)
    if f is None:
        raise KeyError(f"unknown place id {place_id!r}")
    return f["properties"]


@lru_cache(maxsize=256)
def _geometry_of(place_id: str) -> shapely.Geometry:
    f = _features().get(place_id)
    if f is None:
        raise KeyError(f"unknown place id {place_id!r}")
    ref = f["properties"].get("geometry_ref")
    geom = _feature_geometry(ref) if ref else shapely.geometry.shape(f["geometry"])
    shapely.prepare(geom)
    return geom


def geometry_of(place_id: str) -> shapely.Geometry:
    """A place's full geometry (point, line or polygon), cited as places.geojson and the file it points at.

    Parameters
    ----------
    place_id : str
        A gazetteer id, e.g. ``"melitopol"`` or ``"dnipro-river"``.

    Returns
    -------
    shapely.Geometry
        Prepared, in WGS84 longitude/latitude.

    Examples
    --------
    >>> geometry_of("melitopol").geom_type
    'Point'
    """
    geom = _geometry_of(place_id)
    ref = _features()[place_id]["properties"].get("geometry_ref")
    provenance.note(PLACES_REF, ref.partition("#")[0] if ref else "")
    return geom
