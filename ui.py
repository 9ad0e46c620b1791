"""The UI edge: cached wrappers around geo/ loaders and small render helpers shared by the pages.

Nothing here computes geography; it caches and formats what geo/ returns.
"""

from __future__ import annotations

import html
import re

import streamlit as st

from geo.data import arguments, essay, gazetteer, layers  # noqa: F401 (re-exported for pages)
from geo.data.line_specs import load as load_lines
from geo.figures import facts
from geo.web import styles, webdated, webmap

APP_TITLE = "Briefing map · The Case Against Negotiations with Russia (17 Nov 2022)"

CSS = """
<style>
html, body, [class*="css"] { font-size: 18px; }
[data-testid="stMainBlockContainer"], .block-container { padding: 1.4rem 1.2rem 1rem 1.2rem !important; max-width: none !important; }
[data-testid="stSidebarUserContent"] { padding-top: 0.5rem; }
[data-testid="stSidebar"] label p { font-size: 0.95rem; }
h1 { font-size: 1.6rem !important; } h2 { font-size: 1.35rem !important; } h3 { font-size: 1.15rem !important; }
.bm-quote { border-left: 5px solid #1f4e79; padding: 0.35rem 0.8rem; margin: 0.5rem 0; background: #f3f6fa; font-size: 1.02rem; line-height: 1.45; }
.bm-para { font-weight: 700; color: #1f4e79; margin-right: 0.4rem; white-space: nowrap; }
.bm-ours { color: #444; font-style: italic; }
.bm-ours b { font-style: normal; color: #222; }
.bm-theme { display: inline-block; border: 1.5px solid #555; border-radius: 1rem; padding: 0 0.55rem; margin: 0 0.25rem 0.25rem 0; font-size: 0.85rem; }
.bm-facts { width: 100%; border-collapse: collapse; font-size: 0.95rem; }
.bm-facts td { border-top: 1px solid #ddd; padding: 0.25rem 0.4rem; vertical-align: top; }
.bm-facts td.k { font-weight: 600; width: 34%; }
.bm-src { color: #666; font-size: 0.78rem; }
.bm-legend { display: flex; align-items: center; gap: 0.5rem; margin: 0.15rem 0; font-size: 0.9rem; line-height: 1.2; }
.bm-legend small { color: #555; }
.bm-kind { display: inline-block; background: #1f4e79; color: #fff; border-radius: 0.3rem; padding: 0 0.45rem; font-size: 0.85rem; margin-left: 0.4rem; vertical-align: middle; }
a.bm-mention { background: #fff1b8; color: #111; text-decoration: none; border-bottom: 2px solid #b58900; padding: 0 0.1rem; }
.bm-essay p { font-size: 1.08rem; line-height: 1.6; max-width: 62rem; }
.bm-table { border-collapse: collapse; font-size: 0.9rem; }
.bm-table th, .bm-table td { border: 1px solid #ccc; padding: 0.3rem 0.45rem; vertical-align: top; text-align: left; }
iframe[title="streamlit_folium.st_folium"] { height: max(560px, calc(100vh - 90px)) !important; }
.bm-stamp { font-size: 0.85rem; line-height: 1.3; color: #333; border-left: 4px solid #1f4e79; padding: 0.1rem 0.5rem; margin: 0 0 0.5rem 0; }
.bm-stage ul { margin: 0.2rem 0 0.4rem 0; }
</style>
"""


def esc(value: object) -> str:
    """Escape anything that came from a data file before it reaches HTML."""
    return html.escape(str(value), quote=True)


@st.cache_data(show_spinner=False)
def place_options() -> list[tuple[str, str]]:
    return gazetteer.load().search_options()


@st.cache_data(show_spinner=False)
def known_places() -> frozenset[str]:
    return frozenset(gazetteer.load().places)


@st.cache_data(show_spinner=False)
def toggleable_layers() -> list[str]:
    return webmap.toggleable_ids()


@st.cache_data(show_spinner=False)
def catalogue() -> list[dict]:
    return [c.as_json() for c in layers.catalogue()]


@st.cache_data(show_spinner=False)
def unit_areas() -> tuple[list[dict], float]:
    from geo.data.regions import shipped_area_table

    return shipped_area_table()


def panel(place_id: str) -> facts.Panel:
    return facts.panel(place_id)  # lru-cached in geo.figures.facts and warmed at start-up


