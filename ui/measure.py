"""The Map page's measuring tools at the UI edge: a Measure mode (two clicks on the map, or the
selected place to the front line) and range rings around the selected place. Distances are computed
in Python with pyproj (geo.web.overlays, geo.core.measure) from the points the map reports as
``last_clicked``; the figure to the front line is the facts' own (geo.figures.facts). Ring radii from
the box or the link are validated by geo.web.urlstate.parse_rings."""

from __future__ import annotations

import folium
import streamlit as st

from geo.data.places import geometry_of
from geo.web import overlays, urlstate
from ui.loaders import dated_lines, gazetteer
from ui.text import md_text

ss = st.session_state


def init(rings: tuple[float, ...] = ()) -> None:
    """Once per session: measuring off, and the link's range rings (geo.web.urlstate `rings`).

    Parameters
    ----------
    rings : tuple of float
        Radii in km from the link (validated there); empty: no rings.

    Returns
    -------
    None

    Examples
    --------
    >>> init((100.0, 200.0))  # doctest: +SKIP
    """
    ss.m_on, ss.m_points, ss.m_front, ss.m_seen = False, [], False, None
    ss.rings = tuple(rings)
    ss.rings_text = urlstate.rings_text(rings or urlstate.DEFAULT_RINGS)
    ss.rings_error = None


def _on_measure() -> None:
    ss.m_on = ss.bm_measure
    ss.m_points, ss.m_front = [], False
    ss.m_seen = (ss.get("bm_map") or {}).get("last_clicked")  # a click before the switch is no point


def clear() -> None:
    """Forget the measurement (the points and the line to the front).

    Returns
    -------
    None

    Examples
    --------
    >>> clear()  # doctest: +SKIP
    """
    ss.m_points, ss.m_front = [], False


def _to_front() -> None:
    ss.m_points, ss.m_front = [], True


def _on_rings() -> None:
    kms, problem = urlstate.parse_rings(ss.bm_rings_box)
    ss.rings_text = ss.bm_rings_box
    if problem:
        ss.rings_error = urlstate.notice("rings", problem, ss.bm_rings_box).text()
        ss.rings = ()
        return
    ss.rings_error = None
    ss.rings = kms if ss.bm_rings_on else ()


def sidebar() -> None:
    """The sidebar's Measure and Range rings controls.

    Returns
    -------
    None

    Examples
    --------
    >>> sidebar()  # doctest: +SKIP
    """
    ss.bm_measure, ss.bm_rings_box = ss.m_on, ss.rings_text  # widget keys are dropped on other pages
    ss.bm_rings_on = bool(ss.rings) or bool(ss.rings_error and ss.get("bm_rings_on"))
    with st.sidebar:
        st.markdown("**Measure**")
        st.toggle(
            "Measure: click two points",
            key="bm_measure",
            on_change=_on_measure,
            help="Clicks on the map then set the points of a geodesic distance (WGS84) and select no place; switch off to pick places again",
        )
        st.button("Clear the measurement", key="bm_measure_clear", on_click=clear, disabled=not ss.m_on, width="stretch")
        st.button(
            "Selected place → front line",
            key="bm_measure_front",
            on_click=_to_front,
            disabled=not ss.m_on,
            width="stretch",
            help="The geodesic distance from the selected place to the front line of the date shown (the figure in its facts)",
        )
        st.markdown("**Range rings**")
        st.toggle("Around the selected place", key="bm_rings_on", on_change=_on_rings)
        st.text_input(
            "Ring distances in km (at most 5, each 1 to 2000)",
            key="bm_rings_box",
            on_change=_on_rings,
            placeholder="100, 200",
        )
        if ss.rings_error:
            st.error(md_text(ss.rings_error))


def consume(value: dict) -> bool:
    """In Measure mode, take a new clicked point from what the map reported; say whether the page
    must not treat the click as a pick.

    Parameters
    ----------
    value : dict
        streamlit-folium's value (``last_clicked``: ``{"lat", "lng"}``).

    Returns
    -------
    bool
        True in Measure mode (the click is a measuring point, never a place).

    Examples
    --------
    >>> consume({"last_clicked": {"lat": 47.0, "lng": 35.0}})  # doctest: +SKIP
    True
    """
    if not ss.get("m_on"):
        return False
    click = value.get("last_clicked")
    if click and click != ss.m_seen and click.get("lat") is not None:
        ss.m_seen = click
        point = (float(click["lat"]), float(click["lng"]))
        ss.m_front = False
        ss.m_points = [point] if len(ss.m_points) != 1 else [ss.m_points[0], point]
    return True


