"""Cost budget of the importer against hostile-but-small files.

Generates (in a temporary folder) a ~49 MB GeoJSON of 300,000 small triangles and a file of 10^6
triangles, imports each in a fresh subprocess (`python -m geo import --json` into a temporary
store) and prints wall time, peak RSS of the child and the outcome (imported / refused, with the
one-line message), next to a baseline: importing the 2025-08-03 DeepStateMap fixture in the same run.

Budget (README, "Import"): any file under the caps imports or is refused in <= 30 s and <= 1 GB
peak RSS on a 2-core machine.

    python bench/bench_budget.py [--json] [--sizes 300000,1000000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT.parent / "shared" / "fixtures" / "deepstate" / "deepstate-2025-08-03.geojson"
OCCUPIED = "Окуповано"  # "occupied", DeepStateMap's 2022 name: short, so 300,000 triangles fit in ~49 MB
AREA = (34.0, 46.6, 38.0, 48.0)  # lon/lat box in occupied ground the triangles tile


def triangles_geojson(path: Path, n: int, area: tuple[float, float, float, float] = AREA) -> Path:
    """Write a DeepState-style FeatureCollection of n small triangles tiling `area` (two per grid cell,
    sharing their edges exactly, as a shattered export would), streamed so the generator stays small.
    Compact like the reported file (300,000 in ~49 MB): 3-decimal coordinates, and no per-feature
    "type" member (the reader does not need it)."""
    cells = (n + 1) // 2
    cols = max(1, int((cells * (area[2] - area[0]) / (area[3] - area[1])) ** 0.5))
    rows = -(-cells // cols)
    dx, dy = (area[2] - area[0]) / cols, (area[3] - area[1]) / rows
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('{"type":"FeatureCollection","features":[\n')
        written = 0
        for r in range(rows):
            for c in range(cols):
                x0, y0 = round(area[0] + c * dx, 3), round(area[1] + r * dy, 3)
                x1, y1 = round(area[0] + (c + 1) * dx, 3), round(area[1] + (r + 1) * dy, 3)
                for ring in ([[x0, y0], [x1, y0], [x1, y1], [x0, y0]], [[x0, y0], [x1, y1], [x0, y1], [x0, y0]]):
                    if written == n:
                        break
                    sep = ",\n" if written else ""
                    fh.write(
                        sep
                        + json.dumps(
                            {"properties": {"name": OCCUPIED}, "geometry": {"type": "Polygon", "coordinates": [ring]}},
                            ensure_ascii=False,
                            separators=(",", ":"),
                        )
                    )
                    written += 1
        fh.write("\n]}\n")
    return path


def import_in_child(path: Path, date: str, env: dict | None = None) -> dict:
    """Import one file in a fresh `python -m geo import --json` and measure it from outside."""
    with tempfile.TemporaryDirectory(prefix="briefmap-bench-store-") as store:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t = time.perf_counter()
        p = subprocess.run(
            [sys.executable, "-m", "geo", "import", str(path), "--date", date, "--store", store, "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
        )
        wall = time.perf_counter() - t
        rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = (p.stdout or "").strip()
    try:
        obj = json.loads(out.splitlines()[-1]) if out else {}
    except json.JSONDecodeError:
        obj = {}
    if p.returncode == 0 and "error" not in obj:
        outcome = f"imported: held {obj.get('held_km2', 0):,.0f} km2, {obj.get('features_used')} features used"
    else:
        msg = obj.get("error") or (p.stderr or out).strip().splitlines()[-1:] or ["?"]
        outcome = "refused: " + (msg if isinstance(msg, str) else msg[0])
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: only meaningful when it grew
    return {
        "file": path.name,
        "mb": round(path.stat().st_size / 1e6, 1),
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(rss_kb / 1024, 0) if rss_kb > before else f"<= {before / 1024:.0f}",
        "exit": p.returncode,
        "outcome": outcome,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--sizes",
        default="300000,1000000,1000000@250",
        help="triangle counts, comma-separated; N@MB runs with BRIEFMAP_MAX_IMPORT_MB=MB (above the default size cap)",
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    rows = []
    # the baseline first: RUSAGE_CHILDREN's max only grows, so the small import must run before the big ones
    base = import_in_child(FIXTURE, "2025-08-03")
    base["case"] = "fixture 2025-08-03 (baseline)"
    rows.append(base)
    with tempfile.TemporaryDirectory(prefix="briefmap-bench-") as tmp:
        for spec in (s.strip() for s in args.sizes.split(",") if s.strip()):
            n, _, mb = spec.partition("@")
            n = int(n)
            path = Path(tmp) / f"triangles-{n}.geojson"
            if not path.exists():
                triangles_geojson(path, n)
            env = {"BRIEFMAP_MAX_IMPORT_MB": mb} if mb else {}
            r = import_in_child(path, "2025-08-03", env)
            r["case"] = f"{n:,} triangles" + (f" (size cap {mb} MB)" if mb else "")
            r["x_baseline_time"] = round(r["wall_s"] / max(base["wall_s"], 1e-9), 1)
            rows.append(r)
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        for r in rows:
            ratio = f"  ({r['x_baseline_time']}x baseline time)" if "x_baseline_time" in r else ""
            print(
                f"{r['case']:<32} {r['mb']:>6} MB  {r['wall_s']:>7.2f} s  peak RSS {r['peak_rss_mb']} MB{ratio}\n"
                f"    {r['outcome']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
