"""Compare two dates on the Map page: the "Compare with…" box beside the date slider, the swipe's
layers (geo.web.webcompare, drawn by geo/web/assets/compare.js) and the change between the two
dates beside the map. `?compare=A,B` is parsed by geo.web.urlstate; the slider holds the later date,
the box the earlier one, and the link is written back as ``compare=A,B``."""

from __future__ import annotations

import streamlit as st

from geo.web import urlstate, webcompare, webmap
from ui.loaders import ESSAY_DATE, ESSAY_HELD, lines_dates
from ui.text import md_text

ss = st.session_state
OFF = ""  # the box's "no comparison" option


def init() -> None:
    """Read `?compare=A,B` once per session (its notice, if any, is already among the link's notices).

    Returns
    -------
    None

    Examples
    --------
    >>> init()  # doctest: +SKIP
    """
    if ss.get("cmp_init"):
        return
    ss.cmp_init = True
    pair = urlstate.parse_compare(st.query_params.get("compare"), lines_dates(), [])
    ss.cmp_with = OFF
    if pair:
        ss.cmp_with, ss.lines_date = pair  # the box holds the earlier date, the slider the later one


def current() -> tuple[str, str] | None:
    """The two dates compared now, earlier first, or None.

    Returns
    -------
    tuple of (str, str) or None
        Both are dates with lines, and differ.

    Examples
    --------
    >>> current()  # doctest: +SKIP
    ('2023-01-15', '2025-08-03')
    """
    other, date = ss.get("cmp_with") or OFF, ss.get("lines_date")
    dates = lines_dates()
    if not other or other == date or other not in dates or date not in dates:
        return None
    a, b = sorted((other, date))
    return (a, b)


def control(dates: list[str], where, hint=None) -> None:
    """The "Compare with…" box: another date to show beside the slider's, on either side of a divider.

    Parameters
    ----------
    dates : list of str
        The dates with lines.
    where : streamlit container
        Where the box goes (a column beside the date slider).
    hint : streamlit container, optional
        Where, while comparing, one line says how to move the divider (the dated layers' toggles'
        place, which a comparison does not use).

    Returns
    -------
    None

    Examples
    --------
    >>> control(["2022-11-17", "2025-08-03"], st)  # doctest: +SKIP
    """
    from geo.figures.headline import human_date

    if ss.get("cmp_with", OFF) not in [OFF, *dates]:
        ss.cmp_with = OFF  # the date left the store
    where.selectbox(
        "Compare with…",
        options=[OFF, *dates],
        key="cmp_with",
        format_func=lambda d: "— (one date)" if d == OFF else human_date(d),
        help="Show two dates on one map, split by a divider you can drag (or move with the arrow keys)",
    )
    if ss.cmp_with and ss.cmp_with == ss.lines_date:
        where.caption("Pick a date other than the slider's to compare.")
    elif hint is not None and current():
        hint.caption("Drag the divider on the map, or Tab to it and press ← →.")


def map_layers(layers: list[str]) -> list[str]:
    """The shipped layers to draw: while comparing, not the essay's held layer (17 Nov 2022 is a side
    of its own when compared; elsewhere its fill would cover both sides alike).

    Parameters
    ----------
    layers : list of str
        The layers the sidebar has on.

    Returns
    -------
    list of str
        The layers for the map's apply group.

    Examples
    --------
    >>> map_layers(["places"])  # doctest: +SKIP
    ['places']
    """
    return [x for x in layers if x != ESSAY_HELD] if current() else list(layers)


def comparison() -> webcompare.Comparison | None:
    """The comparison of the two dates (kept per store revision), or None if not comparing.

    Returns
    -------
    geo.web.webcompare.Comparison or None
        The sides and the change.

    Examples
    --------
    >>> comparison()  # doctest: +SKIP
    """
    pair = current()
    if pair is None:
        return None
    try:
        return webcompare.compare(*pair)
    except (LookupError, ValueError) as exc:  # a date removed from the store meanwhile
        st.warning(md_text(f"Cannot compare {pair[0]} and {pair[1]}: {exc}"))
        return None


def map_group():
    """The swipe's part of the map's per-rerun groups (an empty one ends a comparison).

    Returns
    -------
    folium.FeatureGroup
        geo.web.webmap.compare_group.

    Examples
    --------
    >>> map_group()  # doctest: +SKIP
    """
    c = comparison()
    return webmap.compare_group(c.browser_spec() if c else None)


def panel() -> None:
    """Beside the map: the change between the two dates in km², with the files it was computed from.

    Returns
    -------
    None

    Examples
    --------
    >>> panel()  # doctest: +SKIP
    """
    c = comparison()
    if c is not None:
        st.markdown(c.panel_html(), unsafe_allow_html=True)  # geo/web/templates/compare.html: escaped there


def link_date() -> str | None:
    """The `date` the link keeps: none while comparing (``compare=A,B`` says both), else the slider's.

    Returns
    -------
    str or None
        An ISO date, or None for the essay's date or a comparison.

    Examples
    --------
    >>> link_date()  # doctest: +SKIP
    """
    if current():
        return None
    return ss.lines_date if ss.lines_date != ESSAY_DATE else None
