"""The essay as HTML: numbered paragraphs, every place mention a link that opens the map on it.

The paragraphs are split here into text and place mentions; ``templates/essay.html`` escapes and
places them (the page only shows the returned HTML).
"""

from __future__ import annotations

import re

from geo.data import essay as essay_mod
from geo.data import gazetteer
from geo.web import templates

Segment = dict  # {"text", "place", "name"}: place and name None for plain text


def _text(text: str) -> Segment:
    return {"text": text, "place": None, "name": None}


def _link(text: str, place_id: str, name: str) -> Segment:
    return {"text": text, "place": place_id, "name": name}


def _multi(text: str, places: tuple[str, ...], gaz: gazetteer.Gazetteer) -> list[Segment]:
    """A phrase naming several places: link each place's own name inside it."""
    spans: list[tuple[int, int, str]] = []
    for pid in places:
        for name in sorted(gaz[pid].names, key=len, reverse=True):
            m = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)
            if m and not any(a < m.end() and m.start() < b for a, b, _ in spans):
                spans.append((m.start(), m.end(), pid))
                break
    out, pos = [], 0
    for a, b, pid in sorted(spans):
        out.append(_text(text[pos:a]))
        out.append(_link(text[a:b], pid, gaz[pid].name))
        pos = b
    out.append(_text(text[pos:]))
    for p in [pid for pid in places if pid not in {s[2] for s in spans}]:
        out += [_text(" "), _link("[" + gaz[p].name + "]", p, gaz[p].name)]
    return out


def paragraph_segments(text: str, gaz: gazetteer.Gazetteer) -> list[Segment]:
    """A paragraph as plain-text segments and place mentions, in order.

    Parameters
    ----------
    text : str
        The paragraph's text.
    gaz : geo.data.gazetteer.Gazetteer
        The places and their names.

    Returns
    -------
    list of dict
        ``{"text", "place", "name"}``: place and name None for plain text, set for a mention of a place.

    Examples
    --------
    >>> segs = paragraph_segments("It still controls Melitopol.", gazetteer.load())
    >>> [s.get("place") for s in segs]
    [None, 'melitopol', None]
    """
    out, pos = [], 0
    for m in gaz.mentions(text):
        out.append(_text(text[pos : m.start]))
        if len(m.places) == 1:
            out.append(_link(m.text, m.places[0], gaz[m.places[0]].name))
        else:
            out += _multi(m.text, m.places, gaz)
        pos = m.end
    out.append(_text(text[pos:]))
    return [s for s in out if s["text"]]


def essay_html(essay_id: str | None = None) -> str:
    """The whole essay as HTML (``templates/essay.html``): a paragraph per ``<p id="pN">``.

    Parameters
    ----------
    essay_id : str, optional
        The essay to show; default: the app's essay.

    Returns
    -------
    str
        The HTML, every text from the essay and the gazetteer escaped.

    Examples
    --------
    >>> '<p id="p7">' in essay_html()
    True
    """
    e = essay_mod.load(essay_id)
    gaz = gazetteer.load()
    return templates.render("essay.html", paragraphs=[(p.number, paragraph_segments(p.text, gaz)) for p in e.paragraphs])
