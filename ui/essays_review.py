"""The Essay page's pieces for added essays (issue 14): "Add an essay" (upload or paste) and the review
step of an added essay (its places on a map and in a list: accept, reject, the other candidate, your own
one-line summary, add a missed place; then the full text with the reviewed places marked).

Every text from an essay or a file is shown through geo/web/templates (autoescape) or as a widget's
plain value; labels that carry one go through ``md_text``. Reads of the store are cached per store
revision (``geo.essays.store.revision``); decisions are saved at once (``store.save_decisions``).
"""

from __future__ import annotations

import os
import re

import streamlit as st

from geo.essays import model, review
from geo.web import essay_review_view as view
from ui.frame import style
from ui.text import md_text

SEED_ID = "case-against-negotiations-2022-11-17"
ESSAY_KEY = "essay"  # the chosen essay's id ("" = the seed essay); ?essay=ID sets it (ui.frame, helper D)
ESSAY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
UPLOAD_TYPES = ["txt", "md", "html", "htm", "docx"]
MAX_UPLOAD_MB = 20  # Streamlit refuses larger files before they reach the reader (which has its own caps)
MAX_PASTE_CHARS = 2_000_000
PASTED_NAME = "pasted text.txt"
CSS = style("essay_review.css")
ss = st.session_state


# ---- the store, behind one function each ----------------------------------------------------


def _store():
    """geo.essays.store (helper A): add, load, save_decisions, revision."""
    from geo.essays import store

    return store


def _input_error() -> type[Exception]:
    from geo.essays.reader import EssayInputError

    return EssayInputError


def _store_dir_key() -> str:
    """Part of every cache key: the store in use ($BRIEFMAP_STORE or the default)."""
    return os.environ.get("BRIEFMAP_STORE", "")


def revision() -> str:
    """The essay store's revision (``geo.essays.store.revision``): it changes on every write.

    Returns
    -------
    str
        The cache key of every read of the store on this page.

    Examples
    --------
    >>> revision() == revision()  # doctest: +SKIP
    True
    """
    return str(_store().revision())


@st.cache_data(show_spinner=False, max_entries=16)
def _load(essay_id: str, rev: str, store_key: str) -> model.Essay | None:
    try:
        return _store().load(essay_id)
    except LookupError:  # no such essay (or not an essay id)
        return None


def load(essay_id: str) -> model.Essay | None:
    """The stored essay, cached per store revision.

    Parameters
    ----------
    essay_id : str
        An added essay's id.

    Returns
    -------
    geo.essays.model.Essay or None
        None if the store has no such essay.

    Examples
    --------
    >>> load("no-such-essay") is None  # doctest: +SKIP
    True
    """
    return _load(essay_id, revision(), _store_dir_key())


@st.cache_data(show_spinner=False, max_entries=16)
def _review_view(essay_id: str, rev: str, store_key: str) -> dict | None:
    """Everything the review step shows that depends only on the stored essay: built once per revision."""
    e = _load(essay_id, rev, store_key)
    if e is None:
        return None
    points = view.markers(e)
    n = len(e.places)
    added = [p for p in review.reviewed_places(e) if review.status_of(e, p.id) == "added"]
    return {
        "places": [(p.id, view.place_key(p.id), view.place_html(e, p, i)) for i, p in enumerate(e.places, start=1)],
        "added": [(p.id, view.place_key(p.id), view.place_html(e, p, n + i)) for i, p in enumerate(added, start=1)],
        "unresolved": [(name, view.unresolved_html(name, items)) for name, items in review.unresolved_names(e)],
        "legend": view.legend_html(e),
        "markers": points,
        "bounds": view.bounds(points),
        "text": view.text_html(e),
        "counts": review.counts(e),
    }


@st.cache_data(show_spinner=False, max_entries=256)
def _search(query: str) -> list[model.Candidate]:
    return review.search_candidates(query)


# ---- which essay ------------------------------------------------------------------------------


