"""A user essay on the Map page (issue 14): its reviewed places, the card's data, its GeoNames
places as markers, the panel (the essay's sentences verbatim, the analyst's own summary, the facts
the app can compute for the point on the lines' date) and which lines go with the essay's date.

Nothing here invents a word about a place: the card and the panel show the essay's sentences
verbatim with their paragraph numbers, and the analyst's one-line summary labelled as theirs.
The seed essay (``geo.data.essay``) keeps its curated argument map; none of this applies to it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import shapely

from geo.core.paths import rel
from geo.core.provenance import Fact
from geo.data import gazetteer
from geo.data.essay import ESSAY_DATE
from geo.essays import model, names
from geo.web import styles, webmap

SUMMARY_LABEL = "Your summary (typed by the analyst)"
NOT_NAMED = "Not named in this essay."
NAMES_FILE = rel(names.FILE)  # data/places/names.json.gz, the file the GeoNames figures come from
# Rows of the freeze table about the seed essay's own claims and places: not shown for a user essay.
SEED_FREEZE_KEYS = ("liberated_share", "essay_places_held", "claim_ours")
POINTS_KEY = "essay-points"  # the dynamic layer of an essay's GeoNames places (gn-…)


def reviewed_places(essay: model.Essay) -> tuple[model.FoundPlace, ...]:
    """The essay's places after the analyst's review, in the finder's order.

    ``geo.essays.review.reviewed_places``: rejected places left out, "this is the other X" applied,
    added places included.

    Parameters
    ----------
    essay : geo.essays.model.Essay
        A stored essay.

    Returns
    -------
    tuple of geo.essays.model.FoundPlace
        The places to draw, each once.

    Examples
    --------
    >>> e = model.Essay("x", "T", "2024-01-01", "", "x.txt", "0", (), (), ())
    >>> reviewed_places(e)
    ()
    """
    from geo.essays import review

    return tuple(review.reviewed_places(essay))


def user_summary(essay: model.Essay, place_id: str) -> str:
    """The analyst's own one-line summary of a place ("" if none), shown labelled `SUMMARY_LABEL`.

    Parameters
    ----------
    essay : geo.essays.model.Essay
        A stored essay.
    place_id : str
        The place (its id after review: a "this is the other X" decision's chosen id counts too).

    Returns
    -------
    str
        The summary as typed, one line, at most 300 characters.

    Examples
    --------
    >>> e = model.Essay("x", "T", "2024-01-01", "", "x.txt", "0", (), (), (), (model.Decision("kyiv", "accepted", summary="Mine"),))
    >>> user_summary(e, "kyiv")
    'Mine'
    """
    for d in essay.decisions:
        if (d.place == place_id or d.chosen == place_id) and d.summary:
            return " ".join(str(d.summary).split())[:300]
    return ""


def lines_date_for(essay_date: str, dates: list[str]) -> str:
    """The lines that go with an essay's date: the nearest date with lines (an imported snapshot, or
    our authored layers' 17 Nov 2022, which is always one of `dates`); ties: the earlier.

    Parameters
    ----------
    essay_date : str
        The essay's ISO date (anything else gives our authored date).
    dates : list of str
        The dates with lines (geo.figures.dated.DatedLines.dates).

    Returns
    -------
    str
        One of `dates`, or our authored date.

    Examples
    --------
    >>> lines_date_for("2024-03-01", ["2022-11-17", "2024-02-20", "2025-08-03"])
    '2024-02-20'
    >>> lines_date_for("2022-11-17", ["2022-11-17", "2022-11-17"])
    '2022-11-17'
    >>> lines_date_for("someday", ["2022-11-17", "2025-08-03"])
    '2022-11-17'
    """
    from geo.web.urlstate import nearest_date

    if essay_date == ESSAY_DATE:
        return ESSAY_DATE
    near = nearest_date(essay_date, sorted(set(dates) | {ESSAY_DATE}))
    return near or ESSAY_DATE


def lines_label(essay_date: str, lines_date: str, source: str) -> str:
    """One line saying which lines the map shows for an essay, with their date and source.

    Parameters
    ----------
    essay_date : str
        The essay's ISO date.
    lines_date : str
        The date of the lines shown (`lines_date_for`).
    source : str
        Their source: "our authored layers" or the snapshot's source and file.

    Returns
    -------
    str
        Plain text.

    Examples
    --------
    >>> lines_label("2024-03-01", "2022-11-17", "our authored layers")
    'Lines: 17 Nov 2022, our authored layers (no imported snapshot is nearer to the essay’s date, 1 Mar 2024).'
    """
    from geo.figures.headline import human_date

    if lines_date == essay_date:
        return f"Lines: {human_date(lines_date)}, the essay’s date ({source})."
    if lines_date == ESSAY_DATE:
        why = f"no imported snapshot is nearer to the essay’s date, {human_date(essay_date)}"
    else:
        why = f"the snapshot nearest to the essay’s date, {human_date(essay_date)}"
    return f"Lines: {human_date(lines_date)}, {source} ({why})."


def _quote(m: model.Mention) -> dict[str, Any]:
    num = int(m.paragraph[1:]) if m.paragraph[1:].isdigit() else 0
    return {"paragraph": m.paragraph, "number": num, "text": m.text}


def quotes_of(place: model.FoundPlace) -> list[dict[str, Any]]:
    """A place's sentences in reading order, each once: ``{"paragraph", "number", "text", "before",
    "name", "after"}`` (the name as written marked between ``before`` and ``after``).

    Parameters
    ----------
    place : geo.essays.model.FoundPlace
        A found place.

    Returns
    -------
    list of dict
        Verbatim sentences with their paragraph numbers.

    Examples
    --------
    >>> m = model.Mention("p2", "Kherson's bridge fell.", "Kherson's", 0, 9)
    >>> p = model.FoundPlace("kherson", "Kherson", "city", 46.6, 32.6, "gazetteer", 1.0, (m,))
    >>> q = quotes_of(p)[0]
    >>> (q["number"], q["before"], q["name"], q["after"])
    (2, '', "Kherson's", ' bridge fell.')
    """
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for m in sorted(place.mentions, key=lambda m: (_pnum(m.paragraph), m.start)):
        key = (m.paragraph, m.text)
        if key in seen:
            continue
        seen.add(key)
        q = _quote(m)
        ok = 0 <= m.start < m.end <= len(m.text)
        q.update(
            before=m.text[: m.start] if ok else m.text,
            name=m.text[m.start : m.end] if ok else "",
            after=m.text[m.end :] if ok else "",
        )
        out.append(q)
    return out


def _pnum(pid: str) -> int:
    return int(pid[1:]) if pid[1:].isdigit() else 10**6


def card_data(essay: model.Essay) -> dict[str, Any]:
    """What the map's card shows for a user essay, in the shape of ``webmap.arguments_data``: every
    gazetteer place (``NOT_NAMED`` unless the essay names it) and the essay's GeoNames places, each
    named place with its sentences verbatim as ``quotes`` and the analyst's own summary (labelled
    `SUMMARY_LABEL`); never a summary of ours.

    Parameters
    ----------
    essay : geo.essays.model.Essay
        A stored essay.

    Returns
    -------
    dict
        ``{"summary_label", "not_discussed", "what", "places": {id: {name, kind, quotes?, summary?}}}``.

    Examples
    --------
    >>> e = model.Essay("x", "T", "2024-01-01", "", "x.txt", "0", (), (), ())
    >>> card_data(e)["places"]["melitopol"]
    {'name': 'Melitopol', 'kind': 'city'}
    """
    gaz = gazetteer.load()
    places: dict[str, dict[str, Any]] = {pid: {"name": p.name, "kind": p.kind} for pid, p in gaz.places.items()}
    for p in reviewed_places(essay):
        entry = places.setdefault(p.id, {"name": p.name, "kind": p.kind})
        entry["quotes"] = [_quote_only(q) for q in quotes_of(p)]
        summary = user_summary(essay, p.id)
        if summary:
            entry["summary"] = summary
    return {"summary_label": SUMMARY_LABEL, "not_discussed": NOT_NAMED, "what": "What the essay says", "places": places}


def _quote_only(q: dict[str, Any]) -> dict[str, Any]:
    return {"paragraph": q["paragraph"], "number": q["number"], "text": q["text"]}


def publish_card(essay: model.Essay) -> str:
    """Write `card_data` as a small content-hashed JSON file the map fetches at load.

    Parameters
    ----------
    essay : geo.essays.model.Essay
        A stored essay.

    Returns
    -------
    str
        Its URL under /app/static/arguments/ (``essay-<id>.<hash>.json``; this essay's earlier
        files are removed, the seed's and other essays' are not).

    Examples
    --------
    >>> e = model.Essay("x", "T", "2024-01-01", "", "x.txt", "0", (), (), ())
    >>> publish_card(e).startswith("/app/static/arguments/essay-x.")
    True
    """
    text = json.dumps(card_data(essay), ensure_ascii=False, separators=(",", ":"))
    url = webmap._publish(f"essay-{essay.id}", text, folder="arguments", suffix="json")
    webmap._remove_stale({url}, "arguments", "json", prefix=f"essay-{essay.id}.")  # this essay's earlier cards only
    return url


def is_point(place_id: str) -> bool:
    """A place drawn as a marker of its own (not by the shipped places layer): GeoNames ids "gn-…".

    Examples
    --------
    >>> is_point("gn-702550"), is_point("melitopol")
    (True, False)
    """
    return place_id.startswith("gn-")


def points_layer(essay: model.Essay, places: tuple[model.FoundPlace, ...] | None = None) -> dict | None:
    """The essay's GeoNames places as a layer of markers for the browser (clickable, each with its id
    and name), published once per content; None when the essay has none.

    Parameters
    ----------
    essay : geo.essays.model.Essay
        A stored essay.
    places : tuple of FoundPlace, optional
        Its reviewed places (computed if omitted).

    Returns
    -------
    dict or None
        ``{"key", "url", "pane"}`` for ``webmap.apply_group``'s dynamic layers.

    Examples
    --------
    >>> e = model.Essay("x", "T", "2024-01-01", "", "x.txt", "0", (), (), ())
    >>> points_layer(e) is None
    True
    """
    places = reviewed_places(essay) if places is None else places
    feats = []
    for p in places:
        if not is_point(p.id) or not (-90 <= p.lat <= 90 and -180 <= p.lon <= 180):
            continue
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(p.lon, 5), round(p.lat, 5)]},
                "properties": {"id": p.id, "label": p.name, "named": True, "style": styles.CITY_DISCUSSED},
            }
        )
    if not feats:
        return None
    text = json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False, separators=(",", ":"))
    return {"key": POINTS_KEY, "url": webmap._publish(POINTS_KEY, text, folder="dated"), "pane": "places"}


def search_options(essay: model.Essay, base: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The search box's (label, id) options: the essay's GeoNames places first (labelled "named in
    the essay"), then the gazetteer's.

    Parameters
    ----------
    essay : geo.essays.model.Essay
        A stored essay.
    base : list of (str, str)
        The gazetteer's options.

    Returns
    -------
    list of (str, str)
        Labels are plain text.

    Examples
    --------
    >>> e = model.Essay("x", "T", "2024-01-01", "", "x.txt", "0", (), (), ())
    >>> search_options(e, [("Kyiv", "kyiv")])
    [('Kyiv', 'kyiv')]
    """
    extra = [(f"{p.name} (named in the essay; GeoNames)", p.id) for p in reviewed_places(essay) if is_point(p.id)]
    return extra + list(base)


