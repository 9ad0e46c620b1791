"""Data page: every shipped layer with source, licence, date, method, accuracy and feature count,
from the same catalogue `python -m geo layers` prints; then each first-level unit's area against
the official figure, saying plainly why any unit outside the tolerance is."""

import streamlit as st

import ui

ui.ensure_frame()

st.markdown("## Data: every layer and where it comes from")
st.markdown(
    "The same catalogue as `python -m geo layers --json`. Full provenance per file, and known weaknesses, are in `data/README.md`."
)
cols = ["id", "title", "kind", "date", "feature_count", "source", "licence", "method", "accuracy", "path"]
head = "".join(f"<th>{ui.esc(c.replace('_', ' '))}</th>" for c in cols)
rows = "".join(
    "<tr>" + "".join(f"<td>{ui.esc(c.get(k) if c.get(k) is not None else '–')}</td>" for k in cols) + "</tr>"
    for c in ui.catalogue()
)
st.markdown(f'<table class="bm-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>', unsafe_allow_html=True)

units, tolerance = ui.unit_areas()
off = [u for u in units if abs(u["area_deviation_pct"]) > tolerance]
st.markdown("### First-level units against their official areas")
st.markdown(
    f"{len(units) - len(off)} of {len(units)} units come within {tolerance:g}% of the official total area (State Statistics "
    "Service of Ukraine, inland waters included). Natural Earth 1:10m counts estuaries, lagoons and bays as sea, so the build "
    "adds the water the official totals include, closed off by authored lines (`data/authored/unit_boundaries.csv`); it "
    "replaces Natural Earth's Kyiv city and Sevastopol limits with lines drawn halfway between GeoNames settlements on "
    'either side. Every "share of the oblast" figure uses these areas.'
)
for u in off:
    st.markdown(f"**{ui.md_text(u['name'])} is {u['area_deviation_pct']:+.1f}% off.** {ui.md_text(u['area_note'])}")
ucols = [
    ("name", "unit"),
    ("area_km2", "area km²"),
    ("official_area_km2", "official km²"),
    ("area_deviation_pct", "deviation %"),
    ("water_added_km2", "water added km²"),
    ("area_method", "method"),
]
uhead = "".join(f"<th>{ui.esc(label)}</th>" for _, label in ucols)
urows = "".join("<tr>" + "".join(f"<td>{ui.esc(u.get(k))}</td>" for k, _ in ucols) + "</tr>" for u in units)
st.markdown(f'<table class="bm-table"><thead><tr>{uhead}</tr></thead><tbody>{urows}</tbody></table>', unsafe_allow_html=True)
