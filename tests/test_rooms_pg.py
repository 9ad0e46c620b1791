"""geo.briefing.rooms_pg: rooms as rows shared by several servers, announced with LISTEN/NOTIFY;
geo.briefing.follow: the long poll an audience view waits on (both backends)."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from geo.briefing import follow, rooms_pg
from geo.briefing.rooms import RoomRefused, Rooms, shared
from geo.db.connect import close_all

NS = "test-rooms-pg"


def wait_until(predicate, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


@pytest.fixture()
def servers(pg_url):
    """Two "servers": PgRooms instances on one database, each with its own listener (connection)."""
    made = []

    def server(**kw):
        listener = rooms_pg.Listener(pg_url)
        made.append(listener)
        r = rooms_pg.PgRooms(url=pg_url, store=NS, listener=listener, **kw)
        assert listener.connected.wait(10), "the listener did not connect"
        return r

    yield server
    for listener in made:
        listener.stop()


def rows(url: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SELECT * FROM briefing_rooms").fetchall()


@pytest.mark.postgres
def test_the_key_is_never_stored_only_its_sha256(servers, pg_url):
    import hashlib

    a = servers()
    made = [a.create(scene=2) for _ in range(5)]
    a.set_scene(made[0].room, made[0].key, 3)
    table = rows(pg_url)
    assert len(table) == 5
    for new in made:
        for row in table:
            for cell in row:
                text = cell.hex() if isinstance(cell, (bytes, memoryview)) else str(cell)
                assert new.key not in text and new.key.encode().hex() not in text
                if isinstance(cell, (bytes, memoryview)):
                    assert bytes(cell) != new.key.encode()
    stored = {bytes(r[2]) for r in table}
    assert stored == {hashlib.sha256(m.key.encode()).digest() for m in made}


@pytest.mark.postgres
def test_a_notify_from_one_server_reaches_the_other(servers):
    a, b = servers(), servers()
    new = a.create(scene=1)
    assert b.get(new.room).scene == 1  # B holds the room now
    heard = []
    stop = b.watch(lambda room, version: heard.append((room, version)))
    t0 = time.monotonic()
    a.set_scene(new.room, new.key, 4)
    assert wait_until(lambda: (new.room, 2) in heard, 2.0), heard
    assert time.monotonic() - t0 < 1.0
    assert b.listener.notified >= 1
    assert wait_until(lambda: b.peek(new.room) is not None and b.peek(new.room).scene == 4)
    assert b.get(new.room).scene == 4 and b.get(new.room).version == 2
    stop()
    a.end(new.room, new.key)
    assert wait_until(lambda: b.peek(new.room) is not None and b.peek(new.room).ended)


@pytest.mark.postgres
def test_reading_an_unchanged_room_costs_no_query(servers, monkeypatch):
    a, b = servers(), servers()
    new = a.create(scene=5)
    assert b.get(new.room).scene == 5  # the first read is a query
    calls = []
    real = rooms_pg.connection

    def counting(*args, **kw):
        calls.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(rooms_pg, "connection", counting)
    for _ in range(200):  # an audience polling: answered from the listener's map
        assert b.get(new.room).scene == 5
    assert calls == []
    a.set_scene(new.room, new.key, 6)  # A's change is one transaction (1 connection)
    assert wait_until(lambda: b.get(new.room).scene == 6)
    before = len(calls)
    for _ in range(200):
        assert b.get(new.room).scene == 6
    assert len(calls) == before


@pytest.mark.postgres
def test_a_hundred_concurrent_moves_keep_versions_consistent(servers):
    a, b = servers(), servers()
    new = a.create(scene=1)
    b.get(new.room)
    # 8 at a time: every pooled connection busy on the one row (more threads would only queue for the pool,
    # whose 5 s timeout a loaded machine can reach: that is DatabaseUnavailable, not a version problem)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda i: (a if i % 2 else b).set_scene(new.room, new.key, i + 1), range(100)))
    versions = sorted(s.version for s in results)
    assert versions == list(range(2, 102))  # each move its own version, none lost, none twice
    final = a.get(new.room)
    assert final.version == 101
    last = max(results, key=lambda s: s.version)
    assert final.scene == last.scene
    assert wait_until(lambda: b.get(new.room).version == 101 and b.get(new.room).scene == last.scene, 10)


@pytest.mark.postgres
def test_rooms_outlive_the_servers_that_made_them(pg_url):
    first = rooms_pg.Listener(pg_url)
    a = rooms_pg.PgRooms(url=pg_url, store=NS, listener=first)
    new = a.create(scene=3)
    a.set_scene(new.room, new.key, 7)
    first.stop()  # every server goes away
    close_all()
    again = rooms_pg.Listener(pg_url)
    try:
        b = rooms_pg.PgRooms(url=pg_url, store=NS, listener=again)  # a server started afresh
        state = b.get(new.room)
        assert state.scene == 7 and state.version == 2
        assert b.holds_key(new.room, new.key) and not b.holds_key(new.room, "A" * 30)
        assert b.set_scene(new.room, new.key, 8).version == 3
        other = rooms_pg.PgRooms(url=pg_url, store="another-namespace", listener=again)
        assert other.get(new.room) is None  # a namespace sees its own rooms only
        with pytest.raises(RoomRefused):
            other.set_scene(new.room, new.key, 1)
    finally:
        again.stop()


@pytest.mark.postgres
def test_the_listener_reconnects_and_catches_up(servers, pg_url):
    import psycopg

    a, b = servers(), servers()
    new = a.create(scene=1)
    b.get(new.room)
    heard = []
    b.watch(lambda room, version: heard.append(version))
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE application_name = 'briefmap-rooms-listener' AND datname = current_database()"
        )
    assert wait_until(lambda: not b.listener.connected.is_set() or b.listener.notified == 0, 3)
    a.set_scene(new.room, new.key, 2)  # possibly while B's listener is away: its notification is lost
    # while B's listener is away reads go to the database; once back it has read the room again
    assert wait_until(lambda: b.get(new.room).scene == 2, 5)
    assert wait_until(lambda: b.listener.connected.is_set(), 10)
    a.set_scene(new.room, new.key, 3)
    assert wait_until(lambda: 3 in heard, 3), heard
    assert b.get(new.room).scene == 3


@pytest.mark.postgres
def test_expired_rooms_are_swept_by_the_listener_too(servers, pg_url, monkeypatch):
    monkeypatch.setattr(rooms_pg, "SWEEP_EVERY_S", 0.0)  # the listener sweeps at every wake-up (0.5 s)
    clock = [time.time()]
    a = servers(hours=1, clock=lambda: clock[0])
    new = a.create()
    other = a.create()
    assert len(rows(pg_url)) == 2
    clock[0] += 3600
    assert wait_until(lambda: rows(pg_url) == [], 5)  # no call from here: the listener swept them
    assert a.get(new.room) is None and a.get(other.room) is None and a.sweep() == 0


@pytest.mark.postgres
def test_shared_picks_the_backend_from_the_environment(pg_url, monkeypatch):
    monkeypatch.delenv("BRIEFMAP_DATABASE_URL", raising=False)
    assert type(shared()) is Rooms
    monkeypatch.setenv("BRIEFMAP_DATABASE_URL", pg_url)
    r = shared()
    try:
        assert isinstance(r, rooms_pg.PgRooms) and shared() is r
        new = r.create(scene=2)
        assert r.get(new.room).scene == 2
    finally:
        r.listener.stop()


# --- the long poll (geo.briefing.follow) on both backends -------------------------------------------


@pytest.fixture(params=["memory", pytest.param("postgres", marks=pytest.mark.postgres)])
def two(request):
    """(presenter's backend, audience's backend): one Rooms for memory, two servers for postgres."""
    if request.param == "memory":
        r = Rooms()
        return r, r
    servers = request.getfixturevalue("servers")
    return servers(), servers()


def test_the_long_poll_answers_when_the_room_moves(two):
    presenter, audience = two
    hub = follow.Hub(lambda: audience)
    new = presenter.create(scene=1)

    async def scenario():
        assert await hub.version(new.room, None) == (1, False)  # no version given: at once
        assert await hub.version(new.room, 0) == (1, False)  # another version: at once
        assert await hub.version("A" * 30, 1) == (0, False)  # unknown room
        t0 = time.monotonic()
        assert await hub.version(new.room, 1, wait_s=0.3) == (1, False)  # nothing moved: waits it out
        assert time.monotonic() - t0 >= 0.25
        waiting = asyncio.ensure_future(hub.version(new.room, 1, wait_s=10))
        await asyncio.sleep(0.2)
        assert hub.waiting() == 1
        t1 = time.monotonic()
        await asyncio.to_thread(presenter.set_scene, new.room, new.key, 2)
        assert await waiting == (2, False)
        assert time.monotonic() - t1 < 1.0  # woken, not timed out
        assert hub.waiting() == 0
        await asyncio.to_thread(presenter.end, new.room, new.key)
        assert await hub.version(new.room, 2) == (3, True)

    asyncio.run(scenario())


def asgi_get(app, path: str, query: str = "") -> tuple[int, dict, dict]:
    """One GET through an ASGI app (no HTTP client needed): (status, headers, JSON body)."""
    import json

    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": [],
        "server": ("127.0.0.1", 80),
        "client": ("127.0.0.1", 1),
        "root_path": "",
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return start["status"], headers, json.loads(body) if body else {}


def test_the_route_refuses_bad_input_and_answers_json():
    from starlette.applications import Starlette

    r = Rooms()
    new = r.create(scene=1)
    app = Starlette(routes=follow.routes(lambda: r, wait_s=0.2))
    path = f"/api/briefing/rooms/{new.room}/version"
    status, headers, body = asgi_get(app, path, "after=1")
    assert status == 200 and body == {"version": 1, "ended": False} and headers["cache-control"] == "no-store"
    threading.Timer(0.05, lambda: r.set_scene(new.room, new.key, 3)).start()
    assert asgi_get(app, path, "after=1")[2] == {"version": 2, "ended": False}  # woken by the move
    for bad in ("x", "-1", "1e3", "9" * 40):
        assert asgi_get(app, path, f"after={bad}")[0] == 400
    assert asgi_get(app, "/api/briefing/rooms/%3Cscript%3E/version")[0] == 400
    assert asgi_get(app, f"/api/briefing/rooms/{'A' * 30}/version", "after=1")[0] == 404
