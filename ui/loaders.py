"""Cached wrappers around geo/ loaders (st.cache_data / st.cache_resource at the UI edge): nothing
here computes geography or builds HTML."""

from __future__ import annotations

import contextlib
from typing import Any, AsyncIterator

import streamlit as st
from streamlit.logger import get_logger

from geo.data import arguments, essay, gazetteer, layers  # noqa: F401 (re-exported for pages)
from geo.figures import facts
from geo.web import webdated, webmap

_log = get_logger("briefmap.warm")


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


def warm_server() -> None:
    """Fill every process-wide cache a visitor would otherwise wait for: the vendored JS and CSS and
    the layers published (content-hashed), the pick file written, the point pick's trees, residents,
    the Map page's opening figures, the dated lines, every place's panel and the dated layers.

    Runs at server start, before the first session (:func:`lifespan`), and again (then a no-op:
    everything is cached in geo/) from :func:`warm_up` where the app is run without the lifespan.

    Examples
    --------
    >>> warm_server()
    """
    from geo.figures import headline, people
    from geo.web import offline, picking

    offline.vendor_links()
    webmap.publish_layers()
    webmap.publish_pick()  # the browser's pick file, from the pick geometry
    webmap.publish_arguments()  # the map card's quotes and summaries
    webmap.fit_bounds()
    picking.pick(0.0, 0.0, 6)  # the point pick's trees, for clicks the browser cannot resolve
    people.warm()
    headline.figures(facts.essay_lines(), headline.OPENING)  # the Map page's opening figures
    dated_lines().claim()
    facts.warm()
    webdated.warm()
    freeze_long_lived()  # last: what the warm-up kept is never scanned again by the per-run GC


def _import_map_page() -> None:
    """Import what the Map page's first run would otherwise import: folium's plugins (which
    streamlit-folium imports: 1-2 s on a 2-core machine) and the page's pieces. Not streamlit-folium
    itself: it registers its component only when imported inside a session's script run."""
    import folium.plugins  # noqa: F401

    import ui.map  # noqa: F401


@contextlib.asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """The server's start-up (``st.App(lifespan=...)`` in app.py): warm everything before the first
    visitor, so the first one waits no longer than the tenth.

    The server accepts connections once this has run (a few seconds on a 2-core machine), so no
    session ever runs against cold caches. With a shared database, one that cannot be used (not
    reachable, schema not current) is logged as one line saying what to run (``ui.database.problem``).

    Parameters
    ----------
    app : streamlit.App
        The app being started (unused).

    Yields
    ------
    None
        Nothing to add to the app's state.

    Examples
    --------
    >>> import asyncio
    >>> async def start():
    ...     async with lifespan(None):
    ...         return "warm"
    >>> asyncio.run(start())
    'warm'
    """
    import asyncio
    import time

    from geo.db.connect import DatabaseUnavailable
    from ui import database

    t0 = time.perf_counter()
    problem = await asyncio.to_thread(database.problem)  # None without BRIEFMAP_DATABASE_URL
    if problem:  # one line (URL masked): the pages say the same until it is fixed
        _log.error("%s", problem)
    try:
        _import_map_page()
        await asyncio.to_thread(warm_server)
        _log.info("warmed at start-up in %.1f s", time.perf_counter() - t0)
    except DatabaseUnavailable as exc:  # one line, no traceback; the pages retry on every run
        _log.warning("warming at start-up stopped after %.1f s: %s", time.perf_counter() - t0, exc)
    except Exception as exc:  # the server still starts: a page that needs what failed shows the error itself
        if problem:  # the database's schema is not usable: that line says it all
            _log.warning("warming at start-up stopped after %.1f s (%s)", time.perf_counter() - t0, type(exc).__name__)
        else:
            _log.exception("warming at start-up failed after %.1f s", time.perf_counter() - t0)
    yield


