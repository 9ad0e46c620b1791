"""ui.frame.ensure_frame: a page link as a fresh server's first request still gets app.py's frame.

With a pages/ folder beside app.py, Streamlit starts in its legacy multipage mode and runs a linked
page on its own until `st.navigation` is first called. These tests pin that behaviour of the
installed Streamlit (AppTest starts every run as a fresh process would) and fail naming its version
when it changes; tests/test_browser_lines.py checks the same in a browser."""

from __future__ import annotations

import textwrap

import streamlit
from streamlit.testing.v1 import AppTest
from tests_paths import ROOT

import ui
from ui import frame

APP = str(ROOT / "app.py")
VERSION = f"Streamlit {streamlit.__version__}"


def test_a_page_link_first_runs_the_page_alone_then_through_app_py(tmp_path, monkeypatch):
    (tmp_path / "pages").mkdir()
    (tmp_path / "app.py").write_text(
        textwrap.dedent(
            """
            import streamlit as st
            from ui import frame
            st.session_state.setdefault("runs", []).append("app")
            frame.navigate()
            """
        )
    )
    for name in ("one", "two"):
        (tmp_path / "pages" / f"{name}.py").write_text(
            textwrap.dedent(
                f"""
                import streamlit as st
                from ui import frame
                st.session_state.setdefault("entered", []).append("{name}")
                frame.ensure_frame()
                st.session_state.setdefault("runs", []).append("{name}")
                st.markdown("page {name}")
                """
            )
        )
    monkeypatch.setattr(frame, "PAGES", (("pages/one.py", "One", None), ("pages/two.py", "Two", "two")))
    at = AppTest.from_file(str(tmp_path / "app.py"), default_timeout=30)
    at.switch_page("pages/two.py").run()
    assert not at.exception, at.exception
    entered, runs = at.session_state["entered"], at.session_state["runs"]
    assert entered == ["two", "two"], (
        f"{VERSION} no longer runs a linked page alone on the first request (entered: {entered}): "
        "ui.frame.ensure_frame may no longer be needed; check and simplify it"
    )
    assert runs == ["app", "two"], (
        f"{VERSION}: calling st.navigation from the page and rerunning no longer goes through app.py "
        f"(runs: {runs}); ui.frame.ensure_frame needs another way to keep the frame"
    )
    assert [m.value for m in at.markdown] == ["page two"]
    assert frame.FRAME_RAN not in at.session_state  # taken by the page: the next legacy run would be caught again


def test_the_real_app_keeps_its_frame_on_a_page_link():
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/data.py").run()
    assert not at.exception, at.exception
    values = [m.value for m in at.markdown]
    assert ui.CSS.strip() in [v.strip() for v in values], f"{VERSION}: app.py's frame did not run before pages/data.py"
    assert sum(v.startswith("## Data: every layer") for v in values) == 1
