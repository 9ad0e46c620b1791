"""Picking a click: the point pick in Python (`picking.pick`), what the browser is told
(`webmap.publish_pick`), and the id the browser reports, which is untrusted (`picking.resolve_click`)."""

from __future__ import annotations

import json
import math

import pytest

from geo.core.measure import GEOD
from geo.data import gazetteer
from geo.web import picking, webmap
from geo.web.offline import STATIC, STATIC_URL

MELITOPOL = (46.84735, 35.38196)  # lat, lng as in places.geojson
KNOWN = frozenset(gazetteer.load().places)


def moved(lat: float, lng: float, px: float, zoom: int, azimuth: float) -> tuple[float, float]:
    """The point `px` screen pixels away at `zoom`, along an azimuth (degrees from north)."""
    lng2, lat2, _ = GEOD.fwd(lng, lat, azimuth, px * picking.metres_per_pixel(lat, zoom))
    return lat2, lng2


@pytest.mark.parametrize("zoom", [6, 9])
def test_marker_tolerance_in_pixels_at_two_zoom_levels(zoom):
    lat, lng = MELITOPOL
    assert picking.pick(lat, lng, zoom) == "melitopol"
    # westward, away from the routes through the city (they run north and south-east)
    assert picking.pick(*moved(lat, lng, picking.MARKER_PX - 1, zoom, 270), zoom) == "melitopol"
    assert picking.pick(*moved(lat, lng, picking.MARKER_PX + 3, zoom, 270), zoom) != "melitopol"


def test_marker_reach_shrinks_in_metres_as_the_map_zooms_in():
    lat, lng = moved(*MELITOPOL, 10, 6, 270)  # 10 px at zoom 6 is 80 px at zoom 9
    assert picking.pick(lat, lng, 6) == "melitopol"
    assert picking.pick(lat, lng, 9) != "melitopol"


def test_line_tolerance_across_the_dnipro():
    river = next(p.geom for p in picking.pickables() if p.id == "dnipro-river")
    on = river.interpolate(0.3, normalized=True)  # near Cherkasy, no city within reach
    a, b = river.interpolate(0.295, normalized=True), river.interpolate(0.305, normalized=True)
    across = GEOD.inv(a.x, a.y, b.x, b.y)[0] + 90
    zoom = 7
    assert picking.pick(on.y, on.x, zoom) == "dnipro-river"
    assert picking.pick(*moved(on.y, on.x, picking.LINE_PX - 2, zoom, across), zoom) == "dnipro-river"
    beyond = moved(on.y, on.x, picking.LINE_PX + 4, zoom, across)
    assert picking.pick(*beyond, zoom) == "cherkasy-oblast"  # the region under it, not the river


def test_region_the_essay_discusses_before_a_smaller_or_larger_one():
    # western Kherson lies in Kherson oblast: both discussed, the smaller wins
    assert picking.pick(47.06303, 33.34652, 6) == "western-kherson"
    # Crimea (discussed) covers the Autonomous Republic (not discussed, smaller): the discussed one wins
    ranks = {p.id: (p.discussed, p.area) for p in picking.pickables()}
    assert ranks["crimea"][0] and not ranks["autonomous-republic-of-crimea"][0]
    assert ranks["crimea"][1] > ranks["autonomous-republic-of-crimea"][1]
    assert picking.pick(45.3, 33.6, 6) == "crimea"
    assert picking.pick(49.5, 31.5, 6) == "cherkasy-oblast"  # one region, not discussed


def test_a_neighbouring_country_but_never_ukraine():
    assert picking.pick(52.0, 40.0, 6) == "russia"
    assert picking.pick(53.5, 28.0, 6) is None  # Belarus is drawn but is no place of the essay
    for lat in (45.5, 47.0, 48.5, 50.0, 51.5):
        for lng in (23.0, 26.0, 29.0, 32.0, 35.0, 38.0):
            assert picking.pick(lat, lng, 6) != "ukraine"


def test_nothing_at_sea():
    assert picking.pick(43.5, 34.0, 6) is None
    assert picking.pick(45.6, 36.7, 8) is None  # the Sea of Azov, off the coast


def test_pick_reads_no_file_once_warm(monkeypatch):
    picking.pick(*MELITOPOL, 6)

    def refuse(*a, **k):
        raise AssertionError("pick read the gazetteer or the places again")

    monkeypatch.setattr(gazetteer, "load", refuse)
    monkeypatch.setattr(picking.places, "features", refuse)
    monkeypatch.setattr(picking.places, "geometry_of", refuse)
    assert picking.pick(*MELITOPOL, 6) == "melitopol"
    assert picking.pick(49.5, 31.5, 6) == "cherkasy-oblast"


