"""Briefing rooms: which scene a presenter is showing, shared with every audience view of the room.

Two backends behind one interface (`create`, `get`, `refusal`, `holds_key`, `set_scene`, `end`,
`sweep`, `peek`, `watch`): `Rooms`, one registry in this server process (the embedded default), and
`geo.briefing.rooms_pg.PgRooms`, rows in PostgreSQL shared by every server of a deployment (chosen by
`shared()` when BRIEFMAP_DATABASE_URL is set). Either tells its watchers (`watch`) of every new
version of a room, so an audience view waiting on the room (geo.briefing.follow) learns of a move
at once instead of polling.

Security model (a room id travels in the audience link, which anyone in the audience can read):

- Only the server makes rooms (`create`); no link ever creates one. Room ids are random, 176 bits.
- Each room has a separate presenter key (176 bits), returned once by `create` and held only by the
  presenter (their session and their own link). Every change (`set_scene`, `end`) needs it; keys are
  compared with `hmac.compare_digest`. Knowing the room id lets you watch, never drive.
- Rooms expire (`BRIEFMAP_ROOM_HOURS`, default 12 h after they were opened); a presenter can end a
  room early. Expired rooms read as unknown; `sweep` drops them.
"""

from __future__ import annotations

import hmac
import math
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass, replace
from typing import Callable

from geo.db import settings

TOKEN_BYTES = 22  # secrets.token_urlsafe(22): 30 characters, 176 bits
TOKEN = re.compile(r"^[A-Za-z0-9_-]{30}$")  # the shape of a room id and of a key (checked before any lookup)
DEFAULT_HOURS = 12.0
ENDED_KEPT_S = 3600.0  # an ended room is remembered this long, so its audience reads "ended", not "unknown"
MAX_ROOMS = 10_000  # live rooms per server: opening rooms in a loop cannot exhaust memory


class RoomRefused(PermissionError):
    """A change to a room was refused (unknown, expired or ended room; wrong or missing key). One line."""


class RoomsFull(RuntimeError):
    """The server holds MAX_ROOMS live rooms already."""


@dataclass(frozen=True)
class RoomState:
    room: str
    scene: int
    started_at: float  # when the presenter opened the room (for the timer)
    updated_at: float
    version: int
    expires_at: float
    ended: bool = False


@dataclass(frozen=True)
class NewRoom:
    """What `create` hands the presenter: the state and the key (never stored anywhere else in clear)."""

    state: RoomState
    key: str

    @property
    def room(self) -> str:
        return self.state.room


def room_hours(env: dict[str, str] | None = None) -> float:
    """How long a room lives: BRIEFMAP_ROOM_HOURS (a positive number of hours), else 12."""
    raw = (os.environ if env is None else env).get("BRIEFMAP_ROOM_HOURS", "").strip()
    try:
        hours = float(raw)
    except ValueError:
        return DEFAULT_HOURS
    return hours if math.isfinite(hours) and hours > 0 else DEFAULT_HOURS


def well_formed(token: object) -> bool:
    """A room id or key has the shape the server makes (says nothing about whether it exists)."""
    return isinstance(token, str) and bool(TOKEN.match(token))


Watcher = Callable[[str, int], None]


