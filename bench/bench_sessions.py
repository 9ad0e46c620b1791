"""The server with N sessions at once, measured from one real browser (issue 13, "25 viewers").

bench_viewers.py runs N Chromium pages on the machine that also runs the server: on 2 cores the
browsers take the CPU, so its figures mix the server's limit with the browsers'. This bench keeps
one real browser and gives the server the other N - 1 sessions without browsers:

1. Record: one browser loads ``/``, clicks 10 places (waiting for each panel) and steps 5 briefing
   scenes (``/briefing?scene=1``, then ArrowRight); every message the page sends on Streamlit's
   WebSocket is recorded with its time (the BackMsgs: the script reruns with the widget states,
   the map's clicks among them).
2. Replay: N - 1 clients (Python ``websockets``, a Streamlit dependency) each open the same
   connections and send the recorded messages at the recorded pace, reading (and dropping) all the
   server sends, in a loop, starting at staggered times: to the server each is a session doing what
   the recorded viewer did. They do not fetch the page's static files (the layers are year-long
   cached files; the browser of a real viewer would fetch them once).
3. Measure: meanwhile the real browser clicks places exactly as bench_map.py does (``measure``):
   click -> quote visible (the map's card) and click -> panel complete, p50 and p95.

Prints per N (default 1, 5, 10, 25): those, the server's CPU busy fraction over the measurement
(1.0 = one core: the GIL-bound Python process is the limit), the machine's busy fraction, and the
server's RSS per extra session ((RSS_N - RSS_1) / (N - 1)).

Targets (issue 13, 25 viewers): quote visible p95 <= 150 ms, panel complete p95 <= 1 s, server
memory <= 60 MB per extra session.

The replayed viewers act at the recorded pace (a click about every 0.8 s: a viewer clicking as fast
as the panel answers) or ``--slow F`` times slower (5: a click about every 4 s). A round whose
measuring browser gets no answer within 30 s says so (the server is saturated) instead of failing.

    python bench/bench_sessions.py [--n 1,5,10,25] [--clicks 16] [--slow 1] [--root CHECKOUT] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "tests"))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "bench"))

from bench_map import PLACES, UNCOVER, measure  # noqa: E402
from bench_viewers import Phase, machine_ticks, rss_mb  # noqa: E402
from harness import MAP_IFRAME, launch_chromium, streamlit_server  # noqa: E402

from geo.briefing import scenes as scene_file  # noqa: E402
from geo.data import gazetteer  # noqa: E402
from geo.data.places import geometry_of  # noqa: E402

READY = (
    "window.__briefmap && window.__briefmap.pending === 0 && document.querySelectorAll('path.leaflet-interactive').length > 30"
)
HEADING = (
    "() => { const h = document.querySelector('[data-testid=\"stMainBlockContainer\"] h3'); return h ? h.textContent : ''; }"
)


def record(url: str, clicks: int = 10, steps: int = 5) -> list[list[tuple[float, bytes | str]]]:
    """One viewer's session as the WebSocket messages its page sent: per connection, (s since it opened, payload)."""
    from playwright.sync_api import sync_playwright

    conns: list[list[tuple[float, bytes | str]]] = []

    def opened(ws) -> None:
        if "/_stcore/stream" not in ws.url:
            return
        frames: list[tuple[float, bytes | str]] = []
        conns.append(frames)
        t0 = time.perf_counter()
        ws.on("framesent", lambda payload: frames.append((time.perf_counter() - t0, payload)))

    gaz = gazetteer.load()
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        page.on("websocket", opened)
        page.goto(url)
        el = page.wait_for_selector(MAP_IFRAME, timeout=90000)
        frame = el.content_frame()
        frame.wait_for_function(READY, timeout=90000)
        frame.wait_for_function("window.__briefmap.pickReady()", timeout=30000)
        for pid in PLACES[:clicks]:
            g = geometry_of(pid)
            g = g if g.geom_type == "Point" else g.representative_point()
            x, y = frame.evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{g.y}, {g.x}]); return [p.x, p.y]; }}")
            frame.evaluate(UNCOVER, [x, y])
            box = el.bounding_box()
            page.mouse.click(box["x"] + x, box["y"] + y)
            name = gaz[pid].name
            page.wait_for_function(f"() => ({HEADING})().startsWith({json.dumps(name)})", timeout=30000)
            time.sleep(0.5)
        titles = [s.title for s in scene_file.load().scenes][:steps]
        page.goto(url + "/briefing?scene=1")
        stage = "t => { const h = document.querySelector('.bm-stage h2'); return !!h && h.textContent.trim() === t; }"
        page.wait_for_function(stage, arg=titles[0], timeout=60000)
        page.wait_for_selector(MAP_IFRAME, timeout=60000)
        for title in titles[1:]:
            page.locator("body").press("ArrowRight")
            page.wait_for_function(stage, arg=title, timeout=30000)
            time.sleep(0.5)
        time.sleep(1.0)
        browser.close()
    return conns


async def _drain(ws) -> None:
    async for _ in ws:
        pass


