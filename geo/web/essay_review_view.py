"""The review step of an added essay as HTML and map markers (the Essay page, issue 14).

Builds the view data of each found place (its status, where it is, its sentences verbatim with the
name marked), the unresolved names, the map's markers coloured by status, and the full text with the
reviewed places marked; ``templates/essay_review.html`` escapes and places every text (the page only
shows the returned HTML). Nothing here writes or decides: see ``geo.essays.review``.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence
from urllib.parse import urlencode

import folium

from geo.data import gazetteer as gazetteer_mod
from geo.essays import model, review
from geo.web import templates, urlstate

# Marker colours by review status (colour-blind safe: Okabe-Ito), with their legend labels.
STATUS_COLOURS = {
    "": ("#E69F00", "Not reviewed"),
    "accepted": ("#009E73", "Accepted"),
    "other": ("#CC79A7", "Accepted as another place"),
    "added": ("#0072B2", "Added by you"),
    "rejected": ("#999999", "Rejected"),
}
PAD_DEG = 0.6  # around the places when the map frames them


def place_key(place_id: str) -> str:
    """A short key for widgets and HTML ids: stable for a place id, safe whatever the id holds.

    Examples
    --------
    >>> place_key("melitopol") == place_key("melitopol") != place_key("kherson")
    True
    """
    return hashlib.sha1(place_id.encode("utf-8")).hexdigest()[:12]


def status_class(essay: model.Essay, place_id: str) -> str:
    """The marker/status class of a place: "", "accepted", "other" (accepted as another candidate),
    "added" or "rejected".

    Examples
    --------
    >>> e = model.Essay("x", "X", "2024-01-01", "", "x.txt", "", (), (), ())
    >>> status_class(e, "kyiv")
    ''
    """
    d = review.decisions_by_place(essay).get(place_id)
    if d is None:
        return ""
    if d.status == "accepted" and d.chosen:
        return "other"
    return d.status


def _number(paragraph_id: str) -> str:
    return paragraph_id[1:] if paragraph_id.startswith("p") else paragraph_id


def _mention(m: model.Mention) -> dict:
    start, end = (m.start, m.end) if 0 <= m.start <= m.end <= len(m.text) else (0, 0)
    return {"number": _number(m.paragraph), "text": m.text, "start": start, "end": end}


def _where(p: model.FoundPlace | model.Candidate) -> str:
    gaz = gazetteer_mod.load()
    where = gaz[p.admin1].name if p.admin1 in gaz else (p.admin1 or p.country)
    return "" if where == p.name or where.startswith(p.name + " (") else where  # Kyiv in "Kyiv (city)"


def place_view(essay: model.Essay, place: model.FoundPlace, number: int | str = "") -> dict:
    """What the review list shows of one found place (for ``templates/essay_review.html``).

    Parameters
    ----------
    essay : geo.essays.model.Essay
        The stored essay with its decisions.
    place : geo.essays.model.FoundPlace
        One of ``essay.places``, or a place the analyst added (from ``review.reviewed_places``).
    number : int, optional
        Its number on the map (``markers``).

    Returns
    -------
    dict
        ``key``, ``name``, ``kind``, ``where``, ``population``, ``source``, ``confidence`` (e.g. "90%"),
        ``why``, ``status_label``, ``status_class``, ``colour``, ``chosen``, ``found_as``, ``summary``,
        ``mentions`` (``number``, ``text``, ``start``, ``end``).

    Examples
    --------
    >>> m = model.Mention("p2", "Kyiv held.", "Kyiv", 0, 4)
    >>> kyiv = model.FoundPlace("kyiv", "Kyiv", "city", 50.45, 30.52, "gazetteer", 0.9, (m,))
    >>> e = model.Essay("x", "X", "2024-01-01", "", "x.txt", "", (), (kyiv,), ())
    >>> v = place_view(e, kyiv)
    >>> v["status_label"], v["confidence"], v["mentions"][0]["number"]
    ('Not reviewed', '90%', '2')
    """
    d = review.decisions_by_place(essay).get(place.id)
    cls = status_class(essay, place.id)
    colour, label = STATUS_COLOURS[cls]
    chosen = ""
    if d is not None and d.chosen:
        alt = next((a for a in place.alternatives if a.id == d.chosen), None) or review.candidate(d.chosen)
        chosen = review.place_label(alt) if alt is not None else d.chosen
    return {
        "number": number,
        "key": place_key(place.id),
        "name": place.name,
        "kind": place.kind,
        "where": _where(place),
        "population": f"{place.population:,}" if place.population else "",
        "source": place.source,
        "confidence": f"{place.confidence:.0%}",
        "why": place.why,
        "status_label": label,
        "status_class": cls or "pending",
        "colour": colour,
        "chosen": chosen,
        "found_as": review.place_label(place),
        "summary": d.summary if d is not None else "",
        "mentions": [_mention(m) for m in place.mentions],
    }


def place_html(essay: model.Essay, place: model.FoundPlace, number: int | str = "") -> str:
    """One place of the review list as HTML (escaped by the template).

    Examples
    --------
    >>> m = model.Mention("p1", "<b>Kyiv</b> held.", "Kyiv", 3, 7)
    >>> kyiv = model.FoundPlace("kyiv", "<b>Kyiv</b>", "city", 50.45, 30.52, "gazetteer", 1.0, (m,))
    >>> e = model.Essay("x", "X", "2024-01-01", "", "x.txt", "", (), (kyiv,), ())
    >>> "<b>" in place_html(e, kyiv)
    False
    """
    return templates.render("essay_review.html", what="place", item=place_view(essay, place, number))


def unresolved_html(name: str, items: Sequence[model.Unresolved]) -> str:
    """An unresolved name with every sentence that has it, verbatim, the name marked.

    Examples
    --------
    >>> "<mark" in unresolved_html("Oskil", [model.Unresolved("Oskil", "p2", "By the Oskil.")])
    True
    """
    mentions = []
    for u in items:
        at = u.text.find(name)
        mentions.append(
            {"number": _number(u.paragraph), "text": u.text, "start": max(at, 0), "end": at + len(name) if at >= 0 else 0}
        )
    return templates.render("essay_review.html", what="unresolved", item={"name": name, "mentions": mentions})


def legend_html(essay: model.Essay) -> str:
    """The map's marker colours with how many places have each status.

    Examples
    --------
    >>> e = model.Essay("x", "X", "2024-01-01", "", "x.txt", "", (), (), ())
    >>> "Not reviewed (0)" in legend_html(e)
    True
    """
    n = {k: 0 for k in STATUS_COLOURS}
    for p in essay.places:
        n[status_class(essay, p.id)] += 1
    n["added"] = sum(1 for d in essay.decisions if d.status == "added")
    rows = [(c, label, n[k]) for k, (c, label) in STATUS_COLOURS.items() if k in ("", "accepted", "rejected") or n[k]]
    return templates.render("essay_review.html", what="legend", item=rows)


def markers(essay: model.Essay) -> list[dict]:
    """One marker per place, numbered as in the review list: found places (rejected ones too, greyed)
    at their reviewed point, then the places the analyst added.

    Returns
    -------
    list of dict
        ``lat``, ``lon``, ``colour``, ``name``, ``label`` (plain text), ``status``, ``number`` ("", accepted, other, added, rejected).

    Examples
    --------
    >>> e = model.Essay("x", "X", "2024-01-01", "", "x.txt", "", (), (), ())
    >>> markers(e)
    []
    """
    reviewed = {p.id: p for p in review.reviewed_places(essay)}
    dec = review.decisions_by_place(essay)
    out: list[dict] = []
    for p in essay.places:
        cls = status_class(essay, p.id)
        shown = p
        d = dec.get(p.id)
        if cls == "other" and d is not None and d.chosen in reviewed:
            shown = reviewed[d.chosen]
        label = f"{shown.name} ({shown.kind}) · {STATUS_COLOURS[cls][1]} · {len(p.mentions)} sentence(s)"
        out.append(
            {
                "lat": shown.lat,
                "lon": shown.lon,
                "colour": STATUS_COLOURS[cls][0],
                "name": shown.name,
                "label": label,
                "status": cls,
                "number": len(out) + 1,
            }
        )
    found = {p.id for p in essay.places}
    for p in reviewed.values():
        if p.id not in found and dec.get(p.id) is not None and dec[p.id].status == "added":
            label = f"{p.name} ({p.kind}) · {STATUS_COLOURS['added'][1]} · {len(p.mentions)} sentence(s)"
            out.append(
                {
                    "lat": p.lat,
                    "lon": p.lon,
                    "colour": STATUS_COLOURS["added"][0],
                    "name": p.name,
                    "label": label,
                    "status": "added",
                    "number": len(out) + 1,
                }
            )
    return out


def bounds(points: Sequence[dict]) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The frame around the markers (padded, inside the map's own bounds), or None without markers.

    Examples
    --------
    >>> bounds([{"lat": 47.0, "lon": 35.0}])
    ((46.4, 34.4), (47.6, 35.6))
    """
    pts = [(p["lat"], p["lon"]) for p in points if p.get("lat") is not None and p.get("lon") is not None]
    if not pts:
        return None
    lat0, lat1 = min(a for a, _ in pts) - PAD_DEG, max(a for a, _ in pts) + PAD_DEG
    lon0, lon1 = min(b for _, b in pts) - PAD_DEG, max(b for _, b in pts) + PAD_DEG
    clip = lambda v, r: round(min(max(v, r[0]), r[1]), 4)  # noqa: E731
    return (
        (clip(lat0, urlstate.LAT_RANGE), clip(lon0, urlstate.LON_RANGE)),
        (clip(lat1, urlstate.LAT_RANGE), clip(lon1, urlstate.LON_RANGE)),
    )


