"""Machine CPU per map load in the browser tests: the shared on-disk profile against a fresh context.

The browser tests are CPU-bound (two cores; a page load is mostly Streamlit's own frontend: about
100 JavaScript chunks to fetch, parse and compile). This bench measures what the test harness's
Chromium set-up costs per load, in one run, against one warmed server:

1. baseline: what the tests did before: a fresh incognito context per load, the network guard as a
   Playwright route (``block_external``: it switches the page's HTTP cache off), animations on;
2. a renderer started for each page: every load a new page in one persistent profile (HTTP and V8
   code caches carry over), the network refused by Chromium (a dead proxy) and recorded by
   ``harness.guard``, a listener; CSS animations and transitions off (``harness.STILL``);
3. shipped: ``harness.Profile``: as 2, and the profile's localhost pages share one renderer process,
   kept alive between tests by a page held open (``--process-per-site``).

A load is: open the map page, wait until it can be clicked, click Melitopol, wait for its panel.
Each round warms up with two loads, then measures N; the rounds alternate, twice. CPU is the whole
machine's (/proc/stat: every state but idle and iowait): Chromium's
processes, the server, Playwright and this script. Prints CPU and wall per load for each round and
the ratios shipped / baseline and shipped / 2. Run it on an idle machine.

    python bench/bench_browser_profile.py [--loads 6]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))


def machine_cpu() -> float:
    """Busy CPU seconds of the whole machine so far (bench_viewers.machine_ticks: all but idle and iowait)."""
    from bench_viewers import machine_ticks

    return machine_ticks()[0] / os.sysconf("SC_CLK_TCK")


def load(page, url: str) -> None:
    """The map page, then a click on Melitopol and its panel."""
    from harness import click_latlng, wait_for_map

    page.goto(url)
    el, frame = wait_for_map(page, timeout=90000)
    frame.wait_for_function("window.__briefmap.pickReady()", timeout=30000)
    click_latlng(page, el, frame, 46.84735, 35.38196)
    page.locator('[data-testid="stMainBlockContainer"] h3').filter(has_text="Melitopol").first.wait_for(timeout=30000)


def baseline(browser, url: str) -> list[str]:
    from harness import block_external

    ctx = browser.new_context(viewport={"width": 1280, "height": 720})  # a plain Chromium; no harness.STILL
    blocked: list[str] = []
    try:
        page = ctx.new_page()
        block_external(page, blocked)
        load(page, url)
    finally:
        ctx.close()
    return blocked


def shipped(browser, url: str) -> list[str]:
    from harness import close_page, guard

    page = browser.new_context().new_page()
    seen: list[str] = []
    try:
        guard(page, seen)
        load(page, url)
    finally:
        close_page(page)
    return seen


def round_(browser, url: str, label: str, one, loads: int) -> tuple[float, float]:
    for _ in range(2):  # warm: the server's first run, and (shipped) the caches
        one(browser, url)
    c0, t0 = machine_cpu(), time.perf_counter()
    for _ in range(loads):
        left = one(browser, url)
        assert left == [], f"requests left the machine: {left}"
    cpu, wall = (machine_cpu() - c0) / loads, (time.perf_counter() - t0) / loads
    print(f"{label:62s} CPU {cpu:5.2f} s/load   wall {wall:5.2f} s/load   ({loads} loads)")
    return cpu, wall


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--loads", type=int, default=6)
    args = ap.parse_args(argv)

    from harness import Profile, launch_chromium, streamlit_server
    from playwright.sync_api import sync_playwright

    print(f"load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    base, step, ours = [], [], []
    with streamlit_server() as s, sync_playwright() as p, tempfile.TemporaryDirectory() as profile_dir:
        plain = launch_chromium(p)  # as the tests launched it before: geo.briefing.headless's arguments only
        browser = Profile(p, profile_dir)
        # the previous step: the same profile set-up, but a renderer process started for each page
        unkept = Profile(p, tempfile.mkdtemp(dir=profile_dir), keep_renderer=False)
        try:
            for _ in range(2):
                base.append(round_(plain, s.url, "baseline: fresh context, route guard, animations on", baseline, args.loads))
                step.append(round_(unkept, s.url, "profile, dead proxy, a renderer started for each page", shipped, args.loads))
                ours.append(round_(browser, s.url, "shipped: harness.Profile (and one kept renderer)", shipped, args.loads))
        finally:
            browser.close()
            unkept.close()
            plain.close()
    b_cpu, o_cpu = statistics.mean(c for c, _ in base), statistics.mean(c for c, _ in ours)
    b_wall, o_wall = statistics.mean(w for _, w in base), statistics.mean(w for _, w in ours)
    print(
        f"mean CPU per load: baseline {b_cpu:.2f} s, shipped {o_cpu:.2f} s; wall: baseline {b_wall:.2f} s, shipped {o_wall:.2f} s"
    )
    s_cpu, s_wall = statistics.mean(c for c, _ in step), statistics.mean(w for _, w in step)
    print(f"mean CPU per load with a renderer started for each page: {s_cpu:.2f} s; wall {s_wall:.2f} s")
    print(f"ratio shipped / baseline: CPU {o_cpu / b_cpu:.2f}x, wall {o_wall / b_wall:.2f}x")
    print(f"ratio shipped / a renderer started for each page: CPU {o_cpu / s_cpu:.2f}x, wall {o_wall / s_wall:.2f}x")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
