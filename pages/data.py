"""Data page: every shipped layer with source, licence, date, method, accuracy and feature count,
from the same catalogue `python -m geo layers` prints."""
import streamlit as st

import ui

ui.ensure_frame()

st.markdown("## Data: every layer and where it comes from")
st.markdown("The same catalogue as `python -m geo layers --json`. Full provenance per file, and known weaknesses, are in `data/README.md`.")
cols = ["id", "title", "kind", "date", "feature_count", "source", "licence", "method", "accuracy", "path"]
head = "".join(f"<th>{ui.esc(c.replace('_', ' '))}</th>" for c in cols)
rows = "".join("<tr>" + "".join(f"<td>{ui.esc(c.get(k) if c.get(k) is not None else '–')}</td>" for k in cols) + "</tr>"
               for c in ui.catalogue())
st.markdown(f'<table class="bm-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>', unsafe_allow_html=True)
