"""DeepStateMap import in every naming era (April 2022 to today): key, colour and name, each era's file written by the
test itself from made-up boxes on real Ukrainian ground (nothing traced from DeepStateMap)."""

import json
import subprocess
import sys

import pytest
import shapely
from deepstate_reference import fixture
from importfiles import box, fc, feat, write_json
from tests_paths import ROOT

from geo.core.measure import area_km2
from geo.lines import classify
from geo.lines.importer import MIN_SHARE_INSIDE, ImportRequest, run
from geo.lines.snapshot import IMPORTER_VERSION, RawFeature

# Made-up boxes (lon/lat) on real ground; each lies inside Ukraine except TRANSNISTRIA_EDGE, which is mostly in
# Moldova (about 14% of it inside Ukraine) and must add nothing.
CRIMEA = (33.5, 44.8, 34.5, 45.3)
ORDLO = (37.8, 47.9, 38.3, 48.2)
IZIUM = (37.0, 49.1, 37.4, 49.3)
RUBIZHNE = (38.2, 48.95, 38.5, 49.1)
TSYRKUNY = (36.3, 50.05, 36.5, 50.15)
MELITOPOL = (35.0, 46.6, 35.8, 47.1)
KYIV_WEST = (30.0, 50.5, 30.3, 50.7)
CHERNIHIV = (31.0, 51.0, 31.3, 51.2)
BALAKLIIA = (36.7, 49.35, 36.9, 49.5)
CONTESTED = (36.6, 49.6, 36.8, 49.7)
UNDECIDED = (33.0, 47.5, 33.2, 47.6)
TRANSNISTRIA_EDGE = (29.2, 46.6, 29.9, 47.0)
NBSP = "\xa0"


def styled(name, b, *, fill=None, url=None, map_hash=None, style_hash=None, geom=None):
    """A DeepState-like polygon feature carrying only the style properties given."""
    props = {}
    if fill:
        props["fill"] = fill
    if url:
        props["styleUrl"] = url
    if map_hash:
        props["styleMapHash"] = map_hash
    if style_hash:
        props["styleHash"] = style_hash
    return feat(name, geom or box(b), **props)


def point(name, lon, lat):
    return feat(name, {"type": "Point", "coordinates": [lon, lat]}, styleUrl="#icon-1899-0288D1")


def spring_2022() -> dict:
    """April 2022: Ukrainian-only free names, the 2022 palette, style in fill / styleUrl / styleMapHash / styleHash."""
    return fc(
        [
            styled("Крим", CRIMEA, fill="#000000", url="#poly-000000-1200-77-nodesc"),
            styled("ОРДЛО", ORDLO, fill="#000000"),
            styled(f"Ізюм. Окуповано{NBSP}", IZIUM, fill="#a52714", style_hash="5f0393c8"),
            styled("Рубіжне. Території зайняті ворогом", RUBIZHNE, url="#poly-A52714-1200-77-nodesc"),
            styled("Окуповані Циркуни", TSYRKUNY, style_hash="5f0393c8"),  # colour only through the learned styleHash
            styled("Багатокутник 11", MELITOPOL, fill="#a52714"),  # default name: the colour says held
            styled("Ворога відкинуто", KYIV_WEST, fill="#0288d1"),
            styled(
                "Звільнено 26.03",
                CHERNIHIV,
                map_hash={"normal": "#poly-0288D1-1200-77-normal", "highlight": "#poly-0288D1-1200-77-highlight"},
            ),
            styled("Балаклія. Окуповано", BALAKLIIA, fill="#0288d1"),  # name and colour disagree: colour used
            styled("26.05 Contested", CONTESTED, url="#poly-BCAAA4-1200-77"),
            styled("Багатокутник 12", UNDECIDED),  # nothing says anything: undecided, reported with its area
            styled("Придністров'я", TRANSNISTRIA_EDGE, fill="#880e4f"),  # 2022's Transnistria colour; mostly in Moldova
            point("Напрямок удару", 37.6, 49.0),
            point("Окупанти. 4 танкова дивізія", 36.4, 50.2),
            point("Харків", 36.23, 49.99),
            feat("Лінія фронту", {"type": "LineString", "coordinates": [[36.0, 47.5], [37.0, 48.5]]}),
        ]
    )


