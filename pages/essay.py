"""Essay page: the full text, numbered paragraphs, every place mention a link to the map (the chosen
essay: the curated seed, or a user essay from the store, whose links keep ?essay=ID)."""

import streamlit as st

import ui

ui.ensure_frame()

from ui import essays

essay = essays.chosen()
if essay is None:
    meta = ui.essay_meta()
    st.caption(ui.md_text(meta["attribution"]))  # title, date and what this page does: the header (ui.frame.header)
    st.markdown(ui.essay_html(), unsafe_allow_html=True)  # geo/web/templates/essay.html: escaped there
else:
    from geo.web import essay_map

    if essay.source_name:
        st.caption(ui.md_text(f"Added from {essay.source_name[:120]}; the names found are linked to the map."))
    st.markdown(essay_map.essay_html(essay), unsafe_allow_html=True)  # geo/web/templates/essay.html: escaped there