class Watchers:
    """Callbacks told `(room, version)` of every new version of a room (from any thread).

    A watcher must be quick and must not raise (an exception is swallowed: one bad watcher cannot
    stop the others or the change itself).

    Examples
    --------
    >>> seen = []
    >>> w = Watchers()
    >>> stop = w.add(lambda room, version: seen.append((room, version)))
    >>> w.fire("r", 2); stop(); w.fire("r", 3)
    >>> seen
    [('r', 2)]
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fns: list[Watcher] = []

    def add(self, fn: Watcher) -> Callable[[], None]:
        """Add `fn`; returns the function that removes it."""
        with self._lock:
            self._fns.append(fn)

        def remove() -> None:
            with self._lock:
                if fn in self._fns:
                    self._fns.remove(fn)

        return remove

    def fire(self, room: str, version: int) -> None:
        """Tell every watcher that `room` is at `version` now."""
        with self._lock:
            fns = list(self._fns)
        for fn in fns:
            try:
                fn(room, version)
            except Exception:  # noqa: BLE001 (a watcher's failure is its own)
                pass


class Rooms:
    """The in-process registry. Thread-safe; every method is O(1) except `sweep`."""

    def __init__(self, hours: float | None = None, clock: Callable[[], float] = time.time, max_rooms: int = MAX_ROOMS) -> None:
        self._lock = threading.Lock()
        self._rooms: dict[str, RoomState] = {}
        self._keys: dict[str, bytes] = {}
        self._hours = hours
        self._clock = clock
        self._max = max_rooms
        self._watchers = Watchers()

    @property
    def lifetime_s(self) -> float:
        return (self._hours if self._hours is not None else room_hours()) * 3600.0

    # --- the interface -----------------------------------------------------------------------------
    def create(self, scene: int = 1) -> NewRoom:
        """Open a fresh room on `scene`, with a fresh id and presenter key (the only way a room appears)."""
        now = self._clock()
        with self._lock:
            self._sweep_locked(now)
            if len(self._rooms) >= self._max:
                raise RoomsFull("Too many briefing rooms are open on this server; end one or try again later.")
            room = secrets.token_urlsafe(TOKEN_BYTES)
            while room in self._rooms:  # 176 bits: never in practice
                room = secrets.token_urlsafe(TOKEN_BYTES)
            key = secrets.token_urlsafe(TOKEN_BYTES)
            state = RoomState(room, int(scene), now, now, 1, now + self.lifetime_s)
            self._rooms[room] = state
            self._keys[room] = key.encode()
        return NewRoom(state, key)

    def get(self, room: object) -> RoomState | None:
        """The room's state (ended rooms included, flagged), or None if unknown or expired. Never creates."""
        if not well_formed(room):
            return None
        now = self._clock()
        with self._lock:
            state = self._rooms.get(room)
            if state is not None and state.expires_at <= now:
                self._drop(room)
                return None
            return state

    def refusal(self, room: object, key: object) -> str | None:
        """None if `key` is this live room's presenter key (constant-time comparison), else why not:
        one line that names neither the room nor the key."""
        with self._lock:
            return self._check_locked(room, key, self._clock())

    def holds_key(self, room: object, key: object) -> bool:
        return self.refusal(room, key) is None

    def set_scene(self, room: object, key: object, scene: int) -> RoomState:
        """Move the room to `scene`; refused (RoomRefused) without the room's key. Never creates a room."""
        return self._change(room, key, lambda old, now: dict(scene=int(scene)))

    def end(self, room: object, key: object) -> RoomState:
        """End the room now (its audience reads "ended"; no more changes); refused without the key."""
        return self._change(room, key, lambda old, now: dict(ended=True, expires_at=min(old.expires_at, now + ENDED_KEPT_S)))

    def _change(self, room: object, key: object, fields) -> RoomState:
        """Apply `fields(old, now)` to a room the key opens, as its next version; RoomRefused otherwise."""
        now = self._clock()
        with self._lock:
            why = self._check_locked(room, key, now)
            if why:
                raise RoomRefused(why)
            old = self._rooms[room]
            state = replace(old, updated_at=now, version=old.version + 1, **fields(old, now))
            self._rooms[room] = state
        self._watchers.fire(room, state.version)
        return state

    def peek(self, room: object) -> RoomState | None:
        """The room's state as `get` reads it (never a query: here they are the same)."""
        return self.get(room)

    def watch(self, fn: Watcher) -> Callable[[], None]:
        """Call `fn(room, version)` on every change of any room; returns the function that stops it.

        Parameters
        ----------
        fn : callable
            Quick and non-raising; called from the thread that made the change.

        Returns
        -------
        callable
            Removes `fn`.

        Examples
        --------
        >>> r = Rooms(); seen = []
        >>> stop = r.watch(lambda room, version: seen.append(version))
        >>> new = r.create(); _ = r.set_scene(new.room, new.key, 2); stop()
        >>> seen
        [2]
        """
        return self._watchers.add(fn)

    def sweep(self) -> int:
        """Forget expired rooms (and ended rooms past their grace); returns how many went."""
        with self._lock:
            return self._sweep_locked(self._clock())

    def __len__(self) -> int:
        with self._lock:
            return len(self._rooms)

    # --- internals ---------------------------------------------------------------------------------
    def _check_locked(self, room: object, key: object, now: float) -> str | None:
        """None if `key` may change `room`, else why not (one line, naming neither the room nor the key)."""
        state = self._rooms.get(room) if well_formed(room) else None
        if state is not None and state.expires_at <= now:
            self._drop(room)
            state = None
        if state is None:
            return "There is no such briefing room (it may have expired)."
        if state.ended:
            return "This briefing room has ended."
        given = key.encode() if isinstance(key, str) and well_formed(key) else b""
        if not hmac.compare_digest(given, self._keys[room]):
            return "The presenter key is missing or wrong."
        return None

    def _drop(self, room: str) -> None:
        self._rooms.pop(room, None)
        self._keys.pop(room, None)

    def _sweep_locked(self, now: float) -> int:
        gone = [r for r, s in self._rooms.items() if s.expires_at <= now]
        for r in gone:
            self._drop(r)
        return len(gone)


_SHARED: dict[tuple[str | None, str], object] = {}
_SHARED_LOCK = threading.Lock()


def shared():
    """This server process's rooms: PostgreSQL (`geo.briefing.rooms_pg.PgRooms`) when
    BRIEFMAP_DATABASE_URL is set, else the in-process `Rooms`. One instance per database and store
    namespace, shared by every session and by the follow route.

    Returns
    -------
    Rooms or geo.briefing.rooms_pg.PgRooms
        The backend (same interface).

    Examples
    --------
    >>> shared() is shared()
    True
    """
    url = settings.database_url() if settings.enabled() else None
    ident = (url, settings.namespace())
    with _SHARED_LOCK:
        found = _SHARED.get(ident)
        if found is None:
            if url is None:
                found = Rooms()
            else:
                from geo.briefing.rooms_pg import PgRooms

                found = PgRooms(url=url)
            _SHARED[ident] = found
        return found
