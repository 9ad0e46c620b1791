"""Briefing: the essay's argument as map scenes. Three ways to open it:

- `/briefing?scene=N`: step through on one screen (buttons, keys → ← space Home End);
- `/briefing?mode=presenter`: opens a fresh room on the server and becomes its presenter console
  (notes, next scene, timer, controls); the link becomes `?mode=presenter&room=ID&key=KEY`, the key
  being the presenter's secret. Only a link with the room's key drives the room; any other
  presenter link (unknown room, wrong or missing key) shows one line and opens nothing;
- `/briefing?mode=audience&room=ID`: what is screen-shared; follows the presenter live, no notes, no
  controls, no way to move the room.
`place` and `layers` in the link override the first scene's highlight and layers, as on the map.
Nothing from the link is rendered as Markdown or HTML (notices go through ui.notice_md).
"""

import io
import tempfile
import time
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st
from streamlit_folium import st_folium

import ui

ui.ensure_frame()

from geo.briefing import rooms as rooms_mod  # noqa: E402 (after the frame check)
from geo.briefing import scene_view, scenes  # noqa: E402
from geo.briefing.rooms import RoomRefused, RoomsFull  # noqa: E402
from geo.web import urlstate, webmap

ss = st.session_state
briefing = scenes.load()
N = len(briefing.scenes)
params = st.query_params.to_dict()
mode = params.get("mode") if params.get("mode") in ("presenter", "audience") else None
room = params.get("room") or None  # from the link: only ever looked up, never echoed


def init() -> None:
    """Read the link once per session: scene, room, and any place/layers override."""
    if ss.get("b_init"):
        return
    ss.b_init = True
    ss.b_notices = []
    raw = params.get("scene", "1")
    try:
        n = int(raw)
        if not 1 <= n <= N:
            raise ValueError
    except ValueError:
        ss.b_notices.append(
            urlstate.notice("scene", f"There is no scene {{value}}; the briefing has scenes 1 to {N}. Showing scene 1.", raw, 10)
        )
        n = 1
    ss.b_scene = n
    ss.b_override = None
    if "place" in params or "layers" in params:
        first = briefing.scenes[n - 1]
        known = {p: True for p in ui.known_places()}
        state = urlstate.parse(
            {k: params[k] for k in ("place", "layers") if k in params}, frozenset(known), ui.toggleable_layers(), first.layers
        )
        ss.b_notices.extend(state.notices)
        ss.b_override = (n, state.place, state.layers)
    if params.get("mode") not in (None, "presenter", "audience"):
        ss.b_notices.append(
            urlstate.notice("mode", "Unknown mode {value}; showing the briefing on one screen.", params["mode"], 20)
        )


def go(n: int) -> None:
    """Move to scene n (clamped); published to the room only by a session holding the room's key."""
    ss.b_scene = max(1, min(N, n))
    ss.b_override = None
    if mode == "presenter" and ss.get("b_room") and ss.get("b_key"):
        try:
            ss.b_version = ui.rooms().set_scene(ss.b_room, ss.b_key, ss.b_scene).version
        except RoomRefused:
            pass  # ended or expired: the console says so on this run


def end_room() -> None:
    try:
        ui.rooms().end(ss.b_room, ss.b_key)
    except RoomRefused:
        pass


def audience_link(room_id: str) -> str:
    """The link to share: the audience view of the room, never the key."""
    query = urlencode({"mode": "audience", "room": room_id})
    try:
        base = (st.context.url or "").split("?")[0].split("#")[0]
    except Exception:  # noqa: BLE001 (no browser context, e.g. AppTest)
        base = ""
    return f"{base or '/briefing'}?{query}"


