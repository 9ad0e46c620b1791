"""How an audience view learns that its room moved: a long-poll HTTP route on the app server.

``GET /api/briefing/rooms/{room}/version?after=N`` answers ``{"version": V, "ended": bool}`` as soon
as the room's version differs from ``N`` (at once if it already does), or after `WAIT_S` with the
same version (the browser asks again). An unknown or expired room answers 404 ``{"version": 0}``.
The audience page's script (ui/assets/briefing-follow.js) waits on it and reruns the page's
follow fragment only when the version changed: no rerun, no query and no traffic but one idle
request per `WAIT_S` while the presenter stays on a scene.

The wait is woken by the rooms backend's watchers (`geo.briefing.rooms.Rooms.watch`: the
in-process registry, or the PostgreSQL listener of `geo.briefing.rooms_pg`, which hears every
server's NOTIFY), handed to the event loop with ``call_soon_threadsafe``. Reading the version costs
no query while the backend's map holds the room (`peek`); otherwise one, off the event loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from geo.briefing.rooms import well_formed

__all__ = ["PATH", "WAIT_S", "Hub", "routes"]

PATH = "/api/briefing/rooms/{room}/version"
WAIT_S = 20.0
MAX_WAITERS = 5_000  # open long polls per server process; past it a poll answers at once (the browser backs off)


class Hub:
    """The open long polls of one server process, by room, woken by the backend's watchers.

    Parameters
    ----------
    backend : callable
        Returns the rooms backend (``geo.briefing.rooms.shared``); called on each request, so a test
        that changes the backend is followed.

    Examples
    --------
    >>> from geo.briefing.rooms import Rooms
    >>> hub = Hub(lambda: Rooms())
    >>> hub.waiting()
    0
    """

    def __init__(self, backend: Callable[[], object]) -> None:
        self._backend = backend
        self._lock = threading.Lock()
        self._waiters: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Future]]] = {}
        self._watched: set[int] = set()

    def waiting(self) -> int:
        with self._lock:
            return sum(len(w) for w in self._waiters.values())

    def _wake(self, room: str, version: int) -> None:
        with self._lock:
            waiters = self._waiters.pop(room, set())
        for loop, fut in waiters:
            loop.call_soon_threadsafe(_settle, fut, version)

    def _ensure_watching(self, rooms) -> None:
        with self._lock:
            if id(rooms) in self._watched:
                return
            self._watched.add(id(rooms))
        rooms.watch(self._wake)

    async def version(self, room: str, after: int | None, wait_s: float = WAIT_S) -> tuple[int, bool]:
        """The room's (version, ended) once it differs from `after`, or after `wait_s`; (0, False)
        for an unknown or expired room.

        Parameters
        ----------
        room : str
            A well-formed room id.
        after : int or None
            The version the page shows (None: answer at once).
        wait_s : float
            The longest wait.

        Returns
        -------
        tuple
            (version, ended).
        """
        rooms = self._backend()
        self._ensure_watching(rooms)
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        with self._lock:  # registered before reading, so a change in between wakes it
            crowded = sum(len(w) for w in self._waiters.values()) >= MAX_WAITERS
            if not crowded:
                self._waiters.setdefault(room, set()).add((loop, fut))
        try:
            state = rooms.peek(room)
            if state is None:
                state = await asyncio.to_thread(rooms.get, room)
            if state is None:
                return 0, False
            if after is None or state.version != after or state.ended or crowded:
                return state.version, state.ended
            try:
                await asyncio.wait_for(fut, wait_s)
            except asyncio.TimeoutError:
                pass
            state = rooms.peek(room)
            if state is None:
                state = await asyncio.to_thread(rooms.get, room)
            return (0, False) if state is None else (state.version, state.ended)
        finally:
            with self._lock:
                left = self._waiters.get(room)
                if left is not None:
                    left.discard((loop, fut))
                    if not left:
                        self._waiters.pop(room, None)


def _settle(fut: asyncio.Future, version: int) -> None:
    if not fut.done():
        fut.set_result(version)


def routes(backend: Callable[[], object] | None = None, wait_s: float = WAIT_S) -> list:
    """The Starlette routes for ``st.App(routes=...)``: the long poll at `PATH`.

    Parameters
    ----------
    backend : callable, optional
        Returns the rooms backend (default ``geo.briefing.rooms.shared``).
    wait_s : float
        The longest wait of one request.

    Returns
    -------
    list of starlette.routing.Route
        One route.

    Examples
    --------
    >>> [r.path for r in routes()]
    ['/api/briefing/rooms/{room}/version']
    """
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from geo.briefing import rooms as rooms_mod
    from geo.db.connect import DatabaseUnavailable

    hub = Hub(backend or rooms_mod.shared)
    headers = {"Cache-Control": "no-store"}

    async def version(request):
        room = request.path_params.get("room", "")
        raw = request.query_params.get("after", "")
        if not well_formed(room) or (raw and not (raw.isdigit() and len(raw) < 19)):
            return JSONResponse({"version": 0, "error": "bad request"}, status_code=400, headers=headers)
        try:
            v, ended = await hub.version(room, int(raw) if raw else None, wait_s)
        except DatabaseUnavailable:
            return JSONResponse({"version": 0, "error": "the database cannot be reached"}, status_code=503, headers=headers)
        if v == 0:
            return JSONResponse({"version": 0}, status_code=404, headers=headers)
        return JSONResponse({"version": v, "ended": ended}, headers=headers)

    return [Route(PATH, version, methods=["GET"])]
