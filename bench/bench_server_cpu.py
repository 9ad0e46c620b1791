"""Server CPU per visit: the shipped server settings against Streamlit's default file watching.

A briefing server does not reload itself when a source file changes, so `.streamlit/config.toml`
sets ``server.fileWatcherType = "none"``. With Streamlit's default (``auto``: polling here, as
watchdog is not installed) every script run walks every imported module's file. This bench measures
what that costs, in one run with one Chromium:

1. baseline: ``streamlit run app.py --server.fileWatcherType auto``;
2. shipped: ``streamlit run app.py`` (the repository's config).

Each round opens the map page in a fresh browser context N times (a new visitor each time), clicks
Melitopol and waits for its panel (a rerun), and reads the server process's CPU seconds
(/proc/PID/stat) before and after. Prints CPU and wall seconds per visit for each round, and the
ratio shipped / baseline. Run it on an idle machine.

    python bench/bench_server_cpu.py [--visits 8]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def visit(browser, url: str) -> None:
    """A new visitor: the map page, then a click on Melitopol and its panel."""
    from harness import block_external, click_latlng, wait_for_map

    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = ctx.new_page()
        block_external(page, [])
        page.goto(url)
        el, frame = wait_for_map(page, timeout=90000)
        frame.wait_for_function("window.__briefmap.pickReady()", timeout=30000)
        click_latlng(page, el, frame, 46.84735, 35.38196)
        page.locator('[data-testid="stMainBlockContainer"] h3').filter(has_text="Melitopol").first.wait_for(timeout=30000)
    finally:
        ctx.close()


def round_(browser, label: str, extra: list[str], visits: int) -> tuple[float, float]:
    from harness import streamlit_server

    with streamlit_server(extra_args=extra) as s:
        visit(browser, s.url)  # warm: the first visit pays for the browser's and the server's first run
        c0, t0 = cpu_seconds(s.proc.pid), time.perf_counter()
        for _ in range(visits):
            visit(browser, s.url)
        cpu, wall = (cpu_seconds(s.proc.pid) - c0) / visits, (time.perf_counter() - t0) / visits
    print(f"{label:48s} server CPU {cpu:5.2f} s/visit   wall {wall:5.2f} s/visit   ({visits} visits)")
    return cpu, wall


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--visits", type=int, default=8)
    args = ap.parse_args(argv)

    from harness import launch_chromium
    from playwright.sync_api import sync_playwright

    print(f"load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            base = round_(browser, "baseline: --server.fileWatcherType auto", ["--server.fileWatcherType", "auto"], args.visits)
            ours = round_(browser, "shipped: .streamlit/config.toml (none)", [], args.visits)
        finally:
            browser.close()
    print(f"ratio shipped / baseline: server CPU {ours[0] / base[0]:.2f}x, wall {ours[1] / base[1]:.2f}x")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
