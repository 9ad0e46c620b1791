"""Every figure the Map, Lines and Briefing pages show cites exactly the layers and files that
computed it.

Each figure is computed again with every cache in geo/ cleared while the files really opened are
recorded (Python's audit hook for `open`, and geopandas.read_file for the GDAL-read layers). The
data files opened must be exactly the data files the figure cites. Authored tables that name
places (places.toml, arguments.toml, admin_units.toml) are identities, not data, and are left out
of the comparison on both sides.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import geopandas
import pytest
from deepstate_reference import fixture
from tests_paths import ROOT

from geo.briefing import scene_figures, scenes
from geo.data import gazetteer, geonames
from geo.figures import facts, headline
from geo.lines.ingest import import_one
from geo.lines.timeline import AUTHORED_SOURCE, lines_at

_OPENED: list[set[str]] = []


def _hook(event: str, args: tuple) -> None:
    if event == "open" and _OPENED and isinstance(args[0], (str, Path)):
        _OPENED[-1].add(str(args[0]))


sys.addaudithook(_hook)  # audit hooks cannot be removed; it records only inside `opened()`


def _clear_caches() -> None:
    """Every lru_cache and memo dict in geo/, except GeoNames' parsed package data (recorded separately:
    no figure may read it, they read data/places/settlements.geojson, so any read shows up as uncited)."""
    keep = {geonames._cities}
    for name, mod in list(sys.modules.items()):
        if not (name == "geo" or name.startswith("geo.")):
            continue
        for value in list(vars(mod).values()):
            if hasattr(value, "cache_clear") and value not in keep:
                value.cache_clear()
    for memo in (facts._FRONTS, headline._PEOPLE, headline._CACHE):
        memo.clear()


@contextmanager
def opened(monkeypatch, store_dir: Path):
    """The data files opened inside the block, named as figures cite them."""
    seen: set[str] = set()
    real_read, real_cities = geopandas.read_file, geonames._cities

    def read_file(path, *a, **k):
        seen.add(str(path))
        return real_read(path, *a, **k)

    def cities():  # the build's GeoNames reader: a figure that calls it cites nothing for it, and fails
        seen.add("GEONAMES")
        return real_cities()

    def load(item):  # the database backend reads a snapshot from its rows, not a file: named as the file would be
        seen.add(str(store_dir / item.name))
        return real_load(item)

    from geo.lines import store_pg

    real_load = store_pg.load
    monkeypatch.setattr(geopandas, "read_file", read_file)
    monkeypatch.setattr(geonames, "_cities", cities)
    monkeypatch.setattr(store_pg, "load", load)
    _clear_caches()
    _OPENED.append(seen)
    names: set[str] = set()
    try:
        yield names
    finally:
        _OPENED.pop()
        monkeypatch.setattr(geopandas, "read_file", real_read)
        monkeypatch.setattr(geonames, "_cities", real_cities)
        monkeypatch.setattr(store_pg, "load", real_load)
        for p in seen:
            names.add(_cite_name(p, store_dir))
        names.discard("")


DATA_DIRS = ("data/control/", "data/regions/", "data/places/")
DATA_TABLES = ("data/authored/population.toml",)


def _cite_name(path: str, store_dir: Path) -> str:
    if path == "GEONAMES":
        return geonames.SOURCE
    p = Path(path).resolve()
    if p.parent == store_dir.resolve() and p.suffix == ".geojson":
        return p.name
    try:
        r = p.relative_to(ROOT).as_posix()
    except ValueError:
        return ""
    return r if r.startswith(DATA_DIRS) or r in DATA_TABLES else ""


def _in_scope(sources: tuple[str, ...], store_dir: Path) -> set[str]:
    from geo.lines import store

    stored = {p.name for p in store_dir.glob("*.geojson")} | {s.name for s in store.listing(store_dir)}
    return {s for s in sources if s.startswith(DATA_DIRS) or s in DATA_TABLES or s == geonames.SOURCE or s in stored}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    s = tmp_path_factory.mktemp("cite-store")
    for d in ("2023-01-15", "2025-08-03"):
        assert import_one(fixture(d), store_path=s).ok
    return s


def _check(monkeypatch, store_dir: Path, shown, recompute) -> None:
    with opened(monkeypatch, store_dir) as used:
        again = recompute()
    assert again.value == shown.value, (shown.label, again.value, shown.value)
    cited = _in_scope(shown.sources, store_dir)
    assert cited == used, f"{shown.label!r} cites {sorted(cited)} but was computed from {sorted(used)}"
    assert shown.sources == again.sources


@pytest.mark.parametrize("source", ["authored", "deepstate"])
def test_map_and_lines_figures_cite_what_computed_them(monkeypatch, store_dir, source):
    """The Map page's opening figures, the freeze table (Map and Lines pages) and the essay's claim."""
    date = "2022-11-17" if source == "authored" else "2025-08-03"
    src = AUTHORED_SOURCE if source == "authored" else "deepstate"
    lines = lines_at(date, src, store_dir)
    shown = headline.figures(lines, headline.FREEZE + tuple(k for k in headline.OPENING if k not in headline.FREEZE))
    assert len(shown) >= 6
    for f in shown:
        _check(monkeypatch, store_dir, f, lambda f=f: headline.figure(f.key, lines_at(date, src, store_dir)))
    _check(monkeypatch, store_dir, headline.claim_ours(store_dir), lambda: headline.claim_ours(store_dir))
    _check(monkeypatch, store_dir, headline.claim_deepstate(store_dir), lambda: headline.claim_deepstate(store_dir))
    assert {f.key for f in headline.claim(store_dir)} == {"claim_ours", "claim_deepstate"}


def test_the_old_miscitation_is_gone():
    """Claimed-not-held and liberated are computed from two layers each, and say so."""
    lines = lines_at("2022-11-17", AUTHORED_SOURCE)
    by_key = {f.key: f.sources for f in headline.figures(lines, headline.OPENING)}
    assert by_key["claimed_not_held_km2"] == (
        "data/control/claimed-annexation-2022-09-30.geojson",
        "data/control/held-2022-11-17.geojson",
    )
    assert by_key["liberated_km2"] == ("data/control/furthest-advance-2022-03.geojson", "data/control/held-2022-11-17.geojson")


def test_briefing_figures_cite_what_computed_them(monkeypatch, store_dir):
    keys = sorted({k for s in scenes.load().scenes for k in s.figures})
    assert "population_held" in keys
    for k in keys:
        shown = scene_figures.compute(k)
        _check(monkeypatch, store_dir, shown, lambda k=k: scene_figures.compute.__wrapped__(k))


@pytest.mark.parametrize("source", ["authored", "deepstate"])
def test_panel_facts_cite_what_computed_them(monkeypatch, store_dir, source):
    """Every place's panel: each fact builder, run alone, opens exactly the files its facts cite."""
    date = "2022-11-17" if source == "authored" else "2023-01-15"
    src = AUTHORED_SOURCE if source == "authored" else "deepstate"

    class Lazy:  # the date's lines, read only when a fact asks for them
        def __getattr__(self, name):
            return getattr(lines_at(date, src, store_dir), name)

    builders = {
        "static": lambda pid: facts.static_facts(pid),
        "status": lambda pid: facts.status_facts(pid, Lazy()),
        "people": lambda pid: facts.people_facts(pid, Lazy()),
    }
    checked = 0
    every = [p for p in gazetteer.load().places if p != "russia"]
    # all places on our layers; on an imported date, one of each kind (the code paths are the same)
    sample = (
        every
        if source == "authored"
        else [
            "melitopol",
            "zaporizhzhia-npp",
            "donetsk-oblast",
            "crimea",
            "dnipro-river",
            "route-russia-mariupol-melitopol-dnipro",
            "ukraine",
            "kyiv",
        ]
    )
    for pid in sample:
        for name, build in builders.items():
            shown = build(pid)
            if not shown:
                continue
            with opened(monkeypatch, store_dir) as used:
                again = build(pid)
            assert [f.value for f in again] == [f.value for f in shown]
            cited = set().union(*(_in_scope(f.sources, store_dir) for f in shown)) if shown else set()
            assert cited == used, f"{pid} {name}: cites {sorted(cited)}, computed from {sorted(used)}"
            checked += len(shown)
    assert checked > (100 if source == "authored" else 15)


def test_change_cites_the_two_snapshots_and_what_it_splits_by(monkeypatch, store_dir):
    """The Lines page's change section: gains and losses from the two snapshots it names, per-oblast rows
    from the regions, place statuses from the places and the outline; nothing else is read."""
    from geo.figures import change

    with opened(monkeypatch, store_dir) as used:
        ch = change.compare("2023-01-15", "2025-08-03", store_dir)
    cited = set(change.CITED_WITH) | {change.file_name(ch.then), change.file_name(ch.now)}
    assert used == cited
    assert change.file_name(ch.then).startswith("2023-01-15__deepstate") and change.file_name(ch.now).startswith("2025-08-03")
