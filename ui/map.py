"""The Map page's pieces at the UI edge: its session state from the link, selecting a place, and
the sidebar's layer toggles and legend. Link parsing is geo.web.urlstate; HTML is geo/web/templates/."""

from __future__ import annotations

import streamlit as st

from geo.web import styles, urlstate, webmap
from ui import essays as ui_essays
from ui.loaders import DATED_DEFAULT_ON, ESSAY_DATE, known_places, layer_label, lines_dates, toggleable_layers
from ui.render import legend_html
from ui.text import md_text

ss = st.session_state


def init_state() -> None:
    """Read the link once per session: place, layers, view and date; remember what was dropped.

    Returns
    -------
    None

    Examples
    --------
    >>> init_state()  # doctest: +SKIP
    """
    if ss.get("bm_init"):
        return
    state = urlstate.parse(st.query_params.to_dict(), map_places(), toggleable_layers(), webmap.DEFAULT_LAYERS, lines_dates())
    ss.bm_init = True
    # A user essay brings its own date's lines (follow_essay), unless the link names a date.
    ss.essay_lines_for = chosen_id() if state.date or not chosen_id() else None
    ss.selected = state.place
    ss.layers = list(state.layers)
    ss.view0 = state.view or webmap.DEFAULT_VIEW
    ss.view = state.view
    ss.pan = state.place is not None and state.view is None
    ss.notices = list(state.notices)
    ss.last_click = None
    ss.search = state.place
    for lid in toggleable_layers():
        ss[f"layer_{lid}"] = lid in ss.layers
    ss.lines_date = state.date or ESSAY_DATE
    ss.date_asked = st.query_params.get("date") if state.nearest_date else None
    ss.date_nearest = state.nearest_date
    ss.palette = state.palette  # the sidebar's palette switch (geo.web.styles.PALETTES)
    ss.dated_pref = list(DATED_DEFAULT_ON)  # what the analyst wants shown, across dates
    from ui import measure

    measure.init(state.rings)  # measuring off; the link's range rings (ui/measure.py)


def essay():
    """The chosen user essay (geo.essays.model.Essay), or None for the curated seed essay (ui/essays.py)."""
    from ui import essays

    return essays.chosen()


def chosen_id() -> str:
    """The chosen essay's id for links ("" for the seed)."""
    from ui import essays

    return essays.chosen_id()


def map_places() -> frozenset[str]:
    """The place ids the map can select: the gazetteer's, and the chosen essay's own (GeoNames "gn-…")."""
    e = essay()
    if e is None:
        return known_places()
    from geo.web.essay_map import reviewed_places

    return known_places() | frozenset(p.id for p in reviewed_places(e))


def named_places() -> list[str] | None:
    """The chosen user essay's reviewed place ids (the map draws them as discussed), or None for the seed."""
    e = essay()
    if e is None:
        return None
    from geo.web.essay_map import reviewed_places

    return [p.id for p in reviewed_places(e)]


def follow_essay(dates: list[str]) -> None:
    """After a switch (or a link naming a user essay without a date): the lines that go with the
    essay's date (geo.web.essay_map.lines_date_for): the nearest imported snapshot, else our authored
    layers for 17 Nov 2022. The date slider starts there.

    Parameters
    ----------
    dates : list of str
        The dates with lines.

    Returns
    -------
    None

    Examples
    --------
    >>> follow_essay(["2022-11-17"])  # doctest: +SKIP
    """
    eid = chosen_id()
    if ss.get("essay_lines_for") == eid:
        return
    ss.essay_lines_for = eid
    e = essay()
    if e is None:
        ss.lines_date = ESSAY_DATE
        return
    from geo.web.essay_map import lines_date_for

    ss.lines_date = lines_date_for(e.date, dates)


def lines_caption() -> str | None:
    """For a user essay: which lines the map shows, with their date and source (plain text)."""
    e = essay()
    if e is None:
        return None
    from geo.web.essay_map import lines_label
    from ui.loaders import dated_lines

    date = ss.lines_date
    if date == ESSAY_DATE:
        source = "our authored layers (data/control/)"
    else:
        try:
            lines = dated_lines().lines_at(date)
            source = f"{lines.source} snapshot"
        except LookupError:
            source = "an imported snapshot"
    return lines_label(e.date, date, source)


def essay_panel(place_id: str, date: str):
    """The chosen user essay's panel for a place on a date's lines (geo.web.essay_map.panel), kept per
    store revision; None for an id the essay and the gazetteer do not know.

    Parameters
    ----------
    place_id : str
        The selected place.
    date : str
        The date of the lines shown.

    Returns
    -------
    geo.web.essay_map.EssayPanel or None
        The panel.

    Examples
    --------
    >>> essay_panel("gn-702550", "2022-11-17")  # doctest: +SKIP
    """
    from ui.loaders import essays_revision

    return _essay_panel(essays_revision(), chosen_id(), place_id, date)


