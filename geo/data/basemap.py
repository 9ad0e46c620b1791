"""The offline basemap: land, sea, neighbouring countries and the Dnipro's reservoirs.

Drawn instead of web tiles so the map works on a closed network. Built from Natural Earth 10m
by `python -m geo build`, simplified for the browser.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import shapely

from geo.data import geonames, naturalearth
from geo.core.measure import distance_to_geometry_km
from geo.core.paths import AUTHORED

SPEC_FILE = AUTHORED / "basemap.toml"
SIMPLIFY_DEG = 0.01
RESERVOIR_MAX_KM = 8.0


@dataclass
class Basemap:
    land: shapely.Geometry
    sea: shapely.Geometry
    countries: dict[str, tuple[str, shapely.Geometry]]  # id -> (name, geometry)
    reservoirs: dict[str, tuple[str, shapely.Geometry, str]]  # id -> (name, geometry, note)
    bbox: tuple[float, float, float, float]
    warnings: list[str] = field(default_factory=list)


def load_spec(path: Path = SPEC_FILE) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def build_basemap(ne_dir: Path, ukraine: shapely.Geometry) -> Basemap:
    """Clip Natural Earth to the map's box, label country faces by seed, find named reservoirs."""
    spec = load_spec()
    bbox = tuple(spec["bbox"])
    frame = shapely.box(*bbox)
    warnings: list[str] = []
    land = shapely.union_all([g.intersection(frame) for g in naturalearth.read_polygons(ne_dir, "ne_10m_land.shp", bbox)])
    land = land.simplify(SIMPLIFY_DEG / 2, preserve_topology=True)
    sea = frame.difference(land)

    lines = naturalearth.read_lines(ne_dir, ("admin0", "coast"), bbox) + [frame.exterior]
    net = naturalearth.node(lines)
    faces = [f for f in naturalearth.faces(naturalearth.simplify_network(net.edges, SIMPLIFY_DEG)) if frame.covers(f.representative_point())]
    countries: dict[str, tuple[str, shapely.Geometry]] = {}
    for row in spec["country"]:
        picked = []
        for gid in row["seeds"]:
            s = geonames.get(gid)
            pt = shapely.Point(s.lon, s.lat)
            hit = [f for f in faces if f.contains(pt)]
            if not hit:
                raise ValueError(f"basemap: seed {s.name!r} ({gid}) of {row['id']!r} is in no face")
            picked.extend(hit)
        geom = shapely.union_all(picked).intersection(land).difference(ukraine.buffer(0))
        countries[row["id"]] = (row["name"], shapely.make_valid(geom))

    lakes = naturalearth.read_polygons(ne_dir, "ne_10m_lakes.shp", bbox)
    reservoirs: dict[str, tuple[str, shapely.Geometry, str]] = {}
    for row in spec.get("reservoir", []):
        s = geonames.get(row["shore_geonameid"])
        pt = shapely.Point(s.lon, s.lat)
        near = sorted(lakes, key=lambda g: g.distance(pt))
        if not near or distance_to_geometry_km(s.lon, s.lat, near[0]) > RESERVOIR_MAX_KM:
            warnings.append(f"reservoir {row['id']!r}: no Natural Earth lake within {RESERVOIR_MAX_KM} km of {s.name}; not drawn")
            continue
        reservoirs[row["id"]] = (row["name"], near[0].simplify(SIMPLIFY_DEG / 4, preserve_topology=True), row.get("note", ""))
    return Basemap(land=land, sea=sea, countries=countries, reservoirs=reservoirs, bbox=bbox, warnings=warnings)
