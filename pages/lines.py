"""Lines page: import snapshots, the timeline of held area, the freeze scenario, the change since
the essay and where two sources disagree. Everything is computed in geo/; this page reads and renders
(the import, timeline and history sections are in ui/lines.py)."""

import pandas as pd
import streamlit as st

import ui

ui.ensure_frame()
from geo.figures import change
from geo.lines import store
from ui import lines as ui_lines

dated = ui.dated_lines()  # the store's lines, change, disagreement and freeze figures, kept per store revision
st.markdown("## Lines: imported snapshots of control")
kept = (
    "Snapshots are kept in the app's database, shared by every server of this deployment. "
    if store.backend() == "postgres"
    else f"Snapshots are kept in the app's store folder, {ui.md_text(store.store_dir().name)}/ (set BRIEFMAP_STORE to change it). "
)
st.caption(kept + "Our authored 17 Nov 2022 layer is always available.")

ui_lines.import_section()
ui_lines.fetch_section()
ui_lines.timeline_section()
ui_lines.history_section()

# --- freeze scenario ------------------------------------------------------------------------------
dates = dated.dates()
st.markdown("### If the lines froze on…")
fdate = st.selectbox("Date", dates, index=len(dates) - 1, key="freeze_date")
st.markdown(ui.freeze_html(fdate), unsafe_allow_html=True)
st.caption(
    "Figures computed from the chosen date's lines (equal-area projection); the furthest-advance, pre-war and "
    "annexation layers are ours (Data page). “Nearly half” is the essay's claim, ¶ on the Essay page."
)

# --- change since the essay -----------------------------------------------------------------------
if len(dates) > 1:
    st.markdown("### What changed since the essay")
    c1, c2 = st.columns(2)
    starts = dates[:-1]
    cfrom = c1.selectbox(
        "From",
        starts,
        index=starts.index(ui.ESSAY_DATE) if ui.ESSAY_DATE in starts else 0,
        key="change_from",
        help="Defaults to the essay's date, 17 Nov 2022",
    )
    ends = [d for d in dates if d > cfrom]
    cto = c2.selectbox("To", ends, index=len(ends) - 1, key="change_to")
    ch = dated.change(cfrom, cto)
    used = " → ".join(ui.md_text(f"{x.source} {x.date}, file {change.file_name(x)}") for x in (ch.then, ch.now))
    if ch.like_for_like:
        if ch.warning:  # the nearest same-source pair: say which dates were compared instead
            st.info(ui.md_text(ch.warning))
        st.markdown(f"Russian gains **{ch.gained_km2:,.0f} km²**, lost by Russia **{ch.lost_km2:,.0f} km²** ({used}).")
        cols = ("gained km²", "lost km²")
    else:
        st.warning(ui.md_text(ch.warning))
        st.markdown(
            f"Differences between sources (not gains or losses): held by Russia only according to "
            f"{ui.md_text(ch.then.source)} **{ui.km2(ch.only_then)}**, only according to {ui.md_text(ch.now.source)} "
            f"**{ui.km2(ch.only_now)}** ({used})."
        )
        cols = (f"only {ch.now.source} km²", f"only {ch.then.source} km²")
    st.caption(
        f"Areas in an equal-area projection; in every comparison, slivers narrower than {change.SLIVER_KM} km are "
        "dropped as digitizing noise, not change."
    )
    rows = sorted((r for r in ch.by_region if r[2] >= 1 or r[3] >= 1), key=lambda r: -(r[2] + r[3]))
    st.dataframe(
        pd.DataFrame([{"region": n, cols[0]: round(g), cols[1]: round(lo)} for _, n, g, lo in rows], columns=["region", *cols]),
        hide_index=True,
        width="stretch",
    )
    st.dataframe(
        pd.DataFrame(
            [
                {"place": n, f"{ch.then.date} ({ch.then.source})": a, f"{ch.now.date} ({ch.now.source})": b}
                for _, n, a, b in ch.places
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption("Sources: " + ui.md_text("; ".join(change.CITED_WITH + (change.file_name(ch.then), change.file_name(ch.now)))))
    st.page_link("pages/map.py", label=f"Show {ui.md_text(cto)} on the map", query_params={"date": cto})

# --- two sources ----------------------------------------------------------------------------------
shared = dated.dates_with_several_sources()
if shared:
    st.markdown("### Where two sources disagree")
    ddate = st.selectbox("Date", shared, key="dispute_date")
    srcs = dated.sources_on(ddate)
    c1, c2 = st.columns(2)
    a = c1.selectbox("Source A", srcs, index=0, key="dispute_a")
    b = c2.selectbox("Source B", [s for s in srcs if s != a], key="dispute_b")
    d = dated.disagreement(ddate, a, b)
    st.markdown(
        f"**{d.disputed_km2:,.0f} km² in dispute** on {ui.md_text(ddate)}: held only according to {ui.md_text(a)} "
        f"{ui.km2(d.only_a)}, only according to {ui.md_text(b)} {ui.km2(d.only_b)}; their lines are "
        f"{d.line_distance_median_km:.1f} km apart (median), {d.line_distance_p90_km:.1f} km (90th percentile)."
    )
    st.caption(f"As of {ui.md_text(ddate)}: {ui.md_text(d.a.label)}; {ui.md_text(d.b.label)}.")