def current() -> str:
    """The chosen essay's id: session state "essay", else ``?essay=`` in the link (a valid id only).

    Returns
    -------
    str
        The id of an added essay, or "" for the curated seed essay.

    Examples
    --------
    >>> current()  # doctest: +SKIP
    ''
    """
    eid = ss.get(ESSAY_KEY)
    if eid is None:
        raw = st.query_params.get(ESSAY_KEY, "")
        eid = raw if isinstance(raw, str) and len(raw) <= 80 and ESSAY_ID.match(raw) else ""
    return "" if eid == SEED_ID else str(eid)


def _switch(essay_id: str) -> None:
    """Choose an essay (in a callback: before any widget keyed "essay" is drawn in the rerun)."""
    ss[ESSAY_KEY] = essay_id
    st.query_params[ESSAY_KEY] = essay_id or SEED_ID


# ---- add an essay ---------------------------------------------------------------------------


def _add(replace: bool = False) -> None:
    """The "Add the essay" and "Replace it" buttons' callback: store.add, then switch to the essay."""
    ss.pop("er_add_error", None)
    ss.pop("er_add_done", None)
    if replace and ss.get("er_pending"):
        raw, name, title, date, author = ss["er_pending"]
    else:
        ss.pop("er_pending", None)
        title, date, author = (str(ss.get(k) or "").strip() or None for k in ("er_title", "er_date", "er_author"))
        if ss.get("er_from") == "Paste text":
            text = str(ss.get("er_paste") or "")
            if not text.strip():
                ss.er_add_error = "Paste the essay's text first."
                return
            raw, name = text.encode("utf-8"), PASTED_NAME
        else:
            up = ss.get("er_upload")
            if up is None:
                ss.er_add_error = "Choose a file first (.txt, .md, .html or .docx)."
                return
            raw, name = up.getvalue(), up.name
    try:
        result = _store().add(raw, name, title=title, date=date, author=author, replace=replace)
    except _input_error() as exc:
        if not replace and _asks_to_replace(exc):
            ss.er_pending = (raw, name, title, date, author)
        ss.er_add_error = str(exc)
        return
    e = result.essay
    what = {"added": "Added", "unchanged": "Already stored (the same text)", "replaced": "Replaced"}.get(
        str(getattr(result, "status", "added")), "Added"
    )
    ss.er_add_done = f"{what} {e.title}: {len(e.places)} places, {len(review.unresolved_names(e))} unresolved"
    ss.pop("er_pending", None)
    _switch(e.id)


def _asks_to_replace(exc: Exception) -> bool:
    """Whether store.add refused because an essay of the same title has another text (it asks first)."""
    if getattr(exc, "needs_replace", False) or type(exc).__name__ in ("EssayExists", "ReplaceNeeded", "EssayConflict"):
        return True
    return "replace" in str(exc).lower()


def _cancel_replace() -> None:
    ss.pop("er_pending", None)
    ss.pop("er_add_error", None)


def add_section(expanded: bool = False) -> None:
    """The "Add an essay" expander: upload or paste, optional title/date/author, one line on failure;
    an essay of the same title with another text is replaced only after a confirming button.

    Parameters
    ----------
    expanded : bool, optional
        Open it (it also opens while it shows an error).

    Returns
    -------
    None

    Examples
    --------
    >>> add_section()  # doctest: +SKIP
    """
    with st.expander("Add an essay", expanded=expanded or bool(ss.get("er_add_error"))):
        st.radio("From", ["Upload a file", "Paste text"], key="er_from", horizontal=True)
        if ss.get("er_from") == "Paste text":
            st.text_area("The essay's text", key="er_paste", height=180, max_chars=MAX_PASTE_CHARS)
        else:
            st.file_uploader(
                "The essay (.txt, .md, .html or .docx)",
                type=UPLOAD_TYPES,
                key="er_upload",
                max_upload_size=MAX_UPLOAD_MB,
                help="Read as text: HTML is stripped of its markup and never run; nothing leaves this machine.",
            )
        c1, c2, c3 = st.columns([3, 2, 2])
        c1.text_input("Title (optional)", key="er_title", max_chars=200, placeholder="From the file if left empty")
        c2.text_input("Date (optional, YYYY-MM-DD)", key="er_date", max_chars=10, placeholder="2024-03-01")
        c3.text_input("Author (optional)", key="er_author", max_chars=200)
        st.button("Add the essay", key="er_add", type="primary", on_click=_add)
        if ss.get("er_add_error"):
            st.error(md_text(ss.er_add_error))
            if ss.get("er_pending"):
                b1, b2 = st.columns(2)
                b1.button("Replace the stored essay with this text", key="er_replace", on_click=_add, args=(True,))
                b2.button("Keep the stored essay", key="er_keep", on_click=_cancel_replace)


