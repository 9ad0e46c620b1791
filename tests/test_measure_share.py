"""Measuring, range rings and shared views without a browser: ring lists validated (geo.web.urlstate),
distances geodesic (geo.web.overlays, pyproj), the briefing's extra-scene link (geo.briefing.links)."""

from __future__ import annotations

import pytest

from geo.briefing import links
from geo.core.measure import GEOD, distance_km
from geo.web import overlays, urlstate

PLACES = frozenset({"melitopol", "kyiv"})
LAYERS = ["ukraine-admin1", "places", "lines"]


@pytest.mark.parametrize(
    "raw, kms",
    [("100,200", (100.0, 200.0)), (" 200 , 100 ", (100.0, 200.0)), ("1,2000", (1.0, 2000.0)), ("12.5", (12.5,))],
)
def test_ring_lists_that_are_kept(raw, kms):
    assert urlstate.parse_rings(raw) == (kms, None)


@pytest.mark.parametrize(
    "raw, why",
    [
        ("100,abc", "'abc' is not a number"),
        ("0.5", "each ring is 1 to 2000 km; '0.5' is not"),
        ("2001", "'2001' is not"),
        ("nan", "'nan' is not"),
        ("inf", "'inf' is not"),
        ("1,2,3,4,5,6", "at most 5 rings"),
        (",", "name no distance"),
    ],
)
def test_ring_lists_that_are_refused_in_one_line(raw, why):
    kms, problem = urlstate.parse_rings(raw)
    assert kms == () and why in problem
    text = urlstate.notice("rings", problem, raw).text()
    assert repr(raw) in text and "\n" not in text


def test_rings_round_trip_through_the_link():
    out = urlstate.to_params("melitopol", ["places"], None, rings=(100.0, 200.0))
    assert out["rings"] == "100,200"
    state = urlstate.parse(out, PLACES, LAYERS, ("places",))
    assert state.rings == (100.0, 200.0) and state.notices == ()
    assert "rings" not in urlstate.to_params(None, ["places"], None, rings=(100.0,))  # rings need a place


def test_rings_without_a_place_or_bad_say_so():
    s = urlstate.parse({"rings": "100"}, PLACES, LAYERS, ())
    assert s.rings == () and "need a place" in s.notices[0].text()
    s = urlstate.parse({"place": "kyiv", "rings": "<b>9999</b>"}, PLACES, LAYERS, ())
    assert s.rings == () and "'<b>9999</b>'" in s.notices[0].text()


def test_measured_distance_is_pyprojs_geodesic():
    m = overlays.measure((50.4501, 30.5234), (46.8489, 35.3653))
    assert m.km == pytest.approx(GEOD.inv(30.5234, 50.4501, 35.3653, 46.8489)[2] / 1000)
    assert m.label == f"{m.km:,.1f} km (geodesic, WGS84)"
    coords = overlays.measure_layer(m)["data"]["features"][0]["geometry"]["coordinates"]
    assert coords[0] == [30.5234, 50.4501] and coords[-1] == [35.3653, 46.8489]
    # the drawn line follows the geodesic: its length is the figure
    length = sum(distance_km(*a, *b) for a, b in zip(coords, coords[1:]))
    assert length == pytest.approx(m.km, rel=1e-4)


def test_ring_labels_sit_on_their_rings():
    for lat, lon, text in overlays.ring_labels(35.38, 46.85, (100.0, 200.0)):
        assert distance_km(35.38, 46.85, lon, lat) == pytest.approx(float(text.split()[0]), abs=0.01)


def test_extra_view_link_is_validated_and_kept():
    params = {"extra": "view", "place": "melitopol", "layers": "places", "bounds": "45,33,48.5,38", "rings": "100"}
    link = links.parse(params, 10, [()] * 10, PLACES, LAYERS, known_dates=["2022-11-17"])
    assert link.scene == 11 and link.override is None and link.notices == ()
    assert link.extra == links.ExtraView("melitopol", ("places",), None, ((45.0, 33.0), (48.5, 38.0)), None, (100.0,))
    out = links.params_out(params, None, 11, extra=True)
    assert out == {"scene": "11", **params}


def test_bad_extra_view_values_are_dropped_with_notices():
    params = {"extra": "view", "place": "<img>", "bounds": "1,2,3,4", "view": "47,35,7", "date": "2030-01-01"}
    link = links.parse(params, 10, [()] * 10, PLACES, LAYERS, known_dates=["2022-11-17"])
    texts = " | ".join(n.text() for n in link.notices)
    assert "'<img>'" in texts and "'1,2,3,4'" in texts and "'2030-01-01'" in texts
    assert link.extra.place is None and link.extra.bounds == links.bounds_of_view((47.0, 35.0, 7))
    bad = links.parse({"extra": "nope"}, 10, [()] * 10, PLACES, LAYERS)
    assert bad.extra is None and bad.scene == 1 and "'nope'" in bad.notices[0].text()