def tooltip_text(label: str) -> str:
    """A plain-text label as it goes into folium's tooltip, which Leaflet reads as HTML inside a
    JavaScript template literal: HTML-escaped, and the backtick, ``$`` and backslash as entities so the
    literal can never be closed or interpolated.

    Examples
    --------
    >>> tooltip_text("<b>`${x}`")
    '&lt;b&gt;&#96;&#36;{x}&#96;'
    """
    return html.escape(label).replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


PIN_STYLE = (
    "width:22px;height:22px;border-radius:50%;border:1.5px solid #222;box-sizing:border-box;display:flex;"
    "align-items:center;justify-content:center;font:700 12px/1 system-ui,sans-serif;box-shadow:0 1px 3px rgba(0,0,0,.35);"
)
PIN_TEXT = {"accepted": "#fff", "added": "#fff"}  # white on the dark fills, near-black on the light ones


def marker_group(points: Sequence[dict]) -> folium.FeatureGroup:
    """The markers as a folium group: a numbered pin per place (a styled div: no icon images to fetch),
    its number the one in the review list, its name and status on hover (escaped).

    Parameters
    ----------
    points : sequence of dict
        ``markers(essay)``.

    Returns
    -------
    folium.FeatureGroup
        For streamlit-folium's ``feature_group_to_add``.

    Examples
    --------
    >>> g = marker_group([{"lat": 47.0, "lon": 35.0, "colour": "#009E73", "label": "<b>x</b>", "status": "accepted", "number": 1}])
    >>> m = folium.Map(tiles=None)
    >>> _ = g.add_to(m)
    >>> "&lt;b&gt;x" in m.get_root().render()
    True
    """
    fg = folium.FeatureGroup(name="essay-places", control=False)
    for i, p in enumerate(points, start=1):
        status = p["status"] if p["status"] in STATUS_COLOURS else ""
        n = int(p.get("number") or i)
        extra = "opacity:.6;text-decoration:line-through;" if status == "rejected" else ""
        pin = (
            f'<div class="bm-rv-pin" data-status="{status or "pending"}" '
            f'style="{PIN_STYLE}background:{STATUS_COLOURS[status][0]};color:{PIN_TEXT.get(status, "#111")};{extra}">{n}</div>'
        )  # only our own constants and an integer: nothing from the essay
        folium.Marker(
            location=[p["lat"], p["lon"]],
            icon=folium.DivIcon(html=pin, icon_size=(22, 22), icon_anchor=(11, 11), class_name="bm-rv-pin-icon"),
            tooltip=folium.Tooltip(tooltip_text(f"{n}. {p['label']}"), direction="top", sticky=False),
            z_index_offset=-1000 if status == "rejected" else 0,
        ).add_to(fg)
    return fg


