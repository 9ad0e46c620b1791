"""The essay as HTML: numbered paragraphs, every place mention a link that opens the map on it.

All text is escaped here; the page only places the returned HTML.
"""

from __future__ import annotations

import html
import re

from geo.data import essay as essay_mod
from geo.data import gazetteer


def _link(text: str, place_id: str, name: str) -> str:
    return (
        f'<a class="bm-mention" href="./?place={html.escape(place_id, quote=True)}" target="_self" '
        f'title="{html.escape(name, quote=True)}: open on the map">{html.escape(text)}</a>'
    )


def _multi(text: str, places: tuple[str, ...], gaz: gazetteer.Gazetteer) -> str:
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
        out.append(html.escape(text[pos:a]))
        out.append(_link(text[a:b], pid, gaz[pid].name))
        pos = b
    out.append(html.escape(text[pos:]))
    missing = [pid for pid in places if pid not in {s[2] for s in spans}]
    return "".join(out) + "".join(f" {_link('[' + gaz[p].name + ']', p, gaz[p].name)}" for p in missing)


def paragraph_html(text: str, gaz: gazetteer.Gazetteer) -> str:
    out, pos = [], 0
    for m in gaz.mentions(text):
        out.append(html.escape(text[pos : m.start]))
        if len(m.places) == 1:
            out.append(_link(m.text, m.places[0], gaz[m.places[0]].name))
        else:
            out.append(_multi(m.text, m.places, gaz))
        pos = m.end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def essay_html(essay_id: str | None = None) -> list[tuple[int, str]]:
    """(paragraph number, HTML) for every paragraph of the essay."""
    e = essay_mod.load(essay_id)
    gaz = gazetteer.load()
    return [(p.number, paragraph_html(p.text, gaz)) for p in e.paragraphs]