def bilingual_2023() -> dict:
    """2022-23: 'Ukrainian /// English' names, Crimea and ORDLO in #880e4f, other countries in #ff5252."""
    return fc(
        [
            styled(
                "Окупований Крим /// Occupied Crimea",
                CRIMEA,
                fill="#880e4f",
                url="#poly-880E4F-1200-77-nodesc",
                style_hash="-6b23f4d9",
            ),
            styled("ОРДЛО /// CADR and CALR\n", ORDLO, style_hash="-6b23f4d9"),
            styled("Окуповано /// Occupied", IZIUM, url="#poly-A52714-1200-77-nodesc"),
            styled("Окуповано /// Occupied\n", MELITOPOL, fill="#a52714"),
            styled(f"Звільнено{NBSP}/// Liberated", KYIV_WEST, fill="#0f9d58", style_hash="-e49156a"),
            styled("Звільнено 26.03 /// Liberated 26.03", CHERNIHIV, style_hash="-e49156a"),
            styled("Зміїний /// Snake Island", BALAKLIIA, fill="#01579b"),  # no status word: the colour says liberated
            styled("Статус невідомий /// Unknown status", CONTESTED, fill="#bdbdbd"),
            styled("Придністров'я.\n///\nTransnistria.\n", TRANSNISTRIA_EDGE, fill="#ff5252"),
            point("Напрямок удару /// Direction of attack", 37.6, 49.0),
        ]
    )


def keyed_2025() -> dict:
    """2024 on: machine keys after the two languages, NBSP before the '///'."""
    return fc(
        [
            styled(f"Окупований Крим /// Occupied Crimea{NBSP}/// geoJSON.territories.crimea", CRIMEA, fill="#880e4f"),
            styled(f"ОРДЛО /// CADR and CALR{NBSP}/// geoJSON.territories.ordlo", ORDLO, fill="#880e4f"),
            styled("Окуповано /// Occupied /// geoJSON.status.occupied\n", IZIUM, fill="#a52714"),
            styled(f"Окуповано /// Occupied{NBSP}/// geoJSON.status.occupied", MELITOPOL, fill="#0f9d58"),  # key beats colour
            styled(f"Звільнено /// Liberated{NBSP}/// geoJSON.status.dismissed", KYIV_WEST, fill="#0f9d58"),
            styled(f"Звільнено 26.03 /// Liberated 26.03{NBSP}/// geoJSON.status.dismissed_at", CHERNIHIV),
            styled("geoJSON.status.unknown", CONTESTED),  # the key alone
            styled("Придністров'я/// Transnistria /// geoJSON.territories.transnistria", TRANSNISTRIA_EDGE, fill="#ff5252"),
            point(f"Напрямок удару /// Direction of attack{NBSP}/// geoJSON.status.attack_direction", 37.6, 49.0),
        ]
    )


def expected(ukraine, held, liberated, unknown=()):
    """Areas the test expects: the same boxes clipped to Ukraine, classes disjoint like the importer's."""

    def union(boxes):
        return shapely.union_all([shapely.box(*b) for b in boxes]).intersection(ukraine) if boxes else shapely.Polygon()

    h, u, lib = union(held), union(unknown), union(liberated)
    u = u.difference(h)
    lib = lib.difference(shapely.union(h, u))
    return area_km2(h), area_km2(lib), area_km2(u)


def imported(tmp_path, name, obj, ukraine):
    snap, _ = run(ImportRequest(write_json(tmp_path / name, obj)), ukraine)
    return snap


