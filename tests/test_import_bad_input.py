"""Every way an imported file can be wrong gets one clear line, never a traceback, and nothing is
half-stored. The tests write each bad file themselves."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
import shapely
from importfiles import BILLION_LAUGHS, MELITOPOL_BOX, box, deepstate_like, fc, feat, kml_doc, kml_polygon, write_json, zip_bytes
from tests_paths import ROOT

from geo.core.measure import area_km2
from geo.lines import store
from geo.lines.ingest import import_one
from geo.lines.snapshot import Snapshot


def assert_refused(path, store_dir, *needles, **kw):
    r = import_one(path, store_path=store_dir, **kw)
    assert not r.ok, r.summary
    assert "\n" not in r.error and "Traceback" not in r.error
    for n in needles:
        assert n in r.error, r.error
    assert not store_dir.exists() or not any(store_dir.iterdir()), "something was stored"
    assert store.revision(store_dir) == "absent" and store.listing(store_dir) == [], "something was stored"
    return r.error


def test_truncated_json(tmp_path):
    text = json.dumps(deepstate_like())
    p = tmp_path / "t-2022-06-01.geojson"
    p.write_text(text[: len(text) // 2], encoding="utf-8")
    assert_refused(p, tmp_path / "s", "not valid JSON", "truncated")


def test_not_json_at_all(tmp_path):
    p = tmp_path / "n-2022-06-01.geojson"
    p.write_text("<html><body>502 Bad Gateway</body></html>", encoding="utf-8")
    assert_refused(p, tmp_path / "s", "not valid JSON")


def test_json_but_not_geojson(tmp_path):
    p = write_json(tmp_path / "j-2022-06-01.json", {"hello": [1, 2, 3]})
    assert_refused(p, tmp_path / "s", "not GeoJSON")


def test_projected_coordinates_without_crs(tmp_path, ukraine):
    from pyproj import Transformer

    tr = Transformer.from_crs(4326, 3857, always_xy=True)
    g = shapely.transform(shapely.box(*MELITOPOL_BOX), lambda x, y: tr.transform(x, y), interleaved=False)
    p = write_json(tmp_path / "p-2022-06-01.geojson", fc([feat("Окуповано", shapely.geometry.mapping(g))] * 3))
    assert_refused(p, tmp_path / "s", "looks projected", "EPSG:4326")
    # the same file declaring its CRS is reprojected and imported
    q = write_json(
        tmp_path / "q-2022-06-01.geojson",
        fc(
            [feat("Окуповано", shapely.geometry.mapping(g))] * 3,
            crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
        ),
    )
    r = import_one(q, store_path=tmp_path / "s2")
    assert r.ok, r.error
    expected = area_km2(shapely.box(*MELITOPOL_BOX).intersection(ukraine))
    assert r.summary["held_km2"] == pytest.approx(expected, rel=0.01)


def test_swapped_latitude_longitude(tmp_path):
    x0, y0, x1, y1 = MELITOPOL_BOX
    p = write_json(tmp_path / "w-2022-06-01.geojson", fc([feat("Окуповано", box((y0, x0, y1, x1)))] * 3))
    assert_refused(p, tmp_path / "s", "swapped")


def test_unknown_declared_crs(tmp_path):
    p = write_json(
        tmp_path / "u-2022-06-01.geojson",
        fc([feat("Окуповано", box(MELITOPOL_BOX))] * 3, crs={"type": "name", "properties": {"name": "EPSG:999999"}}),
    )
    assert_refused(p, tmp_path / "s", "unknown CRS")


def test_invalid_geometry_is_repaired_and_reported(tmp_path):
    bowtie = {"type": "Polygon", "coordinates": [[[35.0, 46.6], [35.8, 47.1], [35.8, 46.6], [35.0, 47.1], [35.0, 46.6]]]}
    data = deepstate_like()
    data["features"].append(feat("Окуповано /// Occupied", bowtie))
    r = import_one(write_json(tmp_path / "b-2022-06-01.geojson", data), store_path=tmp_path / "s")
    assert r.ok
    assert any("make_valid" in w and "Self-intersection" in w for w in r.summary["warnings"]), r.summary["warnings"]


def test_empty_and_degenerate_geometries_are_ignored_with_reasons(tmp_path):
    data = deepstate_like()
    data["features"] += [
        feat("Окуповано", None),
        feat("Окуповано", {"type": "Polygon", "coordinates": []}),
        feat("Окуповано", {"type": "Polygon", "coordinates": [[[35, 47], [35.5, 47], [36, 47], [35, 47]]]}),
        feat("Окуповано", {"type": "Polygon", "coordinates": [[[35, "x"]]]}),
    ]
    r = import_one(write_json(tmp_path / "e-2022-06-01.geojson", data), store_path=tmp_path / "s")
    assert r.ok
    text = " ".join(r.summary["ignored"])
    assert "no geometry" in text and "empty geometry" in text and "degenerate" in text and "unreadable geometry" in text


def test_only_degenerate_geometry_is_refused(tmp_path):
    line_like = {"type": "Polygon", "coordinates": [[[35, 47], [35.5, 47], [36, 47], [35, 47]]]}
    p = write_json(tmp_path / "d-2022-06-01.geojson", fc([feat("Окуповано", line_like)] * 3))
    assert_refused(p, tmp_path / "s", "none of its 3 feature(s) could be used", "degenerate")


def test_non_utf8_text(tmp_path):
    p = tmp_path / "c-2022-06-01.geojson"
    p.write_bytes(json.dumps(deepstate_like(), ensure_ascii=False).encode("cp1251"))
    assert_refused(p, tmp_path / "s", "not UTF-8", "offset")


def test_a_200_mb_file_is_refused_before_reading(tmp_path):
    p = tmp_path / "big-2022-06-01.geojson"
    with open(p, "wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    t = time.perf_counter()
    assert_refused(p, tmp_path / "s", "import limit", "MB")
    assert time.perf_counter() - t < 2


def test_empty_file(tmp_path):
    p = tmp_path / "z-2022-06-01.geojson"
    p.write_bytes(b"")
    assert_refused(p, tmp_path / "s", "empty")


def test_kml_entity_expansion_is_refused(tmp_path):
    p = tmp_path / "bomb-2022-06-01.kml"
    p.write_text(kml_doc(kml_polygon("&lol3;", MELITOPOL_BOX), prolog=BILLION_LAUGHS), encoding="utf-8")
    assert_refused(p, tmp_path / "s", "DTD or XML entities")


def test_kml_not_well_formed(tmp_path):
    p = tmp_path / "x-2022-06-01.kml"
    p.write_text(kml_doc(kml_polygon("a", MELITOPOL_BOX))[:-20], encoding="utf-8")
    assert_refused(p, tmp_path / "s", "not well-formed XML")


def test_kmz_zip_bomb_is_refused(tmp_path):
    p = tmp_path / "bomb-2022-06-01.kmz"
    p.write_bytes(zip_bytes({"doc.kml": b"<kml>" + b" " * 30_000_000 + b"</kml>"}))
    assert p.stat().st_size < 200_000
    assert_refused(p, tmp_path / "s", "zip bomb")


def test_zip_member_outside_the_archive_is_refused(tmp_path):
    p = tmp_path / "evil-2022-06-01.zip"
    p.write_bytes(zip_bytes({"../../etc/x.shp": b"0" * 100}))
    assert_refused(p, tmp_path / "s", "outside the archive")


def test_zip_that_is_not_a_zip(tmp_path):
    p = tmp_path / "broken-2022-06-01.kmz"
    p.write_bytes(b"PK\x03\x04 this is not really a zip")
    assert_refused(p, tmp_path / "s", "not a readable zip")


def test_markup_in_names_is_kept_as_text_and_reported(tmp_path):
    data = deepstate_like()
    data["features"].append(
        feat("Окуповано <script>alert('x')</script>", box((35.9, 46.7, 36.1, 46.8)), description="<img src=x onerror=alert(1)>")
    )
    data["features"].append(feat("Напрямок удару <b onmouseover=alert(2)>", {"type": "Point", "coordinates": [35.6, 47.0]}))
    r = import_one(write_json(tmp_path / "h-2022-06-01.geojson", data), store_path=tmp_path / "s")
    assert r.ok
    assert any("markup" in w for w in r.summary["warnings"])
    snap = store.load(store.listing(tmp_path / "s")[0])
    if store.backend() == "files":
        assert snap == Snapshot.from_geojson(next(tmp_path.glob("s/*.geojson")).read_text(encoding="utf-8"))
    assert any("<b onmouseover" in name for _, name, _ in snap.points)  # stored verbatim as text; escaped by the UI


def test_no_date_is_a_clear_error(tmp_path):
    p = write_json(tmp_path / "nodate.geojson", deepstate_like())
    assert_refused(p, tmp_path / "s", "give --date")
    assert_refused(p, tmp_path / "s", "not YYYY-MM-DD", date="15/01/2023")


def test_cli_never_prints_a_traceback(tmp_path):
    p = tmp_path / "t-2022-06-01.geojson"
    p.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "geo", "import", str(p), "--store", str(tmp_path / "s")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr and "not valid JSON" in r.stderr
    r2 = subprocess.run(
        [sys.executable, "-m", "geo", "import", str(tmp_path / "missing.geojson")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r2.returncode == 2 and "does not exist" in r2.stderr and "Traceback" not in r2.stderr


def test_a_killed_import_leaves_the_store_as_it_was(tmp_path):
    """Kill -9 a folder import while it writes; every file left in the store is complete."""
    folder = tmp_path / "in"
    folder.mkdir()
    big = deepstate_like()
    big["features"] *= 40
    for i in range(1, 29):
        write_json(folder / f"s-2022-02-{i:02d}.geojson", {**big, "n": i})
    s = tmp_path / "s"
    proc = subprocess.Popen(
        [sys.executable, "-m", "geo", "import", str(folder), "--store", str(s)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline and len(store.listing(s)) < 2:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    items = store.listing(s)
    assert 2 <= len(items) < 28, "the import finished before it could be killed"
    for item in items:
        snap = store.load(item)  # parses: no half-written snapshot
        assert snap.date == item.date and snap.features_used > 0
    # and importing again completes the store without duplicates
    r = subprocess.run(
        [sys.executable, "-m", "geo", "import", str(folder), "--store", str(s)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert len(store.listing(s)) == 28
