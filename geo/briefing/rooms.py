"""Briefing rooms: which scene a presenter is showing, shared with every audience view of the room.

One process-wide registry (the Streamlit server is one process), so an audience window in another
tab or on another machine follows the presenter by polling. The registry sits behind a small
interface (`create`, `get`, `set_scene`, `end`, `sweep`) so it can move to a database later.

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


class Rooms:
    """The in-process registry. Thread-safe; every method is O(1) except `sweep`."""

    def __init__(self, hours: float | None = None, clock: Callable[[], float] = time.time, max_rooms: int = MAX_ROOMS) -> None:
        self._lock = threading.Lock()
        self._rooms: dict[str, RoomState] = {}
        self._keys: dict[str, bytes] = {}
        self._hours = hours
        self._clock = clock
        self._max = max_rooms

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
            return state

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