def test_spring_2022_free_ukrainian_names_and_colours(tmp_path, ukraine):
    snap = imported(tmp_path, "deepstate-2022-04-03.geojson", spring_2022(), ukraine)
    assert snap.format == "deepstate" and snap.date == "2022-04-03" and snap.importer_version == IMPORTER_VERSION
    held, lib, unk = expected(
        ukraine,
        held=(CRIMEA, ORDLO, IZIUM, RUBIZHNE, TSYRKUNY, MELITOPOL),
        liberated=(KYIV_WEST, CHERNIHIV, BALAKLIIA),
        unknown=(CONTESTED,),
    )
    assert area_km2(snap.held) == pytest.approx(held, rel=0.005)
    assert area_km2(snap.liberated) == pytest.approx(lib, rel=0.005)
    assert area_km2(snap.unknown) == pytest.approx(unk, rel=0.005)
    # Crimea is no longer missing from the held area
    crimea = shapely.box(*CRIMEA).intersection(ukraine)
    assert area_km2(snap.held.intersection(crimea)) == pytest.approx(area_km2(crimea), rel=0.005)
    # Transnistria's edge (in 2022 drawn in the colour Crimea has later) adds no sliver to any class
    edge = shapely.box(*TRANSNISTRIA_EDGE)
    assert 0 < area_km2(edge.intersection(ukraine)) < MIN_SHARE_INSIDE * area_km2(edge)
    assert all(area_km2(snap.geometry(c).intersection(edge)) < 1 for c in ("held", "unknown", "liberated"))
    text = " ".join(snap.ignored)
    assert any(line.startswith("1 × mostly outside Ukraine") and "Придністров" in line for line in snap.ignored)
    # the undecided polygon is reported with its km², in a warning, the ignored list and the figures
    undecided = area_km2(shapely.box(*UNDECIDED).intersection(ukraine))
    assert snap.undecided_km2 == pytest.approx(undecided, rel=0.005)
    assert snap.figures()["undecided_km2"] == pytest.approx(undecided, rel=0.005)
    warning = next(w for w in snap.warnings if "status unknown to the importer" in w)
    assert f"{undecided:,.0f} km²" in warning and "'Багатокутник 12'" in warning and "\n" not in warning
    assert any("status unknown to the importer" in line and "Багатокутник 12" in line for line in snap.ignored)
    # the name/colour conflict names the feature and says which signal decided
    conflict = next(w for w in snap.warnings if "disagree" in w)
    assert "'Балаклія. Окуповано'" in conflict and "name: held" in conflict and "colour #0288d1: liberated" in conflict
    assert "colour used" in conflict and conflict.startswith("1 polygon(s)")
    # points: attack direction and unit kept, a town label and the line ignored with their reasons
    assert sorted(k for k, _, _ in snap.points) == ["attack-direction", "unit"]
    assert "map label" in text and "line feature" in text


def test_bilingual_2022_23(tmp_path, ukraine):
    snap = imported(tmp_path, "deepstate-2023-01-15-synthetic.geojson", bilingual_2023(), ukraine)
    held, lib, unk = expected(
        ukraine, held=(CRIMEA, ORDLO, IZIUM, MELITOPOL), liberated=(KYIV_WEST, CHERNIHIV, BALAKLIIA), unknown=(CONTESTED,)
    )
    assert area_km2(snap.held) == pytest.approx(held, rel=0.005)
    assert area_km2(snap.liberated) == pytest.approx(lib, rel=0.005)
    assert area_km2(snap.unknown) == pytest.approx(unk, rel=0.005)
    assert snap.undecided_km2 == 0 and not any("disagree" in w for w in snap.warnings)
    assert any("not Ukraine" in line and "Transnistria" in line for line in snap.ignored)


def test_keyed_2024_on(tmp_path, ukraine):
    snap = imported(tmp_path, "deepstate-2025-08-03-synthetic.geojson", keyed_2025(), ukraine)
    held, lib, unk = expected(
        ukraine, held=(CRIMEA, ORDLO, IZIUM, MELITOPOL), liberated=(KYIV_WEST, CHERNIHIV), unknown=(CONTESTED,)
    )
    assert area_km2(snap.held) == pytest.approx(held, rel=0.005)
    assert area_km2(snap.liberated) == pytest.approx(lib, rel=0.005)
    assert area_km2(snap.unknown) == pytest.approx(unk, rel=0.005)
    conflict = next(w for w in snap.warnings if "disagree" in w)
    assert "key geoJSON.status.occupied: held" in conflict and "colour #0f9d58: liberated" in conflict and "key used" in conflict
    assert [k for k, _, _ in snap.points] == ["attack-direction"]
    assert any("not Ukraine" in line for line in snap.ignored)


