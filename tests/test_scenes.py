"""The briefing's scenes file: it loads, `geo check` passes on it, and every kind of mistake an
author can make is reported with the scene and the bad value."""

import pytest

from geo.briefing import scene_figures, scenes
from geo.cli import check
from geo.core.measure import distance_km
from geo.data.places import geometry_of


def test_shipped_scenes_pass_and_follow_the_suggested_arc():
    assert scenes.check() == []
    titles = [s.title for s in scenes.load().scenes]
    assert len(titles) == 10
    assert titles[0] == "The war since 2014" and titles[-1] == "What must be liberated first"
    assert "briefing scenes (places, layers, quotes, figures)" in check.CHECKS


def test_every_scene_has_one_or_two_quotes_and_two_to_four_points():
    for s in scenes.load().scenes:
        assert 1 <= len(s.quotes) <= 2 and 2 <= len(s.points) <= 4 and s.notes


def write(tmp_path, text: str):
    p = tmp_path / "scenes.toml"
    p.write_text(text, encoding="utf-8")
    return p


def edited(tmp_path, old: str, new: str):
    text = scenes.SCENES_FILE.read_text(encoding="utf-8")
    assert old in text
    return write(tmp_path, text.replace(old, new, 1))


@pytest.mark.parametrize(
    "old,new,message",
    [
        ('places = ["crimea", "donetsk", "luhansk"]', 'places = ["atlantis", "donetsk", "luhansk"]', "unknown place 'atlantis'"),
        (
            'layers = ["ukraine-admin1", "occupied-before-2022-02-24", "places"]',
            'layers = ["ukraine-admin1", "occupied-2013", "places"]',
            "unknown layer 'occupied-2013'",
        ),
        (
            "and no one was realistically going to take them away from him.",
            "and no one would ever take them away.",
            "not verbatim in p2",
        ),
        ('paragraph = "p2"', 'paragraph = "p42"', "paragraph 'p42'"),
        ('figures = ["prewar_km2", "prewar_pct"]', 'figures = ["prewar_km2", "distance:melitopol:atlantis"]', "unknown place in"),
        ('figures = ["prewar_km2", "prewar_pct"]', 'figures = ["prewar_km2", "held_sq_miles"]', "unknown figure"),
        ('figures = ["prewar_km2", "prewar_pct"]', 'figures = ["held_share:melitopol"]', "is not a region"),
        ("bounds = [[44.2, 30.5], [50.3, 40.4]]", "bounds = [[50.3, 40.4], [44.2, 30.5]]", "bounds"),
        (
            'rings = [{ place = "melitopol", km = [100, 200] }]',
            'rings = [{ place = "melitopoll", km = [100] }]',
            "unknown place 'melitopoll'",
        ),
    ],
)
def test_author_mistakes_are_named(tmp_path, old, new, message):
    problems = scenes.check(edited(tmp_path, old, new))
    assert any(message in p for p in problems), problems
    assert all(p.startswith("scene ") for p in problems), problems


def test_unreadable_file_is_one_problem(tmp_path):
    assert "not valid TOML" in scenes.check(write(tmp_path, "[[scene]\ntitle = 'x'"))[0]
    assert "lacks" in scenes.check(write(tmp_path, "[[scene]]\ntitle = 'x'\n"))[0]


def test_reordering_needs_no_code(tmp_path):
    text = scenes.SCENES_FILE.read_text(encoding="utf-8")
    head, *blocks = text.split("[[scene]]\n")
    p = write(tmp_path, head + "".join("[[scene]]\n" + b for b in reversed(blocks)))
    assert scenes.check(p) == []
    assert scenes.load(p).scenes[0].title == "What must be liberated first"


def test_figures_are_computed_from_the_layers():
    d = scene_figures.compute("distance:melitopol:zaporizhzhia")
    a, b = geometry_of("melitopol"), geometry_of("zaporizhzhia")
    assert d.value == f"{distance_km(a.x, a.y, b.x, b.y):,.0f} km (geodesic)"
    assert scene_figures.compute("held_km2").value == "110,760 km²"
    assert scene_figures.compute("liberated_share").value.startswith("51% of what was seized")
    assert "IAEA" in scene_figures.compute("fact:zaporizhzhia-npp:capacity_mw").source
    with pytest.raises(ValueError, match="unknown figure"):
        scene_figures.compute("nonsense")
