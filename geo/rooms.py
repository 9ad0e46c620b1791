"""Briefing rooms: which scene a presenter is showing, shared with every audience view of the room.

One process-wide registry (the Streamlit server is one process), so an audience window in another
tab or on another machine follows the presenter by polling. Room ids come from URLs: validated.
"""
from __future__ import annotations

import re
import secrets
import threading
import time
from dataclasses import dataclass

ROOM_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")


@dataclass(frozen=True)
class RoomState:
    room: str
    scene: int
    started_at: float  # when the presenter opened the room (for the timer)
    updated_at: float
    version: int


class Rooms:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rooms: dict[str, RoomState] = {}

    @staticmethod
    def valid(room: str | None) -> bool:
        return bool(room) and bool(ROOM_ID.match(room))

    @staticmethod
    def new_id() -> str:
        return secrets.token_hex(3)

    def get(self, room: str) -> RoomState | None:
        with self._lock:
            return self._rooms.get(room)

    def set_scene(self, room: str, scene: int) -> RoomState:
        if not self.valid(room):
            raise ValueError(f"room id {room[:40]!r} is not 1-32 lowercase letters, digits or dashes")
        now = time.time()
        with self._lock:
            old = self._rooms.get(room)
            state = RoomState(room, int(scene), old.started_at if old else now, now, (old.version + 1) if old else 1)
            self._rooms[room] = state
            return state
