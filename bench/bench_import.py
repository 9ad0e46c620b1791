"""Speed of importing snapshots and of switching the map's date.

Prints: time to import a ~600 KB DeepStateMap snapshot (median of fresh imports); time to import a
folder of 100 snapshots (the two fixtures under 100 different dates); and, in headless Chromium,
the time from moving the date slider to the new date's lines drawn (first visit and repeat).
Targets (2-core machine): <= 1 s per snapshot, <= 60 s per 100, <= 500 ms per date switch.

    python bench/bench_import.py [--switches 12] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from harness import block_external, launch_chromium, streamlit_server, wait_for_map  # noqa: E402

from geo.figures.stats import ukraine_geometry  # noqa: E402
from geo.lines.ingest import import_one, import_path  # noqa: E402

FIXTURES = ROOT.parent / "shared" / "fixtures" / "deepstate"
BIG = FIXTURES / "deepstate-2025-08-03.geojson"


def one_snapshot(runs: int = 5) -> dict:
    ukraine_geometry()  # loaded once per process, as in the app and the CLI
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as store:
            t = time.perf_counter()
            r = import_one(BIG, store_path=Path(store))
            times.append(time.perf_counter() - t)
            assert r.ok, r.error
    return {
        "file_kb": round(BIG.stat().st_size / 1024),
        "median_s": round(statistics.median(times), 3),
        "max_s": round(max(times), 3),
    }


def folder_of_100() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder, store = Path(tmp) / "in", Path(tmp) / "store"
        folder.mkdir()
        sources = sorted(FIXTURES.glob("deepstate-*.geojson"))
        for i in range(100):
            shutil.copyfile(sources[i % len(sources)], folder / f"deepstate-2024-{1 + i // 28:02d}-{1 + i % 28:02d}.geojson")
        t = time.perf_counter()
        results = import_path(folder, store_path=store)
        elapsed = time.perf_counter() - t
        assert all(r.ok for r in results) and len(results) == 100
    return {"files": 100, "total_s": round(elapsed, 2), "per_file_s": round(elapsed / 100, 3)}


def slider(switches: int) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as store:
        for f in sorted(FIXTURES.glob("deepstate-*.geojson")):
            assert import_one(f, store_path=Path(store)).ok
        with streamlit_server(env_extra={"BRIEFMAP_STORE": store}) as server, sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            external: list[str] = []
            block_external(page, external)
            page.goto(f"{server.url}/?date=2025-08-03")
            el, frame = wait_for_map(page)
            frame.wait_for_function("(document.body.getAttribute('data-bm-dynamic-urls') || '') !== ''", timeout=60000)
            thumb = page.locator('[data-testid="stSlider"] input[type="range"]').first
            cold, warm = [], []
            for i in range(switches):
                before = frame.evaluate("document.body.getAttribute('data-bm-dynamic-urls')")
                key = "ArrowLeft" if i % 2 == 0 else "ArrowRight"
                thumb.focus()
                t = time.perf_counter()
                thumb.press(key)
                frame.wait_for_function(
                    f"document.body.getAttribute('data-bm-dynamic-urls') !== {json.dumps(before)} && window.__briefmap.pending === 0",
                    timeout=60000,
                )
                page.wait_for_timeout(0)
                (cold if i < 1 else warm).append((time.perf_counter() - t) * 1000)
            browser.close()
            assert external == [], external
    return {
        "first_switch_ms": round(cold[0]),
        "repeat_median_ms": round(statistics.median(warm)),
        "repeat_p95_ms": round(sorted(warm)[max(0, int(round(0.95 * len(warm))) - 1)]),
        "switches": switches,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--switches", type=int, default=12)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    out = {"one_snapshot": one_snapshot(), "folder_of_100": folder_of_100(), "date_switch": slider(args.switches)}
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    o, f, s = out["one_snapshot"], out["folder_of_100"], out["date_switch"]
    print(f"{'':38s}{'measured':>12s}   target")
    print(f"{'import one snapshot (%d KB), median' % o['file_kb']:38s}{o['median_s']:>10.3f} s   <= 1 s")
    print(f"{'import a folder of 100 snapshots':38s}{f['total_s']:>10.2f} s   <= 60 s")
    print(f"{'date switch, first visit':38s}{s['first_switch_ms']:>9d} ms   <= 500 ms")
    print(f"{'date switch, repeat median':38s}{s['repeat_median_ms']:>9d} ms")
    print(f"{'date switch, repeat p95':38s}{s['repeat_p95_ms']:>9d} ms   <= 500 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
