"""``python -m geo essay add|list|remove``: add an essay file to the user store, list, remove.

Exit status: 0 added, unchanged or replaced (and for list/remove: done); 1 refused (one line on
stderr naming the file; nothing stored); 2 usage (bad flags, a bad --date or --title, no such file).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(sub, parser: argparse.ArgumentParser) -> None:
    """Add the ``essay`` command and its subcommands to ``python -m geo``.

    Parameters
    ----------
    sub : argparse._SubParsersAction
        The top-level subparsers.
    parser : argparse.ArgumentParser
        The top-level parser (its one-line error handler is reused).

    Examples
    --------
    >>> p = argparse.ArgumentParser(); s = p.add_subparsers(dest="cmd")
    >>> register(s, p); p.parse_args(["essay", "list"]).essay_cmd
    'list'
    """
    es = sub.add_parser("essay", help="add an essay (.txt, .md, .html, .docx) to the user store; list; remove")
    esub = es.add_subparsers(dest="essay_cmd", required=True)
    add = esub.add_parser("add", help="read an essay file, find its places and store it")
    add.add_argument("file", metavar="FILE", help=".txt, .md, .html/.htm or .docx")
    add.add_argument("--title", help="the essay's title (default: from the file)")
    add.add_argument("--date", help="YYYY-MM-DD (default: the date line at the top of the text)")
    add.add_argument("--author", help="the essay's author (default: from the file, if it says)")
    add.add_argument("--store", metavar="DIR", help="user store (default: $BRIEFMAP_STORE or data/user/)")
    add.add_argument("--replace", action="store_true", help="replace a stored essay of the same title and date")
    add.add_argument("--json", action="store_true", help='print {"id", "title", "date", "paragraphs", "places", "unresolved"}')
    add.set_defaults(fn=_cmd_add)
    ls = esub.add_parser("list", help="list the stored essays")
    ls.add_argument("--store", metavar="DIR")
    ls.add_argument("--json", action="store_true", help="print a JSON array")
    ls.set_defaults(fn=_cmd_list)
    rm = esub.add_parser("remove", help="remove a stored essay")
    rm.add_argument("essay_id", metavar="ID")
    rm.add_argument("--store", metavar="DIR")
    rm.set_defaults(fn=_cmd_remove)
    for p in (es, add, ls, rm):
        p.error = lambda message, p=p: parser.exit(2, f"geo essay: {message} (usage: {' '.join(p.format_usage().split()[1:])})\n")


def _cmd_add(args: argparse.Namespace) -> int:
    from geo.essays.reader import EssayInputError, date_source_text, printable, read_bytes, shown_name
    from geo.essays.store import add, check_date, check_title

    name = shown_name(args.file)
    try:
        title = check_title(args.title) if args.title is not None else None
        date = check_date(args.date) if args.date is not None else None
        author = check_title(args.author, "author") if args.author is not None else None
    except ValueError as exc:
        print(f"geo essay add: {name}: {exc}", file=sys.stderr)
        return 2
    path = Path(args.file)
    if not path.exists():
        print(f"geo essay add: {name}: no such file", file=sys.stderr)
        return 2
    try:
        doc_bytes = read_bytes(path)
        result = add(doc_bytes, path.name, title=title, date=date, author=author, replace=args.replace, store=args.store)
    except EssayInputError as exc:
        print(f"geo essay add: {exc}", file=sys.stderr)
        return 1
    except ImportError as exc:  # the place finder is part of this checkout; say so rather than crash
        print(f"geo essay add: {name}: the place finder cannot be loaded ({exc}); nothing was stored", file=sys.stderr)
        return 1
    essay = result.essay
    for w in result.warnings:
        print(f"warning ({name}): {w}", file=sys.stderr)
    if args.json:
        print(json.dumps(essay.as_dict(full=False), ensure_ascii=False, indent=2))
        print(result.message, file=sys.stderr)
        return 0
    safe = printable
    print(result.message)
    print(f"  id:         {essay.id}")
    print(f"  title:      {safe(essay.title)}")
    origin = date_source_text(essay.date_source)
    when = f"{essay.date} (from {origin})" if origin and essay.date_source != "given" else essay.date
    print(f"  date:       {when}" + (f"   author: {safe(essay.author)}" if essay.author else ""))
    print(f"  paragraphs: {len(essay.paragraphs)}")
    names = ", ".join(f"{safe(p.name)} ({len(p.mentions)})" for p in essay.places)
    print(f"  places:     {len(essay.places)}" + (f": {names}" if names else ""))
    unresolved = sorted({safe(u.name) for u in essay.unresolved})
    print(f"  unresolved: {len(essay.unresolved)}" + (f": {', '.join(unresolved)}" if unresolved else ""))
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    import dataclasses

    from geo.essays.reader import printable as safe
    from geo.essays.store import listing

    items = listing(args.store)
    if args.json:
        print(json.dumps([dataclasses.asdict(s) for s in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        print("no essays in the store")
    for s in items:
        print(f"{s.id}  {s.date}  {s.paragraphs:4d} paragraphs  {s.places:3d} places  {safe(s.title)}")
    return 0


def _cmd_remove(args: argparse.Namespace) -> int:
    from geo.essays.store import UnknownEssay, remove

    try:
        remove(args.essay_id, args.store)
    except UnknownEssay as exc:
        print(f"geo essay remove: {exc}", file=sys.stderr)
        return 1
    print(f"removed {args.essay_id}")
    return 0
