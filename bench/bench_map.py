"""Speed of the map page, against a naive baseline and a static page, in headless Chromium.

Prints: time from navigation to the map drawn with its default layers; per click (median and p95
over clicks on different places), "click -> quote visible" (the card inside the map shows the
clicked place's first quote, or "Not discussed in the essay.", painted) and "click -> panel
complete" (the Streamlit panel's heading and facts table updated, painted); bytes received per click
(WebSocket frames and HTTP bodies). Runs bench/naive_app.py the same way and prints our figures as
ratios to it. The naive app has no card: its "quote visible" is its panel showing the place and its
first quote (so is ours on a checkout without the card; the output says so).
Times are taken in the page (the pointer's press in the map frame to the first animation frame
after the text is there), not by Playwright's polling.
Targets (issue 13, 2-core machine): quote visible p95 <= 100 ms, panel complete p95 <= 300 ms.

First map, three ways, each visitor a new browser context (empty cache), same readiness condition:
- a fresh server (started for this, just answering /_stcore/health): its 1st visitor and its 10th;
- the static-page baseline: the exported deck (geo/briefing/export.py ``deck_html``: Leaflet, our
  map code and the same layers in one HTML file) served by a plain ``http.server``.
Ratios: ours to the naive app, ours to the static page (target: first map <= 1.3x the static page).
These runs record requests that would leave the machine instead of routing every request through
Playwright (which slows a page of ~140 requests and switches the browser's cache off); the bytes
received up to the first map are given for the map's files (/app/static/) and for all of HTTP.

    python bench/bench_map.py [--clicks 24] [--visitors 10] [--quick] [--json]
                              [--root CHECKOUT] [--app app.py] [--naive bench/naive_app.py]

``--root`` runs the apps (and builds the deck) from another checkout, so the same bench compares a
before and an after; ``--quick`` takes fewer clicks (8) for a fast indicative run. Say the load
average (``uptime``) with any figure: numbers taken under load are indicative only.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import LOCAL_PREFIXES, MAP_IFRAME, ROOT, UNCOVER, block_external, free_port, launch_chromium, streamlit_server  # noqa: E402

from geo.data import arguments, gazetteer  # noqa: E402

# Places whose marker or area is not covered by another at the default zoom (Enerhodar sits under
# the nuclear plant's symbol at zoom 6, so it is reached by search, not by a click there).
PLACES = [
    "melitopol",
    "zaporizhzhia",
    "dnipro",
    "mariupol",
    "donetsk",
    "luhansk",
    "kherson",
    "mykolaiv",
    "kharkiv",
    "zaporizhzhia-npp",
    "simferopol",
    "sevastopol",
    "nova-kakhovka",
    "kyiv",
    "poltava-oblast",
    "kirovohrad-oblast",
    "sumy-oblast",
    "odesa-oblast",
    "western-kherson",
    "chernihiv-oblast",
]
READY = {
    "ours": "window.__briefmap && window.__briefmap.pending === 0 && document.querySelectorAll('path.leaflet-interactive').length > 30",
    "naive": "document.querySelectorAll('path.leaflet-interactive').length > 30",
}


# In the map frame: the time of the pointer's press, and of the first frame painted once the card
# shows a new place (its name, and its first quote or the "not discussed" line). `firsts` maps every
# place's name to the first 60 characters of its first quote (null: not discussed).
ARM_CARD = """([firsts, prevName]) => {
  const now = () => performance.timeOrigin + performance.now();
  const B = window.__bmBench = {t0: null, t: null};
  document.addEventListener('pointerdown', () => { if (B.t0 === null) B.t0 = now(); }, {capture: true, once: true});
  const done = () => {
    const card = document.querySelector('.bm-card');
    if (!card || card.hidden) return false;
    const n = card.querySelector('.bm-card-name'), q = card.querySelector('.bm-quote'), none = card.querySelector('.bm-card-none');
    if (!n || n.textContent === prevName || !(n.textContent in firsts)) return false;
    const quote = firsts[n.textContent];
    return quote ? !!q && q.textContent.includes(quote) : !!none;
  };
  const obs = new MutationObserver(() => {
    if (B.t === null && done()) { obs.disconnect(); requestAnimationFrame(() => { B.t = now(); }); }
  });
  obs.observe(document.body, {childList: true, subtree: true, characterData: true, attributes: true});
}"""
ARM_PRESS = """() => {
  const now = () => performance.timeOrigin + performance.now();
  const B = window.__bmBench = {t0: null};
  document.addEventListener('pointerdown', () => { if (B.t0 === null) B.t0 = now(); }, {capture: true, once: true});
}"""
# In the Streamlit page: the first frame painted once the panel's heading names another place, its
# first quote shows (if the essay discusses it) and (ours) its facts table has changed.
ARM_PANEL = """([firsts, prevHeading, facts, prevFacts]) => {
  const now = () => performance.timeOrigin + performance.now();
  const P = window.__bmPanel = {t: null};
  const names = Object.keys(firsts).sort((a, b) => b.length - a.length);
  const main = () => document.querySelector('[data-testid="stMainBlockContainer"]') || document.body;
  const done = () => {
    const h = main().querySelector('h3'), text = h ? h.textContent.trim() : '';
    const name = names.find(n => text.startsWith(n));
    if (!h || text === prevHeading || !name) return false;
    if (firsts[name] && !main().textContent.includes(firsts[name])) return false;
    if (!facts) return true;
    const t = main().querySelector('table.bm-facts');
    return !!t && t.textContent !== prevFacts;
  };
  const obs = new MutationObserver(() => {
    if (P.t === null && done()) { obs.disconnect(); requestAnimationFrame(() => { P.t = now(); }); }
  });
  obs.observe(document.body, {childList: true, subtree: true, characterData: true});
}"""
HEADING = "() => { const h = document.querySelector('[data-testid=\"stMainBlockContainer\"] h3'); return h ? h.textContent.trim() : ''; }"
# The place the panel's heading names (ours: "Name <span class=bm-kind>kind</span>"; naive: "Name").
HEADING_NAME = (
    "() => { const h = document.querySelector('[data-testid=\"stMainBlockContainer\"] h3'); if (!h) return '';"
    " const c = h.cloneNode(true); c.querySelectorAll('.bm-kind, a').forEach(e => e.remove()); return c.textContent.trim(); }"
)
CARD_NAME = "() => { const n = document.querySelector('.bm-card:not([hidden]) .bm-card-name'); return n ? n.textContent : ''; }"
FACTS_TEXT = (
    "() => { const m = document.querySelector('[data-testid=\"stMainBlockContainer\"]');"
    " const t = m && m.querySelector('table.bm-facts'); return t ? t.textContent : ''; }"
)


def _p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def _wait_drawn(page, kind: str, iframe: bool = True) -> None:
    """Until the map has drawn its default layers (READY), in the map iframe or (static) the page."""
    frame = page.wait_for_selector(MAP_IFRAME, timeout=60000).content_frame() if iframe else page
    frame.wait_for_function(READY[kind], timeout=60000, polling=20)


def _watch(page, external: list[str]) -> dict:
    """Bytes of HTTP response bodies as sent (all, and the map's files under /app/static/), and any
    request that would leave the machine (recorded, not routed: route interception would send every
    request through this process and switch the browser's cache off, slowing the page it measures)."""
    got = {"bytes": 0, "map_bytes": 0}

    def done(request):
        try:
            n = max(0, request.sizes()["responseBodySize"])
        except Exception:  # aborted requests have no sizes
            return
        got["bytes"] += n
        if "/app/static/" in request.url:
            got["map_bytes"] += n

    def sent(request):
        if request.url.startswith("http") and not request.url.startswith(LOCAL_PREFIXES):
            external.append(request.url)

    page.on("requestfinished", done)
    page.on("request", sent)
    return got


def fresh_server_visitors(app: str, kind: str, visitors: int, root: Path) -> dict:
    """First map for the 1st..Nth visitor of a server started for this (health just answered);
    each visitor a new browser context with an empty cache, one after the other."""
    from playwright.sync_api import sync_playwright

    times, sizes, map_sizes, external = [], [], [], []
    with sync_playwright() as p:
        browser = launch_chromium(p)  # before the server starts: the server's clock starts at health
        with streamlit_server(app, cwd=root) as server:
            for _ in range(visitors):
                ctx = browser.new_context(viewport={"width": 1280, "height": 720})
                page = ctx.new_page()
                got = _watch(page, external)
                t0 = time.perf_counter()
                page.goto(server.url)
                _wait_drawn(page, kind)
                times.append(round(time.perf_counter() - t0, 3))
                sizes.append(got["bytes"])
                map_sizes.append(got["map_bytes"])
                ctx.close()
        browser.close()
    return {
        "app": app,
        "first_map_s_by_visitor": times,
        "bytes_by_visitor": sizes,
        "map_bytes_by_visitor": map_sizes,
        "external_requests": external,
    }


@contextlib.contextmanager
def static_server(folder: Path):
    """A plain ``http.server`` for ``folder`` on a free localhost port; yields its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=httpd.serve_forever, name="bench-static", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no line per request on stderr
        pass


def static_page(root: Path, visits: int = 3) -> dict:
    """The static-page baseline: the exported deck (built by ``root``'s code) served by http.server;
    the first map of a new visitor (new browser context), best and median of ``visits``."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-deck-") as tmp:
        build = (
            "import sys; from geo.briefing.export import deck_html; open(sys.argv[1], 'w', encoding='utf-8').write(deck_html())"
        )
        subprocess.run(
            [sys.executable, "-c", build, str(Path(tmp) / "index.html")],
            cwd=root,
            check=True,
            env=dict(os.environ, PYTHONPATH=str(root)),
        )
        size = (Path(tmp) / "index.html").stat().st_size
        times, external = [], []
        with static_server(Path(tmp)) as url, sync_playwright() as p:
            browser = launch_chromium(p)
            for _ in range(visits + 1):  # the first visit warms the OS and the browser, not timed
                ctx = browser.new_context(viewport={"width": 1280, "height": 720})
                page = ctx.new_page()
                _watch(page, external)
                t0 = time.perf_counter()
                page.goto(url + "/index.html")
                _wait_drawn(page, "ours", iframe=False)
                times.append(time.perf_counter() - t0)
                ctx.close()
            browser.close()
    timed = times[1:]
    return {
        "first_map_s": round(statistics.median(timed), 3),
        "first_map_s_best": round(min(timed), 3),
        "bytes": size,
        "external_requests": external,
    }


def measure(app: str, kind: str, clicks: int, root: Path = ROOT, url: str | None = None) -> dict:
    """Clicks on ``clicks`` places, timed in the page; on a server started for this, or the one at ``url``."""
    from playwright.sync_api import sync_playwright

    gaz = gazetteer.load()
    amap = arguments.load()
    from geo.data.places import geometry_of

    running = contextlib.nullcontext(type("Running", (), {"url": url})()) if url else streamlit_server(app, cwd=root)
    with running as server, sync_playwright() as p:
        browser = launch_chromium(p)
        ctx = browser.new_context(viewport={"width": 1280, "height": 720})
        page = ctx.new_page()
        external: list[str] = []
        block_external(page, external)
        received = {"bytes": 0}
        page.on(
            "websocket",
            lambda ws: ws.on(
                "framereceived",
                lambda payload: received.__setitem__("bytes", received["bytes"] + (len(payload) if payload else 0)),
            ),
        )

        def on_response(resp):
            try:
                received["bytes"] += len(resp.body())
            except Exception:  # redirects and aborted requests have no body
                pass

        page.on("response", on_response)
        # warm the server (first script run, caches) before timing the first map
        page.goto(server.url)
        page.wait_for_selector(MAP_IFRAME, timeout=60000).content_frame().wait_for_function(READY[kind], timeout=60000)
        page.goto("about:blank")
        t0 = time.perf_counter()
        page.goto(server.url)
        el = page.wait_for_selector(MAP_IFRAME, timeout=60000)
        frame = el.content_frame()
        frame.wait_for_function(READY[kind], timeout=60000, polling=20)
        first_map = time.perf_counter() - t0
        time.sleep(1.0)  # let the load-time reruns (initial view report) settle
        # the card, where this checkout has one (and once its data and the pick file have loaded)
        card = kind == "ours" and frame.evaluate("!!(window.__briefmap && window.__briefmap.cardOn)")
        if card:
            frame.wait_for_function("window.__briefmap.args && window.__briefmap.pickReady()", timeout=30000)
        quote_ms, panel_ms, sizes, mismatches, disagree = [], [], [], [], []
        firsts = {gaz[pid].name: None for pid in gaz.places}
        firsts.update({gaz[pid].name: a.quotes[0].text[:60] for pid, a in amap.arguments.items()})
        targets = [PLACES[i % len(PLACES)] for i in range(clicks)]
        for i, pid in enumerate(targets):
            if i and targets[i - 1] == pid:
                continue
            geom = geometry_of(pid)
            geom = geom if geom.geom_type == "Point" else geom.representative_point()
            name = gaz[pid].name
            x, y = frame.evaluate(
                f"() => {{ const p = window.map.latLngToContainerPoint([{geom.y}, {geom.x}]); return [p.x, p.y]; }}"
            )
            frame.evaluate(UNCOVER, [x, y])  # the card covers the next place: closed first, as a user would
            box = el.bounding_box()
            before = received["bytes"]
            heading = page.evaluate(HEADING)
            if card:
                frame.evaluate(ARM_CARD, [firsts, frame.evaluate(CARD_NAME)])
            else:
                frame.evaluate(ARM_PRESS)
            page.evaluate(ARM_PANEL, [firsts, heading, kind == "ours", page.evaluate(FACTS_TEXT)])
            page.mouse.click(box["x"] + x, box["y"] + y)
            try:
                if card:
                    frame.wait_for_function("window.__bmBench.t !== null", timeout=30000, polling=5)
                page.wait_for_function("window.__bmPanel.t !== null", timeout=30000, polling=5)
            except Exception as exc:
                raise RuntimeError(f"{kind}: the card or the panel did not show a new place after clicking {pid}") from exc
            press = frame.evaluate("window.__bmBench.t0")
            panel_ms.append(page.evaluate("window.__bmPanel.t") - press)
            quote_ms.append((frame.evaluate("window.__bmBench.t") if card else page.evaluate("window.__bmPanel.t")) - press)
            shown = page.evaluate(HEADING_NAME)
            if shown != name:
                mismatches.append(f"{pid} -> {shown}")
            if card and frame.evaluate(CARD_NAME) != shown:
                disagree.append(f"card {frame.evaluate(CARD_NAME)!r}, panel {shown!r}")
            time.sleep(0.3)  # let trailing frames arrive before counting the next click
            sizes.append(received["bytes"] - before)
        browser.close()
    return {
        "app": str(root / app),
        "quote_in": "map card" if card else "panel",
        "first_map_s": round(first_map, 3),
        "clicks": len(panel_ms),
        "quote_median_ms": round(statistics.median(quote_ms), 1),
        "quote_p95_ms": round(_p95(quote_ms), 1),
        "click_median_ms": round(statistics.median(panel_ms), 1),  # click -> panel complete
        "click_p95_ms": round(_p95(panel_ms), 1),
        "bytes_per_click_median": int(statistics.median(sizes)),
        "bytes_per_click_max": int(max(sizes)),
        "external_requests": external,
        "wrong_place": mismatches,
        "card_panel_disagree": disagree,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clicks", type=int, default=24)
    ap.add_argument("--visitors", type=int, default=10, help="visitors of the fresh server (first map of the 1st and the last)")
    ap.add_argument("--quick", action="store_true", help="8 clicks: a fast, indicative run")
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout to run the apps from (default: this one)")
    ap.add_argument("--app", default="app.py", help="our app, relative to --root")
    ap.add_argument("--naive", default="bench/naive_app.py", help="the naive app, relative to --root")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.quick:
        args.clicks = min(args.clicks, 8)
    root = args.root.resolve()
    first = first_map_rows(root, args.app, args.naive, max(2, args.visitors))
    naive_root = root if (root / args.naive).exists() else ROOT  # a checkout from before the naive app: this one's
    ours = measure(args.app, "ours", args.clicks, root)
    naive = measure(args.naive, "naive", args.clicks, naive_root)
    ratios = {
        k: round(ours[k] / naive[k], 3) if naive[k] else None
        for k in ("first_map_s", "quote_median_ms", "quote_p95_ms", "click_median_ms", "click_p95_ms", "bytes_per_click_median")
    }
    load = os.getloadavg()
    if args.json:
        print(
            json.dumps(
                {"ours": ours, "naive": naive, "ratio_ours_to_naive": ratios, "first_map": first, "loadavg": load}, indent=2
            )
        )
        return 0
    print_first_map(first)
    print()
    print(f"{'':32s}{'ours':>12s}{'naive':>12s}{'ratio':>8s}   target")
    rows = [
        ("first map drawn (s)", "first_map_s", "<= 2 s"),
        ("click->quote visible median", "quote_median_ms", ""),
        ("click->quote visible p95 (ms)", "quote_p95_ms", "<= 100 ms"),
        ("click->panel complete median", "click_median_ms", ""),
        ("click->panel complete p95 (ms)", "click_p95_ms", "<= 300 ms"),
        ("bytes per click (median)", "bytes_per_click_median", "<= 50 KB"),
    ]
    for label, key, target in rows:
        print(f"{label:32s}{ours[key]:>12}{naive[key]:>12}{ratios[key]:>8}   {target}")
    print(f"{'bytes per click (max)':32s}{ours['bytes_per_click_max']:>12}{naive['bytes_per_click_max']:>12}")
    print(
        f"quote visible read in: ours the {ours['quote_in']}, naive the panel (it has no card); "
        "from the pointer's press to the first frame painted after"
    )
    print(f"clicks that selected another place than aimed at: ours {ours['wrong_place']}, naive {naive['wrong_place']}")
    print(f"clicks where the card and the panel named different places: {ours['card_panel_disagree']}")
    print(
        f"clicks measured: ours {ours['clicks']}, naive {naive['clicks']}; off-localhost requests: {ours['external_requests'] + naive['external_requests']}"
    )
    print(f"app measured: {ours['app']}; load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 cores)")
    return 0


def _nth(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def first_map_rows(root: Path, app: str, naive_app: str, visitors: int) -> dict:
    """First map: a fresh server's 1st and last visitor (ours and naive) and the static page."""
    ours = fresh_server_visitors(app, "ours", visitors, root)
    naive = fresh_server_visitors(naive_app, "naive", visitors, root)
    static = static_page(root)
    rows = {}
    for label, i in (
        ("first map (fresh server, 1st visitor) (s)", 0),
        (f"first map (fresh server, {_nth(visitors)} visitor) (s)", -1),
    ):
        o, n = ours["first_map_s_by_visitor"][i], naive["first_map_s_by_visitor"][i]
        rows[label] = {
            "ours": o,
            "naive": n,
            "static": static["first_map_s"],
            "ours_to_naive": round(o / n, 2),
            "ours_to_static": round(o / static["first_map_s"], 2),
        }
    for label, key in (
        ("map files to first map (bytes as sent)", "map_bytes_by_visitor"),
        ("all HTTP to first map (bytes as sent)", "bytes_by_visitor"),
    ):
        o, n = ours[key][-1], naive[key][-1]
        rows[label] = {
            "ours": o,
            "naive": n,
            "static": static["bytes"],
            "ours_to_naive": round(o / n, 2) if n else None,
            "ours_to_static": round(o / static["bytes"], 2),
        }
    return {
        "rows": rows,
        "ours_by_visitor": ours["first_map_s_by_visitor"],
        "naive_by_visitor": naive["first_map_s_by_visitor"],
        "static": static,
        "external_requests": ours["external_requests"] + naive["external_requests"] + static["external_requests"],
    }


def print_first_map(first: dict) -> None:
    print(f"{'':44s}{'ours':>9s}{'naive':>9s}{'static':>9s}{'/naive':>8s}{'/static':>8s}   target")
    for label, r in first["rows"].items():
        target = "<= 1.3x static" if label.startswith("first map") else ""
        print(
            f"{label:44s}{r['ours']:>9}{r['naive']:>9}{r['static']:>9}{r['ours_to_naive']!s:>8}{r['ours_to_static']!s:>8}   {target}"
        )
    print(f"first map by visitor (s): ours {first['ours_by_visitor']}, naive {first['naive_by_visitor']}")
    print(
        f"static page: the exported deck via http.server, median {first['static']['first_map_s']} s, best {first['static']['first_map_s_best']} s; "
        f"off-localhost requests: {first['external_requests']}"
    )


if __name__ == "__main__":
    sys.exit(main())
