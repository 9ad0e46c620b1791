"""Real browser: an audience follows its presenter within a second, on one server (either backend) and
across two servers sharing one PostgreSQL database (the presenter on A, the audience on B), and the
presenter's link survives killing server A with SIGKILL and starting it again.

The timing tests print p50/p95 of key press → audience title change over STEPS steps (bench/bench_follow.py
times 20 steps on an idle machine)."""

from __future__ import annotations

import math
import statistics
import time
from urllib.parse import parse_qs, urlparse

import pytest
from harness import guard, server_pair, streamlit_server, wait_for_map
from playwright.sync_api import expect

from geo.briefing import rooms, scenes

pytestmark = pytest.mark.browser
TITLES = [s.title for s in scenes.load().scenes]
N = len(TITLES)


def bounce(start: int, count: int = 20) -> list[str]:
    """`count` key presses from scene `start`: back to the first scene, then on to the last, and back."""
    keys, scene, way = [], start, -1
    while len(keys) < count:
        if not 1 <= scene + way <= N:
            way = -way
        keys.append("ArrowRight" if way > 0 else "ArrowLeft")
        scene += way
    return keys


STEPS = 8  # timed steps per test (bench/bench_follow.py times 20 on an idle machine for the figures)
P95_TARGET_S = 1.0  # the goal (issue 15): printed as met or not. Speed is measured by bench/bench_follow.py on an
# idle machine, not asserted here (the suite's two backends run side by side on 2 cores): each step
# must arrive (15 s), and the audience must end on the presenter's scene.
# the page is connected again and its first run is drawn (no element left from before the restart)
BACK = """() => !document.querySelector('[data-stale="true"]') && !!document.querySelector('.bm-stage h2')"""
SAME_TITLE = "t => { const h = document.querySelector('.bm-stage h2'); return !!h && h.textContent === t; }"


def stage(page):
    return page.locator(".bm-stage h2").first


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def open_room(presenter, base: str, scene: int = 1) -> tuple[str, str]:
    presenter.goto(f"{base}/briefing?mode=presenter&scene={scene}")
    presenter.wait_for_function("new URLSearchParams(location.search).get('key')", timeout=90000)
    q = parse_qs(urlparse(presenter.url).query)
    room, key = q["room"][0], q["key"][0]
    assert rooms.well_formed(room) and rooms.well_formed(key)
    wait_for_map(presenter)
    expect(stage(presenter)).to_have_text(TITLES[scene - 1], timeout=20000)
    return room, key


def watch(audience, base: str, room: str, scene: int) -> None:
    audience.goto(f"{base}/briefing?mode=audience&room={room}")
    wait_for_map(audience)
    expect(stage(audience)).to_have_text(TITLES[scene - 1], timeout=20000)


def timed_steps(presenter, audience, start: int, keys: list[str]) -> list[float]:
    """Press each key on the presenter's page; seconds from the press to the audience's title change."""
    scene, times = start, []
    for k in keys:
        scene += 1 if k == "ArrowRight" else -1
        title = TITLES[scene - 1]
        presenter.wait_for_timeout(500)  # a presenter talks between scenes; the audience's poll is in place
        t0 = time.perf_counter()
        presenter.locator("body").press(k)
        try:
            audience.wait_for_function(SAME_TITLE, arg=title, timeout=15000, polling=10)
        except Exception as exc:
            raise AssertionError(
                f"step {len(times) + 1} ({k}): the audience shows {stage(audience).text_content()!r},"
                f" the presenter {stage(presenter).text_content()!r}; wanted {title!r}"
            ) from exc
        times.append(time.perf_counter() - t0)
        expect(stage(presenter)).to_have_text(title, timeout=15000)
    return times


def report(capsys, label: str, times: list[float]) -> None:
    import os

    met = "met" if p95(times) <= P95_TARGET_S else "NOT met"
    with capsys.disabled():
        print(
            f"\n{label}: key press -> audience title, {len(times)} steps: p50 {statistics.median(times):.3f} s, "
            f"p95 {p95(times):.3f} s ({met}: target {P95_TARGET_S} s), max {max(times):.3f} s, load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; all: {' '.join(f'{t:.2f}' for t in times)}"
        )


def contexts(browser, n: int):
    made = [browser.new_context(viewport={"width": 1280, "height": 720}) for _ in range(n)]
    external: list[str] = []
    pages = []
    for c in made:
        pg = c.new_page()
        guard(pg, external)
        pages.append(pg)
    return made, pages, external


def test_one_server_audience_follows_within_a_second(browser, server, capsys):
    """The backend this run tests (files, or PostgreSQL with BRIEFMAP_TEST_BACKEND=postgres), one server."""
    made, (presenter, audience), external = contexts(browser, 2)
    try:
        room, _ = open_room(presenter, server.url)
        watch(audience, server.url, room, 1)
        for _ in range(3):
            presenter.locator("body").press("ArrowRight")
        expect(stage(audience)).to_have_text(TITLES[3], timeout=15000)
        expect(stage(presenter)).to_have_text(TITLES[3], timeout=15000)
        times = timed_steps(presenter, audience, 4, bounce(4, STEPS))
        report(capsys, "one server", times)
        assert external == [], external
    finally:
        for c in made:
            c.close()


