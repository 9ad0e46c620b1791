"""Briefing: the essay's argument as map scenes. Three ways to open it:

- `/briefing?scene=N`: step through on one screen (buttons, keys → ← space Home End);
- `/briefing?mode=presenter`: opens a fresh room on the server and becomes its presenter console
  (notes, next scene, timer, controls); the link becomes `?mode=presenter&room=ID&key=KEY`, the key
  being the presenter's secret. Only a link with the room's key drives the room; any other
  presenter link (unknown room, wrong or missing key) shows one line and opens nothing;
- `/briefing?mode=audience&room=ID`: what is screen-shared; follows the presenter live, no notes, no
  controls, no way to move the room.
`place` and `layers` in the link override the first scene's highlight and layers, as on the map.
Nothing from the link is rendered as Markdown or HTML (notices go through ui.notice_md). The page's
pieces are in ui/briefing.py, the link's logic in geo/briefing/links.py.
"""

import time

import streamlit as st

import ui

ui.ensure_frame()

from geo.briefing import draft, links, rooms, scenes
from ui import briefing as b
from ui import database as ui_database
from ui import essays  # the chosen essay (ui/essays.py)
from ui import share as ui_share  # a view shared from the Map page: an extra scene
from ui.frame import PAGES

ss = st.session_state
essays.missing_notice()  # the chosen essay cannot be read from the store: one line, the curated essay
essay = essays.chosen()  # None: the curated seed essay and its scenes.toml, as before
if essay is not None and b.essay_deck() is None:  # a user essay naming no place on the map
    st.markdown(f"**Briefing:** {ui.md_text(essay.title or essay.id)}")
    st.info(
        "This essay names no place on the map, so there is no scene to draft. Switch essays, or review its places on the Essay page."
    )
    essays.radio()
    st.stop()
deck = b.briefing()
N = len(deck.scenes)
params = st.query_params.to_dict()
mode = links.mode_of(params)
room = params.get("room") or None  # from the link: only ever looked up, never echoed

if not ss.get("b_init"):  # read the link once per session
    known = ui.known_places() if essay is None else frozenset(draft.known_places(essay))
    link = links.parse(params, N, [s.layers for s in deck.scenes], known, ui.toggleable_layers(), known_dates=ui.lines_dates())
    ss.b_init, ss.b_scene, ss.b_override, ss.b_notices = True, link.scene, link.override, list(link.notices)
    ss.b_extra = ui_share.extra_scene(link.extra, N + 1) if link.extra else None
    deck, N = b.briefing(), N + (1 if link.extra else 0)
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

    @st.fragment  # rerun by its hidden button when the room's version changes (ui.briefing.follow_room)
    @ui_database.guard  # a database gone mid-briefing: one line, not Streamlit's traceback (ui/database.py)
    def follow() -> None:
        state = ui.rooms().get(room)
        if state is None or state.ended:
            st.info("This briefing has ended." if state else "This briefing room has expired.")
            return
        if state.scene != ss.get("b_scene"):
            ss.b_scene, ss.b_override = state.scene, None
        b.draw_stage(ss.b_scene, "bm_audience_map", with_points=False, zoom_buttons=False)
        b.follow_room(room, state.version)

    follow()
elif mode == "presenter":
    st.markdown(ui.PROJECTOR_CSS, unsafe_allow_html=True)  # static CSS
    b.take_room(room, params.get("key"))  # stops here unless this session holds the room's key
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
            '<p class="bm-console"><b>Presenter console</b> · share this audience link (your address bar holds '
            "your presenter key: keep it to yourself)</p>",
            unsafe_allow_html=True,  # static text
        )
        st.code(b.audience_link(ss.b_room), language=None)  # plain text; the room id is the server's own
    with top[1]:
        st.iframe(ui.timer_html(state.started_at), height=44)
    with top[2]:
        b.jump("Jump to", "b_jump", mode, label_visibility="collapsed")
    with top[3].popover("Room", width="stretch"):
        expires = time.strftime("%H:%M UTC on %d %b", time.gmtime(state.expires_at))
        st.markdown(
            ui.md_text(
                f"The room closes at {expires}, {rooms.room_hours():g} h after it was opened "
                "(BRIEFMAP_ROOM_HOURS). Ending it now stops every audience view."
            )
        )
        st.button("End the briefing room", on_click=b.end_room, type="primary")
    b.controls(mode)
    notes, after = st.columns([3, 1], gap="small")
    notes.markdown(ui.presenter_html("notes", deck.scenes[ss.b_scene - 1].notes), unsafe_allow_html=True)  # escaped there
    nxt = deck.scenes[ss.b_scene].title if ss.b_scene < N else "— end of the briefing —"
    after.markdown(ui.presenter_html("next", nxt), unsafe_allow_html=True)  # escaped in the template
    b.draw_stage(ss.b_scene, "bm_presenter_map")
    b.follow_room(ss.b_room, state.version, presenter=True)  # reruns the console when its server restarted
else:  # one screen: projector CSS (no sidebar); the other pages and the rest of the briefing are in the popover
    st.markdown(ui.PROJECTOR_CSS, unsafe_allow_html=True)  # static CSS
    head, ctrl, more = st.columns([2, 6, 2], gap="small", vertical_alignment="center")
    if essay is None:
        head.markdown("**Briefing:** the case against negotiations, scene by scene")
    else:
        mine = b.essay_deck()
        title = essay.title or essay.id
        head.markdown(
            f"**Briefing:** {ui.md_text(title[:60] + ('…' if len(title) > 60 else ''))}" + ("" if mine.saved else " · *draft*"),
            help=None
            if mine.saved
            else "Scenes drafted from the essay's places: titles and talking points are generated, quotes are verbatim.",
        )
        for problem in mine.problems[:1]:  # the saved scenes cannot be used: one line, the draft is shown
            st.warning(ui.md_text(f"Your saved scenes are not shown: {problem}. The draft is shown instead."))
    with ctrl:
        b.controls(mode)
    with more.popover("Scenes, presenting and export", width="stretch"):
        st.markdown("**Pages:**")
        for path, title, _ in PAGES:
            st.page_link(path, label=title)
        b.jump("Jump to a scene", "b_list", mode)
        st.page_link(
            "pages/briefing.py",
            label="Open the presenter console (then share its audience link)",
            query_params={"mode": "presenter", "scene": str(ss.b_scene)},
        )
        if essay is None:
            st.caption(
                "Keys: → or space next, ← previous, Home first, End last. The scenes live in "
                f"{ui.md_text(scenes.SCENES_FILE.name)}; `python -m geo check` verifies them."
            )
        else:
            st.caption(
                "Keys: → or space next, ← previous, Home first, End last. This essay's scenes are saved with it "
                "when you edit them; they are checked like scenes.toml."
            )
            st.button("Edit scenes", on_click=b.open_editor, key="b_edit_open")
        b.export_button()
        st.markdown("**Essay:**")
        essays.radio()
    b.edit_scenes()  # a user essay: its scenes as TOML, checked before they are saved
    b.draw_stage(ss.b_scene, "bm_brief_map")

shown = bool(ss.get("b_override")) and ss.b_override[0] == ss.b_scene
out = links.params_out(
    params, mode, ss.b_scene, room if mode == "audience" else ss.get("b_room"), ss.get("b_key"), shown, bool(ss.get("b_extra"))
)
if essays.chosen_id():
    out = {"essay": essays.chosen_id(), **out}  # the chosen essay stays in the link
if st.query_params.to_dict() != out:
    st.query_params.from_dict(out)
