"""Where the first map's seconds go: a waterfall of milestones, ours against the naive app and the
static page, in headless Chromium (issue 13: "first map within 1.3x of a static page").

Each visit is a new browser context (empty cache) on a server already warmed by one visit. The
milestones, in seconds from navigation (median of ``--visits``):

- ``html``: the page's HTML received;
- ``frontend``: the last of the frontend's JavaScript and CSS received (Streamlit's bundle; for the
  static page, Leaflet and our map code are inside the HTML);
- ``socket``: Streamlit's WebSocket opened (the frontend has booted);
- ``first message`` / ``map message``: the first WebSocket frame from the server, and the frame that
  carries the map (the first over 20 KB: streamlit-folium's HTML for the map);
- ``map frame``: the map's iframe navigated (streamlit-folium's component page);
- ``layers asked`` / ``layers in``: the first and last of the map's layer files (/app/static/);
- ``drawn``: the map drawn with its default layers (the same condition as bench_map.py).

It also prints the bytes received by kind (frontend JS/CSS, WebSocket frames, layer files) up to
``drawn``. Run on an idle machine; say ``uptime`` with the figures.

    python bench/bench_phases.py [--visits 3] [--root CHECKOUT] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_map import READY, static_server  # noqa: E402
from harness import MAP_IFRAME, ROOT, launch_chromium, streamlit_server  # noqa: E402

MILESTONES = ("html", "frontend", "socket", "first message", "map message", "map frame", "layers asked", "layers in", "drawn")
MAP_MESSAGE_BYTES = 20_000


def visit(browser, url: str, kind: str, iframe: bool = True) -> dict:
    """One new visitor: the milestones (s from navigation) and bytes received by kind."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    page = ctx.new_page()
    t: dict[str, float] = {}
    size = {"frontend": 0, "socket": 0, "layers": 0}
    t0 = time.perf_counter()

    def stamp(name: str, first: bool = True) -> None:
        if first and name in t:
            return
        t[name] = time.perf_counter() - t0

    def finished(request) -> None:
        u = request.url
        try:
            n = max(0, request.sizes()["responseBodySize"])
        except Exception:
            n = 0
        if request.resource_type == "document" and request.frame == page.main_frame:
            stamp("html")
        elif "/app/static/" in u:
            size["layers"] += n
            stamp("layers in", first=False)
        elif request.resource_type in ("script", "stylesheet") and "streamlit_folium" not in u and "component" not in u:
            size["frontend"] += n
            stamp("frontend", first=False)

    def asked(request) -> None:
        if "/app/static/" in request.url:
            stamp("layers asked")

    def socket(ws) -> None:
        stamp("socket")

        def received(payload) -> None:
            n = len(payload) if payload else 0
            size["socket"] += n
            stamp("first message")
            if n >= MAP_MESSAGE_BYTES:
                stamp("map message")

        ws.on("framereceived", received)

    def navigated(frame) -> None:
        if frame != page.main_frame and frame.url.startswith("http"):
            stamp("map frame")

    page.on("requestfinished", finished)
    page.on("request", asked)
    page.on("websocket", socket)
    page.on("framenavigated", navigated)
    page.goto(url)
    frame = page.wait_for_selector(MAP_IFRAME, timeout=60000).content_frame() if iframe else page
    frame.wait_for_function(READY[kind], timeout=60000, polling=20)
    stamp("drawn")
    ctx.close()
    return {"t": t, "bytes": size}


def run(url: str, kind: str, visits: int, iframe: bool = True) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        visit(browser, url, kind, iframe)  # warms the server and the OS caches, not counted
        got = [visit(browser, url, kind, iframe) for _ in range(visits)]
        browser.close()
    out = {}
    for m in MILESTONES:
        xs = [g["t"][m] for g in got if m in g["t"]]
        out[m] = round(statistics.median(xs), 3) if xs else None
    b = {k: int(statistics.median(g["bytes"][k] for g in got)) for k in got[0]["bytes"]}
    return {"milestones": out, "bytes": b}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--visits", type=int, default=3)
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout to run (default: this one)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    root = a.root.resolve()
    res = {}
    with streamlit_server("app.py", cwd=root) as s:
        res["ours"] = run(s.url, "ours", a.visits)
    with streamlit_server(str(Path(__file__).resolve().parent / "naive_app.py"), cwd=root) as s:
        res["naive"] = run(s.url, "naive", a.visits)
    import os
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bench-deck-") as tmp:
        build = (
            "import sys; from geo.briefing.export import deck_html; open(sys.argv[1], 'w', encoding='utf-8').write(deck_html())"
        )
        subprocess.run(
            [sys.executable, "-c", build, f"{tmp}/index.html"], cwd=root, check=True, env=dict(os.environ, PYTHONPATH=str(root))
        )
        with static_server(Path(tmp)) as url:
            res["static"] = run(url + "/index.html", "ours", a.visits, iframe=False)
    if a.json:
        print(json.dumps(res, indent=2))
        return 0
    print(
        f"first map, milestones in s from navigation (median of {a.visits} new visitors, server warmed); {os.getloadavg()[0]:.2f} load"
    )
    print(f"{'milestone':<16}" + "".join(f"{k:>10}" for k in res))
    for m in MILESTONES:
        print(
            f"{m:<16}" + "".join(f"{(res[k]['milestones'][m] if res[k]['milestones'][m] is not None else '-'):>10}" for k in res)
        )
    print(f"{'bytes':<16}" + "".join(f"{k:>10}" for k in res))
    for b in ("frontend", "socket", "layers"):
        print(f"  {b:<14}" + "".join(f"{res[k]['bytes'][b]:>10,}" for k in res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
