"""Compare two dates on one map: each date's lines in its own pane, one of them clipped to one side
of a draggable divider (a swipe, drawn by geo/web/assets/compare.js), each side labelled with its
date and source, and the change between them in km² from the one change function
(geo.figures.dated.DatedLines.change, the same comparison as the Lines page and the panel).

Everything here is plain data for the browser and the templates: labels are plain text (the browser
sets them with textContent), the panel's HTML comes from geo/web/templates/compare.html (autoescaped).
Kept per store revision by the dated-lines service, like the map's dated layers (geo.web.webdated).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from geo.figures import change
from geo.figures.dated import DatedLines
from geo.figures.headline import human_date
from geo.lines.timeline import LinesAt
from geo.web import templates, webmap

SOURCE_NAMES = {"deepstate": "DeepStateMap", "isw": "ISW", "authored": "our authored layer"}
SIDE_LAYERS = (
    ("lines-held", "held", "Held by Russia on {date} ({source})"),
    ("lines-unknown", "unknown", "Status unknown on {date} ({source})"),
)


@dataclass(frozen=True)
class Side:
    """One date of a comparison: its lines' source and file, its label and its browser layers."""

    date: str
    source: str
    file: str
    label: str
    layers: tuple[dict, ...]


@dataclass(frozen=True)
class Comparison:
    """Two dates, earlier first, and the change between them (geo.figures.change.Change)."""

    left: Side
    right: Side
    change: change.Change

    def browser_spec(self) -> dict:
        """What geo/web/assets/compare.js draws: two sides of layer URLs and their plain-text labels.

        Returns
        -------
        dict
            ``{"a": {...}, "b": {...}}``; each side has ``date``, ``label`` and ``layers`` (key, url).

        Examples
        --------
        >>> sorted(compare("2022-11-17", "2022-11-17").browser_spec())  # doctest: +SKIP
        ['a', 'b']
        """

        def side(s: Side, arrow: str) -> dict:
            text = f"◀ {s.label}" if arrow == "left" else f"{s.label} ▶"
            return {"date": s.date, "label": text, "layers": [{"key": x["key"], "url": x["url"]} for x in s.layers]}

        return {"a": side(self.left, "left"), "b": side(self.right, "right")}

    def panel_html(self) -> str:
        """The change between the two dates beside the map, with its citation (compare.html).

        Returns
        -------
        str
            HTML; every value is escaped by the template.

        Examples
        --------
        >>> "km²" in compare("2023-01-15", "2025-08-03").panel_html()  # doctest: +SKIP
        True
        """
        return templates.render("compare.html", **panel_context(self))


def source_name(source: str) -> str:
    """A source as read aloud: "DeepStateMap", "ISW", "our authored layer", or its own name.

    Parameters
    ----------
    source : str
        The store's source name.

    Returns
    -------
    str
        The name for labels.

    Examples
    --------
    >>> source_name("deepstate"), source_name("mine")
    ('DeepStateMap', 'mine')
    """
    return SOURCE_NAMES.get(source, source)


def side_label(lines: LinesAt) -> str:
    """A side's label: its date, its source and the file it is drawn from (plain text).

    Parameters
    ----------
    lines : LinesAt
        The date's lines.

    Returns
    -------
    str
        E.g. "3 Aug 2025 · DeepStateMap (store file 2025-08-03__deepstate__ab12.geojson)".

    Examples
    --------
    >>> side_label(DatedLines.for_store("/nonexistent-store").lines_at("2022-11-17"))
    '17 Nov 2022 · our authored layer (data/control/held-2022-11-17.geojson)'
    """
    where = f"store file {change.file_name(lines)}" if lines.kind == "imported" else lines.ref
    return f"{human_date(lines.date)} · {source_name(lines.source)} ({where})"


def _side(svc: DatedLines, date: str, slot: str) -> Side:
    lines = svc.lines_at(date)
    layers = []
    for key, style, title in SIDE_LAYERS:
        geom = lines.held if style == "held" else lines.unknown
        text = title.format(date=date, source=source_name(lines.source))
        spec = webmap.publish_geometry(f"compare-{key}", geom, style, text, pane=f"compare-{slot}")
        layers.append({**spec, "key": f"{slot}-{key}", "title": text})
    return Side(
        date, lines.source, change.file_name(lines) if lines.kind == "imported" else lines.ref, side_label(lines), tuple(layers)
    )


def compare(d1: str, d2: str, store_path: str | Path | None = None) -> Comparison:
    """The two sides of a comparison and the change between them, kept per store revision.

    Parameters
    ----------
    d1, d2 : str
        Two different ISO dates with lines, in either order (the earlier is drawn on the left).
    store_path : str or Path, optional
        The snapshot store; by default the app's.

    Returns
    -------
    Comparison
        The sides (labels, layer URLs) and the change (geo.figures.dated.DatedLines.change).

    Raises
    ------
    ValueError
        If the dates are equal or malformed; geo.data.layers.UnknownDate if one has no lines.

    Examples
    --------
    >>> compare("2022-11-17", "2025-08-03").left.date  # doctest: +SKIP
    '2022-11-17'
    """
    a, b = sorted((str(d1), str(d2)))
    if a == b:
        raise ValueError(f"a comparison needs two different dates, not {a!r} twice")
    svc = DatedLines.for_store(store_path)
    return svc.memo(("compare", a, b), lambda: Comparison(_side(svc, a, "a"), _side(svc, b, "b"), svc.change(a, b)))


def panel_context(c: Comparison) -> dict:
    """The template's variables for the change beside the map (all plain values; escaped there).

    Parameters
    ----------
    c : Comparison
        The comparison.

    Returns
    -------
    dict
        title, rows [(label, value)], warning, method and sources (the sides' labels are on the map).

    Examples
    --------
    >>> sorted(panel_context(compare("2023-01-15", "2025-08-03")))  # doctest: +SKIP
    ['method', 'rows', 'sources', 'title', 'warning']
    """
    ch = c.change
    km = lambda x: f"{x:,.0f} km²"  # noqa: E731
    used = f"{ch.then.source} {ch.then.date} → {ch.now.source} {ch.now.date}"
    if ch.like_for_like:
        gained, lost = ch.gained_km2, ch.lost_km2
        rows = [
            ("Russian gains", km(gained)),
            ("Lost by Russia", km(lost)),
            ("Net change in held area", ("+" if gained - lost >= 0 else "−") + km(abs(gained - lost))),
        ]
        method = f"Compared: {used} ({ch.comparison})."
    else:
        from geo.core.measure import area_km2

        rows = [
            (f"Held only according to {source_name(ch.then.source)} {human_date(ch.then.date)}", km(area_km2(ch.only_then))),
            (f"Held only according to {source_name(ch.now.source)} {human_date(ch.now.date)}", km(area_km2(ch.only_now))),
        ]
        method = f"Differences between sources, not gains or losses: {used}."
    method += (
        f" Areas in an equal-area projection; parts narrower than {change.SLIVER_KM} km dropped as digitizing noise"
        " (geo.figures.change)."
    )
    return {
        "title": f"What changed, {human_date(c.left.date)} → {human_date(c.right.date)}",
        "rows": rows,
        "warning": ch.warning,
        "method": method,
        "sources": "; ".join((change.file_name(ch.then), change.file_name(ch.now)) + change.CITED_WITH),
    }
