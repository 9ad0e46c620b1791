"""Lines page: import snapshots, the timeline of held area, the freeze scenario, the change since
the essay and where two sources disagree. Everything is computed in geo/; this page reads and renders."""

import tempfile
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

import ui

ui.ensure_frame()
from geo.figures import change
from geo.lines import classify, deepstate_api, importer, ingest, store
from geo.lines.untrusted import ImportFailure, printable

ss = st.session_state
dated = ui.dated_lines()  # the store's lines, change, disagreement and freeze figures, kept per store revision
st.markdown("## Lines: imported snapshots of control")
st.caption(
    f"Snapshots are kept in {ui.md_text(store.store_dir())} (set BRIEFMAP_STORE to change it). "
    "Our authored 17 Nov 2022 layer is always available."
)

# --- import -----------------------------------------------------------------------------------
with st.expander(
    "Import snapshots (DeepStateMap GeoJSON, GeoJSON, KML, KMZ, zipped shapefile, GeoPackage)", expanded=not dated.listing()
):
    uploads = st.file_uploader("Files", accept_multiple_files=True, key="uploads", type=[s.lstrip(".") for s in ingest.SUFFIXES])
    c1, c2, c3 = st.columns(3)
    fmt = c1.selectbox("Format", importer.FORMATS, key="imp_format")
    date_text = c2.text_input("Date (YYYY-MM-DD; blank: from the file name)", key="imp_date")
    source = c3.text_input("Source label (blank: deepstate, the preset, or 'custom')", key="imp_source")
    how = st.radio(
        "How to read the areas",
        ["DeepStateMap (automatic: key, colour, name)", "ISW preset (layer titles)", "Map an attribute"],
        horizontal=True,
        key="imp_how",
    )
    mapping = None
    if how == "ISW preset (layer titles)":
        mapping = classify.PRESETS["isw"]
    elif how == "Map an attribute" and uploads:
        first = uploads[0]
        with tempfile.NamedTemporaryFile(suffix=Path(first.name).suffix) as tmp:
            tmp.write(first.getvalue())
            tmp.flush()
            fields, problem = ingest.attribute_fields(Path(tmp.name), fmt, first.name)  # never raises
            if problem:
                st.error(ui.md_text(f"{printable(first.name)}: {problem}"))
        if fields:
            field = st.selectbox("Attribute", list(fields), key="imp_field")
            values = fields[field]
            m1, m2, m3 = st.columns(3)
            held = m1.multiselect("Values meaning Russian-held", values, key="imp_held")
            lib = m2.multiselect("Values meaning liberated", values, key="imp_lib")
            unk = m3.multiselect("Values meaning unknown / contested", values, key="imp_unk")
            if held or lib or unk:
                mapping = classify.Mapping(field=field, held=tuple(held), liberated=tuple(lib), unknown=tuple(unk))
    if st.button("Import", type="primary", disabled=not uploads):
        bar = st.progress(0.0, text="Importing…")
        results = []
        for i, up in enumerate(uploads, 1):
            with tempfile.TemporaryDirectory(prefix="briefmap-upload-") as d:
                path = Path(d) / f"upload{Path(up.name).suffix.lower()}"
                path.write_bytes(up.getvalue())
                results.append(
                    ingest.import_one(
                        path,
                        fmt=fmt,
                        date=date_text.strip() or None,
                        source=source.strip() or None,
                        mapping=mapping,
                        display_name=up.name,
                    )
                )
            bar.progress(i / len(uploads), text=f"{i}/{len(uploads)}: {ui.md_text(printable(up.name))}")
        ss.import_results = [r.as_json() | {"ok": r.ok} for r in results]
    for r in ss.get("import_results", []):
        if not r["ok"]:
            st.error(f"{ui.md_text(r['file'])}: {ui.md_text(r['error'])}")
            continue
        verb = "Already in the store" if r["already_imported"] else "Imported"
        st.success(
            f"{verb}: {ui.md_text(r['file'])} as {ui.md_text(r['source'])} {ui.md_text(r['date'])}: held {r['held_km2']:,.0f} km², unknown "
            f"{r['unknown_km2']:,.0f} km², liberated {r['liberated_km2']:,.0f} km²; {r['features_used']} features used, "
            f"{r['features_ignored']} ignored"
        )
        for w in r["warnings"]:
            st.warning(ui.md_text(w))
        if r["ignored"]:
            st.markdown("Ignored: " + "; ".join(ui.md_text(x) for x in r["ignored"]))

