"""Speed of placing an essay: find_places on a 5,000-word essay (issue 14: <= 3 s on this machine).

The essay is made deterministically from our three test essays (tests/essays/: the news report, the
analysis with footnotes and the HTML page's article), their paragraphs repeated in order until it has
5,000 words or more. Prints, in this process (a fresh one, so the first call is cold):

- the name index load (data/places/names.json.gz) on its own;
- cold: the first find_places, including loading the index, the gazetteer and the places it reads;
- warm: the median of later calls (everything loaded, as in a running app).

    python bench/bench_essay.py [--quick] [--words 5000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

TARGET_S = 3.0


def essay(words: int):
    """Paragraphs p1..pN of at least ``words`` words, from our three essays in a fixed order."""
    from essay_corpus import ESSAYS, NAMES, local_read

    from geo.essays import model

    source = [p.text for name in NAMES for p in local_read(ESSAYS / name)]
    out, n, i = [], 0, 0
    while n < words:
        text = source[i % len(source)]
        out.append(model.Paragraph(f"p{len(out) + 1}", text))
        n += len(text.split())
        i += 1
    return out, n


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="one warm run instead of seven")
    ap.add_argument("--words", type=int, default=5000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    from geo.data import gazetteer
    from geo.essays import finder, names

    import_s = time.perf_counter() - t
    paragraphs, n_words = essay(args.words)

    t = time.perf_counter()
    names.load()
    index_s = time.perf_counter() - t
    names.load.cache_clear()  # the cold run loads it again, with everything else

    t = time.perf_counter()
    found, unresolved = finder.find_places(paragraphs)
    cold_s = time.perf_counter() - t

    warm = []
    for _ in range(1 if args.quick else 7):
        t = time.perf_counter()
        finder.find_places(paragraphs, gazetteer.load(), names.load())
        warm.append(time.perf_counter() - t)
    res = {
        "words": n_words,
        "paragraphs": len(paragraphs),
        "places": len(found),
        "mentions": sum(len(f.mentions) for f in found),
        "unresolved": len(unresolved),
        "import_s": round(import_s, 3),
        "index_load_s": round(index_s, 3),
        "cold_s": round(cold_s, 3),
        "warm_median_s": round(statistics.median(warm), 3),
        "warm_max_s": round(max(warm), 3),
        "target_s": TARGET_S,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        print(
            f"{n_words:,} words in {len(paragraphs)} paragraphs: {res['places']} places, {res['mentions']} mentions, "
            f"{res['unresolved']} unresolved\n"
            f"  import geo.essays.finder   {import_s:6.3f} s\n"
            f"  name index load            {index_s:6.3f} s\n"
            f"  cold (first call, loads)   {cold_s:6.3f} s   target {TARGET_S:g} s: {'ok' if cold_s <= TARGET_S else 'OVER'}\n"
            f"  warm (median of {len(warm)})        {res['warm_median_s']:6.3f} s   (max {res['warm_max_s']:.3f} s)\n"
            f"  load average {res['load_average']} on {res['cpus']} CPUs"
        )
    return res


if __name__ == "__main__":
    main()
