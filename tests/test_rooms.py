"""geo.briefing.rooms: server-made room ids and presenter keys, refusals, expiry, ending a room.

Every test runs on both backends: the in-process `Rooms` and `geo.briefing.rooms_pg.PgRooms` on a
fresh database (marked `postgres`; skipped with the reason where no test PostgreSQL is set)."""

from __future__ import annotations

import base64
import inspect

import pytest

from geo.briefing import rooms as rooms_mod
from geo.briefing.rooms import RoomRefused, Rooms, RoomsFull, room_hours


class Clock:
    def __init__(self, t: float = 1_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture(params=["memory", pytest.param("postgres", marks=pytest.mark.postgres)])
def make(request):
    """Makes a rooms backend: ``make(hours=..., clock=..., max_rooms=...)``."""
    if request.param == "memory":
        yield Rooms
        return
    from geo.briefing import rooms_pg

    url = request.getfixturevalue("pg_url")
    listener = rooms_pg.Listener(url)
    yield lambda **kw: rooms_pg.PgRooms(url=url, store="test-rooms", listener=listener, **kw)
    listener.stop()


def bits(token: str) -> int:
    return len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) * 8


def test_ids_and_keys_are_long_random_and_distinct(make):
    r = make()
    made = [r.create() for _ in range(200)]
    ids, keys = {m.room for m in made}, {m.key for m in made}
    assert len(ids) == 200 and len(keys) == 200 and not ids & keys
    for m in made:
        assert bits(m.room) >= 128 and bits(m.key) >= 128
        assert len(m.room) >= 22 and rooms_mod.well_formed(m.room) and rooms_mod.well_formed(m.key)
        assert m.key not in m.room and m.room not in m.key
    assert len(r) == 200


def test_the_audience_view_of_a_room_carries_no_key(make):
    r = make()
    new = r.create(scene=3)
    state = r.get(new.room)
    assert state.scene == 3 and state.version == 1
    assert new.key not in repr(state)  # what anyone with the room id can read


def test_wrong_or_missing_key_is_refused_and_changes_nothing(make):
    r = make()
    new = r.create(scene=3)
    other = r.create()
    for key in (
        None,
        "",
        "nope",
        new.key[:-1],
        new.key + "x",
        new.key.upper() if new.key.upper() != new.key else "A" * 30,
        other.key,
        new.room,
        12345,
    ):
        with pytest.raises(RoomRefused):
            r.set_scene(new.room, key, 5)
        with pytest.raises(RoomRefused):
            r.end(new.room, key)
        assert not r.holds_key(new.room, key)
    state = r.get(new.room)
    assert state.scene == 3 and state.version == 1 and not state.ended
    assert r.set_scene(new.room, new.key, 5).scene == 5
    assert r.get(new.room).version == 2


def test_keys_are_compared_in_constant_time():
    from geo.briefing import rooms_pg

    assert "compare_digest" in inspect.getsource(Rooms._check_locked)
    assert "compare_digest" in inspect.getsource(rooms_pg.PgRooms._check)


def test_an_unknown_room_is_never_created(make):
    r = make()
    for room in ("my-chosen-room", "abc123", "A" * 30, "", None, "../x", "<img src=x>"):
        assert r.get(room) is None
        with pytest.raises(RoomRefused):
            r.set_scene(room, "A" * 30, 5)
        with pytest.raises(RoomRefused):
            r.end(room, "A" * 30)
        assert r.get(room) is None
    assert len(r) == 0


def test_refusals_are_one_line_and_name_neither_room_nor_key(make):
    r = make()
    new = r.create()
    for room, key in ((new.room, "wrong"), ("A" * 30, new.key), ("<b>x</b>", "<i>y</i>")):
        why = r.refusal(room, key)
        assert why and "\n" not in why and new.room not in why and new.key not in why and "<" not in why
    assert r.refusal(new.room, new.key) is None


def test_rooms_expire_and_sweep_forgets_them(make):
    clock = Clock()
    r = make(hours=12, clock=clock)
    new = r.create()
    assert r.get(new.room).expires_at == clock.t + 12 * 3600
    clock.t += 12 * 3600 - 1
    assert r.set_scene(new.room, new.key, 2).scene == 2  # still open a second before
    stale = r.create()
    clock.t += 1
    assert r.get(new.room) is None
    with pytest.raises(RoomRefused):
        r.set_scene(new.room, new.key, 3)
    assert r.get(stale.room) is not None
    clock.t += 12 * 3600
    assert r.sweep() == 1 and len(r) == 0


def test_room_hours_from_the_environment():
    assert room_hours({}) == 12
    assert room_hours({"BRIEFMAP_ROOM_HOURS": "2.5"}) == 2.5
    for bad in ("0", "-3", "nan", "inf", "soon", ""):
        assert room_hours({"BRIEFMAP_ROOM_HOURS": bad}) == 12


def test_room_hours_is_read_when_a_room_opens(make, monkeypatch):
    clock = Clock()
    monkeypatch.setenv("BRIEFMAP_ROOM_HOURS", "1")
    r = make(clock=clock)
    new = r.create()
    assert r.get(new.room).expires_at == clock.t + 3600


def test_a_presenter_ends_a_room(make):
    clock = Clock()
    r = make(clock=clock)
    new = r.create(scene=4)
    ended = r.end(new.room, new.key)
    assert ended.ended and ended.scene == 4
    assert r.get(new.room).ended  # the audience can still read that it ended
    for call in (lambda: r.set_scene(new.room, new.key, 5), lambda: r.end(new.room, new.key)):
        with pytest.raises(RoomRefused, match="ended"):
            call()
    assert not r.holds_key(new.room, new.key)
    clock.t += rooms_mod.ENDED_KEPT_S
    assert r.get(new.room) is None and r.sweep() == 0 and len(r) == 0


def test_a_full_server_refuses_new_rooms_until_some_expire(make):
    clock = Clock()
    r = make(hours=1, clock=clock, max_rooms=3)
    for _ in range(3):
        r.create()
    with pytest.raises(RoomsFull):
        r.create()
    clock.t += 3600
    assert r.create().room and len(r) == 1  # create sweeps first
