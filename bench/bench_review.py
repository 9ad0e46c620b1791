"""Speed of the Essay page's review step for a 5,000-word essay (issue 14: the review page renders in <= 1 s).

Generates a 5,000-word essay in English about the war (deterministic: a fixed seed; some 40 places of
the gazetteer and GeoNames and a few villages that are in neither, each named in several paragraphs),
adds it to a temporary store through ``geo.essays.store.add`` and times the Essay page through Streamlit's AppTest, which runs the page's
script as the server does, without a browser:

- ``fresh session``: a new session opening the review page (the store's reads cached in the process);
- ``after a decision``: the rerun after an Accept (the store's revision changed: every cached view of
  the essay rebuilt);
- ``rerun``: a rerun with nothing changed.

Median and max of each over ``--runs`` (AppTest's whole run), and the median of the page's own code in
it (the decision's callback and the page script: wall and CPU time of the script's thread, which tells
the page's cost apart from a busy machine's); the target is 1 s. The load average is printed with them.

    python bench/bench_review.py [--runs 5] [--words 5000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

TARGET_S = 1.0
PLACES = (
    "Kherson", "Melitopol", "Zaporizhzhia", "Mariupol", "Berdyansk", "Enerhodar", "Nova Kakhovka", "Kakhovka",
    "Tokmak", "Polohy", "Vasylivka", "Orikhiv", "Huliaipole", "Bakhmut", "Soledar", "Kramatorsk", "Sloviansk",
    "Lyman", "Izium", "Kupiansk", "Balakliia", "Kharkiv", "Sievierodonetsk", "Lysychansk", "Svatove", "Kreminna",
    "Avdiivka", "Vuhledar", "Pokrovsk", "Donetsk", "Luhansk", "Mykolaiv", "Snihurivka", "Beryslav", "Kyiv",
    "Odesa", "Dnipro", "Crimea", "Sevastopol", "Kerch",
    # villages too small for GeoNames' list: the finder reports them unresolved, the page offers "Add a place"
    "Robotyne", "Novoprokopivka", "Urozhaine", "Klishchiivka", "Pryiutne", "Synkivka",
)  # fmt: skip
OPENERS = (
    "Ukrainian officials said that", "According to the General Staff,", "Satellite images suggest that",
    "Western analysts believe that", "Local residents reported that", "By the end of the week,",
    "In his evening address, the president noted that", "Russian state media claimed that",
)  # fmt: skip
CLAUSES = (
    "artillery fire near {a} intensified after the bridges were hit",
    "the road from {a} to {b} remains within range of Ukrainian rockets",
    "reinforcements moved from {a} towards {b} overnight",
    "the garrison in {a} had been resupplied by rail through {b}",
    "civilians leaving {a} described long queues at checkpoints outside {b}",
    "air defence over {a} intercepted most of the drones aimed at {b}",
    "the power station serving {a} was damaged again, leaving {b} without heating",
    "fortifications between {a} and {b} have been extended for several kilometres",
)  # fmt: skip
FILLER = (
    "The pace of operations will depend on the weather, on ammunition and on the will of the governments that supply it.",
    "Neither side has shown that it can break through a prepared defence without heavy losses.",
    "Winter will test the logistics of both armies more than any single battle.",
    "Much of what is reported cannot be verified independently, and early claims are often revised.",
)  # fmt: skip


def essay_text(words: int = 5000, seed: int = 14) -> str:
    """A deterministic essay of about ``words`` words, in paragraphs of four to seven sentences."""
    rng = random.Random(seed)
    paragraphs, count = [], 0
    while count < words:
        sentences = []
        for _ in range(rng.randint(4, 7)):
            if rng.random() < 0.25:
                s = rng.choice(FILLER)
            else:
                a, b = rng.sample(PLACES, 2)
                s = f"{rng.choice(OPENERS)} {rng.choice(CLAUSES).format(a=a, b=b)}."
            sentences.append(s)
            count += len(s.split())
        paragraphs.append(" ".join(sentences))
    return "Autumn on the southern front\n\n" + "\n\n".join(paragraphs) + "\n"


def measure(runs: int, words: int) -> dict:
    store = tempfile.mkdtemp(prefix="bench-review-")
    os.environ["BRIEFMAP_STORE"] = store
    from streamlit.testing.v1 import AppTest

    from geo.essays import store as essay_store
    from geo.web.essay_review_view import place_key

    text = essay_text(words)
    t = time.perf_counter()
    added = essay_store.add(
        text.encode("utf-8"), "autumn.txt", title="Autumn on the southern front", date="2022-11-20", store=store
    )
    add_s = time.perf_counter() - t
    e = added.essay
    app = str(ROOT / "app.py")

    warm = AppTest.from_file(app, default_timeout=120)  # the process's first run: imports, warm-up, caches
    warm.session_state["essay"] = e.id
    warm.switch_page("pages/essay.py").run()
    assert not warm.exception, warm.exception

    def session() -> AppTest:
        at = AppTest.from_file(app, default_timeout=120)
        at.session_state["essay"] = e.id
        # A server discovers its components once, at start; AppTest would scan every installed package's
        # metadata again for each new session (~1 s here), which no visitor waits for.
        at._bidi_component_manager = warm._bidi_component_manager
        return at

    # The page's own work in each run (the decision's callback and the page script, in the script's
    # thread: wall and CPU time), apart from AppTest's polling and the time other processes take the CPU.
    import ui.essays_review as page_mod

    spent: list[list[float]] = []

    def timed(fn):
        def wrapper(*a, **k):
            t0, c0 = time.perf_counter(), time.thread_time()
            try:
                return fn(*a, **k)
            finally:
                spent[-1][0] += time.perf_counter() - t0
                spent[-1][1] += time.thread_time() - c0

        return wrapper

    page_mod.page, page_mod._decide = timed(page_mod.page), timed(page_mod._decide)
    fresh, decided, rerun = [], [], []
    script: dict[str, list[list[float]]] = {"fresh": [], "decided": [], "rerun": []}

    def run(kind: str, runner, into: list[float]) -> None:
        spent.append([0.0, 0.0])
        t = time.perf_counter()
        runner.run()
        into.append(time.perf_counter() - t)
        script[kind].append(spent[-1])

    for i in range(runs):
        at = session()
        at.switch_page("pages/essay.py")
        run("fresh", at, fresh)
        assert not at.exception, at.exception
        p = e.places[i % len(e.places)]
        run("decided", at.radio(key=f"er_st_{e.id}_{place_key(p.id)}").set_value("rejected" if i % 2 else "accepted"), decided)
        assert not at.exception and not at.error, at.exception or [x.value for x in at.error]
        run("rerun", at, rerun)

    def page_stats(xs: list[list[float]]) -> dict:
        return {
            "page_wall_median_s": round(statistics.median(w for w, _ in xs), 3),
            "page_cpu_median_s": round(statistics.median(c for _, c in xs), 3),
        }

    def stats(xs: list[float]) -> dict:
        return {"median_s": round(statistics.median(xs), 3), "max_s": round(max(xs), 3), "ok": statistics.median(xs) <= TARGET_S}

    return {
        "words": len(text.split()),
        "paragraphs": len(e.paragraphs),
        "places": len(e.places),
        "mentions": sum(len(p.mentions) for p in e.places),
        "unresolved": len(e.unresolved),
        "add_s": round(add_s, 3),
        "fresh_session": stats(fresh) | page_stats(script["fresh"]),
        "after_a_decision": stats(decided) | page_stats(script["decided"]),
        "rerun": stats(rerun) | page_stats(script["rerun"]),
        "target_s": TARGET_S,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--words", type=int, default=5000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    r = measure(args.runs, args.words)
    if args.json:
        print(json.dumps(r))
        return 0
    print(
        f"essay: {r['words']} words, {r['paragraphs']} paragraphs, {r['places']} places, {r['mentions']} mentions, "
        f"{r['unresolved']} unresolved names; added in {r['add_s']:.2f} s"
    )
    for k in ("fresh_session", "after_a_decision", "rerun"):
        s = r[k]
        verdict = "ok" if s["ok"] else "OVER"
        print(
            f"review page, {k.replace('_', ' ')}: median {s['median_s']:.3f} s, max {s['max_s']:.3f} s "
            f"(target {TARGET_S:.1f} s: {verdict}); the page's own code {s['page_wall_median_s']:.3f} s "
            f"({s['page_cpu_median_s']:.3f} s of CPU)"
        )
    print(f"load average: {r['load_average']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
