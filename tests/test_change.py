"""`python -m geo change` and geo.figures.change.compare: change between two dates, like for like.

A store with both DeepStateMap fixtures (same source on both dates, and the nearest same-source pair
for the essay's date), a store with one snapshot (between sources: differences, never gains), bad
dates, and synthetic snapshots that differ by known boxes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import shapely
from deepstate_reference import fixture
from importfiles import box, fc, feat, write_json
from tests_paths import ROOT

from geo.core.measure import area_km2
from geo.figures import change
from geo.lines.ingest import import_one

OCCUPIED = "Окуповано /// Occupied /// geoJSON.status.occupied"


def geo_change(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", "change", *args], cwd=ROOT, capture_output=True, text=True, timeout=180)


def change_json(store, d1: str, d2: str) -> dict:
    r = geo_change("--from", d1, "--to", d2, "--json", "--store", str(store))
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    s = tmp_path_factory.mktemp("store-both")
    for d in ("2023-01-15", "2025-08-03"):
        assert import_one(fixture(d), store_path=s).ok
    return s


@pytest.fixture(scope="module")
def one(tmp_path_factory):
    s = tmp_path_factory.mktemp("store-one")
    assert import_one(fixture("2025-08-03"), store_path=s).ok
    return s


def test_same_source_on_both_dates(both, units):
    d = change_json(both, "2023-01-15", "2025-08-03")
    assert d["same_source"] is True and d["comparison"] == "same source" and d["warning"] is None
    for end, date in ((d["from"], "2023-01-15"), (d["to"], "2025-08-03")):
        assert end["date"] == end["asked_date"] == date and not end["substituted"] and end["source"] == "deepstate"
        assert end["file"].startswith(f"{date}__deepstate__") and end["file"].endswith(".geojson") and "/" not in end["file"]
    assert 3_000 < d["gains_km2"] < 10_000  # Russia's slow 2023-2025 advance, mostly in Donetsk Oblast
    assert 0 < d["losses_km2"] < 1_000
    assert d["differences_km2"] is None and d["sliver_filter_km"] == change.SLIVER_KM
    assert set(d["by_oblast"]) == set(units) and len(d["by_oblast"]) == 27
    top = max(d["by_oblast"], key=lambda k: d["by_oblast"][k]["gains_km2"])
    assert top == "donetsk-oblast"
    assert sum(r["gains_km2"] for r in d["by_oblast"].values()) == pytest.approx(d["gains_km2"], rel=0.02)
    assert sum(r["losses_km2"] for r in d["by_oblast"].values()) == pytest.approx(d["losses_km2"], rel=0.05, abs=2)
    assert d["by_oblast"]["lviv-oblast"] == {"name": "Lviv Oblast", "gains_km2": 0.0, "losses_km2": 0.0}
    assert d["by_place"]["melitopol"] == {"name": "Melitopol", "from": "held by Russia", "to": "held by Russia"}
    assert d["by_place"]["kyiv"]["from"] == d["by_place"]["kyiv"]["to"] == "not held by Russia"
    assert len(d["by_place"]) >= 8


def test_the_essays_date_uses_the_nearest_same_source_pair(both):
    d = change_json(both, "2022-11-17", "2025-08-03")
    assert d["comparison"] == "nearest same-source pair" and d["same_source"] is True
    assert (d["from"]["date"], d["from"]["asked_date"], d["from"]["substituted"]) == ("2023-01-15", "2022-11-17", True)
    assert (d["to"]["date"], d["to"]["substituted"]) == ("2025-08-03", False)
    assert "2022-11-17" in d["warning"] and "2023-01-15" in d["warning"] and "nearest same-source pair" in d["warning"]
    same = change_json(both, "2023-01-15", "2025-08-03")
    assert d["gains_km2"] == same["gains_km2"] and d["losses_km2"] == same["losses_km2"]
    # the phantom mixed-source "losses" (887 km² in Zaporizhzhia, 721 km² in Kherson) are gone
    assert d["by_oblast"]["zaporizhzhia-oblast"]["losses_km2"] < 100 and d["by_oblast"]["kherson-oblast"]["losses_km2"] < 200
    text = geo_change("--from", "2022-11-17", "--to", "2025-08-03", "--store", str(both))
    assert text.returncode == 0 and "nearest same-source pair" in text.stdout and "instead of 2022-11-17" in text.stdout
    assert "Russian gains" in text.stdout and "1.5 km" in text.stdout


def test_no_same_source_pair_is_between_sources(one, both):
    d = change_json(one, "2022-11-17", "2025-08-03")
    assert d["comparison"] == "between sources" and d["same_source"] is False
    assert d["gains_km2"] is None and d["losses_km2"] is None
    assert d["from"]["source"] == "authored" and d["from"]["file"] == "held-2022-11-17.geojson"
    assert "not gains or losses" in d["warning"] and "held-2022-11-17.geojson" in d["warning"]
    assert d["differences_km2"]["only_from"] > 0 and d["differences_km2"]["only_to"] > 0
    assert all(r["gains_km2"] is None and r["only_to_km2"] is not None for r in d["by_oblast"].values())
    text = geo_change("--from", "2022-11-17", "--to", "2025-08-03", "--store", str(one))
    assert text.returncode == 0 and "differences between sources" in text.stdout and "Russian gains" not in text.stdout
    # a short span that no source pair overlaps is between sources too, even with two DeepState dates in the store
    assert change_json(both, "2022-11-17", "2023-01-15")["comparison"] == "between sources"


@pytest.mark.parametrize(
    "d1,d2,message",
    [
        ("2024-01-01", "2025-08-03", "no lines for 2024-01-01"),
        ("2025-08-03", "2022-11-17", "must be before"),
        ("2023-02-30", "2025-08-03", "is not YYYY-MM-DD"),
    ],
)
def test_bad_dates_are_one_line_and_exit_2(tmp_path, d1, d2, message):
    r = geo_change("--from", d1, "--to", d2, "--store", str(tmp_path))
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("geo change: ") and message in r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def _snapshot(path, *boxes):
    return write_json(path, fc([feat(OCCUPIED, box(b), fill="#a52714") for b in boxes]))


def _import(path, store):
    return import_one(path, fmt="deepstate", store_path=store)  # too few features for the format to be guessed


def test_synthetic_gains_and_losses_equal_the_boxes(tmp_path, ukraine):
    common = (33.0, 49.0, 34.0, 49.6)  # made-up boxes in central Ukraine, far from any border
    gained = (34.0, 49.0, 34.4, 49.6)  # held on the later date only
    lost = (31.5, 49.0, 32.1, 49.6)  # held on the earlier date only
    s = tmp_path / "store"
    assert _import(_snapshot(tmp_path / "synthetic-2024-03-01.geojson", common, lost), s).ok
    assert _import(_snapshot(tmp_path / "synthetic-2024-09-01.geojson", common, gained), s).ok
    c = change.compare("2024-03-01", "2024-09-01", store_path=s)
    assert c.comparison == change.SAME and c.then.source == c.now.source == "deepstate"
    want_gain = area_km2(shapely.box(*gained).intersection(ukraine))
    want_loss = area_km2(shapely.box(*lost).intersection(ukraine))
    assert want_gain > 1_000 and want_loss > 1_000
    assert c.gained_km2 == pytest.approx(want_gain, rel=0.01)
    assert c.lost_km2 == pytest.approx(want_loss, rel=0.01)
    assert sum(r[2] for r in c.by_region) == pytest.approx(want_gain, rel=0.01)
    d = change_json(s, "2024-03-01", "2024-09-01")
    assert d["gains_km2"] == pytest.approx(want_gain, rel=0.01) and d["losses_km2"] == pytest.approx(want_loss, rel=0.01)
    # the authored essay date against a synthetic snapshot: only the pair overlapping the span counts
    assert change.compare("2022-11-17", "2024-03-01", store_path=s).comparison == change.BETWEEN
    near = change.compare("2022-11-17", "2024-09-01", store_path=s)
    assert near.comparison == change.NEAREST and (near.then.date, near.now.date) == ("2024-03-01", "2024-09-01")


def test_nearest_pair_rule(tmp_path):
    """|d1'-d1| + |d2'-d2| is minimised over same-source pairs overlapping the asked span."""
    s = tmp_path / "store"
    for d in ("2023-01-01", "2023-06-01", "2024-01-01"):
        assert _import(_snapshot(tmp_path / f"x-{d}.geojson", (33.0, 49.0, 34.0, 49.6)), s).ok
    assert change.choose_pair("2023-01-01", "2024-01-01", s) == (change.SAME, ("deepstate", "2023-01-01", "2024-01-01"))
    assert change.choose_pair("2022-11-17", "2023-06-01", s) == (change.NEAREST, ("deepstate", "2023-01-01", "2023-06-01"))
    assert change.choose_pair("2022-11-17", "2024-01-01", s) == (change.NEAREST, ("deepstate", "2023-01-01", "2024-01-01"))


def test_missing_or_unknown_arguments_are_one_line():
    for args in (["--to", "2025-08-03"], ["--from", "2022-11-17", "--to", "2025-08-03", "--bogus"]):
        r = geo_change(*args)
        assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