@st.cache_resource(show_spinner=False, max_entries=256)
def _essay_panel(revision: str, essay_id: str, place_id: str, date: str):
    from geo.web import essay_map
    from ui.loaders import dated_lines, user_essay

    e = user_essay(essay_id)
    return None if e is None else essay_map.panel(e, place_id, dated_lines().lines_at(date))


def select(place_id: str | None, pan: bool) -> None:
    """Select a place (None: nothing), panning the map to it if `pan`.

    Parameters
    ----------
    place_id : str or None
        The place.
    pan : bool
        Move the map to it (a search or a related place; not a click on the map).

    Returns
    -------
    None

    Examples
    --------
    >>> select("melitopol", pan=True)  # doctest: +SKIP
    """
    ss.selected = place_id
    ss.pan = pan
    ss.search = place_id


def on_search() -> None:
    """The search box changed: select what it names and pan to it.

    Returns
    -------
    None

    Examples
    --------
    >>> on_search()  # doctest: +SKIP
    """
    select(ss.search, pan=True)


def on_layers() -> None:
    """A layer toggle changed: the layers shown, in menu order.

    Returns
    -------
    None

    Examples
    --------
    >>> on_layers()  # doctest: +SKIP
    """
    ss.layers = [lid for lid in toggleable_layers() if ss.get(f"layer_{lid}")]


def on_palette() -> None:
    """The palette switch changed: the map, its legend and the link follow.

    Returns
    -------
    None

    Examples
    --------
    >>> on_palette()  # doctest: +SKIP
    """
    ss.palette = ss.palette_switch


def sidebar() -> None:
    """The layer toggles and the legend of the layers shown.

    Returns
    -------
    None

    Examples
    --------
    >>> sidebar()  # doctest: +SKIP
    """
    with st.sidebar:
        st.markdown("**Layers**")
        seed = ui_essays.chosen() is None
        for lid in toggleable_layers():
            st.checkbox(layer_label(lid, seed), key=f"layer_{lid}", on_change=on_layers)
        ss.palette_switch = ss.palette  # a widget's own key is dropped on other pages: ss.palette is kept
        st.radio(
            "Colours",
            options=list(styles.PALETTES),
            key="palette_switch",
            on_change=on_palette,
            format_func=styles.PALETTE_LABELS.get,
            help="Colour-blind-safe (Okabe-Ito) colours, or a greyscale style for print in which every layer has its own pattern or line",
        )
        st.markdown("**Legend**")
        st.markdown(legend_html(ss.layers, ss.palette), unsafe_allow_html=True)  # geo/web/templates/legend.html: escaped there


def show_nearest() -> None:
    """The notice's button: show the nearest snapshot's lines and drop the notice.

    Returns
    -------
    None

    Examples
    --------
    >>> show_nearest()  # doctest: +SKIP
    """
    ss.lines_date = ss.date_nearest
    ss.date_nearest = None


def date_notice() -> None:
    """While the link's date had no lines: say the essay's date is shown instead, and offer the
    nearest snapshot as a button (the link's value escaped by `md_text`).

    Returns
    -------
    None

    Examples
    --------
    >>> date_notice()  # doctest: +SKIP
    """
    near = ss.get("date_nearest")
    if not near or ss.lines_date != ESSAY_DATE:
        return
    from geo.figures.headline import human_date

    c1, c2 = st.columns([3, 1], vertical_alignment="center")
    c1.warning(
        f"No lines for the date {md_text(str(ss.date_asked)[:20])} in the link; "
        f"the essay's date, {human_date(ESSAY_DATE)}, is shown. The nearest snapshot is {human_date(near)}."
    )
    if near != ESSAY_DATE:
        c2.button(
            f"Show {human_date(near)}",
            key="bm_nearest",
            help="The nearest snapshot's lines",
            on_click=show_nearest,
            width="stretch",
        )


def scroll_to_panel() -> None:
    """Once per new selection, on narrow screens (phones), scroll the page to the panel's head
    (ui/assets/panel-scroll.js, static; the panel is below the map there).

    Returns
    -------
    None

    Examples
    --------
    >>> scroll_to_panel()  # doctest: +SKIP
    """
    if ss.selected is None or ss.get("bm_scrolled_for") == ss.selected:
        return
    ss.bm_scrolled_for = ss.selected
    ss.bm_scroll_n = ss.get("bm_scroll_n", 0) + 1  # a new script each time, so the browser runs it again
    from ui.frame import asset

    st.html(f"<script>/* {int(ss.bm_scroll_n)} */\n{asset('panel-scroll.js')}</script>", unsafe_allow_javascript=True)
