"""Cost budgets (geo.lines.budget): features, vertices and nesting counted while reading, each refusal one line
naming the file, the limit and the variable; strict numbers (NaN/Infinity refused, Z and M dropped);
and one import of a 50,000-feature generated file under the default caps."""

from __future__ import annotations

import json
import math
import sys
import time

import pytest
import shapely
from deepstate_reference import fixture
from importfiles import MELITOPOL_BOX, box, deepstate_like, fc, feat, kml_doc, kml_polygon, write_json, zip_bytes
from tests_paths import ROOT

from geo.lines import budget, store
from geo.lines.importer import merge
from geo.lines.ingest import import_one

sys.path.insert(0, str(ROOT / "bench"))
from bench_budget import triangles_geojson  # noqa: E402

OCC = "Окуповано /// Occupied"


def refused(path, store_dir, *needles, **kw) -> str:
    r = import_one(path, store_path=store_dir, **kw)
    assert not r.ok, r.summary
    assert "\n" not in r.error and "Traceback" not in r.error
    for n in needles:
        assert n in r.error, r.error
    assert not store_dir.exists() or not list(store_dir.glob("*.geojson")), "something was stored"
    assert store.listing(store_dir) == [], "something was stored"
    return r.error


def test_too_many_features_geojson(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFMAP_MAX_FEATURES", "5")
    p = write_json(tmp_path / "many-2024-01-01.geojson", deepstate_like("2025"))  # 7 features
    err = refused(p, tmp_path / "store", "many-2024-01-01.geojson", "features", "limit of 5", "BRIEFMAP_MAX_FEATURES")
    assert err.count("BRIEFMAP_MAX_FEATURES") == 1


def test_too_many_vertices_geojson(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFMAP_MAX_VERTICES", "12")
    p = write_json(tmp_path / "v-2024-01-01.geojson", deepstate_like("2025"))
    refused(p, tmp_path / "store", "v-2024-01-01.geojson", "vertices", "limit of 12", "BRIEFMAP_MAX_VERTICES")


def test_vertices_are_counted_before_any_geometry_is_built(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFMAP_MAX_VERTICES", "12")
    built = []
    monkeypatch.setattr(shapely.geometry, "shape", lambda g: built.append(g))
    p = write_json(tmp_path / "v-2024-01-01.geojson", deepstate_like("2025"))
    refused(p, tmp_path / "store", "BRIEFMAP_MAX_VERTICES")
    assert built == []


def test_nesting_depth_geojson(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFMAP_MAX_DEPTH", "3")
    g = box(MELITOPOL_BOX)
    for _ in range(5):
        g = {"type": "GeometryCollection", "geometries": [g]}
    p = write_json(
        tmp_path / "deep-2024-01-01.geojson",
        fc([feat(OCC, g), feat(OCC, box((35, 47, 35.2, 47.2))), feat(OCC, box((36, 47, 36.2, 47.2)))]),
    )
    refused(
        p,
        tmp_path / "store",
        "deep-2024-01-01.geojson",
        "levels of nesting (geometry collections",
        "limit of 3",
        "BRIEFMAP_MAX_DEPTH",
    )


def test_kml_budgets(tmp_path, monkeypatch):
    pms = "".join(kml_polygon("Russian-controlled", (35 + i / 10, 47, 35.05 + i / 10, 47.05)) for i in range(4))
    p = tmp_path / "isw-2024-01-01.kml"
    p.write_text(kml_doc(pms), encoding="utf-8")
    monkeypatch.setenv("BRIEFMAP_MAX_FEATURES", "3")
    refused(p, tmp_path / "store", "isw-2024-01-01.kml", "limit of 3", "BRIEFMAP_MAX_FEATURES", **preset_kw())
    monkeypatch.setenv("BRIEFMAP_MAX_FEATURES", "100")
    monkeypatch.setenv("BRIEFMAP_MAX_VERTICES", "19")  # 4 rings of 5
    refused(p, tmp_path / "store", "BRIEFMAP_MAX_VERTICES", **preset_kw())
    monkeypatch.setenv("BRIEFMAP_MAX_VERTICES", "20")
    monkeypatch.setenv("BRIEFMAP_MAX_DEPTH", "1")  # Document > Folder is two levels
    refused(p, tmp_path / "store", "BRIEFMAP_MAX_DEPTH", **preset_kw())
    monkeypatch.setenv("BRIEFMAP_MAX_DEPTH", "2")
    assert import_one(p, store_path=tmp_path / "store", **preset_kw()).ok
    kmz = tmp_path / "isw-2024-01-02.kmz"
    kmz.write_bytes(zip_bytes({"doc.kml": kml_doc(pms).encode()}))
    monkeypatch.setenv("BRIEFMAP_MAX_FEATURES", "3")
    refused(kmz, tmp_path / "store2", "BRIEFMAP_MAX_FEATURES", **preset_kw())


def preset_kw() -> dict:
    from geo.lines.classify import PRESETS

    return {"mapping": PRESETS["isw"]} if "isw" in PRESETS else {}


def test_gpkg_feature_count_is_checked_before_reading(tmp_path, monkeypatch):
    import geopandas as gpd

    gdf = gpd.GeoDataFrame(
        {"status": ["occupied"] * 4}, geometry=[shapely.box(35 + i / 10, 47, 35.05 + i / 10, 47.05) for i in range(4)], crs=4326
    )
    p = tmp_path / "g-2024-01-01.gpkg"
    gdf.to_file(p, driver="GPKG")
    monkeypatch.setenv("BRIEFMAP_MAX_FEATURES", "3")
    read = []
    import pyogrio

    real = pyogrio.read_dataframe
    monkeypatch.setattr(pyogrio, "read_dataframe", lambda *a, **k: read.append(a) or real(*a, **k))
    refused(p, tmp_path / "store", "g-2024-01-01.gpkg", "4", "BRIEFMAP_MAX_FEATURES")
    assert read == []


def test_a_bad_limit_value_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFMAP_MAX_FEATURES", "lots")
    p = write_json(tmp_path / "x-2024-01-01.geojson", deepstate_like("2025"))
    refused(p, tmp_path / "store", "BRIEFMAP_MAX_FEATURES", "not a number")


def test_both_fixtures_stay_far_below_the_default_caps(monkeypatch):
    for var in budget.DEFAULTS:
        monkeypatch.delenv(var, raising=False)
    for date in ("2023-01-15", "2025-08-03"):
        obj = json.loads(fixture(date).read_text(encoding="utf-8"))
        t = budget.geojson_features(obj["features"], date)
        assert t.features * 20 < budget.DEFAULTS["BRIEFMAP_MAX_FEATURES"]
        assert t.vertices * 10 < budget.DEFAULTS["BRIEFMAP_MAX_VERTICES"]


# --- strict numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_x_or_y_is_refused_naming_the_feature(tmp_path, bad):
    obj = deepstate_like("2025")
    text = json.dumps(obj, ensure_ascii=False)
    first = obj["features"][2]["geometry"]["coordinates"][0][1]
    text = text.replace(f"[{json.dumps(first[0])}, {json.dumps(first[1])}]", f"[{json.dumps(first[0])}, {bad}]", 1)
    p = tmp_path / "nan-2024-01-01.geojson"
    p.write_text(text, encoding="utf-8")
    refused(p, tmp_path / "store", "nan-2024-01-01.geojson", "feature #2", "not a finite number")


def test_non_finite_kml_coordinate_is_refused(tmp_path):
    p = tmp_path / "isw-2024-01-01.kml"
    p.write_text(kml_doc(kml_polygon("Russian-controlled", (35, 47, 35.5, 47.5)).replace("35.5,47", "nan,47", 1)))
    refused(p, tmp_path / "store", "isw-2024-01-01.kml", "feature #0", "not a finite number", **preset_kw())


@pytest.mark.parametrize("z", ["1e308", "NaN", "Infinity"])
def test_z_is_dropped_and_the_store_stays_strict_json(tmp_path, z):
    obj = deepstate_like("2025")
    for f in obj["features"]:
        if f["geometry"] and f["geometry"]["type"] == "Polygon":
            f["geometry"]["coordinates"] = [[[x, y, 0.0] for x, y in ring] for ring in f["geometry"]["coordinates"]]
    text = json.dumps(obj, ensure_ascii=False).replace(", 0.0]", f", {z}]")
    p = tmp_path / "z-2024-01-01.geojson"
    p.write_text(text, encoding="utf-8")
    r = import_one(p, store_path=tmp_path / "store")
    assert r.ok, r.error
    stored = (tmp_path / "store").glob("*.geojson")
    for s in stored:
        text = s.read_text(encoding="utf-8")
        obj = json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in {s.name}"))
        for f in obj["features"]:
            assert not shapely.has_z(shapely.geometry.shape(f["geometry"]))
    for item in store.listing(tmp_path / "store"):  # either backend: what the store gives back
        obj = json.loads(store.load(item).to_geojson(), parse_constant=lambda c: pytest.fail(f"{c} in {item.name}"))
        assert not any(shapely.has_z(shapely.geometry.shape(f["geometry"])) for f in obj["features"])
    assert r.summary["held_km2"] > 1000


def test_snapshot_with_nan_cannot_be_written():
    from geo.lines.snapshot import Snapshot

    snap = Snapshot(
        "2024-01-01",
        "x",
        "f",
        "0" * 64,
        "geojson",
        shapely.box(35, 47, 36, 48),
        shapely.Polygon(),
        shapely.Polygon(),
        undecided_km2=math.nan,
    )
    with pytest.raises(ValueError):
        snap.to_geojson()


# --- merging --------------------------------------------------------------------------------------


def test_merge_coverage_and_overlapping_give_the_plain_union():
    grid = [shapely.box(35 + i * 0.01, 47 + j * 0.01, 35.01 + i * 0.01, 47.01 + j * 0.01) for i in range(50) for j in range(50)]
    assert len(grid) >= 2000
    assert merge(grid).equals(shapely.union_all(grid))
    overlapping = [shapely.box(35 + i * 0.001, 47, 35.5 + i * 0.001, 47.5) for i in range(2100)]
    assert abs(merge(overlapping).area - shapely.union_all(overlapping).area) < 1e-9


# --- one large generated file under the default caps -----------------------------------------------


def test_50k_triangles_import_under_the_default_caps(tmp_path, monkeypatch):
    for var in budget.DEFAULTS:
        monkeypatch.delenv(var, raising=False)
    n = 50_000
    p = triangles_geojson(tmp_path / "tri-2024-01-01.geojson", n)
    assert n <= budget.DEFAULTS["BRIEFMAP_MAX_FEATURES"]
    t = budget.geojson_features(json.loads(p.read_text(encoding="utf-8"))["features"], p.name)
    assert (t.features, t.vertices) == (n, 4 * n)
    start = time.perf_counter()
    r = import_one(p, store_path=tmp_path / "store")
    elapsed = time.perf_counter() - start
    assert r.ok, r.error
    assert r.summary["features_used"] + r.summary["features_ignored"] == n
    assert r.summary["held_km2"] > 10_000
    assert elapsed < 120, f"{elapsed:.0f} s: far outside the 30 s budget (bench/bench_budget.py measures it)"


def test_the_session_end_check_catches_non_standard_json(tmp_path):
    from conftest import assert_strict_json_store_files

    (tmp_path / "2024-01-01__x__0123456789ab.geojson").write_text('{"a": 1}')
    assert_strict_json_store_files(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "2024-01-01__x__0123456789ac.geojson").write_text('{"a": [1, Infinity]}')
    try:
        with pytest.raises(AssertionError, match="not standard JSON"):
            assert_strict_json_store_files(tmp_path)
    finally:  # not left for the session-end check to find
        (tmp_path / "sub" / "2024-01-01__x__0123456789ac.geojson").unlink()
