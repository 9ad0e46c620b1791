"""The app's frame: its title, its static CSS and JS (files in ui/assets/, never data), and the
one workaround that keeps the frame when a page link is the first request."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import streamlit as st

ASSETS = Path(__file__).resolve().parent / "assets"

APP_TITLE = "Briefing map · The Case Against Negotiations with Russia (17 Nov 2022)"


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """The text of a static asset in ui/assets/ (CSS or JS written by us; no data)."""
    return (ASSETS / name).read_text(encoding="utf-8")


def style(*names: str) -> str:
    """A <style> block of static CSS files from ui/assets/, for st.markdown(..., unsafe_allow_html=True)."""
    return "<style>\n" + "".join(asset(n) for n in names) + "</style>\n"


CSS = style("app.css")
PROJECTOR_CSS = style("projector.css")
AUDIENCE_CSS = style("audience.css")
KEYS_JS = "<script>\n" + asset("briefing-keys.js") + "</script>\n"


def ensure_frame() -> None:
    """First call of every page. Streamlit runs a page file on its own (its legacy `pages/` folder
    mode) when a link to it is the first request a fresh server gets, so app.py's frame and
    navigation never run; switch that mode off and rerun, which goes through app.py."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without the legacy mode: nothing to switch off
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()
