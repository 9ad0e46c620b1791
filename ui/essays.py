"""The chosen essay at the UI edge (issue 14): session state ``"essay"`` (``""`` is the curated seed
essay), ``?essay=ID`` read once per session and kept in every link the app writes, and the switcher
in the header. The store's essays come from ``ui.loaders.user_essays``; the Map and Briefing pages
ask `chosen` which essay to follow. The header's title opens the switcher (links with ``?essay=ID``,
geo/web/templates/header.html); the Briefing page, which has no header, lists them in its menu (`radio`).

With no user essay in the store all of this is invisible except the switcher (which then lists the
seed essay alone), and the seed essay's pages are exactly as before.
"""

from __future__ import annotations

import streamlit as st

from geo.web import urlstate
from ui.loaders import essay_meta, is_essay_id, user_essay, user_essays
from ui.text import md_text, show_notices

ss = st.session_state
KEY = "essay"  # session state: the chosen essay's id; "" is the seed essay
SWITCH_KEY = "essay_switch"
NOTICE_CHARS = 50  # how much of a bad ?essay= value a notice quotes


def init() -> None:
    """Once per session: read ``?essay=`` (a known user essay's id, or nothing: the seed essay).

    A value that is not an essay id, or names no essay in the store, gives one notice quoting it (at
    most 50 characters, shown as text) and the seed essay. Then, on every run, the page's link carries
    the chosen essay (``?essay=ID``; nothing for the seed).

    Returns
    -------
    None

    Examples
    --------
    >>> init()  # doctest: +SKIP
    """
    if KEY not in ss:
        ss[KEY] = ""
        raw = st.query_params.get("essay")
        if raw is not None:
            value = str(raw).strip()
            seed = essay_meta()["id"]
            if value and value != seed:
                if not is_essay_id(value):
                    ss.essay_notice = urlstate.notice(
                        "essay",
                        "The essay {value} in the link is not an essay id; the curated essay is shown.",
                        value,
                        NOTICE_CHARS,
                    )
                elif user_essay(value) is None:
                    ss.essay_notice = urlstate.notice(
                        "essay", "No essay {value} in this app's store; the curated essay is shown.", value, NOTICE_CHARS
                    )
                else:
                    ss[KEY] = value
    keep_in_link()


def keep_in_link() -> None:
    """The address carries the chosen essay: ``?essay=ID`` for a user essay, none for the seed. An id
    the store cannot give (removed, or unreadable: the Essay page says which) is left as it is."""
    if missing():
        return
    want = ss.get(KEY) or None
    have = st.query_params.get("essay")
    if want and have != want:
        st.query_params["essay"] = want
    elif not want and have is not None:
        del st.query_params["essay"]


def show_notice() -> None:
    """The notice about a bad ``?essay=`` (plain text, once)."""
    n = ss.pop("essay_notice", None)
    if n is not None:
        show_notices([n])


def chosen():
    """The chosen user essay (``geo.essays.model.Essay``), or None for the seed essay (and for an id
    the store cannot give: see `missing`)."""
    eid = ss.get(KEY) or ""
    return user_essay(eid) if eid else None


def chosen_id() -> str:
    """The chosen essay's id for links: ``""`` for the seed essay (and for one the store cannot give)."""
    return "" if missing() else (ss.get(KEY) or "")


def missing() -> str:
    """The chosen essay's id when the store cannot give it (removed since, or unreadable), else "".
    The Map and Briefing pages then show the curated essay and say so in one line (`missing_notice`);
    the Essay page says why."""
    eid = ss.get(KEY) or ""
    return eid if eid and eid != essay_meta()["id"] and user_essay(eid) is None else ""


def missing_notice() -> None:
    """One line on the Map and Briefing pages when the chosen essay cannot be read from the store."""
    eid = missing()
    if eid:
        st.warning(
            md_text(f"The essay {eid[:NOTICE_CHARS]!r} cannot be read from the store (removed?); the curated essay is shown.")
        )


def meta() -> dict:
    """Title, date (ISO) and author of the chosen essay, for the header."""
    e = chosen()
    if e is None:
        return essay_meta()
    return {"id": e.id, "title": e.title or e.id, "date": e.date, "author": e.author, "attribution": ""}


def options() -> list[str]:
    """The switcher's essays: the seed first (``""``), then the store's."""
    return [""] + list(user_essays())


def label(eid: str) -> str:
    """An essay's line in the switcher: title and date, escaped for the radio's Markdown labels."""
    from geo.figures.headline import human_date

    if not eid:
        m = essay_meta()
        return md_text(f"{m['title']} · {human_date(m['date'])} (curated)")
    e = user_essay(eid)
    if e is None:
        return md_text(eid)
    when = human_date(e.date) if len(e.date) == 10 else e.date
    return md_text(f"{(e.title or e.id)[:120]} · {when[:20]}")


def _reset(eid: str) -> None:
    """Switch to essay `eid`: the Map page's selection and lines, the briefing's scene start afresh."""
    ss[KEY] = eid
    for k in ("selected", "search"):
        if k in ss:
            ss[k] = None
    ss.pan = False
    ss.essay_lines_for = None  # the Map page picks the lines for the new essay's date (ui.map.follow_essay)
    for k in ("b_scene", "b_override", "b_extra", "b_edit", "b_edit_text", "b_export", "b_export_notes"):
        ss.pop(k, None)
    ss.b_init = False
    for k in ("scene", "place", "layers", "extra", "view", "bounds", "date", "rings", "compare"):
        if k in st.query_params:  # the other essay's selection and scene mean nothing here
            del st.query_params[k]


def on_switch() -> None:
    """The switcher changed."""
    _reset(ss[SWITCH_KEY] or "")


HINT = "Add an essay with python -m geo essay add FILE, or on the Essay page."


def header_items() -> list[dict]:
    """The header's switcher: every essay (the seed first) as a link to this page with ``?essay=ID``
    (the seed: no parameter), the chosen one marked. Plain values; the template escapes them.

    Returns
    -------
    list of dict
        ``{"title", "date", "query", "current"}`` each.

    Examples
    --------
    >>> header_items()[0]["query"]  # doctest: +SKIP
    ''
    """
    from urllib.parse import urlencode

    from geo.figures.headline import human_date

    seed = essay_meta()
    out = [{"title": seed["title"], "date": human_date(seed["date"]), "query": "", "current": not chosen_id()}]
    for eid, e in user_essays().items():
        when = human_date(e.date) if len(e.date) == 10 else e.date[:20]
        out.append(
            {"title": (e.title or eid)[:120], "date": when, "query": urlencode({"essay": eid}), "current": eid == chosen_id()}
        )
    return out


def radio() -> None:
    """The essays as a radio list (in the header's popover, and in the Briefing page's menu).

    Returns
    -------
    None

    Examples
    --------
    >>> radio()  # doctest: +SKIP
    """
    opts = options()
    ss[SWITCH_KEY] = ss.get(KEY) if ss.get(KEY) in opts else ""
    st.radio("Essay", options=opts, key=SWITCH_KEY, format_func=label, on_change=on_switch)
    if len(opts) == 1:
        st.caption(md_text(HINT))