def take_room() -> None:
    """Presenter mode: make sure this session holds a live room's key, or say why not and stop.

    No room in the link: the server opens a fresh one. A room with its key: this session takes it and
    publishes the link's scene. Anything else (unknown or expired room, wrong or missing key) is one
    line and nothing else: no notes, no controls, nothing published."""
    rooms = ui.rooms()
    if ss.get("b_room") and ss.b_room == room and rooms.holds_key(ss.b_room, ss.get("b_key")):
        return
    if ss.get("b_room") and ss.b_room == room and rooms.get(room) is not None:
        return  # ended by this session: the console says so
    if room is None:
        try:
            new = rooms.create(ss.b_scene)
        except RoomsFull as exc:
            st.error(ui.md_text(exc))
            st.stop()
        ss.b_room, ss.b_key, ss.b_version = new.room, new.key, new.state.version
        return
    key = params.get("key")
    why = rooms.refusal(room, key)
    if why:
        st.error(
            ui.md_text(
                f"This presenter link opens nothing: {why} To present, open /briefing?mode=presenter "
                "(a new room); to watch, use the audience link the presenter shares."
            )
        )
        st.stop()
    ss.b_room, ss.b_key = room, key
    ss.b_version = rooms.set_scene(room, key, ss.b_scene).version  # the key holder's link says which scene


def scene_state(n: int):
    scene = briefing.scenes[n - 1]
    layers, places = list(scene.layers), list(scene.places)
    if ss.get("b_override") and ss.b_override[0] == n:
        _, place, over_layers = ss.b_override
        layers = list(over_layers)
        if place:
            places = [place] + [p for p in places if p != place]
    return scene, layers, places


def draw_stage(n: int, key: str, with_points: bool = True) -> None:
    """The map (framed on the scene) beside the scene's text; what the audience sees."""
    scene, layers, places = scene_state(n)
    left, right = st.columns([3, 2], gap="small")
    with left:
        st_folium(
            webmap.build_map(webmap.DEFAULT_VIEW),
            key=key,
            height=600,
            use_container_width=True,
            returned_objects=[],
            feature_group_to_add=webmap.apply_group(
                layers, None, False, list(scene_view.ring_layers(scene)), highlight=places, bounds=scene.bounds
            ),
        )
    with right:
        figures = ui.scene_figures(scene.figures)
        st.markdown(
            ui.scene_text_html(scene, figures, scene_view.stamp(scene), with_points), unsafe_allow_html=True
        )  # escaped in ui


def controls() -> None:
    c = st.columns([1, 1, 1, 1, 3], gap="small")
    c[0].button("« First", on_click=go, args=(1,), disabled=ss.b_scene == 1, width="stretch")
    c[1].button("◀ Previous", on_click=go, args=(ss.b_scene - 1,), disabled=ss.b_scene == 1, width="stretch")
    c[2].button("Next ▶", on_click=go, args=(ss.b_scene + 1,), disabled=ss.b_scene == N, width="stretch", type="primary")
    c[3].button("Last »", on_click=go, args=(N,), disabled=ss.b_scene == N, width="stretch")
    c[4].progress(ss.b_scene / N, text=f"Scene {ss.b_scene} of {N}")
    st.iframe(ui.KEYS_JS, height=1)


init()
ui.show_notices(ss.b_notices)  # plain text: the link's values are escaped in ui.notice_md
ss.b_notices = []

if mode == "audience":
    st.markdown(ui.PROJECTOR_CSS + ui.AUDIENCE_CSS, unsafe_allow_html=True)  # static CSS
    if room is None:
        st.error("This audience view needs a room: open the audience link the presenter console shows.")
        st.stop()
    if ui.rooms().get(room) is None:
        st.error("There is no such briefing room (it may have expired): ask the presenter for the current audience link.")
        st.stop()

    @st.fragment(run_every=1.0)
    def follow() -> None:
        state = ui.rooms().get(room)
        if state is None or state.ended:
            st.info("This briefing has ended." if state else "This briefing room has expired.")
            return
        if state.scene != ss.get("b_scene"):
            ss.b_scene = state.scene
            ss.b_override = None
        draw_stage(ss.b_scene, "bm_audience_map", with_points=False)

    follow()
