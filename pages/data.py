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
cols = ["source", "licence", "method", "accuracy"]


def layer_cell(c: dict) -> str:
    """The layer's title, id, kind, date, feature count and file in one cell (so the table fits at 1280 px)."""
    parts = [f"{c.get('title')} ({c.get('id')})", c.get("kind"), c.get("date") or "undated"]
    return " · ".join(str(p) for p in parts) + f" · {c.get('feature_count')} features · {c.get('path')}"


table = ui.table_html(
    ["layer · kind · date · features · file", *cols], [[layer_cell(c), *(c.get(k) for k in cols)] for c in ui.catalogue()]
)
st.markdown(table, unsafe_allow_html=True)  # geo/web/templates/table.html: escaped there

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
utable = ui.table_html([label for _, label in ucols], [[u.get(k) for k, _ in ucols] for u in units])
st.markdown(utable, unsafe_allow_html=True)  # geo/web/templates/table.html: escaped there
