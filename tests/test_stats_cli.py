"""The figures of section 5 and the command line that prints them."""

import json
import subprocess
import sys

import pytest
from tests_paths import ROOT

from geo.core.measure import area_km2, distance_km, distance_to_geometry_km
from geo.figures import stats


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_stats_json_keys_and_consistency(layer):
    r = run_cli("stats", "--date", "2022-11-17", "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    for k in (
        "held_km2",
        "held_pct_of_ukraine",
        "claimed_not_held_km2",
        "liberated_km2",
        "seized_since_2022_km2",
        "liberated_share_of_seized",
    ):
        assert isinstance(d[k], (int, float)), k
    assert d["held_km2"] == pytest.approx(area_km2(layer("held-2022-11-17")), rel=1e-3)
    assert d["liberated_km2"] == pytest.approx(area_km2(layer("liberated-by-2022-11-17")), rel=5e-3)
    assert d["claimed_not_held_km2"] == pytest.approx(area_km2(layer("claimed-not-held-2022-11-17")), rel=5e-3)
    assert d["liberated_share_of_seized"] == pytest.approx(d["liberated_km2"] / d["seized_since_2022_km2"], rel=1e-3)
    assert 17 < d["held_pct_of_ukraine"] < 20
    assert d["sources"]["held"] == "data/control/held-2022-11-17.geojson"


def test_stats_unknown_date_is_a_clear_error():
    r = run_cli("stats", "--date", "1999-01-01", "--json")
    assert r.returncode == 2
    assert "no lines for '1999-01-01'" in r.stderr and "Traceback" not in r.stderr


def test_layers_json_catalogue():
    r = run_cli("layers", "--json")
    assert r.returncode == 0, r.stderr
    cat = json.loads(r.stdout)
    keys = {"id", "title", "kind", "date", "path", "feature_count", "source", "licence"}
    assert all(keys <= set(c) for c in cat)
    ids = {c["id"] for c in cat}
    assert {
        "occupied-before-2022-02-24",
        "furthest-advance-2022-03",
        "held-2022-11-17",
        "claimed-annexation-2022-09-30",
        "liberated-by-2022-11-17",
        "claimed-not-held-2022-11-17",
        "ukraine-admin1",
        "places",
    } <= ids
    assert all(c["kind"] in ("region", "place", "line", "control", "basemap") for c in cat)
    assert all((ROOT / c["path"]).exists() for c in cat)
    held = next(c for c in cat if c["id"] == "held-2022-11-17")
    assert held["date"] == "2022-11-17" and held["feature_count"] == 1


def test_check_passes_and_fails_loudly(tmp_path):
    r = run_cli("check")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "all checks passed" in r.stdout


def test_measure_geodesic_and_equal_area():
    # Kyiv to Kharkiv: a spherical (haversine, R=6371 km) estimate gives 411 km; the ellipsoid adds ~0.3%
    assert distance_km(30.5238, 50.45466, 36.25475, 49.98177) == pytest.approx(412.3, abs=1.0)
    import shapely

    # a 1x1 degree cell at 48N is ~111.2 * 74.4 km2 on the ellipsoid
    assert area_km2(shapely.box(30, 47.5, 31, 48.5)) == pytest.approx(111.2 * 74.4, rel=0.01)
    assert distance_to_geometry_km(30.5, 48.0, shapely.box(30, 47.5, 31, 48.5)) == 0.0
    assert distance_to_geometry_km(29.0, 48.0, shapely.box(30, 47.5, 31, 48.5)) == pytest.approx(74.6, abs=1.0)


def test_figures_for_other_held_geometry():
    f = stats.figures(stats.control_geometry("occupied-before-2022-02-24"), "2022-02-23", {"held": "test"})
    assert f.held_pct_of_ukraine == pytest.approx(7.4, abs=0.5)
    assert f.liberated_share_of_seized > 0.99  # nothing seized after Feb 2022 is held in this hypothetical