elif mode == "presenter":
    st.markdown(ui.PROJECTOR_CSS, unsafe_allow_html=True)  # static CSS
    take_room()  # stops here unless this session holds the room's key
    state = ui.rooms().get(ss.b_room)
    if state is None or state.ended:
        st.info(
            "You ended this briefing room; its audience view says so."
            if state
            else "This briefing room has expired; its audience view says so."
        )
        st.page_link("pages/briefing.py", label="Open a new room", query_params={"mode": "presenter", "scene": str(ss.b_scene)})
        st.stop()
    if state.version != ss.get("b_version"):  # moved from another window holding the key
        ss.b_scene, ss.b_version, ss.b_override = state.scene, state.version, None
    top = st.columns([5, 1, 2, 1], gap="small", vertical_alignment="center")
    with top[0]:
        st.markdown(
            "**Presenter console** · share this audience link (the link in your address bar holds your "
            "presenter key: keep it to yourself)"
        )
        st.code(audience_link(ss.b_room), language=None)  # plain text; the room id is the server's own
    with top[1]:
        st.iframe(ui.timer_html(state.started_at), height=44)
    top[2].selectbox(
        "Jump to",
        range(1, N + 1),
        index=ss.b_scene - 1,
        key=f"b_jump_{ss.b_scene}",
        format_func=lambda i: f"{i}. {briefing.scenes[i - 1].title}",
        on_change=lambda: go(ss[f"b_jump_{ss.b_scene}"]),
        label_visibility="collapsed",
    )
    with top[3].popover("Room", width="stretch"):
        expires = time.strftime("%H:%M UTC on %d %b", time.gmtime(state.expires_at))
        st.markdown(
            ui.md_text(
                f"The room closes at {expires}, {rooms_mod.room_hours():g} h after it was opened "
                "(BRIEFMAP_ROOM_HOURS). Ending it now stops every audience view."
            )
        )
        st.button("End the briefing room", on_click=end_room, type="primary")
    controls()
    scene = briefing.scenes[ss.b_scene - 1]
    notes, after = st.columns([3, 1], gap="small")
    notes.markdown(ui.presenter_html("notes", scene.notes), unsafe_allow_html=True)  # escaped in the template
    nxt = briefing.scenes[ss.b_scene].title if ss.b_scene < N else "— end of the briefing —"
    after.markdown(ui.presenter_html("next", nxt), unsafe_allow_html=True)  # escaped in the template
    draw_stage(ss.b_scene, "bm_presenter_map")
else:
    st.markdown("## Briefing: the case against negotiations, scene by scene")
    controls()
    draw_stage(ss.b_scene, "bm_brief_map")
    with st.expander("Scenes, presenting and export"):
        st.selectbox(
            "Jump to a scene",
            range(1, N + 1),
            index=ss.b_scene - 1,
            key=f"b_list_{ss.b_scene}",
            format_func=lambda i: f"{i}. {briefing.scenes[i - 1].title}",
            on_change=lambda: go(ss[f"b_list_{ss.b_scene}"]),
        )
        st.page_link(
            "pages/briefing.py",
            label="Open the presenter console (then share its audience link)",
            query_params={"mode": "presenter", "scene": str(ss.b_scene)},
        )
        st.caption(
            "Keys: → or space next, ← previous, Home first, End last. The scenes live in "
            f"{ui.md_text(scenes.SCENES_FILE.name)}; `python -m geo check` verifies them."
        )
        if st.button("Build the export (HTML deck, PNG per scene, PDF handout)"):
            from geo.briefing import export as export_briefing

            bar = st.progress(0.0, text="Exporting…")
            with tempfile.TemporaryDirectory(prefix="briefing-") as d:
                written = export_briefing.export(Path(d), progress=lambda i, n, what: bar.progress(min(i / n, 1.0), text=what))
                buf = io.BytesIO()
                with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
                    for p in written.files:
                        zf.write(p, p.relative_to(d))
                ss.b_export = buf.getvalue()
                ss.b_export_notes = written.notes
        if ss.get("b_export"):
            for note in ss.get("b_export_notes", []):
                st.warning(ui.md_text(note))
            st.download_button("Download the export (zip)", ss.b_export, file_name="briefing-export.zip", mime="application/zip")

params_out = {"mode": mode} if mode else {}
if mode == "audience":
    params_out["room"] = room
elif mode == "presenter":
    params_out["room"], params_out["key"] = ss.b_room, ss.b_key  # the presenter's own link: never shown to the audience
params_out["scene"] = str(ss.b_scene)
if ss.get("b_override") and ss.b_override[0] == ss.b_scene:
    for k in ("place", "layers"):
        if k in params:
            params_out[k] = params[k]
if st.query_params.to_dict() != params_out:
    st.query_params.from_dict(params_out)