@st.cache_resource(show_spinner=False)
def warm_up() -> bool:
    """Once per server process, in the background: layers published, pick geometry and panels computed."""
    import threading

    from geo.figures import people
    from geo.web import picking

    def work() -> None:
        from geo.figures import headline

        webmap.publish_layers()
        picking.pickables()
        people.warm()
        headline.figures(facts.essay_lines(), headline.OPENING)  # the Map page's opening figures
        facts.warm()
        webdated.warm()

    threading.Thread(target=work, name="briefmap-warm-up", daemon=True).start()
    return True


@st.cache_data(show_spinner=False)
def essay_paragraphs() -> list[tuple[int, str]]:
    from geo.web.essay_view import essay_html

    return essay_html()


@st.cache_data(show_spinner=False)
def essay_meta() -> dict:
    e = essay.load()
    return {"title": e.title, "date": e.date, "attribution": e.attribution}


def layer_label(layer_id: str) -> str:
    cat = {c["id"]: c for c in catalogue()}
    c = cat[layer_id]
    return f"{c['title']}" + (f" · {c['date']}" if c["date"] and c["date"] not in c["title"] else "")


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


ESSAY_DATE = essay.ESSAY_DATE
DATED_DEFAULT_ON = webdated.DEFAULT_ON
DATED_SHORT = {
    "lines-held": "Held",
    "lines-unknown": "Unknown",
    "lines-liberated": "Liberated",
    "change-gained": "Gains",
    "change-lost": "Losses",
    "disputed": "Disputed",
}


def essay_outline_note() -> str:
    return (
        '<div class="bm-legend"><small>The 17 Nov 2022 layer, when on, is drawn as a dashed outline for comparison.</small></div>'
    )


def store_signature() -> tuple[str, ...]:
    return webdated.store_signature()


def lines_dates() -> list[str]:
    from geo.lines import timeline

    return timeline.available_dates()


def dated_layers(date: str, signature: tuple[str, ...]) -> list[dict]:
    return webdated.dated_layers(date, signature)  # lru-cached in geo, warmed at start-up


def dated_legend_html(specs: list[dict]) -> str:
    rows = []
    for s in specs:
        style = styles.SNAPSHOT[s["style"]]
        rows.append(
            f'<div class="bm-legend">{styles.swatch_svg(s["key"], style=style)}<div><b>{esc(s["title"])}</b><br>'
            f"<small>{esc(styles.SNAPSHOT_LOOKS[s['style']])}. Source: {esc(s['source'])}</small></div></div>"
        )
    return "".join(rows)


ESSAY_HELD = essay.HELD_LAYER


@st.cache_data(show_spinner=False, max_entries=256)
def dated_facts(place_id: str, date: str, signature: tuple[str, ...]) -> tuple:
    from geo.lines import timeline

    return facts.dated_facts(place_id, timeline.lines_at(date))


def change_facts(place_id: str, date: str, signature: tuple[str, ...]) -> tuple:
    """The panel's "Change since the essay" row: the place's status on both dates of the one comparison
    (geo.figures.change.compare_cached, shared with the Lines page and the map's change layers), cited to both files."""
    from geo.figures import change

    if date <= ESSAY_DATE:
        return ()
    row = change.compare_cached(ESSAY_DATE, date, signature).place_row(place_id)
    return (row,) if row else ()


@st.cache_data(show_spinner=False, max_entries=32)
def freeze_html(date: str, signature: tuple[str, ...]) -> str:
    """The freeze table for a date (Map and Lines pages): geo.figures.headline's figures, each with its citation."""
    from geo.figures.freeze import freeze

    fr = freeze(date)
    return facts_html(fr.facts + fr.claim)


@st.cache_data(show_spinner=False)
def opening_html() -> str:
    """The Map page's opening figures: the essay's date on our layers, and the essay's claim checked."""
    from geo.figures import headline

    lines = facts.essay_lines()
    return facts_html(headline.figures(lines, headline.OPENING) + headline.claim())


def km2(geom) -> str:
    from geo.core.measure import area_km2

    return f"{area_km2(geom):,.0f} km²"