def text_segments(essay: model.Essay, places: Sequence[model.FoundPlace]) -> list[tuple[str, list[dict]]]:
    """The essay's paragraphs as text and marked names, from the reviewed places' mentions.

    Parameters
    ----------
    essay : geo.essays.model.Essay
        The stored essay.
    places : sequence of geo.essays.model.FoundPlace
        ``review.reviewed_places(essay)``: each mention's name is marked, a link to the map for the
        essay and the place.

    Returns
    -------
    list of (str, list of dict)
        ``(paragraph number, [{"text", "href", "name"}])``: ``href`` empty for plain text.

    Examples
    --------
    >>> m = model.Mention("p1", "Kyiv held.", "Kyiv", 0, 4)
    >>> kyiv = model.FoundPlace("kyiv", "Kyiv", "city", 50.45, 30.52, "gazetteer", 1.0, (m,))
    >>> e = model.Essay("x", "X", "2024-01-01", "", "x.txt", "", (model.Paragraph("p1", "Kyiv held."),), (kyiv,), ())
    >>> [s["text"] for s in text_segments(e, [kyiv])[0][1]]
    ['Kyiv', ' held.']
    """
    spans: dict[str, list[tuple[int, int, str, str]]] = {}
    texts = {p.id: p.text for p in essay.paragraphs}
    for place in places:
        for m in place.mentions:
            para = texts.get(m.paragraph)
            if para is None:
                continue
            at = para.find(m.text)
            if at < 0 or not (0 <= m.start < m.end <= len(m.text)):
                continue
            a, b = at + m.start, at + m.end
            taken = spans.setdefault(m.paragraph, [])
            if not any(x < b and a < y for x, y, _, _ in taken):
                taken.append((a, b, place.id, place.name))
    out = []
    for p in essay.paragraphs:
        segs, pos = [], 0
        for a, b, pid, name in sorted(spans.get(p.id, [])):
            segs.append({"text": p.text[pos:a], "href": "", "name": ""})
            segs.append({"text": p.text[a:b], "href": "./?" + urlencode({"essay": essay.id, "place": pid}), "name": name})
            pos = b
        segs.append({"text": p.text[pos:], "href": "", "name": ""})
        out.append((_number(p.id), [s for s in segs if s["text"]]))
    return out


def text_html(essay: model.Essay, places: Sequence[model.FoundPlace] | None = None) -> str:
    """The essay's full text, numbered paragraphs, the reviewed places' names marked (escaped).

    Examples
    --------
    >>> e = model.Essay("x", "X", "2024-01-01", "", "x.txt", "", (model.Paragraph("p1", "<script>x</script>"),), (), ())
    >>> "<script>" in text_html(e)
    False
    """
    places = review.reviewed_places(essay) if places is None else places
    return templates.render("essay_review.html", what="text", item=text_segments(essay, places))