@pytest.fixture(scope="module")
def shared_database():
    """A fresh database for the two servers of this module (dropped afterwards)."""
    import pgtest

    with pgtest.fresh_database("rooms") as url:
        yield url


@pytest.fixture(scope="module")
def two_servers(shared_database):
    """Servers A and B: two `streamlit run` on two ports, one database."""
    env = {"BRIEFMAP_DATABASE_URL": shared_database}
    with server_pair(env) as (a, b):
        yield {"a": a, "b": b, "env": env, "url": shared_database}


def room_version(url: str, room: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT version FROM briefing_rooms WHERE id = %s", (room,)).fetchone()
    return row[0] if row else 0


@pytest.mark.postgres
def test_two_servers_the_audience_on_b_follows_the_presenter_on_a(browser, two_servers, capsys):
    a, b = two_servers["a"], two_servers["b"]
    made, (presenter, audience), external = contexts(browser, 2)
    try:
        room, _ = open_room(presenter, a.url)
        watch(audience, b.url, room, 1)
        for _ in range(3):
            presenter.locator("body").press("ArrowRight")
        expect(stage(audience)).to_have_text(TITLES[3], timeout=15000)  # scene 4, on the other server
        expect(stage(presenter)).to_have_text(TITLES[3], timeout=15000)
        times = timed_steps(presenter, audience, 4, bounce(4, STEPS))
        report(capsys, "two servers (presenter on A, audience on B)", times)
        assert external == [], external
    finally:
        for c in made:
            c.close()


@pytest.mark.postgres
def test_killing_server_a_keeps_the_room_and_the_presenters_link(browser, two_servers, capsys):
    a, b = two_servers["a"], two_servers["b"]
    made, (presenter, audience), external = contexts(browser, 2)
    try:
        room, key = open_room(presenter, a.url, 2)
        watch(audience, b.url, room, 2)
        presenter.locator("body").press("ArrowRight")
        expect(stage(audience)).to_have_text(TITLES[2], timeout=15000)
        expect(stage(presenter)).to_have_text(TITLES[2], timeout=15000)
        presenter.wait_for_function("location.search.includes('scene=3')", timeout=15000)
        a.proc.kill()  # SIGKILL: no shutdown, nothing saved on the way out
        a.proc.wait(timeout=10)
        t_kill = time.perf_counter()
        presenter.wait_for_selector('[data-testid="stDialog"]', timeout=30000)  # the page noticed: "connection error"
        before = room_version(two_servers["url"], room)
        with streamlit_server(env_extra=two_servers["env"], port=a.port) as again:
            started = time.perf_counter() - t_kill
            # the presenter's page reconnects by itself and reruns: its link (room + key) takes the same
            # room again and publishes its scene (the room's next version)
            presenter.wait_for_selector('[data-testid="stDialog"]', state="detached", timeout=60000)
            deadline = time.monotonic() + 60
            while room_version(two_servers["url"], room) <= before:
                assert time.monotonic() < deadline, "the presenter's page did not take its room again"
                time.sleep(0.1)
            reconnected = time.perf_counter() - t_kill
            presenter.wait_for_function(BACK, timeout=30000, polling=50)
            expect(presenter.get_by_text("Presenter console", exact=False)).to_be_visible(timeout=30000)
            presenter.wait_for_timeout(1000)
            q = parse_qs(urlparse(presenter.url).query)
            assert q["room"] == [room] and q["key"] == [key]
            expect(stage(presenter)).to_have_text(TITLES[2], timeout=20000)
            assert presenter.get_by_text("opens nothing", exact=False).count() == 0
            times = timed_steps(presenter, audience, 3, ["ArrowRight"] * 3)  # and the audience on B follows
            expect(stage(audience)).to_have_text(TITLES[5])
            # a fresh visit to the presenter's link on the restarted server opens the same console
            again_ctx = browser.new_context(viewport={"width": 1280, "height": 720})
            try:
                second = again_ctx.new_page()
                guard(second, external)
                second.goto(f"{again.url}/briefing?mode=presenter&room={room}&key={key}&scene=6")
                wait_for_map(second)
                expect(stage(second)).to_have_text(TITLES[5], timeout=20000)
                assert second.get_by_text("opens nothing", exact=False).count() == 0
            finally:
                again_ctx.close()
        with capsys.disabled():
            print(
                f"\nkill test: server A SIGKILLed and started again on port {a.port} in {started:.1f} s; the presenter's "
                f"page was back on the console {reconnected:.1f} s after the kill; then 3 steps followed on B in "
                f"{' '.join(f'{t:.2f}' for t in times)} s"
            )
        assert external == [], external
    finally:
        for c in made:
            c.close()
