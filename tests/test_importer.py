"""Importing control maps: the real DeepStateMap fixtures, DeepState's name drift, and every other
format through a mapping."""

import json
import subprocess
import sys

import geopandas as gpd
import pyogrio
import pytest
import shapely
from deepstate_reference import HELD_PREFIXES, fixture, polygons
from importfiles import (
    KHERSON_BOX,
    MARIUPOL_BOX,
    MELITOPOL_BOX,
    box,
    deepstate_like,
    fc,
    feat,
    kml_doc,
    kml_polygon,
    write_json,
    zip_bytes,
)
from tests_paths import ROOT

from geo.core.measure import area_km2
from geo.lines import classify, store
from geo.lines.importer import ImportRequest, run
from geo.lines.ingest import import_one, import_path
from geo.lines.untrusted import ImportFailure


def cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)


@pytest.mark.parametrize("date", ["2023-01-15", "2025-08-03"])
def test_deepstate_fixture_held_matches_an_independent_reading(date, ukraine):
    snap, _ = run(ImportRequest(fixture(date)), ukraine)
    assert snap.date == date and snap.source == "deepstate" and snap.format == "deepstate"
    reference = polygons(fixture(date), HELD_PREFIXES, ukraine)  # the tests' own, simpler reading
    assert area_km2(snap.held) == pytest.approx(area_km2(reference), rel=0.01)
    assert area_km2(shapely.symmetric_difference(snap.held, reference)) < 0.01 * area_km2(reference)
    assert 100_000 < area_km2(snap.held) < 120_000
    # classes are disjoint and inside Ukraine
    for a, b in (("held", "unknown"), ("held", "liberated"), ("unknown", "liberated")):
        assert area_km2(shapely.intersection(snap.geometry(a), snap.geometry(b))) < 1
    assert area_km2(shapely.difference(snap.held, ukraine.buffer(0.001))) < 1
    assert snap.points and all(k in ("attack-direction", "unit") for k, _, _ in snap.points)
    text = " ".join(snap.ignored)
    assert "outside Ukraine" in text and "Petsamo" in text  # Finland's Petsamo is reported, not imported


def test_cli_json_for_both_fixtures(tmp_path):
    folder = fixture("2023-01-15").parent
    fixture("2025-08-03")  # the folder must hold both
    r = cli("import", str(folder), "--store", str(tmp_path), "--json")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["date"] for x in rows] == ["2023-01-15", "2025-08-03"]
    for x in rows:
        assert set(x) >= {"date", "held_km2", "unknown_km2", "liberated_km2", "features_used", "features_ignored", "warnings"}
        assert x["features_used"] > 100 and x["features_ignored"] > 0
    assert rows[1]["held_km2"] > rows[0]["held_km2"]  # Russia held more in Aug 2025 than in Jan 2023
    assert "2/2" in r.stderr  # the progress bar
    again = cli("import", str(fixture("2023-01-15")), "--store", str(tmp_path), "--json")
    assert json.loads(again.stdout)["already_imported"] is True
    assert len(store.listing(tmp_path)) == 2


@pytest.mark.parametrize("style", ["2022", "2023", "2025"])
def test_deepstate_name_drift(style, tmp_path, ukraine):
    path = write_json(tmp_path / "ds-2022-06-01.geojson", deepstate_like(style))
    snap, _ = run(ImportRequest(path), ukraine)
    assert snap.format == "deepstate" and snap.date == "2022-06-01"
    expected = shapely.union(shapely.box(*MELITOPOL_BOX), shapely.box(*MARIUPOL_BOX)).intersection(ukraine)
    assert area_km2(snap.held) == pytest.approx(area_km2(expected), rel=1e-3)  # incl. the GeometryCollection's polygon
    assert area_km2(snap.liberated) == pytest.approx(area_km2(shapely.box(*KHERSON_BOX).intersection(ukraine)), rel=1e-3)
    assert area_km2(snap.unknown) > 100
    assert [k for k, _, _ in snap.points] == ["attack-direction"]
    text = " ".join(snap.ignored)
    assert "1 × outside Ukraine" in text and "map label" in text


def test_normalise_handles_nbsp_and_line_breaks():
    assert classify.normalise("Звільнено\xa027-29.03\n///  Liberated") == "Звільнено 27-29.03 /// Liberated"
    assert classify.name_parts("Окуповано /// Occupied /// geoJSON.status.occupied\n")[-1] == "geoJSON.status.occupied"


def test_generic_geojson_needs_a_mapping_and_says_which_attributes_exist(tmp_path, ukraine):
    path = write_json(
        tmp_path / "lines.geojson",
        fc([feat("a", box(MELITOPOL_BOX), status="RU"), feat("b", box(KHERSON_BOX), status="UA-regained")]),
    )
    with pytest.raises(ImportFailure) as e:
        run(ImportRequest(path, date="2023-03-01"), ukraine)
    assert "status" in str(e.value) and "'RU'" in str(e.value)
    m = classify.Mapping(field="status", held=("ru",), liberated=("UA-regained",))
    snap, _ = run(ImportRequest(path, date="2023-03-01", mapping=m, source="my-analysis"), ukraine)
    assert area_km2(snap.held) == pytest.approx(area_km2(shapely.box(*MELITOPOL_BOX)), rel=1e-3)
    assert area_km2(snap.liberated) > 1000 and snap.source == "my-analysis"


