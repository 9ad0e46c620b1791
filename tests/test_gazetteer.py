import re

import pytest

from geo.data import essay, gazetteer, geonames

REQUIRED = [
    "melitopol",
    "zaporizhzhia-npp",
    "zaporizhzhia",
    "zaporizhzhia-oblast",
    "dnipro",
    "dnipro-river",
    "kherson",
    "kherson-oblast",
    "western-kherson",
    "donetsk",
    "donetsk-oblast",
    "luhansk",
    "luhansk-oblast",
    "mariupol",
    "crimea",
    "kyiv",
    "ukraine",
    "russia",
    "kharkiv",
    "mykolaiv",
    "enerhodar",
    "dnipropetrovsk-oblast",
]


def test_required_ids_exist_and_are_slugs():
    g = gazetteer.load()
    for pid in REQUIRED:
        assert pid in g, pid
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", pid) for pid in g.places)


def test_every_admin_unit_is_a_place():
    from geo.data.regions import load_units

    g = gazetteer.load()
    assert all(u.id in g for u in load_units().units)
    assert len(load_units().units) == 27


@pytest.mark.parametrize(
    "query,expected",
    [
        ("Zaporozhye", "zaporizhzhia"),
        ("Zaporizhia", "zaporizhzhia"),
        ("Kiev", "kyiv"),
        ("Energodar", "enerhodar"),
        ("Dnepr", "dnipro"),
        ("Dnipropetrovsk", "dnipro"),
        ("Kharkov", "kharkiv"),
        ("Nikolaev", "mykolaiv"),
        ("zaporizhzhia nuclear power plant", "zaporizhzhia-npp"),
        ("ZNPP", "zaporizhzhia-npp"),
        ("Dnieper", "dnipro-river"),
        ("Donetsk Oblast", "donetsk-oblast"),
        ("donetsk", "donetsk"),
        ("Melitopil", "melitopol"),
        ("Melitopl", "melitopol"),
    ],
)
def test_resolve_aliases_and_typos(query, expected):
    assert gazetteer.load().resolve(query) == expected


def test_resolve_rejects_nonsense():
    g = gazetteer.load()
    assert g.resolve("") is None
    assert g.resolve("Atlantis Quux") is None


def test_disambiguation_in_the_essay():
    g = gazetteer.load()
    p7 = essay.load().paragraph("p7").text
    found = {m.text: m.places for m in g.mentions(p7)}
    assert found["cities of Zaporizhia and Dnipro"] == ("zaporizhzhia", "dnipro")
    assert found["the lower Dnipro River"] == ("dnipro-river",)
    assert found["cross the Dnipro"] == ("dnipro-river",)
    assert found["Donetsk and Luhansk cities"] == ("donetsk", "luhansk")
    assert found["Zaporizhzhia Nuclear Power Plant"] == ("zaporizhzhia-npp",)
    assert found["Ukrainian-held Zaporizhia Oblast"] == ("zaporizhzhia-oblast",)
    assert found["western Kherson"] == ("western-kherson",)
    p2 = {m.text: m.places for m in g.mentions(essay.load().paragraph("p2").text)}
    assert p2["parts of Donetsk and Luhansk"] == ("donetsk-oblast", "luhansk-oblast")


def test_adjectives_are_not_mentions():
    g = gazetteer.load()
    assert [m.text for m in g.mentions("Russian forces and Ukrainian troops")] == []
    assert [m.text for m in g.mentions("Ukraine’s resistance")] == ["Ukraine"]


def test_duplicate_alias_is_rejected():
    p1 = gazetteer.Place("a", "A", "city", ("Same",), {"geonameid": 1})
    p2 = gazetteer.Place("b", "B", "city", ("same",), {"geonameid": 2})
    with pytest.raises(ValueError, match="given to both"):
        gazetteer.Gazetteer([p1, p2], [])


def test_essay_names_no_settlement_missing_from_the_gazetteer():
    """Independent of our alias list: any GeoNames city (pop >= 15,000) of Ukraine or Russia named in
    the essay must fall inside a gazetteer mention."""
    not_places = {"Vladimir": "Putin's first name, not the city of Vladimir"}
    g = gazetteer.load()
    names = {s.name for cc in ("UA", "RU") for s in geonames.in_country(cc) if s.population >= 15000} - set(not_places)
    for p in essay.load().paragraphs:
        spans = [(m.start, m.end) for m in g.mentions(p.text)]
        for name in names:
            for hit in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", p.text):
                assert any(a <= hit.start() and hit.end() <= b for a, b in spans), f"{p.id}: {name!r} is not covered"


def test_population_override_is_sourced():
    g = gazetteer.load()
    assert g["mariupol"].population == 425681 and "State Statistics" in g["mariupol"].population_source
