"""Essay page: the full text, numbered paragraphs, every place mention a link to the map."""

import streamlit as st

import ui

ui.ensure_frame()

meta = ui.essay_meta()
st.caption(ui.md_text(meta["attribution"]))  # title, date and what this page does: the header (ui.frame.header)
st.markdown(ui.essay_html(), unsafe_allow_html=True)  # geo/web/templates/essay.html: escaped there
