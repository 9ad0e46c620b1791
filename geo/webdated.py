"""Browser layers for an imported date: its held / unknown / liberated classes, the change since
the essay and any dispute between sources, published once per store state and date.

Cached here (not in the page) so the start-up thread can prepare every stored date before the
first slider move.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import shapely

from . import change, disagreement, store, timeline, webmap

ESSAY_DATE = change.ESSAY_DATE
TITLES = {
    "lines-held": "Held by Russia on {date} ({source})",
    "lines-unknown": "Status unknown on {date} ({source})",
    "lines-liberated": "Liberated by {date} ({source}'s own polygons)",
    "change-gained": "Russian gains, 17 Nov 2022 → {date}",
    "change-lost": "Lost by Russia, 17 Nov 2022 → {date}",
    "disputed": "Disputed on {date}: {source} vs {other}",
}
STYLE = {"lines-held": "held", "lines-unknown": "unknown", "lines-liberated": "liberated", "change-gained": "gained",
         "change-lost": "lost", "disputed": "disputed"}
DEFAULT_ON = ("lines-held", "lines-unknown", "disputed")


def store_signature() -> tuple[str, ...]:
    """Changes whenever a snapshot is added or removed, so cached layers follow the store."""
    return tuple(s.path.name for s in store.listing())


@lru_cache(maxsize=16)
def dated_layers(date: str, signature: tuple[str, ...]) -> list[dict]:
    """[{key, url, pane, title, style, source}] for an imported date; [] for an authored one."""
    lines = timeline.lines_at(date)
    if lines.kind != "imported":
        return []
    fmt = {"date": date, "source": lines.source, "other": ""}
    out = []

    def add(key: str, geom: shapely.Geometry, **extra) -> None:
        title = TITLES[key].format(**{**fmt, **extra})
        spec = webmap.publish_geometry(key, geom, STYLE[key], title)
        out.append({**spec, "title": title, "style": STYLE[key], "source": f"{lines.source} snapshot, store file {Path(lines.ref).name}"})

    add("lines-held", lines.held)
    add("lines-unknown", lines.unknown)
    add("lines-liberated", lines.liberated)
    ch = change.change_since_cached(date, signature)
    add("change-gained", ch.gained)
    add("change-lost", ch.lost)
    others = [s for s in disagreement.sources_on(date) if s != lines.source]
    if others:
        d = disagreement.disagreement_cached(date, lines.source, others[0], signature)
        add("disputed", shapely.union(d.only_a, d.only_b), other=others[0])
    return out


def warm() -> None:
    """Prepare every stored date (about 0.2 s each), newest first."""
    sig = store_signature()
    for date in reversed(store.dates()):
        if date != ESSAY_DATE:
            try:
                dated_layers(date, sig)
            except LookupError:  # the snapshot was removed meanwhile; the page will say so if asked
                continue
