"""Presenter key press -> audience screen, across two servers sharing one PostgreSQL (issue 15).

Starts a throw-away PostgreSQL + PostGIS cluster (tools/pgcluster.py), migrates it, and measures in
one run, with one Chromium:

1. baseline: the embedded default, one ``streamlit run`` on the file store, presenter and audience
   on the same server;
2. two servers A and B on one database: the presenter on A, the audience on B.

Each round presses → / ← 20 times on the presenter's page (0.5 s apart, as a presenter talks) and
times key press -> the audience's scene title changing. Prints p50 / p95 / max per round and the
ratio of the two-server round to the baseline. Target: p95 <= 1 s on the two servers. Run it on an
idle machine (the figures are the machine's, not the code's, when other work shares the cores).

    python bench/bench_follow.py [--steps 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))


def measure(browser, presenter_url: str, audience_url: str, steps: int) -> list[float]:
    """Open a room on `presenter_url`, its audience on `audience_url`; the seconds of each step."""
    from test_browser_rooms import bounce, contexts, open_room, timed_steps, watch

    made, (presenter, audience), _ = contexts(browser, 2)
    try:
        room, _ = open_room(presenter, presenter_url)
        watch(audience, audience_url, room, 1)
        timed_steps(presenter, audience, 1, ["ArrowRight"] * 3)  # warm: both pages have drawn a few scenes
        return timed_steps(presenter, audience, 4, bounce(4, steps))
    finally:
        for c in made:
            c.close()


def summary(label: str, times: list[float]) -> tuple[float, float]:
    from test_browser_rooms import p95

    p50, p = statistics.median(times), p95(times)
    print(f"{label:44s} p50 {p50 * 1000:6.0f} ms  p95 {p * 1000:6.0f} ms  max {max(times) * 1000:6.0f} ms  ({len(times)} steps)")
    return p50, p


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=20)
    args = ap.parse_args(argv)

    import pgcluster
    from harness import launch_chromium, server_pair, streamlit_server
    from playwright.sync_api import sync_playwright

    from geo.db import schema
    from geo.db.connect import close_all

    with tempfile.TemporaryDirectory(prefix="bench-follow-") as tmp:
        Path(tmp).chmod(0o755)  # the cluster's server runs as the postgres user (as root)
        url = pgcluster.start(Path(tmp) / "pg")
        try:
            schema.init(url)
            close_all()
            store = {"BRIEFMAP_STORE": str(Path(tmp) / "store")}
            with sync_playwright() as p:
                browser = launch_chromium(p)
                with streamlit_server(env_extra=store) as one:
                    base = summary("baseline: one server, file store", measure(browser, one.url, one.url, args.steps))
                env = dict(store, BRIEFMAP_DATABASE_URL=url)
                with server_pair(env) as (a, b):
                    two = summary("two servers, PostgreSQL (presenter A, audience B)", measure(browser, a.url, b.url, args.steps))
                browser.close()
            print(f"ratio two servers / baseline: p50 {two[0] / base[0]:.2f}x, p95 {two[1] / base[1]:.2f}x")
            print(f"target p95 <= 1000 ms on two servers: {'met' if two[1] <= 1.0 else 'NOT met'}")
        finally:
            pgcluster.stop(Path(tmp) / "pg")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