def test_cli_mapping_flags(tmp_path):
    path = write_json(tmp_path / "x.geojson", fc([feat("a", box(MELITOPOL_BOX), control="Russia")]))
    r = cli(
        "import",
        str(path),
        "--date",
        "2024-02-02",
        "--field",
        "control",
        "--held",
        "Russia",
        "--store",
        str(tmp_path / "s"),
        "--json",
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["held_km2"] > 1000
    bad = cli("import", str(path), "--date", "2024-02-02", "--held", "Russia", "--store", str(tmp_path / "s"))
    assert bad.returncode == 2 and "need --field" in bad.stderr and "Traceback" not in bad.stderr


def test_kml_and_kmz_with_the_isw_preset(tmp_path, ukraine):
    doc = kml_doc(kml_polygon("area 1", MELITOPOL_BOX))
    (tmp_path / "isw.kml").write_text(doc, encoding="utf-8")
    snap, _ = run(ImportRequest(tmp_path / "isw.kml", date="2023-05-01", mapping=classify.PRESETS["isw"], source="isw"), ukraine)
    assert snap.format == "kml" and area_km2(snap.held) == pytest.approx(area_km2(shapely.box(*MELITOPOL_BOX)), rel=1e-3)
    claimed = kml_doc(kml_polygon("c", KHERSON_BOX), folder="Claimed Ukrainian Counteroffensives")
    (tmp_path / "isw.kmz").write_bytes(zip_bytes({"doc.kml": claimed.encode()}))
    snap2, _ = run(ImportRequest(tmp_path / "isw.kmz", date="2023-05-01", mapping=classify.PRESETS["isw"]), ukraine)
    assert snap2.format == "kmz" and area_km2(snap2.unknown) > 1000 and snap2.held.is_empty  # claimed is not counted as held


def test_shapefile_zip_and_geopackage(tmp_path, ukraine):
    gdf = gpd.GeoDataFrame(
        {"Name": ["Assessed Russian-controlled Ukrainian Territory"]}, geometry=[shapely.box(*MELITOPOL_BOX)], crs=4326
    ).to_crs(3857)  # projected, with a .prj
    shp_dir = tmp_path / "shp"
    shp_dir.mkdir()
    pyogrio.write_dataframe(gdf, shp_dir / "russian_control.shp")
    members = {p.name: p.read_bytes() for p in shp_dir.iterdir()}
    (tmp_path / "isw-2023-06-01.zip").write_bytes(zip_bytes(members))
    snap, _ = run(ImportRequest(tmp_path / "isw-2023-06-01.zip", mapping=classify.PRESETS["isw"], source="isw"), ukraine)
    assert snap.format == "shapefile-zip" and snap.date == "2023-06-01"
    assert area_km2(snap.held) == pytest.approx(area_km2(shapely.box(*MELITOPOL_BOX)), rel=1e-3)
    gpkg = tmp_path / "control.gpkg"
    pyogrio.write_dataframe(gdf.assign(status="held"), gpkg, layer="lines")
    snap2, _ = run(ImportRequest(gpkg, date="2023-06-02", mapping=classify.Mapping(field="status", held=("held",))), ukraine)
    assert snap2.format == "gpkg" and area_km2(snap2.held) == pytest.approx(area_km2(shapely.box(*MELITOPOL_BOX)), rel=1e-3)


def test_folder_import_reports_each_file_and_continues(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_json(folder / "a-2022-04-01.geojson", deepstate_like("2022"))
    (folder / "b-2022-04-02.geojson").write_text("{not json", encoding="utf-8")
    write_json(folder / "c-2022-04-03.geojson", deepstate_like("2023"))
    seen = []
    results = import_path(folder, store_path=tmp_path / "s", progress=lambda i, n, r: seen.append((i, n)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert [r.ok for r in results] == [True, False, True]
    assert "not valid JSON" in results[1].error
    assert store.dates(tmp_path / "s") == ["2022-04-01", "2022-04-03"]


def test_same_file_twice_is_a_no_op(tmp_path):
    path = write_json(tmp_path / "d-2022-05-05.geojson", deepstate_like())
    first = import_one(path, store_path=tmp_path / "s")
    files = store.backend() == "files"
    mtime = (tmp_path / "s" / first.stored.split("/")[-1]).stat().st_mtime_ns if files else None
    rev = store.revision(tmp_path / "s")
    second = import_one(path, store_path=tmp_path / "s")
    assert first.created and not second.created and first.stored == second.stored
    assert store.revision(tmp_path / "s") == rev  # nothing was written
    if files:
        assert (tmp_path / "s" / first.stored.split("/")[-1]).stat().st_mtime_ns == mtime
    assert len(store.listing(tmp_path / "s")) == 1