@dataclass(frozen=True)
class EssayPanel:
    """The panel for a place of a user essay: the essay's sentences (``quotes_of``), the analyst's
    summary ("" if none) and the facts the app computes (each citing its sources)."""

    id: str
    name: str
    kind: str
    quotes: tuple[dict, ...]
    summary: str
    facts: tuple[Fact, ...]
    named: bool


def geonames_id(place_id: str) -> str:
    """The GeoNames id of a "gn-…" place id ("" for any other id).

    Examples
    --------
    >>> geonames_id("gn-702550"), geonames_id("kyiv")
    ('702550', '')
    """
    rest = place_id[3:] if place_id.startswith("gn-") else ""
    return rest if rest.isdigit() else ""


def point_facts(place: model.FoundPlace, lines) -> tuple[Fact, ...]:
    """The facts of a GeoNames place an essay names: its position and population as GeoNames gives
    them, then its status on the lines' date and distance to that day's line (geo.figures.facts.point_facts).

    Parameters
    ----------
    place : geo.essays.model.FoundPlace
        A "gn-…" place.
    lines : geo.lines.timeline.LinesAt
        The date's lines.

    Returns
    -------
    tuple of Fact
        Each citing "GeoNames <id> via data/places/names.json.gz" (and the line files it read).

    Examples
    --------
    >>> from geo.figures.facts import essay_lines
    >>> p = model.FoundPlace("gn-702550", "Melitopol", "settlement", 46.85, 35.37, "GeoNames", 0.9, ())
    >>> [f.label for f in point_facts(p, essay_lines())][:2]
    ['Position', 'Status on 17 Nov 2022']
    """
    from geo.figures import facts

    cite = f"GeoNames {geonames_id(place.id) or place.id} via {NAMES_FILE}"
    out = [Fact("Position", f"{place.lat:.4f}° N, {place.lon:.4f}° E", (cite,), "position")]
    if place.population:
        out.append(Fact("Population (GeoNames)", f"{int(place.population):,}", (cite,), "population"))
    out += facts.point_facts(shapely.Point(place.lon, place.lat), lines, extra=(cite,))
    return tuple(out)