def ensure_frame() -> None:
    """First call of every page. Streamlit runs a page file on its own (its legacy `pages/` folder
    mode) when a link to it is the first request a fresh server gets, so app.py's frame and
    navigation never run; switch that mode off and rerun, which goes through app.py."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without the legacy mode: nothing to switch off
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
WORD_JOINER = "\u2060"
# GFM turns bare "http://…", "www.…" and "a@b.c" into links after the escapes are read, so a
# backslash does not stop them; an invisible word joiner before ':' and '@' (and in "www.") does.
_AUTOLINK_BREAK = re.compile(r"(?=\\:)|(?=@)|(?i:(?<=www)(?=\\\.))")


def md_text(value: object) -> str:
    """Untrusted text (link parameters, file names, import messages) for Streamlit's
    markdown-rendering elements (st.toast, st.error, st.success, st.markdown): HTML-escaped, every
    markdown character backslashed and bare URLs and e-mail addresses broken with an invisible word
    joiner, so `[x](javascript:…)`, `![t](http://…)`, `<img …>` or `http://…` stay text."""
    return _AUTOLINK_BREAK.sub(WORD_JOINER, _MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False)))


def notice_md(notice) -> str:
    """A link notice (geo.web.urlstate.Notice) for st.toast / st.warning: the whole plain text escaped
    once, so the link's value inside it shows as typed and is never rendered as Markdown or HTML."""
    return md_text(notice.text())


def show_notices(notices) -> None:
    """Every notice about the link, as a toast (plain text: see notice_md)."""
    for n in notices:
        st.toast(notice_md(n))


# --- briefing ---------------------------------------------------------------------------------

PROJECTOR_CSS = """
<style>
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stDecoration"], [data-testid="stStatusWidget"], [data-testid="stSidebarNav"] { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container { padding: 0.6rem 1rem 0.4rem 1rem !important; }
.bm-stage h2 { font-size: 2.1rem !important; line-height: 1.15; margin: 0 0 0.5rem 0; }
.bm-stage .bm-quote { font-size: 1.45rem; line-height: 1.4; background: #eef3f8; border-left-width: 8px; }
.bm-stage .bm-para { font-size: 1.2rem; }
.bm-stage .bm-facts { font-size: 1.1rem; }
.bm-stage .bm-src { font-size: 0.75rem; }
.bm-stage .bm-facts td { padding: 0.35rem 0.5rem; }
.bm-notes { font-size: 1.3rem; line-height: 1.45; background: #fff8dc; border: 2px solid #b58900; padding: 0.6rem 0.8rem; }
.bm-next { font-size: 1.1rem; color: #333; }
</style>
"""
# The audience frame: the map leaves room for its as-of stamp below it, on a 1280x720 share.
AUDIENCE_CSS = """
<style>
iframe[title="streamlit_folium.st_folium"] { height: calc(100vh - 80px) !important; min-height: 420px; }
</style>
"""


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


KEYS_JS = """
<script>
(function () {
  const doc = window.parent.document;
  if (doc.__bmKeys) return;  // one listener per page, however often Streamlit re-renders this
  doc.__bmKeys = true;
  const labels = {next: "Next ▶", prev: "◀ Previous", first: "« First", last: "Last »"};
  function press(which) {
    const b = Array.from(doc.querySelectorAll('button')).find(el => el.innerText.trim() === labels[which]);
    if (b && !b.disabled) b.click();
  }
  doc.addEventListener('keydown', function (e) {
    const t = e.target, tag = (t && t.tagName || '').toLowerCase();
    if (tag === 'input' || tag === 'textarea' || tag === 'select' || (t && t.isContentEditable)) return;
    const map = {ArrowRight: 'next', ' ': 'next', PageDown: 'next', ArrowLeft: 'prev', PageUp: 'prev', Home: 'first', End: 'last'};
    const which = map[e.key];
    if (!which) return;
    e.preventDefault();
    press(which);
  });
})();
</script>
"""


def timer_html(started_at: float) -> str:
    """A presenter's clock: elapsed time since the room opened, ticking in the browser."""
    return f"""<div id="t" style="font:600 28px system-ui;color:#1f4e79">0:00</div><script>
const start = {float(started_at) * 1000:.0f};
function tick() {{ const s = Math.max(0, Math.floor((Date.now() - start) / 1000));
  document.getElementById('t').textContent = Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0'); }}
tick(); setInterval(tick, 1000);
</script>"""


@st.cache_resource(show_spinner=False)
def rooms():
    """The briefing rooms of this server process (shared by every session)."""
    from geo.briefing.rooms import Rooms

    return Rooms()


@st.cache_data(show_spinner=False)
def scene_figures(keys: tuple[str, ...]) -> list:
    from geo.briefing import scene_figures as sf

    return [sf.compute(k) for k in keys]