# ---- the review step ---------------------------------------------------------------------


def _decide(
    essay_id: str, place_id: str, status: str | None = None, chosen: str | None = None, summary: str | None = None
) -> None:
    """Record one decision and save it with the essay at once (a widget's callback)."""
    ss.pop("er_error", None)
    try:
        e = _store().load(essay_id)
        d = review.decisions_by_place(e).get(place_id)
        new = review.decide(
            e,
            place_id,
            status or (d.status if d else "accepted"),
            chosen=(d.chosen if d else "") if chosen is None else chosen,
            summary=(d.summary if d else "") if summary is None else summary,
            name=(d.name if d and d.status == "added" else ""),
        )
        saved = _store().save_decisions(essay_id, new.decisions)
    except (ValueError, LookupError, OSError, _input_error()) as exc:
        ss.er_error = str(exc)  # the refused value stays in its field, to be corrected
        return
    _sync_widgets(essay_id, place_id, saved)


def _sync_widgets(essay_id: str, place_id: str, essay: model.Essay) -> None:
    """Make a place's widgets show what is now stored (a callback runs before they are drawn): a
    rejected place has no other candidate; another candidate or a summary accepts it."""
    d = review.decisions_by_place(essay).get(place_id)
    key = view.place_key(place_id)
    ss[f"er_st_{essay_id}_{key}"] = None if d is None else ("rejected" if d.status == "rejected" else "accepted")
    ss[f"er_ot_{essay_id}_{key}"] = d.chosen if d is not None else ""
    ss[f"er_su_{essay_id}_{key}"] = d.summary if d is not None else ""


def _on_status(essay_id: str, place_id: str, key: str) -> None:
    value = ss.get(key)
    if value in ("accepted", "rejected"):
        _decide(essay_id, place_id, status=value, chosen="" if value == "rejected" else None)


def _on_other(essay_id: str, place_id: str, key: str) -> None:
    _decide(essay_id, place_id, status="accepted", chosen=ss.get(key) or "")


def _on_summary(essay_id: str, place_id: str, key: str) -> None:
    _decide(essay_id, place_id, summary=str(ss.get(key) or ""))


def _on_add_place(essay_id: str, name_key: str, pick_key: str) -> None:
    """ "Add a place": the picked candidate, under the name as the essay writes it."""
    ss.pop("er_error", None)
    pick, name = ss.get(pick_key), str(ss.get(name_key) or "").strip()
    if not pick:
        ss.er_error = "Search for the place and pick it first."
        return
    try:
        e = _store().load(essay_id)
        new = review.decide(e, pick, "added", name=name)
        _store().save_decisions(essay_id, new.decisions)
    except (ValueError, LookupError, OSError, _input_error()) as exc:
        ss.er_error = str(exc)


def _on_remove_added(essay_id: str, place_id: str) -> None:
    _decide(essay_id, place_id, status="rejected")


def _header(e: model.Essay, counts: dict) -> None:
    bits = [e.title, e.date] + ([e.author] if e.author else []) + [f"added from {e.source_name}"]
    st.caption(
        md_text(
            " · ".join(bits) + f". {counts['found']} places found: {counts['accepted']} accepted, {counts['rejected']} rejected, "
            f"{counts['pending']} not reviewed; {counts['added']} added by you; {counts['unresolved']} names not placed. "
            "Every change below is saved with the essay at once."
        )
    )


