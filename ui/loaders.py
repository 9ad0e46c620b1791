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
    session ever runs against cold caches.

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

    t0 = time.perf_counter()
    try:
        _import_map_page()
        await asyncio.to_thread(warm_server)
        _log.info("warmed at start-up in %.1f s", time.perf_counter() - t0)
    except Exception:  # the server still starts: a page that needs what failed shows the error itself
        _log.exception("warming at start-up failed after %.1f s", time.perf_counter() - t0)
    yield


@st.cache_resource(show_spinner=False)
def warm_up() -> bool:
    """Once per server process, in the background: the same as :func:`warm_server` (already done at
    start-up by :func:`lifespan` under ``streamlit run app.py``; here for AppTest and other launches)."""
    import threading

    threading.Thread(target=warm_server, name="briefmap-warm-up", daemon=True).start()
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


@st.cache_resource(show_spinner=False)
def rooms():
    """The briefing rooms of this server process (shared by every session)."""
    from geo.briefing.rooms import Rooms

    return Rooms()


@st.cache_data(show_spinner=False)
def scene_figures(keys: tuple[str, ...]) -> list:
    from geo.briefing import scene_figures as sf

    return [sf.compute(k) for k in keys]


# ---- user essays (issue 14): the user store's essays, for the switcher and the pages that follow it ----

MAX_ESSAY_JSON = 20 * 1024 * 1024  # an essay.json larger than this is not read (the store writes far smaller)


def essay_store():
    """The user store (--store, $BRIEFMAP_STORE, data/user/): its essays live under ``essays/``."""
    from geo.lines.store import store_dir

    return store_dir()


def essays_revision() -> str:
    """A cheap stamp of the store's essays that changes on every write (helper A's
    ``geo.essays.store.revision`` once it exists; until then each essay.json's size and time)."""
    root = essay_store()
    try:
        from geo.essays import store

        return f"{root}|{store.revision(store=root)}"
    except (ImportError, AttributeError):
        pass
    files = sorted((root / "essays").glob("*/essay.json")) if (root / "essays").is_dir() else []
    stamp = []
    for f in files:
        try:
            s = f.stat()
            stamp.append(f"{f.parent.name}:{s.st_size}:{s.st_mtime_ns}")
        except OSError:
            continue
    return f"{root}|" + ";".join(stamp)


@st.cache_resource(show_spinner=False, max_entries=4)
def _user_essays(revision: str) -> dict:
    """Every readable essay of the store, by id (kept per `essays_revision`)."""
    return read_user_essays(essay_store())


def read_user_essays(root) -> dict:
    """The store's essays by id, in the store's order (newest first where it says so).

    Reads them through ``geo.essays.store`` (helper A) when it exists; until then each
    ``<store>/essays/<id>/essay.json`` (``model.Essay.as_dict()``), skipping any that cannot be read
    (too big, not JSON, not an essay, an id that is not a slug): the switcher lists what it can show.
    """
    try:
        from geo.essays import store
    except ImportError:
        store = None
    out: dict = {}
    if store is not None and hasattr(store, "load") and hasattr(store, "listing"):
        for row in store.listing(store=root):
            eid = getattr(row, "id", None) or (row.get("id") if isinstance(row, dict) else None)
            try:
                out[eid] = store.load(eid, store=root)
            except Exception:  # noqa: BLE001 (one unreadable essay never hides the others)
                _log.warning("user essay %r could not be read", str(eid)[:80])
        return {k: v for k, v in out.items() if k and is_essay_id(k)}
    import json

    folder = root / "essays"
    if not folder.is_dir():
        return out
    for f in sorted(folder.glob("*/essay.json")):
        try:
            if f.stat().st_size > MAX_ESSAY_JSON:
                continue
            e = essay_from_dict(json.loads(f.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            continue
        if e.id == f.parent.name and is_essay_id(e.id):
            out[e.id] = e
    return out


def is_essay_id(value: object) -> bool:
    """An essay id: a lowercase ASCII slug of at most 80 characters."""
    import re

    return isinstance(value, str) and len(value) <= 80 and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value) is not None


def essay_from_dict(d: dict):
    """A ``model.Essay`` from its ``as_dict()`` form (the store's essay.json)."""
    from geo.essays import model

    def mention(m: dict) -> model.Mention:
        return model.Mention(str(m["paragraph"]), str(m["text"]), str(m["name"]), int(m["start"]), int(m["end"]))

    def cand(c: dict) -> model.Candidate:
        return model.Candidate(
            str(c["id"]),
            str(c["name"]),
            str(c["kind"]),
            float(c["lat"]),
            float(c["lon"]),
            str(c.get("source", "")),
            c.get("population"),
            str(c.get("country", "")),
            str(c.get("admin1", "")),
        )

    places = tuple(
        model.FoundPlace(
            id=str(p["id"]),
            name=str(p["name"]),
            kind=str(p["kind"]),
            lat=float(p["lat"]),
            lon=float(p["lon"]),
            source=str(p.get("source", "")),
            confidence=float(p.get("confidence", 0.0)),
            mentions=tuple(mention(m) for m in p.get("mentions", [])),
            why=str(p.get("why", "")),
            alternatives=tuple(cand(c) for c in p.get("alternatives", [])),
            population=p.get("population"),
            country=str(p.get("country", "")),
            admin1=str(p.get("admin1", "")),
        )
        for p in d.get("places", [])
    )
    return model.Essay(
        id=str(d["id"]),
        title=str(d.get("title", "")),
        date=str(d.get("date", "")),
        author=str(d.get("author", "")),
        source_name=str(d.get("source_name", "")),
        sha256=str(d.get("sha256", "")),
        paragraphs=tuple(model.Paragraph(str(p["id"]), str(p["text"])) for p in d.get("paragraphs", [])),
        places=places,
        unresolved=tuple(model.Unresolved(str(u["name"]), str(u["paragraph"]), str(u["text"])) for u in d.get("unresolved", [])),
        decisions=tuple(
            model.Decision(
                str(x["place"]), str(x["status"]), str(x.get("chosen", "")), str(x.get("summary", "")), str(x.get("name", ""))
            )
            for x in d.get("decisions", [])
        ),
    )


def user_essays() -> dict:
    """The user store's essays by id (cached until the store changes)."""
    return _user_essays(essays_revision())


def user_essay(essay_id: str):
    """One user essay, or None when the store has no such essay."""
    return user_essays().get(essay_id) if essay_id else None