def test_spring_2022_cli_json_keeps_its_keys_and_adds_undecided(tmp_path):
    path = write_json(tmp_path / "deepstate-2022-04-03.geojson", spring_2022())
    r = subprocess.run(
        [sys.executable, "-m", "geo", "import", str(path), "--store", str(tmp_path / "s"), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    row = json.loads(r.stdout)
    assert set(row) >= {
        "date",
        "held_km2",
        "unknown_km2",
        "liberated_km2",
        "features_used",
        "features_ignored",
        "warnings",
        "ignored",
        "source",
        "file",
        "sha256",
        "format",
        "undecided_km2",
    }
    assert row["undecided_km2"] > 100


def test_another_countrys_colour_on_ukrainian_ground_is_not_counted_but_reported(tmp_path, ukraine):
    data = bilingual_2023()
    data["features"].append(styled("Окуповано /// Occupied", UNDECIDED, fill="#ff5252"))
    snap = imported(tmp_path, "deepstate-2023-02-01.geojson", data, ukraine)
    assert area_km2(snap.held.intersection(shapely.box(*UNDECIDED))) < 1
    conflict = next(w for w in snap.warnings if "disagree" in w)
    assert "colour #ff5252: other country" in conflict and "name: held" in conflict and "colour used" in conflict


@pytest.mark.parametrize(
    "name, cls",
    [
        ("Крим", "held"),
        (f"Ізюм. Окуповано{NBSP}", "held"),
        ("Рубіжне. Території зайняті ворогом", "held"),
        ("Окуповані Циркуни", "held"),
        ("Ворога відкинуто", "liberated"),
        ("Звільнено 26.03", "liberated"),
        ("26.05 Contested", "unknown"),
        ("Багатокутник 11", None),
        ("Polygon 3", None),
        ("Без назви", None),
        ("Untitled", None),
        ("Звільнено від окупації", "liberated"),
        ("Під контролем РФ", "held"),
        ("ОРДО", "held"),
        ("CADR", "held"),
        ("Окупавано", "held"),
        ("Звілнено\n12.04", "liberated"),
        ("Деокуповано", "liberated"),
        ("de-occupied", "liberated"),
        ("Відбито 3.05", "liberated"),
        ("Сіра зона", "unknown"),
        ("Під питанням", "unknown"),
        ("Grey zone", "unknown"),
        ("Статус невідомий", "unknown"),
        ("Кримське. Звільнено", "liberated"),
        ("Окупований Крим", "held"),
        ("Кримський півострів", "held"),
        ("АР Крим", "held"),
        ("Occupied Crimea", "held"),
        ("Окупанти обстрілюють", None),
        ("Окупована Абхазія", classify.FOREIGN),
        ("Тимчасово окупована східна Пруссія.", classify.FOREIGN),
        ("Придністров'я", classify.FOREIGN),
    ],
)
def test_name_status_in_every_spelling(name, cls):
    assert classify.name_status(name) == cls


def test_colour_from_fill_style_url_map_hash_and_learned_style_hash():
    def raw(i, **props):
        return RawFeature(i, "Багатокутник 1", props, shapely.box(*IZIUM))

    assert classify.style_colour({"fill": "#A52714"}) == "#a52714"
    assert classify.style_colour({"styleUrl": "#poly-0288D1-1200-77-nodesc"}) == "#0288d1"
    assert classify.style_colour({"styleMapHash": "{'normal': '#poly-BCAAA4-1200-77-normal'}"}) == "#bcaaa4"
    assert classify.style_colour({"styleMapHash": {"normal": "#poly-FF5252-2000-77-normal"}}) == "#ff5252"
    assert classify.style_colour({"styleUrl": "#icon-1899-0288D1"}) is None
    feats = [
        raw(0, fill="#a52714", styleHash="h1"),
        raw(1, styleHash="h1"),
        raw(2, fill="#0f9d58", styleHash="h2"),
        raw(3, fill="#a52714", styleHash="h2"),
        raw(4, styleHash="h2"),
    ]
    reader = classify.DeepStateReader(feats)
    assert reader.hash_colours == {"h1": "#a52714"}  # h2 is ambiguous in this file: not learned
    assert reader(feats[1]) == ("held", "") and reader(feats[4])[0] == classify.UNDECIDED


@pytest.mark.parametrize(
    "date, held, unknown, liberated",
    [
        ("2023-01-15", 106_896.4, 412.2, 42_039.5),
        ("2025-08-03", 112_505.6, 978.3, 41_300.9),
    ],
)
def test_real_fixtures_keep_their_figures(date, held, unknown, liberated, ukraine):
    snap, _ = run(ImportRequest(fixture(date)), ukraine)
    fig = snap.figures()
    assert fig["held_km2"] == pytest.approx(held, rel=0.01)
    assert fig["unknown_km2"] == pytest.approx(unknown, rel=0.01)
    assert fig["liberated_km2"] == pytest.approx(liberated, rel=0.01)
    assert fig["undecided_km2"] == 0 and not any("disagree" in w for w in snap.warnings)
    assert any("not Ukraine" in line and "Transnistria" in line for line in snap.ignored)
