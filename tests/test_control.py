"""Control layers: computed from the authored lines, consistent, and close to an independent map."""

import deepstate_reference as ref
import pytest
import shapely

from geo.core.measure import area_km2
from geo.data import control, waypoints
from geo.data import line_specs as lines
from geo.data.control import is_held
from geo.figures import compare

LAYER_IDS = [
    "occupied-before-2022-02-24",
    "furthest-advance-2022-03",
    "held-2022-11-17",
    "claimed-annexation-2022-09-30",
    "liberated-by-2022-11-17",
    "claimed-not-held-2022-11-17",
]


def test_all_layers_present_valid_dated(layer):
    spec = lines.load()
    assert [c.id for c in spec.controls] == [
        "occupied-before-2022-02-24",
        "furthest-advance-2022-03",
        "held-2022-11-17",
        "claimed-annexation-2022-09-30",
        "liberated-by-2022-11-17",
        "claimed-not-held-2022-11-17",
    ]
    for lid in LAYER_IDS:
        g = layer(lid)
        assert g.is_valid and not g.is_empty, lid
        assert spec.control(lid).date and spec.control(lid).source and spec.control(lid).accuracy


def test_derived_layers_are_differences(layer):
    for derived, a, b in [
        ("liberated-by-2022-11-17", "furthest-advance-2022-03", "held-2022-11-17"),
        ("claimed-not-held-2022-11-17", "claimed-annexation-2022-09-30", "held-2022-11-17"),
    ]:
        expect = area_km2(layer(a).difference(layer(b)))
        assert area_km2(layer(derived)) == pytest.approx(expect, rel=0.005)
        assert area_km2(layer(derived).intersection(layer(b))) < 1.0


def test_layers_nest_sensibly(layer):
    held, prewar, furthest = layer("held-2022-11-17"), layer("occupied-before-2022-02-24"), layer("furthest-advance-2022-03")
    assert area_km2(prewar.difference(held)) < 50  # nothing occupied before 2022 was liberated by Nov 2022
    assert area_km2(prewar.difference(furthest)) < 50
    assert 100_000 < area_km2(held) < 125_000  # contemporary estimates put Russian control at ~18% of Ukraine


def test_recorded_settlement_statuses_hold(layer, ukraine):
    ws = waypoints.load()
    spec = lines.load()
    from geo.data.control import check_statuses

    checked = 0
    for c in spec.controls:
        if c.lines:
            assert check_statuses(c.id, layer(c.id), ws, c.lines, ukraine) == []
            checked += len([w for lid in c.lines for w in ws.of(lid, {"check"})])
    assert checked > 80


def test_a_wrong_status_is_reported(layer, ukraine):
    ws = waypoints.load()
    geom = layer("held-2022-11-17")
    flipped = waypoints.WaypointSet(
        rows=[
            w
            if not (w.role == "check" and w.name == "Melitopol" and w.line == "front-2022-11-17")
            else waypoints.Waypoint(**{**w.__dict__, "status": "UA"})
            for w in ws.rows
        ]
    )
    from geo.data.control import check_statuses

    problems = check_statuses("held-2022-11-17", geom, flipped, ("front-2022-11-17",), ukraine)
    assert problems == ["held-2022-11-17: Melitopol is recorded as Ukrainian-held on this date but lies inside the held area"]


def test_places_status_on_essay_date(layer, ukraine):
    held = layer("held-2022-11-17")
    from geo.data import geonames

    for gid, expected in [(701404, True), (701822, True), (709276, True), (687700, False), (709930, False), (706448, False)]:
        s = geonames.get(gid)
        assert is_held(held, s.lon, s.lat, ukraine) is expected, s.name


def test_line_starting_inside_ukraine_is_reported(ukraine, units):
    spec = lines.ControlSpec(id="t", title="t", date="2022-01-01", source="s", accuracy="a", lines=("x",), held_seeds=(709717,))
    ws = waypoints.WaypointSet(
        rows=[
            waypoints.Waypoint(line="x", seq=1, role="anchor", lon=37.0, lat=48.0, note="inside"),
            waypoints.Waypoint(line="x", seq=2, role="anchor", lon=40.5, lat=48.0, note="Russia"),
        ]
    )
    res = control.held_from_lines(spec, ws, ukraine, units)
    assert any("inside Ukraine" in p for p in res.problems)


def test_against_deepstate_january_2023(layer, ukraine):
    """Independent check: DeepStateMap two months after the essay (only Soledar's fall in between)."""
    ds = ref.polygons(ref.fixture("2023-01-15"), ref.HELD_PREFIXES, ukraine)
    a = compare.agreement(layer("held-2022-11-17"), ds, ukraine)
    assert a.iou > 0.94, a
    assert a.line_distance_median_km < 5.0, a
    assert abs(a.area_a_km2 - a.area_b_km2) / a.area_b_km2 < 0.04, a
    pre = ref.polygons(ref.fixture("2023-01-15"), ref.PREWAR_PREFIXES, ukraine)
    b = compare.agreement(layer("occupied-before-2022-02-24"), pre, ukraine)
    assert b.iou > 0.93 and b.line_distance_median_km < 5.0, b


def test_furthest_advance_roughly_matches(layer, ukraine):
    f = ref.fixture("2023-01-15")
    envelope = ref.polygons(f, ref.HELD_PREFIXES, ukraine).union(ref.polygons(f, (ref.LIBERATED_PREFIX,), ukraine))
    a = compare.agreement(layer("furthest-advance-2022-03"), envelope, ukraine)
    assert a.iou > 0.7, a
    # our envelope contains almost all of what DeepStateMap marks occupied or liberated
    assert area_km2(envelope.difference(layer("furthest-advance-2022-03"))) / area_km2(envelope) < 0.08


def test_ring_and_between_geometry():
    w = waypoints.Waypoint(line="x", seq=1, role="ring", lon=31.0, lat=51.0, radius_km=12)
    ring = waypoints.ring_polygon(w)
    assert area_km2(ring) == pytest.approx(3.14159 * 144, rel=0.01)
    lon, lat = waypoints.between_point(30.0, 50.0, 32.0, 50.0, 0.5)
    assert lon == pytest.approx(31.0, abs=0.01) and lat > 50.0  # geodesic bows poleward


def test_waypoint_table_verified():
    ws = waypoints.load()
    assert ws.problems == []
    assert {"dnipro-river", "front-2022-11-17"} <= set(ws.line_ids())


def test_dnipro_line_runs_through_kakhovka_reservoir():
    import json

    from geo.core.paths import BASEMAP

    fc = json.loads((BASEMAP / "reservoirs.geojson").read_text(encoding="utf-8"))
    kakhovka = next(shapely.geometry.shape(f["geometry"]) for f in fc["features"] if f["id"] == "kakhovka-reservoir")
    river = waypoints.assemble(waypoints.load(), "dnipro-river")
    inside = river.intersection(kakhovka.buffer(0.03))  # ~3 km
    # the reservoir stretch of the river (Zaporizhzhia to the dam) is ~150 km; most of it runs inside
    from geo.core.measure import length_km

    assert length_km(inside) > 100
