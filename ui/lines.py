"""The Lines page's pieces at the UI edge: importing snapshots (upload, attribute mapping, results),
fetching from DeepStateMap, the timeline of held area, and the store's history. Everything is
computed in geo/lines and geo/figures; these only read widgets and render."""

from __future__ import annotations

import tempfile
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from geo.lines import classify, deepstate_api, importer, ingest, store
from geo.lines.untrusted import ImportFailure, printable
from ui.loaders import dated_lines
from ui.text import md_text

ss = st.session_state


def import_section() -> None:
    """Upload snapshots (any supported format), say how to read their areas, import them through
    geo.lines.ingest (one line per failure), and show what each import gave.

    Returns
    -------
    None

    Examples
    --------
    >>> import_section()  # doctest: +SKIP
    """
    with st.expander(
        "Import snapshots (DeepStateMap GeoJSON, GeoJSON, KML, KMZ, zipped shapefile, GeoPackage)",
        expanded=not dated_lines().listing(),
    ):
        uploads = st.file_uploader(
            "Files", accept_multiple_files=True, key="uploads", type=[s.lstrip(".") for s in ingest.SUFFIXES]
        )
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
                    st.error(md_text(f"{printable(first.name)}: {problem}"))
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
                bar.progress(i / len(uploads), text=f"{i}/{len(uploads)}: {md_text(printable(up.name))}")
            ss.import_results = [r.as_json() | {"ok": r.ok} for r in results]
        for r in ss.get("import_results", []):
            if not r["ok"]:
                st.error(f"{md_text(r['file'])}: {md_text(r['error'])}")
                continue
            verb = "Already in the store" if r["already_imported"] else "Imported"
            st.success(
                f"{verb}: {md_text(r['file'])} as {md_text(r['source'])} {md_text(r['date'])}: held {r['held_km2']:,.0f} km², unknown "
                f"{r['unknown_km2']:,.0f} km², liberated {r['liberated_km2']:,.0f} km²; {r['features_used']} features used, "
                f"{r['features_ignored']} ignored"
            )
            for w in r["warnings"]:
                st.warning(md_text(w))
            if r["ignored"]:
                st.markdown("Ignored: " + "; ".join(md_text(x) for x in r["ignored"]))


def fetch_section() -> None:
    """Fetch a date from DeepStateMap's history API and import it (only with BRIEFMAP_ONLINE=1).

    Returns
    -------
    None

    Examples
    --------
    >>> fetch_section()  # doctest: +SKIP
    """
    if deepstate_api.online_enabled():
        with st.expander("Fetch from DeepStateMap (online)"):
            fdate = st.text_input("Date to fetch (YYYY-MM-DD)", key="fetch_date")
            if st.button("Fetch and import", disabled=not fdate):
                try:
                    r, downloaded = deepstate_api.fetch_and_import(importer.parse_date(fdate))
                    if r.ok:
                        st.success(("Downloaded" if downloaded else "From the cache") + f": {md_text(Path(r.path).name)}")
                    else:
                        st.error(md_text(r.error))
                except ImportFailure as exc:
                    st.error(md_text(exc))


def chart_scales(df: pd.DataFrame) -> tuple:
    """The timeline's axis scales, widened where the data has one date or one value (else Vega's
    ticks fall hours or fractions of a km² apart: "Thu 17", "108,529.900000").

    Parameters
    ----------
    df : pandas.DataFrame
        The series: ``date`` (ISO) and ``held_km2`` columns.

    Returns
    -------
    tuple of altair.Scale
        The x (time) and y (km²) scales.

    Examples
    --------
    >>> x, y = chart_scales(pd.DataFrame({"date": ["2022-11-17"], "held_km2": [108529.9]}))
    >>> x.domain, y.domain
    (['2022-10-17', '2022-12-17'], [107000, 110000])
    """
    x_scale, y_scale = alt.Scale(), alt.Scale(zero=False)
    dates = sorted(set(df["date"])) if len(df) else []
    if len(dates) == 1:
        d = pd.Timestamp(dates[0])
        x_scale = alt.Scale(domain=[str((d - pd.DateOffset(months=1)).date()), str((d + pd.DateOffset(months=1)).date())])
    values = df["held_km2"].dropna() if len(df) else pd.Series(dtype=float)
    if len(values) and values.max() - values.min() < 1000:
        lo, hi = float(values.min()), float(values.max())
        y_scale = alt.Scale(zero=False, domain=[int(lo // 1000 - 1) * 1000, int(hi // 1000 + 2) * 1000])
    return x_scale, y_scale


def timeline_section() -> None:
    """The held area of every snapshot in the store over time: a chart and its table.

    Returns
    -------
    None

    Examples
    --------
    >>> timeline_section()  # doctest: +SKIP
    """
    rows = dated_lines().series()
    st.markdown("### Held area over time")
    df = pd.DataFrame(rows)
    x_scale, y_scale = chart_scales(df)
    chart = (
        alt.Chart(df)
        .mark_line(point=alt.OverlayMarkDef(size=90))
        .encode(
            x=alt.X("date:T", title="Date", axis=alt.Axis(format="%-d %b %Y", labelOverlap=True), scale=x_scale),
            y=alt.Y(
                "held_km2:Q",
                title="Held by Russia (km²)",
                axis=alt.Axis(format=",.0f", tickMinStep=1),
                scale=y_scale,
            ),
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


def history_section() -> None:
    """Earlier imports of a date and source (make one current again) and removing a snapshot.

    Returns
    -------
    None

    Examples
    --------
    >>> history_section()  # doctest: +SKIP
    """
    items = dated_lines().listing()
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
                    v.name: f"{v.metadata().get('imported_at', '')} · {v.metadata().get('source_file', '')} · {v.sha12}"
                    for v in older
                }
                pick = st.selectbox("Earlier import", list(label), format_func=label.get, key="history_version")
                st.button(
                    "Make this the current one",
                    key="history_promote",
                    on_click=store.promote,
                    args=(next(v for v in older if v.name == pick),),
                )
            else:
                st.caption("Only one import of this date and source.")
        with st.expander("Remove a snapshot from the store"):
            names = {s.name: s for s in items}
            victim = st.selectbox("Snapshot", list(names), key="remove_pick")
            if st.button("Remove", key="remove_go"):
                store.remove(names[victim])
                st.rerun()
