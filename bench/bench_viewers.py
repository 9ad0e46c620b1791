"""Many viewers at once: N browser contexts against one Streamlit server, acting at the same time.

For each N (default 1, 5, 10, 25) a fresh server is started (tests/harness.streamlit_server) and
warmed by one visitor; then N contexts of one headless Chromium (Playwright's async API, driven
with asyncio.gather) each load `/`, click 10 places on the map (pixel positions from the map's own
``latLngToContainerPoint``) and step 5 briefing scenes (`/briefing?scene=1`, then ArrowRight,
waiting for each scene's title). Times are taken inside the page (the pointer's or key's press to
the first frame painted once the answer shows), so the bench's own event loop does not add to them.

Prints per N: first map p50/p95; click -> quote visible p50/p95 (the map's card, where the checkout
has one; else "n/a (no in-map card)"); click -> panel complete p50/p95 (heading, first quote and
facts); scene step p50/p95; the server's RSS with all N sessions loaded, per extra session
((RSS_N - RSS_1)/(N-1)) and over the warmed server; the server's CPU time per phase (a busy
fraction near 1.0 means the one Python process, bound by its GIL, is the limit); the machine's
load average and busy fraction. Failures are reported per viewer, never fatal.

Targets (issue 13, 25 viewers): quote visible p95 <= 150 ms, panel complete p95 <= 1 s, server
memory <= 60 MB per extra session.

    python bench/bench_viewers.py [--n 1,5,10,25] [--quick] [--root CHECKOUT] [--app app.py] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "tests"))
sys.path.insert(0, str(HERE))

# Places not covered by another at the default zoom: bench_map.py's list, one list for both benches;
# viewer k starts at the k-th, so the viewers do not all ask for the same place at the same moment.
from bench_map import PLACES  # noqa: E402 (bench/ is on sys.path when run as a script)
from harness import CHROMIUM, CHROMIUM_ARGS, LOCAL_PREFIXES, MAP_IFRAME, streamlit_server  # noqa: E402

from geo.briefing import scenes as scene_file  # noqa: E402
from geo.data import arguments, gazetteer  # noqa: E402
from geo.data.places import geometry_of  # noqa: E402

READY = (
    "window.__briefmap && window.__briefmap.pending === 0 && document.querySelectorAll('path.leaflet-interactive').length > 30"
)
LOAD_TIMEOUT = 240_000  # ms: 25 contexts on 2 cores are slow
STEP_TIMEOUT = 120_000

# In the map frame: close the card first if it covers the point to click (as a user would).
UNCOVER = """([x, y]) => {
  const m = window.map.getContainer().getBoundingClientRect();
  const e = document.elementFromPoint(m.left + x, m.top + y), card = e && e.closest('.bm-card');
  if (card) { const c = card.querySelector('.bm-card-close'); if (c) c.click(); }
  return !!card;
}"""
# In the map frame: the pointer's press, and (if there is a card) the first frame painted once the
# card names another place and shows its first quote or its "not discussed" line.
ARM_FRAME = """([firsts, card]) => {
  const now = () => performance.timeOrigin + performance.now();
  const B = window.__bmView = {t0: null, t: null};
  document.addEventListener('pointerdown', () => { if (B.t0 === null) B.t0 = now(); }, {capture: true, once: true});
  if (!card) return;
  const nameNow = () => { const n = document.querySelector('.bm-card:not([hidden]) .bm-card-name'); return n ? n.textContent : ''; };
  const prev = nameNow();
  const done = () => {
    const c = document.querySelector('.bm-card');
    if (!c || c.hidden) return false;
    const n = c.querySelector('.bm-card-name'), q = c.querySelector('.bm-quote'), none = c.querySelector('.bm-card-none');
    if (!n || n.textContent === prev || !(n.textContent in firsts)) return false;
    const quote = firsts[n.textContent];
    return quote ? !!q && q.textContent.includes(quote) : !!none;
  };
  const obs = new MutationObserver(() => {
    if (B.t === null && done()) { obs.disconnect(); requestAnimationFrame(() => { B.t = now(); }); }
  });
  obs.observe(document.body, {childList: true, subtree: true, characterData: true, attributes: true});
}"""
# In the Streamlit page: the first frame painted once the panel's heading names another place, its
# first quote shows (if discussed) and its facts table (where the page has one) has changed.
ARM_PANEL = """(firsts) => {
  const now = () => performance.timeOrigin + performance.now();
  const main = () => document.querySelector('[data-testid="stMainBlockContainer"]') || document.body;
  const h0 = main().querySelector('h3'), prevHeading = h0 ? h0.textContent.trim() : '';
  const t0 = main().querySelector('table.bm-facts'), prevFacts = t0 ? t0.textContent : null;
  const P = window.__bmPanel = {t: null, name: null};
  const names = Object.keys(firsts).sort((a, b) => b.length - a.length);
  const done = () => {
    const h = main().querySelector('h3'), text = h ? h.textContent.trim() : '';
    const name = names.find(n => text.startsWith(n));
    if (!h || text === prevHeading || !name) return false;
    if (firsts[name] && !main().textContent.includes(firsts[name])) return false;
    const t = main().querySelector('table.bm-facts');
    if (!t || t.textContent === prevFacts) return false;
    P.name = name;
    return true;
  };
  const obs = new MutationObserver(() => {
    if (P.t === null && done()) { obs.disconnect(); requestAnimationFrame(() => { P.t = now(); }); }
  });
  obs.observe(document.body, {childList: true, subtree: true, characterData: true});
}"""
# In the Streamlit page: the key's press, and the first frame painted once the stage's title is `title`.
ARM_SCENE = """(title) => {
  const now = () => performance.timeOrigin + performance.now();
  const S = window.__bmScene = {t0: null, t: null};
  document.addEventListener('keydown', () => { if (S.t0 === null) S.t0 = now(); }, {capture: true, once: true});
  const done = () => { const h = document.querySelector('.bm-stage h2'); return !!h && h.textContent.trim() === title; };
  const obs = new MutationObserver(() => {
    if (S.t === null && done()) { obs.disconnect(); requestAnimationFrame(() => { S.t = now(); }); }
  });
  obs.observe(document.body, {childList: true, subtree: true, characterData: true});
}"""


# ---- the server process and the machine, from /proc (no psutil) -----------------------------------


def rss_mb(pid: int) -> float:
    """The resident set of a process in MB (/proc/<pid>/status VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs (/proc/stat)."""
    vals = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = vals[3] + (vals[4] if len(vals) > 4 else 0)
    return sum(vals) - idle, sum(vals)


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


class Phase:
    """Wall time, the server's CPU seconds and the machine's busy fraction over one phase."""

    def __init__(self, pid: int):
        self.pid = pid

    def __enter__(self):
        self.t, self.cpu, self.ticks = time.perf_counter(), cpu_s(self.pid), machine_ticks()
        return self

    def __exit__(self, *exc):
        wall = time.perf_counter() - self.t
        busy, total = machine_ticks()
        self.result = {
            "wall_s": round(wall, 2),
            "server_cpu_s": round(cpu_s(self.pid) - self.cpu, 2),
            "server_busy": round((cpu_s(self.pid) - self.cpu) / wall, 2) if wall else None,
            "machine_busy": round((busy - self.ticks[0]) / max(1, total - self.ticks[1]), 2),
        }


# ---- one viewer ------------------------------------------------------------------------------------


@dataclass
class Viewer:
    k: int
    first_map_s: float | None = None
    quote_ms: list[float] = field(default_factory=list)
    panel_ms: list[float] = field(default_factory=list)
    scene_ms: list[float] = field(default_factory=list)
    wrong_place: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    card: bool = False


async def block_external(page, record: list[str]) -> None:
    async def handle(route):
        url = route.request.url
        if url.startswith(LOCAL_PREFIXES):
            await route.continue_()
        else:
            record.append(url)
            await route.abort()

    await page.route("**/*", handle)


def _fail(v: Viewer, what: str, exc: BaseException) -> None:
    v.failures.append(f"{what}: {type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''}")


async def viewer(browser, url: str, v: Viewer, loaded: asyncio.Barrier, clicked: asyncio.Barrier, ctx_data: dict) -> None:
    """One viewer's visit: the map, `clicks` places, `scenes` briefing steps; the barriers line the
    viewers up after loading (for the memory reading) and before the briefing."""
    ctx = page = None
    try:
        ctx = await browser.new_context(viewport={"width": 1280, "height": 720})
        page = await ctx.new_page()
        await block_external(page, v.external)
        t0 = time.perf_counter()
        await page.goto(url, timeout=LOAD_TIMEOUT)
        el = await page.wait_for_selector(MAP_IFRAME, timeout=LOAD_TIMEOUT)
        frame = await el.content_frame()
        await frame.wait_for_function(READY, timeout=LOAD_TIMEOUT, polling=20)
        v.first_map_s = time.perf_counter() - t0
    except Exception as exc:  # noqa: BLE001 (reported per viewer)
        _fail(v, "first map", exc)
    await loaded.wait()
    if v.first_map_s is not None:
        await clicks(page, el, frame, v, ctx_data)
    await clicked.wait()
    if page is not None:
        await briefing(page, url, v, ctx_data)
    if ctx is not None:
        await ctx.close()


async def clicks(page, el, frame, v: Viewer, d: dict) -> None:
    await asyncio.sleep(1.0)  # the load-time reruns (the map's first view report) settle
    try:
        v.card = await frame.evaluate("!!(window.__briefmap && window.__briefmap.cardOn)")
        if v.card:
            await frame.wait_for_function("window.__briefmap.args && window.__briefmap.pickReady()", timeout=LOAD_TIMEOUT)
    except Exception as exc:  # noqa: BLE001
        _fail(v, "card check", exc)
        v.card = False
    names = d["names"]
    for i in range(d["clicks"]):
        pid = PLACES[(v.k + i) % len(PLACES)]
        lat, lon = d["points"][pid]
        try:
            x, y = await frame.evaluate(
                f"() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lon}]); return [p.x, p.y]; }}"
            )
            await frame.evaluate(UNCOVER, [x, y])
            box = await el.bounding_box()
            await frame.evaluate(ARM_FRAME, [d["firsts"], v.card])
            await page.evaluate(ARM_PANEL, d["firsts"])
            await page.mouse.click(box["x"] + x, box["y"] + y)
            await page.wait_for_function("window.__bmPanel.t !== null", timeout=STEP_TIMEOUT, polling=50)
            press = await frame.evaluate("window.__bmView.t0")
            v.panel_ms.append(await page.evaluate("window.__bmPanel.t") - press)
            if v.card:
                await frame.wait_for_function("window.__bmView.t !== null", timeout=STEP_TIMEOUT, polling=50)
                v.quote_ms.append(await frame.evaluate("window.__bmView.t") - press)
            shown = await page.evaluate("window.__bmPanel.name")
            if shown != names[pid]:
                v.wrong_place.append(f"{pid} -> {shown}")
        except Exception as exc:  # noqa: BLE001
            _fail(v, f"click {pid}", exc)
        await asyncio.sleep(0.3)  # a user's pause; trailing frames arrive


async def briefing(page, url: str, v: Viewer, d: dict) -> None:
    titles = d["titles"]
    try:
        await page.goto(f"{url}/briefing?scene=1", timeout=LOAD_TIMEOUT)
        await page.wait_for_function(
            "t => { const h = document.querySelector('.bm-stage h2'); return !!h && h.textContent.trim() === t; }",
            arg=titles[0],
            timeout=LOAD_TIMEOUT,
            polling=50,
        )
        await page.wait_for_selector(MAP_IFRAME, timeout=LOAD_TIMEOUT)
    except Exception as exc:  # noqa: BLE001
        _fail(v, "briefing load", exc)
        return
    for i in range(1, d["scenes"] + 1):
        try:
            await page.evaluate(ARM_SCENE, titles[i])
            await page.locator("body").press("ArrowRight")
            await page.wait_for_function("window.__bmScene.t !== null", timeout=STEP_TIMEOUT, polling=50)
            v.scene_ms.append(await page.evaluate("window.__bmScene.t - window.__bmScene.t0"))
        except Exception as exc:  # noqa: BLE001
            _fail(v, f"scene {i} -> {i + 1}", exc)
            return
        await asyncio.sleep(0.3)


# ---- one round: a fresh server, N viewers ------------------------------------------------------------


def _pct(xs: list[float], q: float) -> float | None:
    if not xs:
        return None
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))], 1)


async def warm(browser, url: str) -> None:
    """One visitor before the round: the first script run, the warm-up thread, the browser's cache."""
    ctx = await browser.new_context(viewport={"width": 1280, "height": 720})
    page = await ctx.new_page()
    await block_external(page, [])
    await page.goto(url, timeout=LOAD_TIMEOUT)
    frame = await (await page.wait_for_selector(MAP_IFRAME, timeout=LOAD_TIMEOUT)).content_frame()
    await frame.wait_for_function(READY, timeout=LOAD_TIMEOUT)
    await page.goto(f"{url}/briefing?scene=1", timeout=LOAD_TIMEOUT)
    await page.wait_for_selector(".bm-stage h2", timeout=LOAD_TIMEOUT)
    await ctx.close()


async def round_of(n: int, app: str, root: Path, d: dict) -> dict:
    from playwright.async_api import async_playwright

    with streamlit_server(app, cwd=root, timeout=180) as server:
        pid = server.proc.pid
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                await warm(browser, server.url)
            except Exception as exc:  # noqa: BLE001
                print(f"  warm-up visit failed: {exc}", file=sys.stderr)
            await asyncio.sleep(3.0)  # the warm visitor's session closes; the warm-up thread ends
            rss_warm = rss_mb(pid)
            viewers = [Viewer(k) for k in range(n)]
            loaded, clicked = asyncio.Barrier(n + 1), asyncio.Barrier(n + 1)
            tasks = [asyncio.create_task(viewer(browser, server.url, v, loaded, clicked, d)) for v in viewers]
            phases = {}
            with Phase(pid) as ph:
                await loaded.wait()
            phases["load"] = ph.result
            rss_loaded = rss_mb(pid)
            load_after_load = loadavg()
            with Phase(pid) as ph:
                await clicked.wait()
            phases["clicks"] = ph.result
            rss_clicked = rss_mb(pid)
            with Phase(pid) as ph:
                await asyncio.gather(*tasks, return_exceptions=True)
            phases["briefing"] = ph.result
            rss_end = rss_mb(pid)
            await browser.close()
    card = any(v.card for v in viewers)
    fm = [v.first_map_s for v in viewers if v.first_map_s is not None]
    q = [x for v in viewers for x in v.quote_ms]
    c = [x for v in viewers for x in v.panel_ms]
    s = [x for v in viewers for x in v.scene_ms]
    return {
        "n": n,
        "first_map_p50_s": round(statistics.median(fm), 2) if fm else None,
        "first_map_p95_s": round(_pct(fm, 0.95), 2) if fm else None,
        "card": card,
        "quote_p50_ms": _pct(q, 0.5),
        "quote_p95_ms": _pct(q, 0.95),
        "panel_p50_ms": _pct(c, 0.5),
        "panel_p95_ms": _pct(c, 0.95),
        "scene_p50_ms": _pct(s, 0.5),
        "scene_p95_ms": _pct(s, 0.95),
        "clicks": len(c),
        "scene_steps": len(s),
        "rss_warm_mb": round(rss_warm, 1),
        "rss_loaded_mb": round(rss_loaded, 1),
        "rss_after_clicks_mb": round(rss_clicked, 1),
        "rss_end_mb": round(rss_end, 1),
        "phases": phases,
        "loadavg_after_load": load_after_load,
        "loadavg_end": loadavg(),
        "failures": {v.k: v.failures for v in viewers if v.failures},
        "wrong_place": {v.k: v.wrong_place for v in viewers if v.wrong_place},
        "external_requests": sorted({u for v in viewers for u in v.external}),
    }


def fixed_data(clicks: int, n_scenes: int) -> dict:
    gaz = gazetteer.load()
    amap = arguments.load()
    firsts = {gaz[pid].name: None for pid in gaz.places}
    firsts.update({gaz[pid].name: a.quotes[0].text[:60] for pid, a in amap.arguments.items()})
    points = {}
    for pid in PLACES:
        g = geometry_of(pid)
        g = g if g.geom_type == "Point" else g.representative_point()
        points[pid] = (g.y, g.x)
    titles = [s.title for s in scene_file.load().scenes]
    return {
        "clicks": clicks,
        "scenes": min(n_scenes, len(titles) - 1),
        "firsts": firsts,
        "names": {pid: gaz[pid].name for pid in PLACES},
        "points": points,
        "titles": titles,
    }


def _f(x, unit: str = "") -> str:
    return "—" if x is None else f"{x}{unit}"


def report(rounds: list[dict]) -> None:
    r1 = next((r for r in rounds if r["n"] == 1), None)
    print(
        f"{'N':>3} {'first map p50/p95 s':>20} {'quote visible p50/p95 ms':>26} {'panel p50/p95 ms':>18} {'scene p50/p95 ms':>18}"
    )
    for r in rounds:
        quote = f"{_f(r['quote_p50_ms'])}/{_f(r['quote_p95_ms'])}" if r["card"] else "n/a (no in-map card)"
        print(
            f"{r['n']:>3} {_f(r['first_map_p50_s']) + '/' + _f(r['first_map_p95_s']):>20} {quote:>26} "
            f"{_f(r['panel_p50_ms']) + '/' + _f(r['panel_p95_ms']):>18} {_f(r['scene_p50_ms']) + '/' + _f(r['scene_p95_ms']):>18}"
        )
    print()
    print(
        f"{'N':>3} {'RSS warm':>9} {'RSS N loaded':>13} {'after clicks':>13} {'per extra session':>18} {'over warm / N':>14}  (MB)"
    )
    for r in rounds:
        extra = (r["rss_loaded_mb"] - r1["rss_loaded_mb"]) / (r["n"] - 1) if r1 and r["n"] > 1 else None
        over = (r["rss_loaded_mb"] - r["rss_warm_mb"]) / r["n"]
        print(
            f"{r['n']:>3} {r['rss_warm_mb']:>9} {r['rss_loaded_mb']:>13} {r['rss_after_clicks_mb']:>13} "
            f"{_f(None if extra is None else round(extra, 1)):>18} {round(over, 1):>14}"
        )
    print()
    print("What limits the numbers: per phase, wall s / the server's CPU s (its busy fraction: ~1.0 = one core,")
    print("the Python process saturated) / the machine's busy fraction (1.0 = both cores); load average.")
    for r in rounds:
        ph = " | ".join(
            f"{k} {v['wall_s']}s / {v['server_cpu_s']}s ({v['server_busy']}) / {v['machine_busy']}"
            for k, v in r["phases"].items()
        )
        print(f"{r['n']:>3} {ph}; load {r['loadavg_after_load']} -> {r['loadavg_end']}")
    print()
    for r in rounds:
        print(f"N={r['n']}: {r['clicks']} clicks and {r['scene_steps']} scene steps measured", end="")
        print(f"; failures: {r['failures'] or 'none'}; wrong place: {r['wrong_place'] or 'none'}", end="")
        print(f"; off-localhost requests: {r['external_requests'] or 'none'}")
    print("Targets (25 viewers): quote visible p95 <= 150 ms, panel complete p95 <= 1000 ms, <= 60 MB per extra session.")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", default="1,5,10,25", help="viewer counts, comma-separated (default 1,5,10,25)")
    ap.add_argument("--quick", action="store_true", help="N = 1,5 only")
    ap.add_argument("--clicks", type=int, default=10)
    ap.add_argument("--scenes", type=int, default=5)
    ap.add_argument("--root", type=Path, default=HERE, help="the checkout to run (default: this one)")
    ap.add_argument("--app", default="app.py", help="the app file, relative to --root")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    ns = [1, 5] if args.quick else [int(x) for x in args.n.split(",") if x.strip()]
    d = fixed_data(args.clicks, args.scenes)
    print(
        f"root {args.root.resolve()}, app {args.app}; load average at start {loadavg()} ({os.cpu_count()} CPUs)", file=sys.stderr
    )
    rounds = []
    for n in ns:
        print(f"N={n}…", file=sys.stderr)
        rounds.append(asyncio.run(round_of(n, args.app, args.root.resolve(), d)))
    if args.json:
        print(json.dumps(rounds, indent=2))
    else:
        report(rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
