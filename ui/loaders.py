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
        picking.pick(0.0, 0.0, 6)  # the point pick's trees, for clicks the browser cannot resolve
        people.warm()
        headline.figures(facts.essay_lines(), headline.OPENING)  # the Map page's opening figures
        facts.warm()
        webdated.warm()

    threading.Thread(target=work, name="briefmap-warm-up", daemon=True).start()
    return True


@st.cache_data(show_spinner=False)
def essay_html() -> str:
    """The essay as HTML, every place mention a link to the map (geo.web.essay_view)."""
    from geo.web import essay_view

    return essay_view.essay_html()


@st.cache_data(show_spinner=False)
def essay_meta() -> dict:
    e = essay.load()
    return {"title": e.title, "date": e.date, "attribution": e.attribution}


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


def store_signature() -> tuple[str, ...]:
    return webdated.store_signature()


def lines_dates() -> list[str]:
    from geo.lines import timeline

    return timeline.available_dates()


def dated_layers(date: str, signature: tuple[str, ...]) -> list[dict]:
    return webdated.dated_layers(date, signature)  # lru-cached in geo, warmed at start-up


ESSAY_HELD = essay.HELD_LAYER


@st.cache_data(show_spinner=False, max_entries=256)
def dated_facts(place_id: str, date: str, signature: tuple[str, ...]) -> tuple:
    from geo.lines import timeline

    return facts.build(place_id, timeline.lines_at(date), static=False)


def change_facts(place_id: str, date: str, signature: tuple[str, ...]) -> tuple:
    """The panel's "Change since the essay" row: the place's status on both dates of the one comparison
    (geo.figures.change.compare_cached, shared with the Lines page and the map's change layers), cited to both files."""
    from geo.figures import change

    if date <= ESSAY_DATE:
        return ()
    row = change.compare_cached(ESSAY_DATE, date, signature).place_row(place_id)
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
