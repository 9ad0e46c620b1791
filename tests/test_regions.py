import pytest
import shapely

from geo.core.measure import area_km2
from geo.data import naturalearth, regions

OFFICIAL = {
    "donetsk-oblast": 26517,
    "luhansk-oblast": 26684,
    "zaporizhzhia-oblast": 27180,
    "kherson-oblast": 28461,
    "autonomous-republic-of-crimea": 26081,
    "sevastopol-city": 864,
    "dnipropetrovsk-oblast": 31914,
    "kharkiv-oblast": 31415,
    "mykolaiv-oblast": 24598,
}


def test_all_27_units_valid_and_single_area(units):
    assert len(units) == 27
    for uid, g in units.items():
        assert g.is_valid, uid
        # one main face: the largest part holds nearly all the area (spits are the only extra parts)
        parts = sorted((area_km2(p) for p in shapely.get_parts(g)), reverse=True)
        assert parts[0] / sum(parts) > 0.98, (uid, parts[:3])


@pytest.mark.parametrize("uid,official", OFFICIAL.items())
def test_areas_against_official(units, uid, official):
    """Within 2%, or within 1 point of the deviation documented (and explained) for that unit."""
    spec = {u.id: u for u in regions.load_units().units}[uid]
    dev = 100 * (area_km2(units[uid]) - official) / official
    if spec.known_deviation_pct is None:
        assert abs(dev) <= 2.0, f"{uid}: {dev:+.2f}%"
    else:
        assert spec.deviation_reason and abs(dev - spec.known_deviation_pct) <= 1.0, f"{uid}: {dev:+.2f}%"


# Units that cannot reach 2% without inventing geometry; each has known_deviation_pct and a reason
# in admin_units.toml, and the Data page and data/README.md say why.
DOCUMENTED_DEVIATIONS = {"kyiv-city"}


def test_every_unit_within_two_percent_or_its_documented_deviation(units):
    """All 27 units: within the 2% tolerance, or (only those listed above) within 1 point of the
    deviation documented for them; a unit that comes within 2% must not keep an excuse."""
    spec = regions.load_units()
    assert len(spec.units) == 27
    assert {u.id for u in spec.units if u.known_deviation_pct is not None} == DOCUMENTED_DEVIATIONS
    for u in spec.units:
        dev = 100 * (area_km2(units[u.id]) - u.official_area_km2) / u.official_area_km2
        if u.id in DOCUMENTED_DEVIATIONS:
            assert u.deviation_reason and abs(dev - u.known_deviation_pct) <= 1.0, f"{u.id}: {dev:+.2f}%"
            assert abs(dev) > spec.tolerance_pct, f"{u.id} is now within {spec.tolerance_pct}%: drop its known deviation"
        else:
            assert abs(dev) <= spec.tolerance_pct, f"{u.id}: {dev:+.2f}% from the official {u.official_area_km2:,.0f} km2"
    assert regions.area_problems(units, spec) == []


def test_corrected_units_were_off_before(units):
    """The five units Natural Earth alone got wrong are now within 2% (Kyiv city: much nearer)."""
    spec = {u.id: u for u in regions.load_units().units}
    dev = {
        uid: 100 * (area_km2(units[uid]) - spec[uid].official_area_km2) / spec[uid].official_area_km2
        for uid in ("kherson-oblast", "mykolaiv-oblast", "sevastopol-city", "kyiv-oblast", "kyiv-city")
    }
    assert all(abs(d) <= 2.0 for uid, d in dev.items() if uid != "kyiv-city"), dev
    assert abs(dev["kyiv-city"]) < 20.0, dev  # was +95.7% with Natural Earth's ring


def test_water_is_added_to_its_unit_only(units):
    """Estuary, lagoon and bay water sits in the unit its seed names, and nowhere in a neighbour."""
    spec = regions.load_units()
    for u in spec.units:
        for lon, lat in u.water_seeds:
            pt = shapely.Point(lon, lat)
            holders = [uid for uid, g in units.items() if g.covers(pt)]
            assert holders == [u.id], (u.id, (lon, lat), holders)
    assert {u.id for u in spec.units if u.water_seeds} == {"kherson-oblast", "mykolaiv-oblast", "zaporizhzhia-oblast"}


def test_corrections_name_their_sources():
    from geo.data import waypoints

    spec = regions.load_units()
    ws = waypoints.load(regions.BOUNDARIES_FILE)
    assert ws.problems == []
    assert set(ws.line_ids()) == {b.id for b in spec.boundaries}
    for b in spec.boundaries:
        assert b.source, b.id
    for w in ws.rows:
        assert w.role in {"settlement", "between", "anchor"}, (w.line, w.seq)
        assert w.role != "anchor" or w.note, (w.line, w.seq)


def test_shared_borders_stay_shared(units):
    """Topology-preserving simplification: neighbours neither overlap nor leave gaps."""
    ids = list(units)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            overlap = area_km2(units[a].intersection(units[b]))
            assert overlap < 0.5, (a, b, overlap)
    ukraine = shapely.union_all(list(units.values()))
    holes = sum(area_km2(shapely.Polygon(r)) for p in shapely.get_parts(ukraine) for r in p.interiors)
    assert holes < 1.0


def test_ukraine_total_area(ukraine):
    assert abs(area_km2(ukraine) - 603628) / 603628 < 0.01


def test_noding_closes_a_gap_and_polygonizes():
    # a square whose right side stops 0.01 degrees short of the bottom edge, plus a diagonal inner line
    lines = [
        shapely.LineString([(0, 0), (1, 0)]),
        shapely.LineString([(1, 0.01), (1, 1), (0, 1), (0, 0)]),
        shapely.LineString([(0, 0.5), (1, 0.5)]),
    ]
    assert len(naturalearth.faces(lines)) == 0 or len(naturalearth.faces(lines)) < 2
    net = naturalearth.node(lines)
    faces = naturalearth.faces(net.edges)
    assert len(faces) == 2
    assert len(net.joins) == 1 and net.joins[0][2] == pytest.approx(1.11, abs=0.05)


def test_simplify_network_keeps_shared_edges():
    wiggle = shapely.LineString([(0, 0)] + [(0.001 * (i % 2), i / 100) for i in range(1, 100)] + [(0, 1)])
    lines = [
        shapely.LineString([(-1, 0), (1, 0)]),
        shapely.LineString([(-1, 1), (1, 1)]),
        wiggle,
        shapely.LineString([(-1, 0), (-1, 1)]),
        shapely.LineString([(1, 0), (1, 1)]),
    ]
    net = naturalearth.node(lines)
    simple = naturalearth.simplify_network(net.edges, 0.01)
    faces = naturalearth.faces(simple)
    assert len(faces) == 2
    a, b = faces
    assert a.intersection(b).length == pytest.approx(1.0, abs=0.01)
    assert sum(len(e.coords) for e in simple) < sum(len(e.coords) for e in net.edges)


def test_labelling_rejects_two_seats_in_one_face():
    face = shapely.box(30, 45, 40, 55)
    spec = regions.UnitsSpec(
        units=[regions.Unit("a", "A", "oblast", 703448, 1.0), regions.Unit("b", "B", "oblast", 706483, 1.0)],
        area_source="x",
        tolerance_pct=2,
    )
    with pytest.raises(ValueError, match="already labelled"):
        regions.label_faces([face], spec, face)
