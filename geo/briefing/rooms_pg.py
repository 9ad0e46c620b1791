"""Briefing rooms in PostgreSQL: the interface of `geo.briefing.rooms.Rooms`, shared by every server.

A room is a row of ``briefing_rooms`` (migration 0004_rooms.sql): id, namespace, the SHA-256 of the
presenter key (never the key), scene, started_at, updated_at, version, expires_at, ended. So rooms
survive a restart of every server, and a presenter on server A drives an audience on server B.

- Every change (`set_scene`, `end`) is one transaction: the row is locked, the key's hash compared
  with ``hmac.compare_digest``, then one ``UPDATE … WHERE version = … AND expires_at > now AND NOT
  ended`` bumps the version, and ``pg_notify('briefmap_rooms', '<room id>:<version>')`` announces it;
  the notification is delivered when (and only if) the transaction commits.
- One `Listener` thread per server process and database (its own connection, ``LISTEN
  briefmap_rooms``, reconnecting with backoff when the database goes away) keeps the newest state of
  every room this server has read. While it is connected, `get` and `peek` answer from that map, so
  an audience polling a room that did not change costs no query. While it is not, `get` reads the
  row (and raises `geo.db.connect.DatabaseUnavailable` if that cannot be done).
- Expired rooms read as expired (None) and are deleted by `sweep`, run at `create` and by the
  listener once a minute. The number of live rooms per namespace is bounded (`MAX_ROOMS`).

Times are seconds since the epoch from the instance's clock (injectable for tests), stored as
timestamptz.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import time
import weakref
from typing import Callable

from geo.briefing.rooms import (
    ENDED_KEPT_S,
    MAX_ROOMS,
    TOKEN_BYTES,
    NewRoom,
    RoomRefused,
    RoomsFull,
    RoomState,
    Watcher,
    Watchers,
    room_hours,
    well_formed,
)
from geo.db import settings
from geo.db.connect import DatabaseUnavailable, connection, unavailable_message

__all__ = ["CHANNEL", "Listener", "PgRooms", "key_hash", "listener_for"]

_log = logging.getLogger(__name__)
CHANNEL = "briefmap_rooms"
SWEEP_EVERY_S = 60.0
MAX_CACHED = 50_000  # rooms remembered by one server's listener (a flood of lookups cannot grow it further)
BACKOFF_S = (0.25, 10.0)  # the listener's reconnect delay: doubles from the first to the second
ADVISORY = 0x62726D72  # pg_advisory_xact_lock(ADVISORY, hashtext(store)): one create at a time per namespace

_COLUMNS = (
    "id, scene, extract(epoch FROM started_at)::float8, extract(epoch FROM updated_at)::float8, version,"
    " extract(epoch FROM expires_at)::float8, ended"
)
_UNKNOWN = "There is no such briefing room (it may have expired)."
_ENDED = "This briefing room has ended."
_WRONG_KEY = "The presenter key is missing or wrong."


def key_hash(key: object) -> bytes:
    """The SHA-256 of a presenter key as stored (a malformed key hashes the empty string, which no
    room's key is).

    Parameters
    ----------
    key : object
        The key given (from a link: untrusted).

    Returns
    -------
    bytes
        32 bytes.

    Examples
    --------
    >>> len(key_hash("A" * 30)), key_hash(None) == key_hash("<script>")
    (32, True)
    """
    given = key.encode() if isinstance(key, str) and well_formed(key) else b""
    return hashlib.sha256(given).digest()


def _state(row) -> RoomState:
    room, scene, started, updated, version, expires, ended = row
    return RoomState(room, int(scene), float(started), float(updated), int(version), float(expires), bool(ended))


class Listener:
    """One server process's follower of ``briefmap_rooms``: the newest state of the rooms it has read.

    A daemon thread holds a dedicated connection (not from the pool) with ``LISTEN briefmap_rooms``.
    A notification ``'<room>:<version>'`` tells the watchers at once, then refreshes the room's state
    if this server holds it. When the connection drops the map is not trusted (`connected` is False,
    so reads go to the database) and the thread reconnects with backoff; once back, the rooms held
    are read again (notifications sent meanwhile were lost) and the watchers told of any change.

    Parameters
    ----------
    url : str
        The database URL (never logged unmasked).

    Examples
    --------
    >>> listener = Listener("postgresql://u:pw@127.0.0.1:1/none")  # doctest: +SKIP
    >>> listener.start(); listener.connected.wait(5)  # doctest: +SKIP
    True
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.connected = threading.Event()
        self.watchers = Watchers()
        self.notified = 0  # notifications received (tests, diagnostics)
        self._lock = threading.Lock()
        self._states: dict[str, tuple[str, RoomState]] = {}  # room -> (namespace, newest state read)
        self._latest: dict[str, int] = {}  # room -> newest version announced
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._sweepers: weakref.WeakSet = weakref.WeakSet()
        self._conn = None

    # --- the map -----------------------------------------------------------------------------------
    def cached(self, room: str) -> tuple[str, RoomState] | None:
        """The room's (namespace, state) if it is known and no newer version was announced, and the
        listener is connected (else None: read the database)."""
        if not self.connected.is_set():
            return None
        with self._lock:
            found = self._states.get(room)
            if found is None or found[1].version < self._latest.get(room, 0):
                return None
            return found

    def remember(self, store: str, state: RoomState, fire: bool = False) -> None:
        """Keep `state` if it is newer than what is held (a read or this server's own change)."""
        with self._lock:
            held = self._states.get(state.room)
            if held is not None and held[1].version > state.version:
                return
            if held is None and len(self._states) >= MAX_CACHED:
                self._states.clear()
            self._states[state.room] = (store, state)
            if self._latest.get(state.room, 0) < state.version:
                self._latest[state.room] = state.version
        if fire:
            self.watchers.fire(state.room, state.version)

    def forget(self, room: str) -> None:
        with self._lock:
            self._states.pop(room, None)
            self._latest.pop(room, None)

    # --- the thread --------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the thread (once; later calls do nothing)."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="briefmap-rooms-listener", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread and close its connection (tests; a server's shutdown)."""
        self._stop.set()
        conn = self._conn
        if conn is not None:
            try:
                conn.cancel_safe(timeout=1.0)
            except Exception:  # noqa: BLE001
                pass
        if self._thread is not None:
            self._thread.join(timeout)
        self.connected.clear()

    def add_sweeper(self, rooms: PgRooms) -> None:
        self._sweepers.add(rooms)

    def _run(self) -> None:
        import psycopg

        delay = BACKOFF_S[0]
        while not self._stop.is_set():
            try:
                conn = psycopg.connect(self.url, autocommit=True, connect_timeout=3, application_name="briefmap-rooms-listener")
            except psycopg.Error as exc:
                _log.warning("rooms listener: %s; retrying in %.1f s", unavailable_message(self.url, exc), delay)
                self._stop.wait(delay)
                delay = min(delay * 2, BACKOFF_S[1])
                continue
            self._conn = conn
            try:
                with conn:
                    conn.execute("LISTEN briefmap_rooms")
                    self._resync(conn)
                    self.connected.set()
                    if delay > BACKOFF_S[0]:
                        _log.warning("rooms listener: connected again")
                    delay = BACKOFF_S[0]
                    next_sweep = time.monotonic() + SWEEP_EVERY_S
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=0.5):
                            self._heard(note.payload)
                        if time.monotonic() >= next_sweep:
                            next_sweep = time.monotonic() + SWEEP_EVERY_S
                            self._sweep_all()
            except (psycopg.Error, DatabaseUnavailable) as exc:
                if not self._stop.is_set():
                    _log.warning("rooms listener: %s; reconnecting in %.1f s", unavailable_message(self.url, exc), delay)
            finally:
                self.connected.clear()
                self._conn = None
            if not self._stop.is_set():
                self._stop.wait(delay)
                delay = min(delay * 2, BACKOFF_S[1])

    def _heard(self, payload: str) -> None:
        """A notification: tell the watchers, then refresh the room if this server holds it."""
        room, _, raw = payload.partition(":")
        if not well_formed(room) or not raw.isdigit():
            return
        version = int(raw)
        self.notified += 1
        with self._lock:
            if self._latest.get(room, 0) >= version:
                return  # already known (e.g. this server's own change)
            if len(self._latest) >= MAX_CACHED:
                self._latest.clear()
                self._states.clear()
            self._latest[room] = version
            held = room in self._states
        self.watchers.fire(room, version)
        if held:
            try:
                with connection(self.url) as conn:
                    row = conn.execute(f"SELECT store, {_COLUMNS} FROM briefing_rooms WHERE id = %s", (room,)).fetchone()
            except DatabaseUnavailable:
                return  # the next read goes to the database (the map's version is older than announced)
            if row is None:
                self.forget(room)
            else:
                self.remember(row[0], _state(row[1:]))

    def _resync(self, conn) -> None:
        """After (re)connecting: read the rooms held again and tell the watchers of what changed."""
        with self._lock:
            held = {room: state.version for room, (_, state) in self._states.items()}
        if not held:
            return
        rows = conn.execute(f"SELECT store, {_COLUMNS} FROM briefing_rooms WHERE id = ANY(%s)", (list(held),)).fetchall()
        found = set()
        for row in rows:
            state = _state(row[1:])
            found.add(state.room)
            self.remember(row[0], state, fire=state.version != held.get(state.room))
        for room in set(held) - found:  # deleted meanwhile (expired and swept)
            self.forget(room)
            self.watchers.fire(room, 0)

    def _sweep_all(self) -> None:
        for rooms in list(self._sweepers):
            try:
                rooms.sweep()
            except DatabaseUnavailable:
                return
            except Exception:  # noqa: BLE001 (the listener outlives one bad sweep)
                _log.exception("rooms listener: sweep failed")


