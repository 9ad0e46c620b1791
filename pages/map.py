"""Map page: the map, the layer toggles and legend, and the panel for the selected place (its
session state, selection and sidebar are in ui/map.py)."""

import streamlit as st
from streamlit.logger import get_logger
from streamlit_folium import st_folium

import ui

ui.ensure_frame()
from geo.web import essay_map, picking, urlstate, webmap
from ui import compare as ui_compare
from ui import database as ui_database
from ui import essays as ui_essays
from ui import map as ui_map
from ui import measure as ui_measure  # Measure mode and range rings (ui/measure.py)
from ui import share as ui_share  # Copy link, Present this view (ui/share.py)
from ui import skiplink

MAP_KEY = "bm_map"
log = get_logger("briefmap.map")  # Streamlit's console handler and level (logger.level, default info)
ss = st.session_state


def read_map_state() -> None:
    """Apply what the map reported (streamlit-folium stores it under MAP_KEY before the rerun)."""
    value = ss.get(MAP_KEY) or {}
    zoom, center = value.get("zoom"), value.get("center")
    if zoom and center:
        ss.view = (round(center["lat"], 4), round(center["lng"], 4), int(zoom))
    if value.get("bounds"):
        ss.bounds = value["bounds"]  # the view's frame, for "Present this view"
    click = value.get("last_object_clicked")
    if ui_measure.consume(value):  # Measure mode: a click is a point to measure from, never a pick
        ss.last_click = click
        return
    if click and click != ss.last_click:
        ss.last_click = click
        # The map names the place it picked; a click it could not resolve is picked here by its point.
        picked = picking.resolve_click(click, zoom or ss.view0[2], ui_map.map_places())
        if picked.how == "point":
            log.info("map click without a place id: point pick in Python -> %s", picked.place)
        elif picked.how == "ignored":
            log.info("map click ignored: it named no known place or had no usable point")  # never echoed
        if picked.place is not None:
            ui_map.select(picked.place, pan=False)


ui_map.init_state()
ui_compare.init()  # compare two dates: ?compare=A,B (ui/compare.py)
ui.show_notices(ss.notices)  # plain text: the link's values are escaped in ui.notice_md
ss.notices = []
ui_map.date_notice()  # a link's date without lines: said so, with the nearest snapshot one click away
ui_essays.missing_notice()  # the chosen essay cannot be read from the store: one line, the curated essay

ui_map.sidebar()
ui_measure.sidebar()
skiplink.skip_to_search()  # issue 12: "Skip to search", the first Tab stop (ui/skiplink.py)


@st.fragment
@ui_database.guard  # a database gone mid-run: one line, not Streamlit's traceback (ui/database.py)
def map_and_panel() -> None:
    """The map and the panel rerun on their own when the map is clicked: the sidebar stays put."""
    read_map_state()
    dates = ui.lines_dates()
    ui_map.follow_essay(dates)  # a user essay: the lines nearest its date (ui/map.py)
    if ss.lines_date not in dates:
        ss.lines_date = ui.ESSAY_DATE
    essay = ui_map.essay()  # None: the curated seed essay, as before
    left, right = st.columns([5, 3], gap="small")
    with left:
        dated = date_controls(dates)
        caption = ui_map.lines_caption()
        if caption:
            st.caption(ui.md_text(caption))  # the lines shown for a user essay: their date and source
        shown = [d for d in dated if d["key"] in ss.get("dated_on", [])]
        tools, labels, measured = ui_measure.layers(ss.selected, ss.lines_date)
        points = [essay_map.points_layer(essay)] if essay is not None else []
        draw_map(
            [{k: d[k] for k in ("key", "url", "pane")} for d in shown] + tools + [p for p in points if p],
            outline=bool(dated),
            labels=labels,
            card_url=essay_map.publish_card(essay) if essay is not None else None,
        )
        ui_measure.result(measured)
    with right:
        options = ui.place_options() if essay is None else essay_map.search_options(essay, ui.place_options())
        labels = dict((pid, label) for label, pid in options)
        st.selectbox(
            "Find a place (any spelling: Kiev, Zaporozhye, Energodar…)",
            options=list(labels),
            key="search",
            format_func=lambda pid: labels[pid],
            placeholder="Type a name…",
            on_change=ui_map.on_search,
        )
        ui_share.buttons()  # Copy link, Present this view
        if ui_compare.current():  # compare two dates: the change between them, in km², with its files
            ui_compare.panel()
        if shown:  # under the search box, capped in height: the box stays at the top of the column
            legend = ui.dated_legend_html(shown, palette=ss.palette)  # geo/web/templates/legend.html: escaped there
            st.markdown(f'<div class="bm-legend-scroll">{legend}</div>', unsafe_allow_html=True)
        if ss.selected is not None or not ui_compare.current():
            draw_panel()
        ui_map.scroll_to_panel()
    params = urlstate.to_params(
        ss.selected,
        ss.layers,
        ss.view,
        ui_compare.link_date(),
        palette=ss.palette,
        compare=ui_compare.current(),
        rings=ss.rings,
        essay=ui_map.chosen_id(),
    )
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def date_controls(dates: list[str]) -> list[dict]:
    """The date slider and the dated-layer toggles, above the map (inside the fragment, so a date
    change reruns only the map and the panel)."""
    if len(dates) < 2:
        return []
    c1, c2, c3 = st.columns([2, 3, 2], gap="medium", vertical_alignment="bottom")  # one row: the map starts higher
    c1.select_slider(
        "Current lines as of",
        options=dates,
        key="lines_date",
        help="Imported snapshots (Lines page) and our authored 17 Nov 2022 layer",
    )
    ui_compare.control(dates, c3, c2)  # compare two dates: "Compare with…" (ui/compare.py)
    if ss.lines_date == ui.ESSAY_DATE or ui_compare.current():
        return []
    dated = ui.dated_layers(ss.lines_date)
    options = [d["key"] for d in dated]
    short = {d["key"]: d.get("short") or ui.DATED_SHORT[d["key"]] for d in dated}  # e.g. "Only deepstate" between sources
    ss.dated_on = [k for k in ss.dated_pref if k in options]  # e.g. "disputed" exists only where two sources meet

    def remember() -> None:
        ss.dated_pref = [k for k in ss.dated_pref if k not in options] + list(ss.dated_on)

    c2.pills(
        "Show",
        options=options,
        format_func=lambda k: short[k],
        selection_mode="multi",
        key="dated_on",
        label_visibility="collapsed",
        on_change=remember,
    )
    return dated