def returned() -> list[str]:
    """What the map must report besides the click on a place: every clicked point (streamlit-folium
    reads its `returned_objects` once, when the map is made, so this cannot wait for Measure mode;
    outside it the point is ignored).

    Returns
    -------
    list of str
        streamlit-folium ``returned_objects`` names.

    Examples
    --------
    >>> returned()
    ['last_clicked']
    """
    return ["last_clicked"]


def _front(place: str, date: str) -> tuple[overlays.Measured, str] | None:
    from geo.core.measure import nearest_point
    from geo.figures.facts import distance_to_front_km, front_ea
    from geo.figures.headline import human_date

    g = geometry_of(place)
    if g.geom_type != "Point":
        return None
    lines = dated_lines().lines_at(date)
    near = nearest_point(g.x, g.y, front_ea(lines), projected=True)
    km = distance_to_front_km(g.x, g.y, lines)  # the facts' figure ("Distance to the … line")
    return overlays.measure((g.y, g.x), (near[1], near[0]), km), human_date(date)


def _centre(place: str):
    g = geometry_of(place)
    return g if g.geom_type == "Point" else g.centroid


def layers(selected: str | None, date: str) -> tuple[list[dict], list[tuple[float, float, str, str]], str | None]:
    """The measured line and the rings to draw, their labels, and the line of text under the map.

    Parameters
    ----------
    selected : str or None
        The selected place.
    date : str
        The date of the lines shown.

    Returns
    -------
    tuple
        (browser layers for webmap.apply_group's `dynamic`, labels (lat, lon, text, kind), result text or None).

    Examples
    --------
    >>> layers("melitopol", "2022-11-17")  # doctest: +SKIP
    """
    specs, labels, text = [], [], None
    if ss.get("m_on"):
        m = None
        if ss.m_front and not selected:
            text = "Select a place first, then the distance runs from it to the front line."
        elif ss.m_front:
            name = gazetteer.load()[selected].name
            found = _front(selected, date)
            if found is None:
                text = f"{name} is an area; the distance to the front line is measured from a point place (a city, a plant)."
            else:
                m, when = found
                text = f"From {name} to the {when} front line is {m.label} (nearest point of the line {m.end[0]:.4f}, {m.end[1]:.4f})."
        elif len(ss.m_points) == 2:
            m = overlays.measure(*ss.m_points)
            (a, b), (c, d) = ss.m_points
            text = f"From {a:.4f}, {b:.4f} to {c:.4f}, {d:.4f} is {m.label}."
        elif len(ss.m_points) == 1:
            m = overlays.measure(ss.m_points[0], ss.m_points[0])
            text = f"First point {ss.m_points[0][0]:.4f}, {ss.m_points[0][1]:.4f}; click the second point."
        else:
            text = "Measure mode is on; click two points on the map (clicks select no place until you switch it off)."
        if m is not None:
            specs.append(overlays.measure_layer(m))
            if m.km > 0:
                mid = overlays.midpoint(m)
                labels.append((mid[0], mid[1], m.label, "measure"))
    if ss.get("rings") and selected:
        c = _centre(selected)
        name = gazetteer.load()[selected].name
        specs.append(overlays.ring_layer(c.x, c.y, ss.rings, name))
        labels += [(lat, lon, t, "ring") for lat, lon, t in overlays.ring_labels(c.x, c.y, ss.rings)]
    elif ss.get("rings"):
        text = (text + " " if text else "") + "Range rings are drawn around a place; select one."
    return specs, labels, text


def add_labels(group: folium.FeatureGroup, labels: list[tuple[float, float, str, str]]) -> folium.FeatureGroup:
    """Put the labels on the map's per-rerun group.

    Parameters
    ----------
    group : folium.FeatureGroup
        From webmap.apply_group.
    labels : list of tuple
        (lat, lon, text, kind).

    Returns
    -------
    folium.FeatureGroup
        The same group.

    Examples
    --------
    >>> add_labels(folium.FeatureGroup(), [])  # doctest: +SKIP
    """
    for lat, lon, text, kind in labels:
        overlays.add_label(group, lat, lon, text, kind)
    return group


def result(text: str | None) -> None:
    """The measurement's line of text (our wording and numbers), under the map.

    Parameters
    ----------
    text : str or None
        From `layers`.

    Returns
    -------
    None

    Examples
    --------
    >>> result("From … : 12.0 km (geodesic, WGS84).")  # doctest: +SKIP
    """
    if text:
        with st.container(key="bm_measure_result"):
            st.markdown(md_text(text))