_LISTENERS: dict[str, Listener] = {}
_LISTENERS_LOCK = threading.Lock()


def listener_for(url: str) -> Listener:
    """The server process's listener for `url` (started on first use).

    Parameters
    ----------
    url : str
        The database URL.

    Returns
    -------
    Listener
        Started.

    Examples
    --------
    >>> listener_for("postgresql://u:pw@127.0.0.1:1/none")  # doctest: +SKIP
    <geo.briefing.rooms_pg.Listener ...>
    """
    with _LISTENERS_LOCK:
        found = _LISTENERS.get(url)
        if found is None:
            found = _LISTENERS[url] = Listener(url)
    found.start()
    return found


class PgRooms:
    """Briefing rooms as rows of ``briefing_rooms``: the interface of `geo.briefing.rooms.Rooms`.

    Parameters
    ----------
    url : str, optional
        The database (default ``BRIEFMAP_DATABASE_URL``).
    store : str or PathLike, optional
        The store namespace (``geo.db.settings.namespace``): rooms of one namespace only.
    hours : float, optional
        Room lifetime (default ``BRIEFMAP_ROOM_HOURS``, read when a room opens).
    clock : callable
        Seconds since the epoch (tests inject one).
    max_rooms : int
        Live rooms per namespace.
    listener : Listener, optional
        The notification follower (default: this process's one for `url`).

    Examples
    --------
    >>> rooms = PgRooms()  # doctest: +SKIP
    >>> new = rooms.create(scene=3); rooms.get(new.room).scene  # doctest: +SKIP
    3
    """

    def __init__(
        self,
        url: str | None = None,
        store=None,
        hours: float | None = None,
        clock: Callable[[], float] = time.time,
        max_rooms: int = MAX_ROOMS,
        listener: Listener | None = None,
    ) -> None:
        self._url = url or settings.database_url()
        if not self._url:
            raise settings.DatabaseConfigError("no database is configured (BRIEFMAP_DATABASE_URL is not set)")
        self._ns = settings.namespace(store)
        self._hours = hours
        self._clock = clock
        self._max = max_rooms
        self._listener = listener if listener is not None else listener_for(self._url)
        self._listener.start()
        self._listener.add_sweeper(self)

    @property
    def lifetime_s(self) -> float:
        return (self._hours if self._hours is not None else room_hours()) * 3600.0

    @property
    def listener(self) -> Listener:
        return self._listener

    # --- the interface -----------------------------------------------------------------------------
    def create(self, scene: int = 1) -> NewRoom:
        """Open a fresh room on `scene`, with a fresh id and presenter key (the only way a room appears).

        Raises
        ------
        RoomsFull
            The namespace holds `max_rooms` live rooms.
        DatabaseUnavailable
            The database cannot be reached.
        """
        now = self._clock()
        room, key = secrets.token_urlsafe(TOKEN_BYTES), secrets.token_urlsafe(TOKEN_BYTES)
        with connection(self._url) as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (ADVISORY, self._ns))
            self._sweep(conn, now)
            live = conn.execute(
                "SELECT count(*) FROM briefing_rooms WHERE store = %s AND expires_at > to_timestamp(%s)", (self._ns, now)
            ).fetchone()[0]
            if live >= self._max:
                raise RoomsFull("Too many briefing rooms are open on this server; end one or try again later.")
            row = conn.execute(
                "INSERT INTO briefing_rooms (id, store, key_sha256, scene, started_at, updated_at, version, expires_at)"
                " VALUES (%s, %s, %s, %s, to_timestamp(%s), to_timestamp(%s), 1, to_timestamp(%s))"
                f" RETURNING {_COLUMNS}",
                (room, self._ns, key_hash(key), int(scene), now, now, now + self.lifetime_s),
            ).fetchone()
        state = _state(row)
        self._listener.remember(self._ns, state)
        return NewRoom(state, key)

    def get(self, room: object) -> RoomState | None:
        """The room's state (ended rooms included, flagged), or None if unknown or expired. Never creates.

        Answered from the listener's map while it is connected and no newer version was announced;
        otherwise one indexed query.
        """
        if not well_formed(room):
            return None
        held = self._listener.cached(room)
        if held is None:
            with connection(self._url) as conn:
                row = conn.execute(
                    f"SELECT {_COLUMNS} FROM briefing_rooms WHERE id = %s AND store = %s", (room, self._ns)
                ).fetchone()
            if row is None:
                return None
            state = _state(row)
            self._listener.remember(self._ns, state)
        elif held[0] != self._ns:
            return None
        else:
            state = held[1]
        now = self._clock()
        if state.expires_at <= now:
            self._drop_expired(room, now)
            return None
        return state

    def peek(self, room: object) -> RoomState | None:
        """The room's state from the listener's map only (None when it is not there: then `get`)."""
        if not well_formed(room):
            return None
        held = self._listener.cached(room)
        if held is None or held[0] != self._ns or held[1].expires_at <= self._clock():
            return None
        return held[1]

    def refusal(self, room: object, key: object) -> str | None:
        """None if `key` is this live room's presenter key (hashes compared in constant time), else
        why not: one line that names neither the room nor the key."""
        if not well_formed(room):
            return _UNKNOWN
        with connection(self._url) as conn:
            row = conn.execute(
                "SELECT key_sha256, ended, extract(epoch FROM expires_at)::float8 FROM briefing_rooms WHERE id = %s AND store = %s",
                (room, self._ns),
            ).fetchone()
        now = self._clock()
        if row is not None and row[2] <= now:
            self._drop_expired(room, now)
        return self._check(row, key, now)

    def holds_key(self, room: object, key: object) -> bool:
        return self.refusal(room, key) is None

    def set_scene(self, room: object, key: object, scene: int) -> RoomState:
        """Move the room to `scene`; refused (RoomRefused) without the room's key. Never creates a room."""
        return self._change(room, key, "scene = %s", (int(scene),))

    def end(self, room: object, key: object) -> RoomState:
        """End the room now (its audience reads "ended"; no more changes); refused without the key."""
        now = self._clock()
        return self._change(
            room, key, "ended = true, expires_at = LEAST(expires_at, to_timestamp(%s))", (now + ENDED_KEPT_S,), now
        )

    def sweep(self) -> int:
        """Delete this namespace's expired rooms (and ended rooms past their grace); returns how many went."""
        with connection(self._url) as conn:
            return self._sweep(conn, self._clock())

    def watch(self, fn: Watcher) -> Callable[[], None]:
        """Call `fn(room, version)` on every new version of any room, made by any server (from the
        listener's thread, or the thread of this server's own change).

        Returns
        -------
        callable
            Removes `fn`.
        """
        return self._listener.watchers.add(fn)

    def __len__(self) -> int:
        with connection(self._url) as conn:
            return conn.execute(
                "SELECT count(*) FROM briefing_rooms WHERE store = %s AND expires_at > to_timestamp(%s)",
                (self._ns, self._clock()),
            ).fetchone()[0]

    # --- internals ---------------------------------------------------------------------------------
    @staticmethod
    def _check(row, key: object, now: float) -> str | None:
        """None if `key` opens the room `row` (key_sha256, ended, expires_at), else why not."""
        if row is None or row[2] <= now:
            return _UNKNOWN
        if row[1]:
            return _ENDED
        if not hmac.compare_digest(key_hash(key), bytes(row[0])):
            return _WRONG_KEY
        return None

    def _change(self, room: object, key: object, assignments: str, values: tuple, now: float | None = None) -> RoomState:
        """One transaction: lock the row, check the key, one UPDATE that bumps the version (guarded by
        version, expiry and ended), and the NOTIFY; RoomRefused when the key does not open the room."""
        now = self._clock() if now is None else now
        if not well_formed(room):
            raise RoomRefused(_UNKNOWN)
        with connection(self._url) as conn:
            row = conn.execute(
                "SELECT key_sha256, ended, extract(epoch FROM expires_at)::float8, version FROM briefing_rooms"
                " WHERE id = %s AND store = %s FOR UPDATE",
                (room, self._ns),
            ).fetchone()
            why = self._check(row, key, now)
            if why and row is not None and row[2] <= now:  # expired: removed with this transaction
                conn.execute("DELETE FROM briefing_rooms WHERE id = %s AND store = %s", (room, self._ns))
                self._listener.forget(room)
            if why:
                conn.commit()
                raise RoomRefused(why)
            updated = conn.execute(
                f"UPDATE briefing_rooms SET {assignments}, updated_at = to_timestamp(%s), version = version + 1"  # noqa: S608 (fixed assignments, values are parameters)
                " WHERE id = %s AND store = %s AND version = %s AND expires_at > to_timestamp(%s) AND NOT ended"
                f" RETURNING {_COLUMNS}",
                (*values, now, room, self._ns, row[3], now),
            ).fetchone()
            if updated is None:  # cannot happen under the row lock; refuse rather than guess
                raise RoomRefused(_UNKNOWN)
            state = _state(updated)
            conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, f"{state.room}:{state.version}"))
        self._listener.remember(self._ns, state, fire=True)
        return state

    def _drop_expired(self, room: str, now: float) -> None:
        """An expired room read as expired is removed at once (as `sweep` would)."""
        with connection(self._url) as conn:
            conn.execute(
                "DELETE FROM briefing_rooms WHERE id = %s AND store = %s AND expires_at <= to_timestamp(%s)",
                (room, self._ns, now),
            )
        self._listener.forget(room)

    def _sweep(self, conn, now: float) -> int:
        gone = conn.execute(
            "DELETE FROM briefing_rooms WHERE store = %s AND expires_at <= to_timestamp(%s) RETURNING id", (self._ns, now)
        ).fetchall()
        for (room,) in gone:
            self._listener.forget(room)
        return len(gone)
