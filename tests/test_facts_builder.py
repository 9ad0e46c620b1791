"""One builder of a place's facts (geo.figures.facts.build) for any date and source, one geodesic
point-to-geometry distance (geo.core.measure.distance_to_geometry_km), and no kilometres made from
degrees anywhere in geo/."""

from __future__ import annotations

import re

import pytest
import shapely
from importfiles import fc, feat, write_json
from pyproj import Geod
from tests_paths import ROOT

from geo.briefing import scene_figures
from geo.core.measure import distance_to_geometry_km
from geo.data import gazetteer
from geo.data.essay import ESSAY_DATE
from geo.data.places import geometry_of
from geo.figures import facts, headline, stats
from geo.lines.ingest import import_one
from geo.lines.timeline import lines_at

OCCUPIED = "Окуповано /// Occupied /// geoJSON.status.occupied"
WGS84 = Geod(ellps="WGS84")


def _as_rows(items) -> list[tuple]:
    return [(f.label, f.value, f.sources, f.key) for f in items]


def test_the_panel_is_the_builder_on_the_essays_date():
    lines = lines_at(ESSAY_DATE)
    assert lines.kind == "authored"
    for pid in gazetteer.load().places:
        assert _as_rows(facts.panel(pid).facts) == _as_rows(facts.build(pid, lines)), pid
    # the date's facts alone are the tail of the whole list (the panel adds them on other dates)
    for pid in ("kyiv", "zaporizhzhia-npp", "donetsk-oblast", "dnipro-river", "ukraine"):
        dated = facts.build(pid, lines, static=False)
        assert dated and _as_rows(facts.build(pid, lines)[-len(dated) :]) == _as_rows(dated)
    assert facts.build("russia", lines, static=False) == ()
    assert not hasattr(facts, "dated_facts")  # one builder


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    """A generated DeepStateMap-style snapshot: one made-up box around Melitopol, its north edge 0.1° north of
    the city. The edges get a vertex every 0.01° so that the straight edge between two vertices in lon/lat
    and in the equal-area plane (where the nearest point is found) are the same line to a metre."""
    tmp = tmp_path_factory.mktemp("facts-builder")
    mel = geometry_of("melitopol")
    b = shapely.box(mel.x - 0.5, mel.y - 0.3, mel.x + 0.5, mel.y + 0.1).segmentize(0.01)
    path = write_json(tmp / "made-up-2024-05-01.geojson", fc([feat(OCCUPIED, shapely.geometry.mapping(b), fill="#a52714")]))
    store = tmp / "store"
    r = import_one(path, fmt="deepstate", store_path=store)
    assert r.ok
    return store, mel


def test_the_builder_on_an_imported_date_cites_the_snapshot(snapshot):
    store, mel = snapshot
    lines = lines_at("2024-05-01", "deepstate", store)
    assert lines.kind == "imported"
    snap_file = lines.ref.rsplit("/", 1)[-1]
    assert snap_file.startswith("2024-05-01__deepstate")
    built = facts.build("melitopol", lines)
    by_label = {f.label: f for f in built}
    status = by_label["Status on 1 May 2024 (deepstate)"]
    assert status.value.startswith("held by Russia")
    dist = by_label["Distance to the 1 May 2024 (deepstate) line"]
    assert dist.value.endswith("km behind the line, on the Russian-held side (geodesic)")
    for f in (status, dist):
        assert any(s.endswith(snap_file) for s in f.sources), f.sources
    # the static facts are the panel's, the dated ones the date's own
    assert _as_rows(built[: len(facts.static_facts("melitopol"))]) == _as_rows(facts.static_facts("melitopol"))
    assert _as_rows(built[len(facts.static_facts("melitopol")) :]) == _as_rows(facts.build("melitopol", lines, static=False))
    # the distance is geodesic: the nearest edge is the box's north edge, 0.1° of latitude away
    want = WGS84.inv(mel.x, mel.y, mel.x, mel.y + 0.1)[2] / 1000
    assert float(dist.value.split()[0]) == pytest.approx(want, abs=0.06)
    assert facts.distance_to_front_km(mel.x, mel.y, lines) == pytest.approx(want, abs=0.01)
    # a region on that date: held area and pre-war residents, cited to the snapshot
    oblast = facts.build("zaporizhzhia-oblast", lines, static=False)
    assert [f.label for f in oblast][0] == "Held by Russia on 1 May 2024 (deepstate)"
    assert all(any(s.endswith(snap_file) for s in f.sources) for f in oblast)


def test_one_geodesic_point_to_geometry_distance():
    kyiv_lon, lat = 30.5234, 50.45
    want = WGS84.inv(kyiv_lon, lat, kyiv_lon + 1, lat)[2] / 1000
    assert want == pytest.approx(71.0, abs=0.05)
    assert distance_to_geometry_km(kyiv_lon, lat, shapely.Point(kyiv_lon + 1, lat)) == pytest.approx(want, abs=1e-6)
    meridian = shapely.LineString([(kyiv_lon + 1, 49.0), (kyiv_lon + 1, 52.0)])
    assert distance_to_geometry_km(kyiv_lon, lat, meridian) == pytest.approx(want, abs=0.3)
    # degrees x 111 would say 111 km for the same degree of longitude
    assert abs(distance_to_geometry_km(kyiv_lon, lat, meridian) - 111.2) > 40
    assert distance_to_geometry_km(kyiv_lon, lat, shapely.box(30, 50, 31, 51)) == 0.0
    assert distance_to_geometry_km(kyiv_lon, lat, shapely.Point()) != distance_to_geometry_km(kyiv_lon, lat, shapely.Point())


def test_scenes_and_stats_use_the_same_builders():
    lines = facts.essay_lines()
    held, total = facts.held_area_km2("donetsk-oblast", lines)
    assert scene_figures.compute("held_share:donetsk-oblast").value == f"{100 * held / total:.0f}% of its area"
    for key in ("seized_km2", "liberated_km2", "claimed_not_held_km2"):
        assert scene_figures.compute(key).value == headline.figure(key, lines).value
    for key in ("prewar_km2", "prewar_pct", "furthest_km2", "claimed_km2"):
        assert scene_figures.compute(key) == headline.layer_figure(key)
    panel_capacity = next(f for f in facts.panel("zaporizhzhia-npp").facts if f.key == "capacity_mw")
    scene_capacity = scene_figures.compute("fact:zaporizhzhia-npp:capacity_mw")
    assert panel_capacity.value.startswith(scene_capacity.value + ": ") and panel_capacity.sources == scene_capacity.sources
    fig = stats.figures(lines.held, lines.date, {"held": lines.ref})
    assert headline.figure("liberated_share", lines).value.startswith(f"{100 * fig.liberated_share_of_seized:.0f}%")
    assert headline.figure("seized_km2", lines).value == f"{fig.seized_since_2022_km2:,.0f} km²"


def test_no_kilometres_from_degrees_in_geo():
    pattern = re.compile(r"\* *111\b|/ *111\b|111\.32|\b111\.[0-9]* *\*")
    found = [
        f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
        for p in sorted((ROOT / "geo").rglob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, "kilometres from degrees (use geo.core.measure):\n" + "\n".join(found)
