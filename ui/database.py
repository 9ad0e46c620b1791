"""The shared database at the UI edge: one clear line on the page when it cannot be used, never a traceback.

With ``BRIEFMAP_DATABASE_URL`` set, every script run first checks the database (`gate`, from
``ui.navigate``, after the page menu and before anything of the page is drawn): reachable, and its
schema the one this code needs. If not, the page is that one line (``st.error``, the URL masked)
and nothing else, and a small fragment retries every few seconds, rerunning the page as soon as
the database is back (no restart; a reload works too).

A database that goes away while a page is being drawn raises ``geo.db.connect.DatabaseUnavailable``
wherever the page is: ``ui.navigate`` (the page's run) and `guard` (around fragments, which
Streamlit would otherwise show a traceback for) catch it, and only it, and rerun the whole page
once, so the gate shows the one line instead of a half-drawn page. Everything else propagates.
Without the setting nothing here touches a database (nor imports psycopg).
"""

from __future__ import annotations

import functools
from typing import Callable, TypeVar

import streamlit as st
from streamlit.logger import get_logger

from geo.db import settings

_log = get_logger("briefmap.database")
RETRIED = "bm_db_retried"  # session key: this session already reran once after a DatabaseUnavailable
RETRY_EVERY_S = 5.0
F = TypeVar("F", bound=Callable)


def problem() -> str | None:
    """Why the configured database cannot be used right now, in one line (URL masked), or None.

    None also when no database is configured (the embedded file stores need nothing).

    Returns
    -------
    str or None
        The line to show, or None when the database is reachable and its schema current.

    Examples
    --------
    >>> problem() is None  # no BRIEFMAP_DATABASE_URL: the file stores
    True
    """
    if not settings.enabled():
        return None
    from geo.db import schema
    from geo.db.connect import DatabaseUnavailable

    try:
        url = settings.database_url()
    except settings.DatabaseConfigError as exc:
        return f"The database setting cannot be used: {exc}"
    try:
        st_ = schema.status(url)
    except DatabaseUnavailable as exc:
        return str(exc)
    except schema.SchemaError as exc:
        return f"The database {settings.masked(url)} cannot be used by this version of the app: {exc}"
    if st_.up_to_date:
        return None
    run = "python -m geo db init" if st_.current == 0 else "python -m geo db migrate"
    return (
        f"The database {settings.masked(url)} has schema version {st_.current}; this app needs {st_.latest} "
        f"({len(st_.pending)} migration(s) pending): run `{run}`, then reload this page."
    )


def show(line: str) -> None:
    """The one line on the page (``st.error``, shown as plain text: the masked URL is not Markdown).

    Parameters
    ----------
    line : str
        The message (already masked).

    Returns
    -------
    None

    Examples
    --------
    >>> show("The database postgresql://u:***@db/briefmap cannot be reached")  # doctest: +SKIP
    """
    from ui.text import md_text

    st.error(md_text(line))


def gate() -> bool:
    """Each script run, before the page: True when the page may run; else the one line is shown.

    Returns
    -------
    bool
        False: the database cannot be used (the line is on the page and a fragment retries).

    Examples
    --------
    >>> gate()  # doctest: +SKIP
    True
    """
    line = problem()
    if line is None:
        return True
    st.session_state.pop(RETRIED, None)  # the clean message is up: a later failure may rerun again
    show(line)
    _retry()
    return False


@st.fragment(run_every=RETRY_EVERY_S)
def _retry() -> None:
    """While the database cannot be used: check again every few seconds, and rerun the page once it can."""
    if st.session_state.get("bm_db_gate_drawn"):
        if problem() is None:
            st.rerun(scope="app")
    st.session_state["bm_db_gate_drawn"] = True


def unavailable(exc: BaseException) -> None:
    """A page (or fragment) met ``DatabaseUnavailable``: rerun the whole page once, so the gate shows
    one line and nothing half-drawn; if this session just did that, show the line here.

    Parameters
    ----------
    exc : BaseException
        The ``DatabaseUnavailable`` (its text is one line, URL masked).

    Returns
    -------
    None

    Examples
    --------
    >>> unavailable(RuntimeError("The database … cannot be reached"))  # doctest: +SKIP
    """
    _log.warning("%s", exc)
    if not st.session_state.get(RETRIED):
        st.session_state[RETRIED] = True
        st.rerun(scope="app")
    show(str(exc))


def ran() -> None:
    """A page run finished: the next ``DatabaseUnavailable`` may rerun the page again."""
    st.session_state.pop(RETRIED, None)
    st.session_state.pop("bm_db_gate_drawn", None)


def guard(fn: F) -> F:
    """Wrap a fragment's body: ``DatabaseUnavailable`` inside it becomes the one line (see `unavailable`).

    Streamlit shows an exception raised in a fragment itself, traceback included, so every
    ``st.fragment`` of the pages that reads the database is wrapped (under it: ``@st.fragment`` then
    ``@guard``). Nothing but ``DatabaseUnavailable`` is caught.

    Parameters
    ----------
    fn : callable
        The fragment's function.

    Returns
    -------
    callable
        The same function, guarded.

    Examples
    --------
    >>> @guard
    ... def body():
    ...     return 1
    >>> body()
    1
    """

    @functools.wraps(fn)
    def guarded(*args, **kwargs):
        from geo.db.connect import DatabaseUnavailable

        try:
            return fn(*args, **kwargs)
        except DatabaseUnavailable as exc:
            unavailable(exc)
            return None

    return guarded  # type: ignore[return-value]