def _map(e: model.Essay, v: dict) -> None:
    from streamlit_folium import st_folium

    from geo.web import webmap

    st.markdown(v["legend"], unsafe_allow_html=True)  # geo/web/templates/essay_review.html: escaped there
    state = webmap.apply_group(["ukraine-admin1"], None, False, bounds=v["bounds"], pick=False)
    st_folium(
        webmap.build_map(webmap.DEFAULT_VIEW),
        key=f"er_map_{e.id}",
        height=420,
        use_container_width=True,
        returned_objects=[],
        feature_group_to_add=[state, view.marker_group(v["markers"])],
    )


def _place_controls(e: model.Essay, p: model.FoundPlace, key: str) -> None:
    """Accept / Reject, "This is the other X" and the analyst's summary for one place; the widgets'
    state starts from the stored decision (no default values: the callbacks keep them in step)."""
    d = review.decisions_by_place(e).get(p.id)
    k_status, k_other, k_sum = f"er_st_{e.id}_{key}", f"er_ot_{e.id}_{key}", f"er_su_{e.id}_{key}"
    if k_status not in ss:
        ss[k_status] = None if d is None else ("rejected" if d.status == "rejected" else "accepted")
    if k_sum not in ss:
        ss[k_sum] = d.summary if d is not None else ""
    c1, c2, c3 = st.columns([2, 3, 4], vertical_alignment="bottom")
    c1.radio(
        "Review",
        ["accepted", "rejected"],
        format_func=lambda s: "Accept" if s == "accepted" else "Reject",
        key=k_status,
        horizontal=True,
        on_change=_on_status,
        args=(e.id, p.id, k_status),
    )
    if p.alternatives:
        options = ["", *[a.id for a in p.alternatives]]
        labels = {"": f"{p.name} (as found)", **{a.id: review.place_label(a) for a in p.alternatives}}
        if ss.get(k_other) not in options:
            ss[k_other] = d.chosen if d is not None and d.chosen in options else ""
        c2.selectbox(
            f"This is the other {md_text(p.name)}",
            options,
            format_func=lambda i: labels.get(i, i),
            key=k_other,
            on_change=_on_other,
            args=(e.id, p.id, k_other),
        )
    c3.text_input(
        "Your summary (typed by the analyst)",
        max_chars=review.SUMMARY_MAX,
        key=k_sum,
        placeholder="Optional, one line (Enter saves it)",
        on_change=_on_summary,
        args=(e.id, p.id, k_sum),
    )


def _add_place_controls(e: model.Essay, name: str, key: str, name_fixed: bool = True) -> None:
    """Search the gazetteer and GeoNames for a name and add the picked place under it."""
    k_name, k_query, k_pick = f"er_an_{e.id}_{key}", f"er_aq_{e.id}_{key}", f"er_ap_{e.id}_{key}"
    if name_fixed:
        ss[k_name] = name
    c1, c2, c3 = st.columns([3, 4, 2], vertical_alignment="bottom")
    if not name_fixed:
        c1.text_input("Name as the essay writes it", key=k_name, max_chars=review.NAME_MAX)
        query = c2.text_input("Search the gazetteer and GeoNames", key=k_query, max_chars=review.QUERY_MAX)
    else:
        if k_query not in ss:
            ss[k_query] = name  # the search starts from the name as the essay writes it
        query = c1.text_input("Search the gazetteer and GeoNames", key=k_query, max_chars=review.QUERY_MAX)
    found = _search(query or (ss.get(k_name) or "")) if (query or ss.get(k_name)) else []
    labels = {c.id: review.place_label(c) for c in found}
    if labels and ss.get(k_pick) not in labels:
        ss[k_pick] = next(iter(labels))  # a new search: its best match, picked
    (c2 if name_fixed else c3).selectbox(
        "Place",
        list(labels),
        format_func=lambda i: labels.get(i, i),
        key=k_pick,
        placeholder="No match: try another spelling" if query else "Type a name to search",
    )
    (c3 if name_fixed else st).button(
        "Add this place", key=f"er_ab_{e.id}_{key}", on_click=_on_add_place, args=(e.id, k_name, k_pick)
    )


