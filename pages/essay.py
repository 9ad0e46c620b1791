"""Essay page: the full text, numbered paragraphs, every place mention a link to the map."""

import streamlit as st

import ui

ui.ensure_frame()

meta = ui.essay_meta()
st.markdown(f"## {ui.md_text(meta['title'])}")
st.caption(f"{ui.md_text(meta['date'])} · {ui.md_text(meta['attribution'])}")
st.markdown("Highlighted names open the map with that place selected.")
body = "".join(f'<p id="p{n}"><span class="bm-para">¶{n}</span>{html}</p>' for n, html in ui.essay_paragraphs())
st.markdown(f'<div class="bm-essay">{body}</div>', unsafe_allow_html=True)  # escaped in geo.web.essay_view