if deepstate_api.online_enabled():
    with st.expander("Fetch from DeepStateMap (online)"):
        fdate = st.text_input("Date to fetch (YYYY-MM-DD)", key="fetch_date")
        if st.button("Fetch and import", disabled=not fdate):
            try:
                r, downloaded = deepstate_api.fetch_and_import(importer.parse_date(fdate))
                if r.ok:
                    st.success(("Downloaded" if downloaded else "From the cache") + f": {ui.md_text(r.path)}")
                else:
                    st.error(ui.md_text(r.error))
            except ImportFailure as exc:
                st.error(ui.md_text(exc))

# --- store and timeline ---------------------------------------------------------------------------
rows = dated.series()
st.markdown("### Held area over time")
df = pd.DataFrame(rows)
chart = (
    alt.Chart(df)
    .mark_line(point=alt.OverlayMarkDef(size=90))
    .encode(
        x=alt.X("date:T", title="Date"),
        y=alt.Y("held_km2:Q", title="Held by Russia (km²)", scale=alt.Scale(zero=False)),
        color=alt.Color("source:N", title="Source"),
        shape=alt.Shape("source:N"),
        tooltip=["date:T", "source:N", alt.Tooltip("held_km2:Q", format=",.0f"), "file:N"],
    )
    .properties(height=280)
)
st.altair_chart(chart, width="stretch")
st.dataframe(
    df,
    hide_index=True,
    width="stretch",
    column_config={
        "held_km2": st.column_config.NumberColumn("held km²", format="%.0f"),
        "unknown_km2": st.column_config.NumberColumn("unknown km²", format="%.0f"),
        "liberated_km2": st.column_config.NumberColumn("liberated km²", format="%.0f"),
    },
)
items = dated.listing()
if items:
    with st.expander("History: earlier imports of a date and source"):
        st.caption(
            "For each date and source the newest import is the one used; earlier imports stay in the store "
            "(superseded) and can be made current again."
        )
        keys = list(dict.fromkeys((s.date, s.source) for s in items))
        key = st.selectbox("Date and source", keys, format_func=lambda k: f"{k[0]} · {k[1]}", key="history_pick")
        versions = store.history(*key)
        hist = [
            {
                "current": "yes" if not v.superseded else "",
                "imported at": v.metadata().get("imported_at", ""),
                "file": v.metadata().get("source_file", ""),
                "sha": v.sha12,
                "held km²": (v.metadata().get("figures") or {}).get("held_km2"),
            }
            for v in versions
        ]
        st.dataframe(
            pd.DataFrame(hist),
            hide_index=True,
            width="stretch",
            column_config={"held km²": st.column_config.NumberColumn("held km²", format="%.0f")},
        )
        older = [v for v in versions if v.superseded]
        if older:
            label = {
                v.path.name: f"{v.metadata().get('imported_at', '')} · {v.metadata().get('source_file', '')} · {v.sha12}"
                for v in older
            }
            pick = st.selectbox("Earlier import", list(label), format_func=label.get, key="history_version")
            st.button(
                "Make this the current one",
                key="history_promote",
                on_click=store.promote,
                args=(next(v for v in older if v.path.name == pick),),
            )
        else:
            st.caption("Only one import of this date and source.")
    with st.expander("Remove a snapshot from the store"):
        names = {s.path.name: s for s in items}
        victim = st.selectbox("Snapshot", list(names), key="remove_pick")
        if st.button("Remove", key="remove_go"):
            store.remove(names[victim])
            st.rerun()

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