def test_the_browser_gets_the_same_rules_and_data():
    url = webmap.publish_pick()
    data = json.loads((STATIC / url.removeprefix(STATIC_URL + "/")).read_text(encoding="utf-8"))
    assert (data["marker_px"], data["line_px"]) == (picking.MARKER_PX, picking.LINE_PX)
    assert (tuple(data["marker_kinds"]), tuple(data["line_kinds"])) == (picking.MARKER_KINDS, picking.LINE_KINDS)
    entries = {e["id"]: e for e in data["places"]}
    assert "ukraine" not in entries
    # every place the Map page draws; plants, bridges and spits (issue 14's gazetteer kinds for essays) are
    # not drawn there, so not picked either
    kinds = picking.MARKER_KINDS + picking.LINE_KINDS + ("region", "country")
    assert set(entries) | picking.NEVER_PICKED == {p.id for p in picking.pickables() if p.kind in kinds}
    assert {p.kind for p in picking.pickables()} - set(kinds) == {"plant", "bridge", "spit"}
    drawn = {w.key: set(w.ids) for w in webmap.publish_layers()}
    for e in entries.values():
        assert ("layer" in e) != ("geometry" in e), e["id"]
        if "layer" in e:
            assert e["id"] in drawn[e["layer"]]
    regions = sorted((e for e in entries.values() if e["kind"] == "region"), key=lambda e: e["rank"])
    assert regions[0]["id"] == "western-kherson"  # discussed and smallest
    assert [e["discussed"] for e in regions] == sorted((e["discussed"] for e in regions), reverse=True)
    assert entries["crimea"]["rank"] < entries["autonomous-republic-of-crimea"]["rank"]
    assert "rank" not in entries["melitopol"] and "rank" not in entries["dnipro-river"]


# ---- what the browser reports: an id is untrusted until it is a known place ----

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "melitopol<script>",
    "melitopol ",
    "MELITOPOL",
    "../../etc/passwd",
    "x" * 10_000,
    "melitopol" * 2_000,
    "",
    "\u202emelitopol",
    "melitopol\x00",
]


@pytest.mark.parametrize("value", HOSTILE + [None, 7, 3.5, True, ["melitopol"], {"id": "melitopol"}])
def test_reported_id_is_only_a_known_place(value):
    assert picking.reported_id(value, KNOWN) is None


def test_reported_id_accepts_every_known_place():
    for pid in KNOWN:
        assert picking.reported_id(pid, KNOWN) == pid


def test_a_click_with_a_known_id_is_not_picked_again(monkeypatch):
    monkeypatch.setattr(picking, "pick", lambda *a: pytest.fail("point pick used for a click the browser resolved"))
    got = picking.resolve_click({"lat": 10.0, "lng": 10.0, "id": "dnipro-river"}, 6, KNOWN)
    assert got == picking.Click("dnipro-river", "browser")


@pytest.mark.parametrize("value", HOSTILE + [7, ["melitopol"], {"x": 1}])
def test_a_click_with_an_unknown_id_is_ignored(value, monkeypatch):
    monkeypatch.setattr(picking, "pick", lambda *a: pytest.fail("an untrusted id fell through to the point pick"))
    assert picking.resolve_click({"lat": MELITOPOL[0], "lng": MELITOPOL[1], "id": value}, 6, KNOWN) == picking.Click(
        None, "ignored"
    )


def test_a_click_without_an_id_is_picked_by_its_point():
    lat, lng = MELITOPOL
    assert picking.resolve_click({"lat": lat, "lng": lng}, 6, KNOWN) == picking.Click("melitopol", "point")
    assert picking.resolve_click({"lat": lat, "lng": lng, "id": None}, 6, KNOWN) == picking.Click("melitopol", "point")
    assert picking.resolve_click({"lat": 43.5, "lng": 34.0}, 6, KNOWN) == picking.Click(None, "point")


@pytest.mark.parametrize(
    "click, zoom",
    [
        (None, 6),
        ("melitopol", 6),
        (["lat", "lng"], 6),
        ({}, 6),
        ({"lat": "46.8", "lng": 35.4}, 6),
        ({"lat": 46.8, "lng": "<b>"}, 6),
        ({"lat": math.nan, "lng": 35.4}, 6),
        ({"lat": 46.8, "lng": math.inf}, 6),
        ({"lat": True, "lng": 35.4}, 6),
        ({"lat": 95.0, "lng": 35.4}, 6),
        ({"lat": 46.8, "lng": 35.4}, "6"),
        ({"lat": 46.8, "lng": 35.4}, math.nan),
        ({"lat": 46.8, "lng": 35.4}, 1e308),
        ({"lat": 46.8, "lng": 35.4}, None),
    ],
)
def test_a_malformed_click_is_ignored_without_error(click, zoom):
    assert picking.resolve_click(click, zoom, KNOWN) == picking.Click(None, "ignored")
