"""Entry point: the shared frame (page config, projector-legible CSS) and the page navigation."""

import streamlit as st

import ui

st.set_page_config(page_title="Briefing map", layout="wide", initial_sidebar_state="auto")
st.markdown(ui.CSS, unsafe_allow_html=True)  # static CSS only, no data

ui.warm_up()
ui.navigate()  # last: runs the page the URL names (ui.frame.PAGES)
