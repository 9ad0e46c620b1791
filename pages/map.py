"""Map page: the map, the layer toggles and legend, and the panel for the selected place."""
import streamlit as st
from streamlit_folium import st_folium

import ui
from geo import picking, stats, urlstate, webmap

MAP_KEY = "bm_map"
ss = st.session_state


def init_state() -> None:
    """Read the link once per session: place, layers and view; remember what was dropped."""
    if ss.get("bm_init"):
        return
    state = urlstate.parse(st.query_params.to_dict(), ui.known_places(), ui.toggleable_layers(), webmap.DEFAULT_LAYERS,
                           ui.lines_dates())
    ss.bm_init = True
    ss.selected = state.place
    ss.layers = list(state.layers)
    ss.view0 = state.view or webmap.DEFAULT_VIEW
    ss.view = state.view
    ss.pan = state.place is not None and state.view is None
    ss.notices = list(state.notices)
    ss.last_click = None
    ss.search = state.place
    for lid in ui.toggleable_layers():
        ss[f"layer_{lid}"] = lid in ss.layers
    ss.lines_date = state.date or ui.ESSAY_DATE
    if state.date and state.date != ui.ESSAY_DATE and "layers" not in st.query_params:
        ss[f"layer_{ui.ESSAY_HELD}"] = False
        on_layers()


def on_date() -> None:
    """Another date's lines replace the essay's held layer on the map (it can be toggled back on to compare)."""
    essay_held = f"layer_{ui.ESSAY_HELD}"
    ss[essay_held] = ss.lines_date == ui.ESSAY_DATE
    on_layers()


def select(place_id: str | None, pan: bool) -> None:
    ss.selected = place_id
    ss.pan = pan
    ss.search = place_id


def read_map_state() -> None:
    """Apply what the map reported (streamlit-folium stores it under MAP_KEY before the rerun)."""
    value = ss.get(MAP_KEY) or {}
    zoom, center = value.get("zoom"), value.get("center")
    if zoom and center:
        ss.view = (round(center["lat"], 4), round(center["lng"], 4), int(zoom))
    click = value.get("last_object_clicked")
    if click and click != ss.last_click:
        ss.last_click = click
        picked = picking.pick(click["lat"], click["lng"], zoom or ss.view0[2])
        if picked is not None:
            select(picked, pan=False)


def on_search() -> None:
    select(ss.search, pan=True)


def on_layers() -> None:
    ss.layers = [lid for lid in ui.toggleable_layers() if ss.get(f"layer_{lid}")]


init_state()
for notice in ss.notices:
    st.toast(notice)
ss.notices = []

dates = ui.lines_dates()
if ss.lines_date not in dates:
    ss.lines_date = ui.ESSAY_DATE
dated = ui.dated_layers(ss.lines_date, ui.store_signature()) if ss.lines_date != ui.ESSAY_DATE else []

with st.sidebar:
    if len(dates) > 1:
        st.select_slider("Current lines as of", options=dates, key="lines_date", on_change=on_date,
                         help="Imported snapshots (Lines page) and our authored 17 Nov 2022 layer")
        for spec in dated:
            ss.setdefault(f"dated_{spec['key']}", spec["key"] in ui.DATED_DEFAULT_ON)  # widget state lapses while hidden
            st.checkbox(spec["title"], key=f"dated_{spec['key']}")
    st.markdown("**Layers**")
    for lid in ui.toggleable_layers():
        st.checkbox(ui.layer_label(lid), key=f"layer_{lid}", on_change=on_layers)
    legend = ui.dated_legend_html([d for d in dated if ss.get(f"dated_{d['key']}")]) + ui.legend_html(ss.layers)
    if legend:
        st.markdown("**Legend**")
        st.markdown(legend, unsafe_allow_html=True)  # built from escaped catalogue text in ui.legend_html

@st.fragment
def map_and_panel() -> None:
    """The map and the panel rerun on their own when the map is clicked: the sidebar stays put."""
    read_map_state()
    left, right = st.columns([5, 3], gap="small")
    with left:
        draw_map([{k: d[k] for k in ("key", "url", "pane")} for d in dated if ss.get(f"dated_{d['key']}")])
    with right:
        labels = dict((pid, label) for label, pid in ui.place_options())
        st.selectbox("Find a place (any spelling: Kiev, Zaporozhye, Energodar…)", options=list(labels), key="search",
                     format_func=lambda pid: labels[pid], placeholder="Type a name…", on_change=on_search)
        draw_panel()
    params = urlstate.to_params(ss.selected, ss.layers, ss.view, ss.lines_date if ss.lines_date != ui.ESSAY_DATE else None)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def draw_map(dynamic: list[dict]) -> None:
    st_folium(webmap.build_map(ss.view0), key=MAP_KEY, height=600, use_container_width=True,
              returned_objects=["last_object_clicked", "zoom", "center"],
              feature_group_to_add=webmap.apply_group(ss.layers, ss.selected, ss.pan, dynamic))


def draw_panel() -> None:
    if ss.selected is None and ss.lines_date != ui.ESSAY_DATE:
        st.markdown("### Click a place, a region or a route")
        st.markdown("…or find it in the box above.")
        st.markdown(f"**If the lines froze on {ss.lines_date}**")
        st.markdown(ui.freeze_html(ss.lines_date, ui.store_signature()), unsafe_allow_html=True)
    elif ss.selected is None:
        fig = stats.figures_for_date("2022-11-17")
        st.markdown("### Click a place, a region or a route")
        st.markdown("…or find it in the box above. The panel shows what the essay argues about it, verbatim, and its facts.")
        st.markdown("**The lines on the essay's date, 17 Nov 2022** (our layers)")
        st.markdown(ui.facts_html(tuple(ui.facts.Fact(k, v, fig.sources["held"]) for k, v in [
            ("Held by Russia", f"{fig.held_km2:,.0f} km² ({fig.held_pct_of_ukraine:.1f}% of Ukraine)"),
            ("Claimed but not held", f"{fig.claimed_not_held_km2:,.0f} km²"),
            ("Liberated since the furthest advance", f"{fig.liberated_km2:,.0f} km²"),
            ("Liberated share of what was seized", f"{100 * fig.liberated_share_of_seized:.0f}% (the essay: “nearly half”)"),
        ])), unsafe_allow_html=True)
    else:
        p = ui.panel(ss.selected)
        st.markdown(f"### {ui.esc(p.name)} <span class='bm-kind'>{ui.esc(p.kind)}</span>", unsafe_allow_html=True)
        if p.argument:
            st.markdown("**What the essay argues**")
            st.markdown("".join(ui.quote_html(q) for q in p.argument.quotes), unsafe_allow_html=True)
            st.markdown(f"<div class='bm-ours'><b>{ui.esc(ui.arguments.SUMMARY_LABEL)}:</b> {ui.esc(p.argument.summary)}</div>"
                        + "".join(f"<span class='bm-theme'>{ui.esc(t)}</span>" for t in p.argument.themes), unsafe_allow_html=True)
        else:
            st.info("Not discussed in the essay.")
        st.markdown("**Facts**")
        extra = ui.dated_facts(ss.selected, ss.lines_date, ui.store_signature()) if ss.lines_date != ui.ESSAY_DATE else ()
        st.markdown(ui.facts_html(tuple(extra) + p.facts), unsafe_allow_html=True)
        if p.related:
            st.markdown("**Related places**")
            cols = st.columns(min(len(p.related), 3))
            for i, (rid, name) in enumerate(p.related):
                cols[i % len(cols)].button(name, key=f"rel_{rid}", on_click=select, args=(rid, True), width="stretch")


map_and_panel()
