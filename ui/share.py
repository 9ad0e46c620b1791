"""Sharing the Map page's view at the UI edge: "Copy link" (the page's own address, which always
holds the state shown: geo.web.urlstate) and "Present this view" (the briefing with this view as an
extra scene after the shipped ones: geo.briefing.links reads and validates that link); and, for the
Briefing page, that extra scene built from the validated link."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from geo.briefing import links
from geo.briefing.scenes import Ring, Scene
from geo.web import urlstate
from ui.frame import asset
from ui.loaders import DATED_DEFAULT_ON, ESSAY_DATE, dated_facts, dated_layers, dated_lines, gazetteer, panel

ss = st.session_state
COPY_HTML = '<button type="button" class="bm-copy-link" title="Copy a link to exactly this view">Copy link</button>'
EXTRA_QUOTES = 2  # like a shipped scene: one or two quotes
EXTRA_FIGURES = 3  # the first figures of the place's facts: the scene fits one screen


def present_params() -> dict[str, str]:
    """The briefing link for the view shown: place, layers, frame, date and rings as an extra scene.

    Returns
    -------
    dict of str to str
        Query parameters for /briefing (geo.briefing.links.parse reads them).

    Examples
    --------
    >>> present_params()  # doctest: +SKIP
    {'extra': 'view', 'place': 'melitopol', 'layers': 'places,lines', 'bounds': '45.1,30.2,50.3,40.1'}
    """
    from ui import essays

    date = ss.lines_date if ss.lines_date != ESSAY_DATE else None
    out = {
        "extra": "view",
        **urlstate.to_params(ss.selected, ss.layers, ss.view, date, rings=ss.get("rings", ()), essay=essays.chosen_id()),
    }
    b = ss.get("bounds") or {}
    try:
        sw, ne = b["_southWest"], b["_northEast"]
        out["bounds"] = ",".join(f"{v:.3f}" for v in (sw["lat"], sw["lng"], ne["lat"], ne["lng"]))
    except (KeyError, TypeError, ValueError):
        pass  # no frame reported yet: the briefing frames the view or the place
    return out


def buttons() -> None:
    """ "Copy link" and "Present this view", side by side.

    Returns
    -------
    None

    Examples
    --------
    >>> buttons()  # doctest: +SKIP
    """
    c1, c2 = st.columns(2, gap="small")
    with c1:
        st.html(
            f"<style>{asset('share.css')}</style>{COPY_HTML}<script>{asset('share.js')}</script>", unsafe_allow_javascript=True
        )
    c2.link_button(
        "Present this view",
        "briefing?" + urlencode(present_params()),
        help="Open the briefing with this view (place, layers, frame, date) as an extra scene after the essay's scenes",
        width="stretch",
    )


def extra_scene(view: links.ExtraView, number: int) -> tuple[Scene, list, list[dict], str | None]:
    """The briefing's extra scene for a shared view: its title from the place (or "This view"), the
    place's verbatim essay quotes, its first facts on the view's date, and the date's layers.

    Parameters
    ----------
    view : geo.briefing.links.ExtraView
        The validated link.
    number : int
        Its position (after the shipped scenes).

    Returns
    -------
    tuple
        (scene, figures, dated layers for the map, as-of stamp for a date or None for the scene's own).

    Examples
    --------
    >>> extra_scene(links.ExtraView("melitopol", ("places",), None, ((46, 34), (48, 36)), None, ()), 6)  # doctest: +SKIP
    """
    from geo.figures.headline import human_date
    from ui import essays

    place, date = view.place, view.date if view.date and view.date != ESSAY_DATE else None
    quotes, figures = (), []
    essay = essays.chosen()
    if place and essay is not None:  # a user essay: its sentences verbatim, the facts on the view's lines
        from geo.data.arguments import Quote
        from geo.web import essay_map

        p = essay_map.panel(essay, place, dated_lines().lines_at(date or ESSAY_DATE))
        quotes = tuple(Quote(q["paragraph"], q["text"]) for q in (p.quotes if p else ())[:EXTRA_QUOTES])
        figures = list((p.facts if p else ())[:EXTRA_FIGURES])
        title = p.name if p else "This view"
    elif place:
        p = panel(place)
        quotes = tuple(p.argument.quotes[:EXTRA_QUOTES]) if p.argument else ()
        figures = list(((dated_facts(place, date) if date else ()) + p.facts)[:EXTRA_FIGURES])
    if essay is None:
        title = gazetteer.load()[place].name if place else "This view"
    when = human_date(date or ESSAY_DATE)
    scene = Scene(
        number=number,
        title=title,
        bounds=view.bounds,
        layers=view.layers,
        places=(place,) if place else (),
        quotes=quotes,
        points=(f"This view from the Map page: lines as of {when}.",),
        figures=(),
        notes="Added with the Map page's \"Present this view\"; not one of the essay's scenes.",
        rings=(Ring(place, view.rings),)
        if place and view.rings and place in gazetteer.load()
        else (),  # rings: a gazetteer place's
    )
    dynamic, stamp = [], None
    if date:
        dynamic = [{k: d[k] for k in ("key", "url", "pane")} for d in dated_layers(date) if d["key"] in DATED_DEFAULT_ON]
        lines = dated_lines().lines_at(date)
        stamp = f"Lines as of {when}: {lines.source} snapshot, file {lines.ref}."
    return scene, figures, dynamic, stamp
