"""The Map page's skip link: "Skip to search", the first Tab stop, moves the focus into the place search
box (issue 12: Tab count to the search box). The link and its behaviour are a static file
(ui/assets/skip-link.js) and CSS (ui/assets/app.css, ``.bm-skip``); no data."""

from __future__ import annotations

import streamlit as st

from ui.frame import asset


def skip_to_search() -> None:
    """Put the "Skip to search" link at the start of the page (once per browser tab; the script checks).

    Returns
    -------
    None

    Examples
    --------
    >>> skip_to_search()  # doctest: +SKIP
    """
    # The holder's element takes no room (app.css, .bm-script): the script runs all the same.
    st.html(f'<span class="bm-script"></span><script>\n{asset("skip-link.js")}</script>', unsafe_allow_javascript=True)
