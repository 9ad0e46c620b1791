"""The Briefing page's pieces at the UI edge: moving between scenes (and publishing to the room),
taking a presenter's room, the stage (map beside the scene's text) and the controls. The link's
logic is in geo.briefing.links; the rooms in geo.briefing.rooms; HTML in geo/web/templates/."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.briefing import scene_view, scenes
from geo.briefing.rooms import RoomRefused, RoomsFull
from geo.web import overlays, webmap
from ui.frame import KEYS_JS, style
from ui.loaders import rooms, scene_figures
from ui.render import scene_text_html
from ui.text import md_text

ss = st.session_state


def essay_deck():
    """The chosen user essay's briefing (geo.briefing.draft.EssayDeck: its saved scenes, else the
    draft), or None for the seed essay or a user essay with no place on the map.

    Kept until the essay store, the essay's scenes file or the snapshot store changes.

    Returns
    -------
    geo.briefing.draft.EssayDeck or None
        The deck.

    Examples
    --------
    >>> essay_deck() is None  # doctest: +SKIP
    True
    """
    from geo.briefing import draft
    from ui import essays
    from ui.loaders import dated_lines, essay_store, essays_revision

    eid = essays.chosen_id()
    if not eid:
        return None
    return _essay_deck(essays_revision(), eid, draft.scenes_stamp(eid, essay_store()), dated_lines().revision)


@st.cache_resource(show_spinner=False, max_entries=16)
def _essay_deck(revision: str, essay_id: str, scenes_stamp: str, lines_revision: str):
    from geo.briefing import draft
    from ui.loaders import essay_store, user_essay

    e = user_essay(essay_id)
    return None if e is None else draft.essay_briefing(e, essay_store())


def essay_extras() -> tuple[list[dict], str | None]:
    """What a user essay's scenes add to every scene: browser layers (its GeoNames places, its
    snapshot's lines) and the as-of line; ``([], None)`` for the seed essay.

    Returns
    -------
    tuple
        (layers for ``webmap.apply_group``'s dynamic list, stamp or None).

    Examples
    --------
    >>> essay_extras()  # doctest: +SKIP
    ([], None)
    """
    from geo.briefing import draft
    from ui import essays

    e, d = essays.chosen(), essay_deck()
    if e is None or d is None:
        return [], None
    return draft.essay_layers(e, d.briefing.lines_date), draft.essay_stamp(e, d.briefing.lines_date)


def briefing() -> scenes.Briefing:
    """The scenes shown: the shipped scenes.toml (cached in geo.briefing.scenes) for the seed essay,
    a user essay's saved scenes or its draft (`essay_deck`).

    Returns
    -------
    geo.briefing.scenes.Briefing
        The scenes, in order.

    Examples
    --------
    >>> len(briefing().scenes) >= 1  # doctest: +SKIP
    True
    """
    mine = essay_deck()
    deck = mine.briefing if mine is not None else scenes.load()
    extra = ss.get("b_extra")  # a view shared from the Map page (ui/share.py): one more scene, at the end
    return replace(deck, scenes=deck.scenes + (extra[0],)) if extra else deck


def go(n: int, mode: str | None = None) -> None:
    """Move to scene `n` (clamped); published to the room only by a session holding the room's key.

    Parameters
    ----------
    n : int
        The scene wanted.
    mode : str, optional
        The page's mode: only ``"presenter"`` publishes.

    Returns
    -------
    None

    Examples
    --------
    >>> go(99)  # doctest: +SKIP
    """
    total = len(briefing().scenes)
    ss.b_scene = max(1, min(total, n))
    ss.b_override = None
    if mode == "presenter" and ss.get("b_room") and ss.get("b_key"):
        try:
            ss.b_version = rooms().set_scene(ss.b_room, ss.b_key, ss.b_scene).version
        except RoomRefused:
            pass  # ended or expired: the console says so on this run


def end_room() -> None:
    """End this session's room (the console's button); an expired room is already ended.

    Returns
    -------
    None

    Examples
    --------
    >>> end_room()  # doctest: +SKIP
    """
    try:
        rooms().end(ss.b_room, ss.b_key)
    except RoomRefused:
        pass


def audience_link(room_id: str) -> str:
    """The link to share: the audience view of the room, never the key.

    Parameters
    ----------
    room_id : str
        The server's own room id.

    Returns
    -------
    str
        This page's URL with ``?mode=audience&room=ID``.

    Examples
    --------
    >>> audience_link("abc")  # doctest: +SKIP
    '/briefing?mode=audience&room=abc'
    """
    from ui import essays

    query = urlencode({"mode": "audience", "room": room_id, **({"essay": essays.chosen_id()} if essays.chosen_id() else {})})
    try:
        base = (st.context.url or "").split("?")[0].split("#")[0]
    except Exception:  # noqa: BLE001 (no browser context, e.g. AppTest)
        base = ""
    return f"{base or '/briefing'}?{query}"


def take_room(room: str | None, key: str | None) -> None:
    """Presenter mode: make sure this session holds a live room's key, or say why not and stop.

    No room in the link: the server opens a fresh one. A room with its key: this session takes it and
    publishes the link's scene. Anything else (unknown or expired room, wrong or missing key) is one
    line and nothing else: no notes, no controls, nothing published.

    Parameters
    ----------
    room : str or None
        The room in the link (only ever looked up, never echoed).
    key : str or None
        The key in the link.

    Returns
    -------
    None
        Or stops the script run.

    Examples
    --------
    >>> take_room(None, None)  # doctest: +SKIP
    """
    all_rooms = rooms()
    if ss.get("b_room") and ss.b_room == room and all_rooms.holds_key(ss.b_room, ss.get("b_key")):
        return
    if ss.get("b_room") and ss.b_room == room and all_rooms.get(room) is not None:
        return  # ended by this session: the console says so
    if room is None:
        try:
            new = all_rooms.create(ss.b_scene)
        except RoomsFull as exc:
            st.error(md_text(exc))
            st.stop()
        ss.b_room, ss.b_key, ss.b_version = new.room, new.key, new.state.version
        return
    why = all_rooms.refusal(room, key)
    if why:
        st.error(
            md_text(
                f"This presenter link opens nothing: {why} To present, open /briefing?mode=presenter "
                "(a new room); to watch, use the audience link the presenter shares."
            )
        )
        st.stop()
    ss.b_room, ss.b_key = room, key
    ss.b_version = all_rooms.set_scene(room, key, ss.b_scene).version  # the key holder's link says which scene


def scene_state(n: int) -> tuple[scenes.Scene, list[str], list[str]]:
    """Scene `n` with its layers and highlighted places, the link's override applied if it is that scene.

    Parameters
    ----------
    n : int
        The scene.

    Returns
    -------
    tuple
        (scene, layers, places).

    Examples
    --------
    >>> scene_state(1)  # doctest: +SKIP
    """
    scene = briefing().scenes[n - 1]
    layers, places = list(scene.layers), list(scene.places)
    if ss.get("b_override") and ss.b_override[0] == n:
        _, place, over_layers = ss.b_override
        layers = list(over_layers)
        if place:
            places = [place] + [p for p in places if p != place]
    return scene, layers, places


def draw_stage(n: int, key: str, with_points: bool = True, zoom_buttons: bool = True) -> None:
    """The map (framed on the scene) beside the scene's text; what the audience sees.

    Its height and the text's size follow the window (ui/assets/projector.css): one screen, no scrolling.

    Parameters
    ----------
    n : int
        The scene.
    key : str
        The map component's key.
    with_points : bool
        Show our talking points (not on the audience view).
    zoom_buttons : bool
        Show Leaflet's zoom buttons (not on the audience view: static CSS in ui/assets/audience-map.css).

    Returns
    -------
    None

    Examples
    --------
    >>> draw_stage(1, "bm_audience_map", with_points=False, zoom_buttons=False)  # doctest: +SKIP
    """
    scene, layers, places = scene_state(n)
    extra = ss.get("b_extra")
    extra = extra if extra and extra[0].number == n else None  # the shared view's scene: its own figures and date
    essay_layers, essay_stamp = essay_extras()  # a user essay: its places as markers, its snapshot's lines
    group = webmap.apply_group(
        layers,
        None,
        False,
        list(scene_view.ring_layers(scene)) + (extra[2] if extra else []) + essay_layers,
        highlight=places,
        bounds=scene.bounds,
    )
    for r in scene.rings:  # each ring labelled on the map ("100 km")
        c = scene_view.centre(r.place)
        for lat, lon, text in overlays.ring_labels(c.x, c.y, r.km):
            overlays.add_label(group, lat, lon, text, "ring")
    swipe = compare_spec(scene)  # the scene's `compare = ["A", "B"]`, drawn as a swipe (geo/web/assets/compare.js)
    base = webmap.build_map(webmap.DEFAULT_VIEW)
    if not zoom_buttons:
        base.get_root().header.add_child(folium.Element(style("audience-map.css")), name="bm_no_zoom")
    left, right = st.columns([3, 2], gap="small")
    with left:
        st_folium(
            base,
            key=key,
            height=600,
            use_container_width=True,
            returned_objects=[],
            feature_group_to_add=[group, webmap.compare_group(swipe)],
        )
    with right:
        figures = extra[1] if extra else scene_figures(scene.figures)
        stamp = extra[3] if extra and extra[3] else (essay_stamp or scene_view.stamp(scene))
        text = scene_text_html(scene, figures, stamp, with_points)
        st.markdown(text, unsafe_allow_html=True)  # geo/web/templates/scene.html: escaped there


def compare_spec(scene: scenes.Scene) -> dict | None:
    """The swipe of a scene with ``compare = ["A", "B"]`` (geo.web.webcompare), or None.

    A pair that cannot be drawn now (a snapshot removed since `python -m geo check`) is said in one
    line under the map's place, and the scene is shown without the swipe.

    Parameters
    ----------
    scene : geo.briefing.scenes.Scene
        The scene.

    Returns
    -------
    dict or None
        geo.web.webcompare.Comparison.browser_spec(), for geo.web.webmap.compare_group.

    Examples
    --------
    >>> compare_spec(briefing().scenes[0]) is None  # doctest: +SKIP
    True
    """
    if not scene.compare:
        return None
    from geo.data.essay import ESSAY_DATE
    from geo.figures.dated import DatedLines
    from geo.web import webcompare

    why = scenes.compare_problem(scene.compare, DatedLines.for_store().dates(), ESSAY_DATE)
    if why:
        st.caption(md_text(f"Scene {scene.number}: {why}; shown without the comparison."))
        return None
    return webcompare.compare(*scene.compare).browser_spec()


def controls(mode: str | None) -> None:
    """First, previous, next and last, the position, and the keyboard keys (static JS).

    Parameters
    ----------
    mode : str or None
        The page's mode (the presenter's moves are published).

    Returns
    -------
    None

    Examples
    --------
    >>> controls(None)  # doctest: +SKIP
    """
    total = len(briefing().scenes)
    first, last = ss.b_scene == 1, ss.b_scene == total
    c = st.columns([1, 1, 1, 1, 3], gap="small")
    c[0].button("« First", on_click=go, args=(1, mode), disabled=first, width="stretch")
    c[1].button("◀ Previous", on_click=go, args=(ss.b_scene - 1, mode), disabled=first, width="stretch")
    c[2].button("Next ▶", on_click=go, args=(ss.b_scene + 1, mode), disabled=last, width="stretch", type="primary")
    c[3].button("Last »", on_click=go, args=(total, mode), disabled=last, width="stretch")
    c[4].progress(ss.b_scene / total, text=f"Scene {ss.b_scene} of {total}")
    st.iframe(KEYS_JS, height=1)


def jump(label: str, key: str, mode: str | None, **kwargs) -> None:
    """A select box of every scene by number and title that moves there.

    Parameters
    ----------
    label : str
        The box's label.
    key : str
        Its widget key prefix (the scene shown is appended, so it resets on every move).
    mode : str or None
        The page's mode (the presenter's moves are published).
    **kwargs
        Passed to ``st.selectbox`` (e.g. ``label_visibility``).

    Returns
    -------
    None

    Examples
    --------
    >>> jump("Jump to", "b_jump", "presenter")  # doctest: +SKIP
    """
    titles = [s.title for s in briefing().scenes]
    widget = f"{key}_{ss.b_scene}"
    st.selectbox(
        label,
        range(1, len(titles) + 1),
        index=ss.b_scene - 1,
        key=widget,
        format_func=lambda i: f"{i}. {titles[i - 1]}",
        on_change=lambda: go(ss[widget], mode),
        **kwargs,
    )


def export_button() -> None:
    """Build the export (HTML deck, PNG per scene, PDF handout) and offer it as one zip.

    Returns
    -------
    None

    Examples
    --------
    >>> export_button()  # doctest: +SKIP
    """
    import io
    import tempfile
    import zipfile
    from pathlib import Path

    if st.button("Build the export (HTML deck, PNG per scene, PDF handout)"):
        from geo.briefing import export as export_briefing

        bar = st.progress(0.0, text="Exporting…")
        dynamic, stamp = essay_extras()  # a user essay's deck: its scenes, places and lines
        with tempfile.TemporaryDirectory(prefix="briefing-") as d:
            written = export_briefing.export(
                Path(d),
                progress=lambda i, n, what: bar.progress(min(i / n, 1.0), text=what),
                briefing=briefing() if essay_deck() is not None else None,
                dynamic=dynamic,
                stamp=stamp,
            )
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
                for p in written.files:
                    zf.write(p, p.relative_to(d))
            ss.b_export = buf.getvalue()
            ss.b_export_notes = written.notes
    if ss.get("b_export"):
        for note in ss.get("b_export_notes", []):
            st.warning(md_text(note))
        st.download_button("Download the export (zip)", ss.b_export, file_name="briefing-export.zip", mime="application/zip")


def edit_scenes() -> None:
    """ "Edit scenes" for a user essay: its scenes as TOML in a text area, checked like scenes.toml by
    ``python -m geo check`` when saved (a problem is one line and nothing is saved), saved atomically
    with the essay; or back to the draft.

    Returns
    -------
    None

    Examples
    --------
    >>> edit_scenes()  # doctest: +SKIP
    """
    from ui import essays

    e, d = essays.chosen(), essay_deck()
    if e is None or d is None or not ss.get("b_edit"):
        return
    problem = ss.pop("b_edit_problem", None)
    if problem:
        st.error(md_text(problem))  # one line; nothing was saved
    st.markdown("**Edit scenes** (TOML, as in scenes.toml: quotes must be verbatim, places known, 2-4 talking points)")
    if "b_edit_text" not in ss:
        ss.b_edit_text = d.text
    st.text_area("Scenes (TOML)", key="b_edit_text", height=320, label_visibility="collapsed", max_chars=200_000)
    c1, c2, c3, _ = st.columns([1, 1, 2, 3], gap="small")
    c1.button("Save scenes", type="primary", width="stretch", key="b_edit_save", on_click=save, args=(e,))
    c2.button("Cancel", on_click=close_editor, width="stretch", key="b_edit_cancel")
    if d.saved:
        c3.button("Back to the draft (discard saved scenes)", on_click=discard, width="stretch", key="b_edit_discard")


def save(essay) -> None:
    """ "Save scenes": checked, then written atomically with the essay; a problem is one line and
    nothing is written."""
    from geo.briefing import draft
    from ui.loaders import essay_store

    problems = draft.save_scenes(essay, ss.get("b_edit_text", ""), essay_store())
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        ss.b_edit_problem = f"Not saved: {problems[0]}{more}"
        return
    close_editor()
    ss.b_scene, ss.b_override = 1, None


def close_editor() -> None:
    """Close "Edit scenes" (its text is dropped)."""
    ss.b_edit = False
    ss.pop("b_edit_text", None)


def open_editor() -> None:
    """Open "Edit scenes"."""
    ss.b_edit = True
    ss.pop("b_edit_text", None)


def discard() -> None:
    """Remove the chosen essay's saved scenes: its briefing is the draft again."""
    from geo.briefing import draft
    from ui import essays
    from ui.loaders import essay_store

    draft.discard_scenes(essays.chosen_id(), essay_store())
    close_editor()
    ss.b_scene, ss.b_override = 1, None