@st.cache_resource(show_spinner=False)
def warm_up() -> bool:
    """Once per server process, in the background: the same as :func:`warm_server` (already done at
    start-up by :func:`lifespan` under ``streamlit run app.py``; here for AppTest and other launches)."""
    import threading

    def warm() -> None:
        from geo.db.connect import DatabaseUnavailable

        try:
            warm_server()
        except DatabaseUnavailable as exc:  # one line, no traceback: the pages say it and retry
            _log.warning("warming stopped: %s", exc)

    threading.Thread(target=warm, name="briefmap-warm-up", daemon=True).start()
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
    return {"id": e.id, "title": e.title, "date": e.date, "attribution": e.attribution, "author": _author(e.id)}


def _author(essay_id: str) -> str:
    """The essay's author line from essays.toml ("author"), or "" where it names none."""
    rows = essay._meta().get("essay", [])
    return str(next((r.get("author") or "" for r in rows if r.get("id") == essay_id), ""))


SEED_DATE_NOTE = " (the essay's date)"  # in our layer titles: the curated essay's date


def layer_label(layer_id: str, seed: bool = True) -> str:
    """A layer's title and date for its toggle; with a user essay chosen (``seed=False``) "the essay's
    date" in our titles is said to be the curated essay's, which the user essay need not share."""
    cat = {c["id"]: c for c in catalogue()}
    c = cat[layer_id]
    title = c["title"] if seed else c["title"].replace(SEED_DATE_NOTE, " (the curated essay's date)")
    return f"{title}" + (f" · {c['date']}" if c["date"] and c["date"] not in title else "")


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


def rooms():
    """The briefing rooms (geo.briefing.rooms.shared): rows in PostgreSQL shared by every server when
    BRIEFMAP_DATABASE_URL is set, else this server process's registry; one instance per process."""
    from geo.briefing.rooms import shared

    return shared()


@st.cache_data(show_spinner=False)
def scene_figures(keys: tuple[str, ...]) -> list:
    from geo.briefing import scene_figures as sf

    return [sf.compute(k) for k in keys]


# ---- user essays (issue 14): the user store's essays, for the switcher and the pages that follow it ----


def essay_store():
    """The user store (--store, $BRIEFMAP_STORE, data/user/): its essays live under ``essays/``, or, with
    BRIEFMAP_DATABASE_URL set, in the database under this store's namespace (``geo.essays.store``)."""
    from geo.essays.store import store_dir

    return store_dir()


def essays_revision() -> str:
    """A cheap stamp of the store's essays that changes on every write (``geo.essays.store.revision``)."""
    from geo.essays import store

    root = essay_store()
    return f"{root}|{store.revision(store=root)}"


@st.cache_resource(show_spinner=False, max_entries=4)
def _user_essays(revision: str) -> dict:
    """Every readable essay of the store, by id (kept per `essays_revision`)."""
    return read_user_essays(essay_store())


def read_user_essays(root) -> dict:
    """The store's essays by id, in the store's order, read by ``geo.essays.store`` (which bounds what
    it reads); one that cannot be read is skipped and logged: the switcher lists what it can show."""
    from geo.essays import store

    out: dict = {}
    for row in store.listing(store=root):
        try:
            out[row.id] = store.load(row.id, store=root)
        except (store.UnknownEssay, store.EssayInputError):  # one unreadable essay never hides the others
            _log.warning("user essay %r could not be read", str(row.id)[:80])
    return out


def is_essay_id(value: object) -> bool:
    """An essay id: a lowercase ASCII slug of at most 80 characters (``geo.essays.store``'s rule)."""
    from geo.essays import store

    return isinstance(value, str) and len(value) <= store.ID_MAX and store.ID_RE.match(value) is not None


def user_essays() -> dict:
    """The user store's essays by id (cached until the store changes)."""
    return _user_essays(essays_revision())


def user_essay(essay_id: str):
    """One user essay, or None when the store has no such essay."""
    return user_essays().get(essay_id) if essay_id else None