def draw_map(dynamic: list[dict], outline: bool = False, labels: list | None = None, card_url: str | None = None) -> None:
    group = webmap.apply_group(
        ui_compare.map_layers(ss.layers),
        ss.selected,
        ss.pan,
        dynamic,
        [ui.ESSAY_HELD] if outline else [],
        pick=not ss.get("m_on"),  # Measure mode: a click is a point, the map's card stays as it is
        named=ui_map.named_places(),  # a user essay: its places drawn as the ones it discusses
    )
    st_folium(
        webmap.build_map(ss.view0, palette=ss.palette, card=True, card_url=card_url),
        key=MAP_KEY,
        height=600,
        use_container_width=True,
        returned_objects=["last_object_clicked", "zoom", "center", "bounds", *ui_measure.returned()],
        feature_group_to_add=[  # the swipe's group beside the state's (ui/compare.py); measure labels on the state's
            ui_measure.add_labels(group, labels or []),
            ui_compare.map_group(),
        ],
    )


def draw_panel() -> None:
    if ui_map.essay() is not None:
        draw_essay_panel()
    elif ss.selected is None and ss.lines_date != ui.ESSAY_DATE:
        st.markdown("### Click a place, a region or a route")
        st.markdown("…or find it in the box above.")
        st.markdown(f"**If the lines froze on {ui.md_text(ss.lines_date)}**")
        st.markdown(ui.freeze_html(ss.lines_date), unsafe_allow_html=True)
    elif ss.selected is None:
        st.markdown("### Click a place, a region or a route")
        st.markdown("…or find it in the box above. The panel shows what the essay argues about it, verbatim, and its facts.")
        st.markdown("**The lines on the essay's date, 17 Nov 2022** (our layers)")
        st.markdown(ui.opening_html(), unsafe_allow_html=True)  # geo/web/templates/macros.html: escaped there
    else:
        p = ui.panel(ss.selected)
        st.markdown(ui.panel_head_html(p), unsafe_allow_html=True)  # geo/web/templates/panel.html: escaped there
        if not p.argument:
            st.info(webmap.NOT_DISCUSSED)  # the map's card says the same
        st.markdown("**Facts**")
        extra = (
            ui.dated_facts(ss.selected, ss.lines_date) + ui.change_facts(ss.selected, ss.lines_date)
            if ss.lines_date != ui.ESSAY_DATE
            else ()
        )
        st.markdown(ui.facts_html(tuple(extra) + p.facts), unsafe_allow_html=True)
        if p.related:
            st.markdown("**Related places**")
            cols = st.columns(min(len(p.related), 3))
            for i, (rid, name) in enumerate(p.related):
                cols[i % len(cols)].button(name, key=f"rel_{rid}", on_click=ui_map.select, args=(rid, True), width="stretch")


def draw_essay_panel() -> None:
    """The panel for a user essay: its sentences verbatim, the analyst's summary, the facts on the lines shown."""
    from geo.figures.headline import human_date

    if ss.selected is None:
        st.markdown("### Click a place, a region or a route")
        st.markdown("…or find it in the box above. The panel shows the essay's sentences about it, verbatim, and its facts.")
        st.markdown(f"**If the lines froze on {ui.md_text(human_date(ss.lines_date))}**")
        rows = [f for f in ui.dated_lines().freeze(ss.lines_date).rows() if f.key not in essay_map.SEED_FREEZE_KEYS]
        st.markdown(ui.facts_html(rows), unsafe_allow_html=True)  # geo/web/templates/facts.html: escaped there
        return
    p = ui_map.essay_panel(ss.selected, ss.lines_date)
    if p is None:
        st.info("This essay does not name that place.")
        return
    st.markdown(ui.essay_panel_html(p), unsafe_allow_html=True)  # geo/web/templates/essay_panel.html: escaped there
    st.markdown("**Facts**")
    st.markdown(ui.facts_html(p.facts), unsafe_allow_html=True)


map_and_panel()