def review_page(essay_id: str) -> None:
    """The review step of an added essay: its line, the map of its places, the list of places with
    their sentences and controls, the names not placed, "add a place", then the full text.

    Parameters
    ----------
    essay_id : str
        An added essay's id (an unknown one gets one line and "Add an essay").

    Returns
    -------
    None

    Examples
    --------
    >>> review_page("kherson-after-the-withdrawal-2022-11-20")  # doctest: +SKIP
    """
    st.markdown(CSS, unsafe_allow_html=True)  # static CSS from ui/assets (no data)
    try:
        rev = revision()
        v = _review_view(essay_id, rev, _store_dir_key())
    except (OSError, ValueError, _input_error()) as exc:  # an unreadable store or essay file: one line, no traceback
        st.error(md_text(str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
        add_section()
        return
    if v is None:
        st.error(md_text(f"No added essay {review.quote(essay_id)} in the store: add it below, or choose another."))
        st.button("Show the curated essay", key="er_seed", on_click=_switch, args=("",))
        add_section(expanded=True)
        return
    e = _load(essay_id, rev, _store_dir_key())
    _header(e, v["counts"])
    if ss.get("er_add_done"):
        st.success(md_text(ss.pop("er_add_done")))
    add_section()
    if ss.get("er_error"):
        st.error(md_text(ss.er_error))
    _map(e, v)
    st.subheader("Places found")
    if not e.places:
        st.info("No place was found in this essay: add the ones it names below.")
    by_id = {p.id: p for p in e.places}
    for pid, key, html in v["places"]:
        with st.container(border=True, key=f"er_card_{key}"):  # class st-key-er_card_<key>
            st.markdown(html, unsafe_allow_html=True)  # geo/web/templates/essay_review.html: escaped there
            _place_controls(e, by_id[pid], key)
    if v["added"]:
        st.subheader("Places you added")
        for pid, key, html in v["added"]:
            with st.container(border=True, key=f"er_card_{key}"):
                st.markdown(html, unsafe_allow_html=True)  # escaped in the template
                st.button("Remove this place", key=f"er_rm_{e.id}_{key}", on_click=_on_remove_added, args=(e.id, pid))
    if v["unresolved"]:
        st.subheader("Names not placed")
        st.caption("They look like places but were not placed: add the place each one means, or leave it.")
        placed = review.added_names(e)
        for i, (name, html) in enumerate(v["unresolved"]):
            with st.container(border=True):
                st.markdown(html, unsafe_allow_html=True)  # escaped in the template
                if name in placed:
                    st.caption("Placed by you (see Places you added).")
                else:
                    _add_place_controls(e, name, view.place_key("u:" + name))
    st.subheader("Add a place the finder missed")
    with st.container(border=True):
        _add_place_controls(e, "", "missed", name_fixed=False)
    st.subheader("The essay")
    st.markdown(v["text"], unsafe_allow_html=True)  # escaped in the template


def page() -> None:
    """The Essay page: the curated essay as today, or an added essay's review step; "Add an essay" on both.

    Returns
    -------
    None

    Examples
    --------
    >>> page()  # doctest: +SKIP
    """
    import ui

    eid = current()
    if not eid:
        meta = ui.essay_meta()
        st.caption(ui.md_text(meta["attribution"]))  # title, date and what this page does: the header (ui.frame.header)
        if ss.get("er_add_done"):
            st.success(md_text(ss.pop("er_add_done")))
        add_section()
        st.markdown(ui.essay_html(), unsafe_allow_html=True)  # geo/web/templates/essay.html: escaped there
        return
    review_page(eid)
