"""Cached wrappers around geo/ loaders (st.cache_data / st.cache_resource at the UI edge): nothing
here computes geography or builds HTML."""

from __future__ import annotations

import streamlit as st

from geo.data import arguments, essay, gazetteer, layers  # noqa: F401 (re-exported for pages)
from geo.figures import facts
from geo.web import webdated, webmap


@st.cache_data(show_spinner=False)
def place_options() -> list[tuple[str, str]]:
    return gazetteer.load().search_options()


@st.cache_data(show_spinner=False)
def known_places() -> frozenset[str]:
    return frozenset(gazetteer.load().places)


@st.cache_data(show_spinner=False)
def toggleable_layers() -> list[str]:
    return webmap.toggleable_ids()


@st.cache_data(show_spinner=False)
def catalogue() -> list[dict]:
    return [c.as_json() for c in layers.catalogue()]


@st.cache_data(show_spinner=False)
def unit_areas() -> tuple[list[dict], float]:
    from geo.data.regions import shipped_area_table

    return shipped_area_table()


def panel(place_id: str) -> facts.Panel:
    return facts.panel(place_id)  # lru-cached in geo.figures.facts and warmed at start-up


@st.cache_resource(show_spinner=False)
def warm_up() -> bool:
    """Once per server process, in the background: layers published, pick geometry and panels computed."""
    import threading

    from geo.figures import people
    from geo.web import picking

    def work() -> None:
        from geo.figures import headline

        webmap.publish_layers()
        webmap.publish_pick()  # the browser's pick file, from the pick geometry
        webmap.publish_arguments()  # the map card's quotes and summaries
        picking.pick(0.0, 0.0, 6)  # the point pick's trees, for clicks the browser cannot resolve
        people.warm()
        headline.figures(facts.essay_lines(), headline.OPENING)  # the Map page's opening figures
        dated_lines().claim()
        facts.warm()
        webdated.warm()
        freeze_long_lived()  # last: what the warm-up kept is never scanned again by the per-run GC

    threading.Thread(target=work, name="briefmap-warm-up", daemon=True).start()
    return True


def freeze_long_lived() -> int:
    """Move every object alive now (modules, caches, geometry, panels) out of the garbage collector's
    reach, after one full collection.

    Streamlit runs ``gc.collect(2)`` after every script run (``runner.postScriptGC``), while holding
    the GIL: with the warmed caches that scan cost ~0.1 s of CPU per click or scene step, paid once
    per rerun of every session, so it serialised concurrent viewers (bench/bench_viewers.py). Frozen
    objects are still freed by reference counting; only cycles among them would stay.

    Returns
    -------
    int
        How many objects are frozen now (``gc.get_freeze_count()``).

    Examples
    --------
    >>> import gc
    >>> freeze_long_lived() > 0
    True
    >>> gc.unfreeze()
    """
    import gc

    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


@st.cache_data(show_spinner=False)
def essay_html() -> str:
    """The essay as HTML, every place mention a link to the map (geo.web.essay_view)."""
    from geo.web import essay_view

    return essay_view.essay_html()


@st.cache_data(show_spinner=False)
def essay_meta() -> dict:
    e = essay.load()
    return {"title": e.title, "date": e.date, "attribution": e.attribution, "author": _author(e.id)}


def _author(essay_id: str) -> str:
    """The essay's author line from essays.toml ("author"), or "" where it names none."""
    rows = essay._meta().get("essay", [])
    return str(next((r.get("author") or "" for r in rows if r.get("id") == essay_id), ""))


def layer_label(layer_id: str) -> str:
    cat = {c["id"]: c for c in catalogue()}
    c = cat[layer_id]
    return f"{c['title']}" + (f" · {c['date']}" if c["date"] and c["date"] not in c["title"] else "")


ESSAY_DATE = essay.ESSAY_DATE

DATED_DEFAULT_ON = webdated.DEFAULT_ON

DATED_SHORT = {
    "lines-held": "Held",
    "lines-unknown": "Unknown",
    "lines-liberated": "Liberated",
    "change-gained": "Gains",
    "change-lost": "Losses",
    "disputed": "Disputed",
}


def dated_lines():
    """The dated-lines service of the app's store: lines, change, disagreement and freeze figures,
    each kept until the store's revision changes.

    Returns
    -------
    geo.figures.dated.DatedLines
        The one service for the store in use (--store, $BRIEFMAP_STORE, data/user/).

    Examples
    --------
    >>> dated_lines() is dated_lines()
    True
    """
    from geo.figures.dated import DatedLines

    return DatedLines.for_store()


def lines_dates() -> list[str]:
    return dated_lines().dates()


def dated_layers(date: str) -> list[dict]:
    return webdated.dated_layers(date)  # kept per store revision in geo, warmed at start-up


ESSAY_HELD = essay.HELD_LAYER


def dated_facts(place_id: str, date: str) -> tuple:
    """A place's status and residents on a date's lines, kept per store revision by the service."""
    return dated_lines().dated_facts(place_id, date)


def change_facts(place_id: str, date: str) -> tuple:
    """The panel's "Change since the essay" row: the place's status on both dates of the one comparison
    (the service's change, shared with the Lines page and the map's change layers), cited to both files."""
    if date <= ESSAY_DATE:
        return ()
    row = dated_lines().change(ESSAY_DATE, date).place_row(place_id)
    return (row,) if row else ()


def km2(geom) -> str:
    from geo.core.measure import area_km2

    return f"{area_km2(geom):,.0f} km²"


@st.cache_resource(show_spinner=False)
def rooms():
    """The briefing rooms of this server process (shared by every session)."""
    from geo.briefing.rooms import Rooms

    return Rooms()


@st.cache_data(show_spinner=False)
def scene_figures(keys: tuple[str, ...]) -> list:
    from geo.briefing import scene_figures as sf

    return [sf.compute(k) for k in keys]
