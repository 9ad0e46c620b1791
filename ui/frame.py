"""The app's frame: its title, its pages, its static CSS and JS (files in ui/assets/, never data),
and `ensure_frame`, which keeps the frame when a page link is a fresh server's first request."""

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
FOLLOW_JS = asset("briefing-follow.js")  # the audience view's long poll (ui.briefing.follow_script)


PAGES = (
    # (file, title, url path); the first is the default page
    ("pages/map.py", "Map", None),
    ("pages/essay.py", "Essay", "essay"),
    ("pages/lines.py", "Lines", "lines"),
    ("pages/briefing.py", "Briefing", "briefing"),
    ("pages/data.py", "Data", "data"),
)
# One sentence per page on what it does, under the essay's title (ui.frame.header). The Briefing page
# has none: its screens are sized for a projector by that page itself.
PAGE_WHAT = {
    "Map": "Click or search a place: what the essay argues about it, and its facts.",
    "Essay": "The essay's full text, paragraph by paragraph; each highlighted name opens that place on the map.",
    "Lines": "Import dated snapshots of the front line, chart the held area over time and see what changed since the essay.",
    "Data": "Every layer the app draws, with its source, licence, date, method and accuracy, and each unit's area check.",
}
FRAME_RAN = "bm_frame_ran"  # session key: app.py ran before the page in this script run


def pages() -> list:
    """The app's pages for ``st.navigation``, in menu order (paths relative to app.py).

    Returns
    -------
    list of streamlit.navigation.page.StreamlitPage
        One ``st.Page`` per entry of `PAGES`, the first the default.

    Examples
    --------
    >>> [p.title for p in pages()]  # doctest: +SKIP
    ['Map', 'Essay', 'Lines', 'Briefing', 'Data']
    """
    return [st.Page(path, title=title, url_path=url, default=i == 0) for i, (path, title, url) in enumerate(PAGES)]


def navigate() -> None:
    """Last call of app.py: note that the frame ran in this run (`ensure_frame` takes the note), then
    run the page the URL names. With a shared database, the page runs only if the database can be
    used (`ui.database.gate`); one that goes away mid-page becomes one line (`ui.database.unavailable`).

    Returns
    -------
    None

    Examples
    --------
    >>> navigate()  # doctest: +SKIP
    """
    from geo.db.connect import DatabaseUnavailable
    from ui import database, essays

    st.session_state[FRAME_RAN] = True
    page = st.navigation(pages())
    if not database.gate():  # a database that cannot be used: its one line is the page (ui/database.py)
        st.session_state.pop(FRAME_RAN, None)  # no page ran: a page run next on its own goes through here again
        return
    try:
        essays.init()  # the chosen essay: ?essay=ID once per session, then kept in the link (ui/essays.py)
        header(page.title)
        essays.show_notice()
        page.run()
    except DatabaseUnavailable as exc:  # gone while the page was drawn: rerun, the gate says it in one line
        database.unavailable(exc)
    else:
        database.ran()


def header(title: str) -> None:
    """The compact header above a page: the chosen essay's title, author line, date, what the page
    does, and the essay switcher.

    Parameters
    ----------
    title : str
        The page's title (`PAGES`); a page without an entry in `PAGE_WHAT` gets no header.

    Returns
    -------
    None

    Examples
    --------
    >>> header("Map")  # doctest: +SKIP
    """
    what = PAGE_WHAT.get(title)
    if what is None:
        return
    from ui import essays
    from ui.render import header_html

    html = header_html(essays.meta(), what, essays.header_items(), essays.HINT)  # the title opens the switcher
    st.markdown(html, unsafe_allow_html=True)  # geo/web/templates/header.html: escaped there


def ensure_frame() -> None:
    """First call of every page: make sure app.py's frame (page config, CSS, warm-up, navigation)
    ran before the page in this script run.

    Why: with a ``pages/`` folder beside app.py, Streamlit starts every server process in its legacy
    multipage mode (``PagesManager.uses_pages_directory``, set from the folder's existence alone; no
    config option turns it off, and ``client.showSidebarNavigation`` only hides the menu). In that
    mode a link to a page that is the first request the process gets runs ``pages/x.py`` on its own,
    without app.py, until the first call of ``st.navigation`` switches the legacy mode off for the
    whole process. So a page that finds app.py did not run before it calls ``st.navigation`` itself
    (public API: it disregards the ``pages/`` folder from then on) and reruns, which goes through
    app.py. No private Streamlit class is touched; ``tests/test_frame.py`` pins the behaviour and
    names the Streamlit version if it changes.
    """
    if st.session_state.pop(FRAME_RAN, False):
        return
    st.navigation(pages())  # switches Streamlit's legacy pages/ mode off for this server process
    st.rerun()
