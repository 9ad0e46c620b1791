"""HTML for the pages: the legend, quotes, facts tables, the freeze and opening figures, and the
briefing's scene text and timer. Everything from data is escaped."""

from __future__ import annotations

import streamlit as st

from geo.data import arguments
from geo.data.line_specs import load as load_lines
from geo.figures import facts
from geo.web import styles
from ui.loaders import catalogue
from ui.text import esc


def legend_html(visible: list[str]) -> str:
    """Colour, meaning (in words, for greyscale), date and source of each visible dated layer."""
    cat = {c["id"]: c for c in catalogue()}
    specs = {c.id: c for c in load_lines().controls}
    rows = []
    for lid in visible:
        if lid not in styles.LOOKS:
            continue
        c = cat[lid]
        date = specs[lid].date if lid in specs else "2015-2022, Mar 2022, 17 Nov 2022"
        rows.append(
            f'<div class="bm-legend">{styles.swatch_svg(lid)}<div><b>{esc(c["title"])}</b> <small>({esc(date)})</small><br>'
            f"<small>{esc(styles.LOOKS[lid])}. Source: {esc(c['source'])}</small></div></div>"
        )
    return "".join(rows)


def quote_html(q: arguments.Quote) -> str:
    return f'<div class="bm-quote"><span class="bm-para">¶{q.number}</span>“{esc(q.text)}”</div>'


def facts_html(items: tuple[facts.Fact, ...]) -> str:
    rows = "".join(
        f'<tr><td class="k">{esc(f.label)}</td><td>{esc(f.value)}'
        + (f'<br><span class="bm-src">Source: {esc(f.source)}</span>' if f.source else "")
        + "</td></tr>"
        for f in items
    )
    return f'<table class="bm-facts">{rows}</table>'


def essay_outline_note() -> str:
    return (
        '<div class="bm-legend"><small>The 17 Nov 2022 layer, when on, is drawn as a dashed outline for comparison.</small></div>'
    )


def dated_legend_html(specs: list[dict]) -> str:
    rows = []
    for s in specs:
        style = styles.SNAPSHOT[s["style"]]
        rows.append(
            f'<div class="bm-legend">{styles.swatch_svg(s["key"], style=style)}<div><b>{esc(s["title"])}</b><br>'
            f"<small>{esc(styles.SNAPSHOT_LOOKS[s['style']])}. Source: {esc(s['source'])}</small></div></div>"
        )
    return "".join(rows)


@st.cache_data(show_spinner=False, max_entries=32)
def freeze_html(date: str, signature: tuple[str, ...]) -> str:
    """The freeze table for a date (Map and Lines pages): geo.figures.headline's figures, each with its citation."""
    from geo.figures.freeze import freeze

    return facts_html(freeze(date).rows())


@st.cache_data(show_spinner=False)
def opening_html() -> str:
    """The Map page's opening figures: the essay's date on our layers, and the essay's claim checked."""
    from geo.figures import headline

    lines = facts.essay_lines()
    return facts_html(headline.figures(lines, headline.OPENING) + headline.claim())


def scene_text_html(scene, figures: list, stamp: str, with_points: bool = True) -> str:
    """Title, as-of stamp, quotes, (our) talking points and figures of a scene: all escaped. The
    stamp sits under the title so it is on screen in every shared frame."""
    from geo.briefing.scenes import POINTS_LABEL

    quotes = "".join(f'<div class="bm-quote"><span class="bm-para">¶{q.number}</span>“{esc(q.text)}”</div>' for q in scene.quotes)
    points = ""
    if with_points:
        points = (
            f'<div class="bm-ours"><b>{esc(POINTS_LABEL)}:</b><ul>'
            + "".join(f"<li>{esc(p)}</li>" for p in scene.points)
            + "</ul></div>"
        )
    figs = facts_html(tuple(figures))
    return (
        f'<div class="bm-stage"><h2>{esc(scene.title)}</h2><div class="bm-stamp">{esc(stamp)}</div>{quotes}{points}{figs}</div>'
    )


def timer_html(started_at: float) -> str:
    """A presenter's clock: elapsed time since the room opened, ticking in the browser."""
    return f"""<div id="t" style="font:600 28px system-ui;color:#1f4e79">0:00</div><script>
const start = {float(started_at) * 1000:.0f};
function tick() {{ const s = Math.max(0, Math.floor((Date.now() - start) / 1000));
  document.getElementById('t').textContent = Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0'); }}
tick(); setInterval(tick, 1000);
</script>"""