def panel(essay: model.Essay, place_id: str, lines) -> EssayPanel | None:
    """The panel for one place of a user essay (or a gazetteer place it does not name).

    Parameters
    ----------
    essay : geo.essays.model.Essay
        A stored essay.
    place_id : str
        A reviewed place's id, or any gazetteer id.
    lines : geo.lines.timeline.LinesAt
        The lines on screen (`lines_date_for` the essay's date, or the slider's).

    Returns
    -------
    EssayPanel or None
        None for an id neither the essay nor the gazetteer knows.

    Examples
    --------
    >>> from geo.figures.facts import essay_lines
    >>> e = model.Essay("x", "T", "2024-01-01", "", "x.txt", "0", (), (), ())
    >>> panel(e, "kyiv", essay_lines()).named
    False
    """
    from geo.figures import facts

    found = {p.id: p for p in reviewed_places(essay)}
    gaz = gazetteer.load()
    p = found.get(place_id)
    if p is None and place_id not in gaz:
        return None
    if place_id in gaz:
        g = gaz[place_id]
        name, kind, computed = g.name, g.kind, facts.build(place_id, lines)
    else:
        name, kind, computed = p.name, p.kind, point_facts(p, lines)
    return EssayPanel(
        id=place_id,
        name=name,
        kind=kind,
        quotes=tuple(quotes_of(p)) if p else (),
        summary=user_summary(essay, place_id) if p else "",
        facts=tuple(computed),
        named=p is not None,
    )
