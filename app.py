"""Entry point: the shared frame (page config, projector-legible CSS) and the page navigation."""

import streamlit as st

import ui

st.set_page_config(page_title="Briefing map", layout="wide", initial_sidebar_state="expanded")
st.markdown(ui.CSS, unsafe_allow_html=True)  # static CSS only, no data

pages = [
    st.Page("pages/map.py", title="Map", default=True),
    st.Page("pages/essay.py", title="Essay", url_path="essay"),
    st.Page("pages/lines.py", title="Lines", url_path="lines"),
    st.Page("pages/briefing.py", title="Briefing", url_path="briefing"),
    st.Page("pages/data.py", title="Data", url_path="data"),
]
ui.warm_up()
st.navigation(pages).run()
