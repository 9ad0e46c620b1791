"""Browser layers for an imported date: its held / unknown / liberated classes, the change since
the essay (geo.figures.change.compare, like for like: titled "Differences between sources" when no one
source covers the span) and any dispute between sources, published once per store revision and date.

Kept by the store's dated-lines service (geo.figures.dated.DatedLines), not by the page, so the
start-up thread can prepare every stored date before the first slider move, and a write to the
store (an import, a removal, a promotion) is followed at the next rerun.
"""

from __future__ import annotations

from pathlib import Path

import shapely

from geo.data.essay import ESSAY_DATE
from geo.figures import change
from geo.figures.dated import DatedLines
from geo.web import webmap

TITLES = {
    "lines-held": "Held by Russia on {date} ({source})",
    "lines-unknown": "Status unknown on {date} ({source})",
    "lines-liberated": "Liberated by {date} ({source}'s own polygons)",
    "change-gained": "Russian gains, {d1} → {d2} ({csource}{note})",
    "change-lost": "Lost by Russia, {d1} → {d2} ({csource}{note})",
    "disputed": "Disputed on {date}: {source} vs {other}",
}
STYLE = {
    "lines-held": "held",
    "lines-unknown": "unknown",
    "lines-liberated": "liberated",
    "change-gained": "gained",
    "change-lost": "lost",
    "disputed": "disputed",
}
DEFAULT_ON = ("lines-held", "lines-unknown", "disputed")
# What the legend says of a dated layer's accuracy: the source's own polygons, as simplified for the screen.
ACCURACY = f"{{source}}'s own polygons, simplified by {webmap.WEB_SIMPLIFY_DEG}° (about 100 m) for the screen"
BETWEEN_TITLES = {  # when no one source covers the span: never called gains or losses
    "change-gained": "Differences between sources: held by Russia according to {s2} {d2}, not to {s1} {d1}",
    "change-lost": "Differences between sources: held by Russia according to {s1} {d1}, not to {s2} {d2}",
}
BETWEEN_SHORT = {"change-gained": "Only {s2}", "change-lost": "Only {s1}"}


def dated_layers(date: str, store_path: str | Path | None = None) -> list[dict]:
    """The browser layers for a date's lines, kept per store revision.

    Parameters
    ----------
    date : str
        ISO date with lines.
    store_path : str or Path, optional
        The snapshot store; by default the app's (geo.lines.store.store_dir).

    Returns
    -------
    list of dict
        [{key, url, pane, title, short, style, source}] for an imported date; [] for an authored one.

    Examples
    --------
    >>> dated_layers("2022-11-17", "/nonexistent-store")  # our authored layer: no dated layers
    []
    """
    svc = DatedLines.for_store(store_path)
    return [dict(d) for d in svc.memo(("dated_layers", date), lambda: _layers(svc, date))]


def _layers(svc: DatedLines, date: str) -> list[dict]:
    lines = svc.lines_at(date)
    if lines.kind != "imported":
        return []
    fmt = {"date": date, "source": lines.source, "other": ""}
    out = []

    def add(
        key: str, geom: shapely.Geometry, title: str | None = None, short: str | None = None, source: str | None = None, **extra
    ) -> None:
        title = title or TITLES[key].format(**{**fmt, **extra})
        spec = webmap.publish_geometry(key, geom, STYLE[key], title)
        out.append(
            {
                **spec,
                "title": title,
                "short": short,
                "style": STYLE[key],
                "source": source or f"{lines.source} snapshot, store file {Path(lines.ref).name}",
                "accuracy": ACCURACY.format(
                    source=lines.source if key != "disputed" else f"{lines.source} and {extra.get('other')}"
                ),
            }
        )

    add("lines-held", lines.held)
    add("lines-unknown", lines.unknown)
    add("lines-liberated", lines.liberated)
    if date > ESSAY_DATE:  # the change since the essay: one comparison, shared with the Lines page and the panel
        ch = svc.change(ESSAY_DATE, date)
        cf = {
            "d1": ch.then.date,
            "d2": ch.now.date,
            "s1": ch.then.source,
            "s2": ch.now.source,
            "csource": ch.now.source,
            "note": "; nearest same-source pair" if ch.comparison == change.NEAREST else "",
        }
        cited = f"{change.file_name(ch.then)} → {change.file_name(ch.now)} ({ch.comparison})"
        for key, geom in (("change-gained", ch.only_now), ("change-lost", ch.only_then)):
            if ch.like_for_like:
                add(key, geom, title=TITLES[key].format(**cf), source=cited)
            else:
                add(key, geom, title=BETWEEN_TITLES[key].format(**cf), short=BETWEEN_SHORT[key].format(**cf), source=cited)
    others = [s for s in svc.sources_on(date) if s != lines.source]
    if others:
        d = svc.disagreement(date, lines.source, others[0])
        add("disputed", shapely.union(d.only_a, d.only_b), other=others[0])
    return out


def warm(store_path: str | Path | None = None) -> None:
    """Prepare every stored date (about 0.2 s each), newest first."""
    for date in reversed(DatedLines.for_store(store_path).stored_dates()):
        if date != ESSAY_DATE:
            try:
                dated_layers(date, store_path)
            except LookupError:  # the snapshot was removed meanwhile; the page will say so if asked
                continue
