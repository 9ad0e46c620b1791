"""Essay page: the full text, numbered paragraphs, every place mention a link to the map."""

import streamlit as st

import ui

ui.ensure_frame()

meta = ui.essay_meta()
st.markdown(f"## {ui.md_text(meta['title'])}")
st.caption(f"{ui.md_text(meta['date'])} · {ui.md_text(meta['attribution'])}")
st.markdown("Highlighted names open the map with that place selected.")
st.markdown(ui.essay_html(), unsafe_allow_html=True)  # geo/web/templates/essay.html: escaped there