async def _client(
    ws_url: str, origin: str, conns, stop: threading.Event, offset: float, sent: list[int], slow: float = 1.0
) -> None:
    import websockets

    await asyncio.sleep(offset)
    while not stop.is_set():
        for frames in conns:
            async with websockets.connect(ws_url, subprotocols=["streamlit"], origin=origin, max_size=None) as ws:
                drain = asyncio.create_task(_drain(ws))
                t0 = asyncio.get_running_loop().time()
                for t, payload in frames:
                    while not stop.is_set() and asyncio.get_running_loop().time() < t0 + t * slow:
                        await asyncio.sleep(min(0.2, t0 + t * slow - asyncio.get_running_loop().time()))
                    if stop.is_set():
                        break
                    await ws.send(payload)
                    sent[0] += 1
                await asyncio.sleep(0.5)
                drain.cancel()
            if stop.is_set():
                break


class Replay:
    """``n`` replayed sessions in a thread of their own (one asyncio loop), until ``stop()``."""

    def __init__(self, url: str, conns, n: int, slow: float = 1.0):
        self.url, self.conns, self.n, self.slow = url, conns, n, slow
        self.stopping = threading.Event()
        self.sent = [0]
        self.errors: list[str] = []
        self.thread = threading.Thread(target=self._run, name="bench-replay", daemon=True)

    def _run(self) -> None:
        ws_url = self.url.replace("http://", "ws://") + "/_stcore/stream"
        length = max((f[-1][0] for f in self.conns if f), default=10.0)
        rnd = random.Random(13)

        async def all_clients():
            jobs = [
                _client(ws_url, self.url, self.conns, self.stopping, rnd.uniform(0, length), self.sent) for _ in range(self.n)
            ]
            for r in await asyncio.gather(*jobs, return_exceptions=True):
                if isinstance(r, BaseException):
                    self.errors.append(f"{type(r).__name__}: {r}")

        asyncio.run(all_clients())

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join(timeout=30)


def one_round(root: Path, conns, n: int, clicks: int, slow: float = 1.0) -> dict:
    with streamlit_server("app.py", cwd=root) as server:
        measure("app.py", "ours", 2, url=server.url)  # warm: the first script run and the caches
        rss1 = rss_mb(server.proc.pid)
        with Replay(server.url, conns, n - 1, slow) as rep:
            time.sleep(3.0 if n > 1 else 0.0)  # the replayed sessions connect and start
            with Phase(server.proc.pid) as ph:
                try:
                    got = measure("app.py", "ours", clicks, url=server.url)
                except Exception as exc:  # noqa: BLE001 (a saturated server: said, not a crash)
                    got = {"failed": f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"}
            rssn = rss_mb(server.proc.pid)
        return {
            "n": n,
            "slow": slow,
            "failed": got.get("failed", ""),
            "quote_p50_ms": got.get("quote_median_ms"),
            "quote_p95_ms": got.get("quote_p95_ms"),
            "panel_p50_ms": got.get("click_median_ms"),
            "panel_p95_ms": got.get("click_p95_ms"),
            "clicks": got.get("clicks", 0),
            "wrong_place": got.get("wrong_place", []),
            "replayed_messages": rep.sent[0],
            "replay_errors": rep.errors[:3],
            "rss_1_mb": round(rss1, 1),
            "rss_n_mb": round(rssn, 1),
            "rss_per_extra_session_mb": round((rssn - rss1) / (n - 1), 2) if n > 1 else None,
            **ph.result,
        }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", default="1,5,10,25")
    ap.add_argument("--clicks", type=int, default=16)
    ap.add_argument(
        "--slow",
        type=float,
        default=1.0,
        help="replay the recorded viewer this many times slower (1: as recorded, a click about every 0.8 s; 5: every ~4 s)",
    )
    ap.add_argument("--root", type=Path, default=HERE, help="the checkout to run (default: this one)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    root = a.root.resolve()
    ns = [int(x) for x in a.n.split(",")]
    with streamlit_server("app.py", cwd=root) as server:
        conns = record(server.url)
    rounds = []
    for n in ns:
        rounds.append(one_round(root, conns, n, a.clicks, a.slow))
        if not a.json:
            r = rounds[-1]
            if r["failed"]:
                print(
                    f"N={n:>3} (x{a.slow:g} slower): the measuring browser failed: {r['failed']}; server busy {r['server_busy']}"
                )
                continue
            print(
                f"N={n:>3} (x{a.slow:g} slower): quote p50/p95 {r['quote_p50_ms']}/{r['quote_p95_ms']} ms; panel p50/p95 {r['panel_p50_ms']}/"
                f"{r['panel_p95_ms']} ms; server busy {r['server_busy']}, machine busy {r['machine_busy']}; RSS {r['rss_1_mb']}"
                f" -> {r['rss_n_mb']} MB ({r['rss_per_extra_session_mb']} MB/extra session); replayed {r['replayed_messages']}"
                f" messages{'; errors ' + str(r['replay_errors']) if r['replay_errors'] else ''}",
                flush=True,
            )
    busy, _ = machine_ticks()
    if a.json:
        print(json.dumps({"recorded_connections": [len(c) for c in conns], "rounds": rounds}, indent=2))
    else:
        print(
            f"recorded: {len(conns)} connections, {sum(len(c) for c in conns)} messages; targets at N=25: quote p95 <= 150 ms, "
            "panel p95 <= 1000 ms, <= 60 MB per extra session"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
