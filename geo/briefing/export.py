"""Export the briefing: one self-contained HTML deck (every asset inlined, opens from file:// with
no network, keyboard navigation, the map interactive), a 1920x1080 PNG per scene rendered in
headless Chromium from that deck, and a PDF handout with one page per scene.

Everything comes from the scenes file and the shipped layers; the deck and the handout's HTML are
byte-identical for the same inputs (no timestamps).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from geo.briefing import headless, scene_figures, scene_view, scenes
from geo.web import templates
from geo.web.offline import ASSETS, STATIC, STATIC_URL, ensure_vendor
from geo.web.webmap import PANES, publish_layers

DECK = "briefing-deck.html"
HANDOUT = "briefing-handout.pdf"
Progress = Callable[[int, int, str], None]


@dataclass
class Export:
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _static_text(url: str) -> str:
    return (STATIC / url[len(STATIC_URL) + 1 :]).read_text(encoding="utf-8")


def scene_html(scene: scenes.Scene, stamp: str | None = None) -> str:
    """The text side of a scene: title, as-of stamp, quotes, our talking points, figures.

    The same template as the app's stage (``geo/web/templates/scene.html``), everything escaped there.

    Parameters
    ----------
    scene : geo.briefing.scenes.Scene
        The scene.
    stamp : str, optional
        Its as-of line when not the one ``scene_view.stamp`` writes (a user essay's snapshot date).

    Returns
    -------
    str
        ``<div class="bm-stage">``.

    Examples
    --------
    >>> scene_html(scenes.load().scenes[0]).startswith('<div class="bm-stage"><h2>')
    True
    """
    return templates.render(
        "scene.html",
        title=scene.title,
        stamp=stamp or scene_view.stamp(scene),
        quotes=scene.quotes,
        with_points=True,
        points_label=scenes.POINTS_LABEL,
        points=scene.points,
        figures=[scene_figures.compute(k) for k in scene.figures],
    )


def deck_data(briefing: scenes.Briefing | None = None, dynamic: tuple | list = (), stamp: str | None = None) -> dict:
    """Layers (inlined GeoJSON) and scenes for the deck's script.

    `briefing`: the scenes (default: the shipped scenes.toml; a user essay's saved or drafted ones);
    `dynamic`: browser layers every scene adds (``{"key", "url", "pane"}``: a user essay's places and
    its snapshot's lines), inlined; `stamp`: every scene's as-of line instead of ``scene_view.stamp``."""
    layers = []
    for w in publish_layers():
        layers.append(
            {
                "key": w.key,
                "pane": w.pane,
                "interactive": w.interactive,
                "toggleable": w.toggleable,
                "data": json.loads(_static_text(w.url)),
                "labels_data": json.loads(_static_text(w.labels_url)) if w.labels_url else None,
                "labels_url": w.labels_url,
            }
        )
    b = briefing or scenes.load()
    extra = [{"key": d["key"], "pane": d["pane"], "data": json.loads(_static_text(d["url"]))} for d in dynamic]
    out_scenes = []
    for s in b.scenes:
        rings = [
            {"key": r["key"], "pane": r["pane"], "data": json.loads(_static_text(r["url"]))} for r in scene_view.ring_layers(s)
        ] + extra
        out_scenes.append(
            {
                "n": s.number,
                "title": s.title,
                "layers": list(s.layers),
                "places": list(s.places),
                "bounds": [list(s.bounds[0]), list(s.bounds[1])],
                "rings": rings,
                "html": scene_html(s, stamp),
            }
        )
    return {"panes": PANES, "layers": layers, "scenes": out_scenes}


DECK_CSS = """
html, body { margin: 0; height: 100%; font-family: "Source Sans 3", "Source Sans Pro", system-ui, sans-serif; color: #111; }
body { display: flex; flex-direction: column; overflow: hidden; }
#deck { display: flex; flex: 1 1 auto; min-height: 0; }
#map { flex: 3; height: 100%; }
#text { flex: 2; overflow: auto; padding: 14px 22px; font-size: 21px; line-height: 1.4; }
#text h2 { font-size: 34px; margin: 4px 0 10px 0; line-height: 1.15; }
#text .bm-quote { margin: 10px 0; padding: 8px 14px; border-left: 8px solid #1f4e79; background: #eef3f8; font-size: 23px; }
#text .bm-para { font-weight: 700; margin-right: 6px; }
#text .bm-stamp { font-size: 14px; border-left: 4px solid #1f4e79; padding: 2px 8px; color: #333; margin: 1em 0; }
#text .bm-ours { font-style: italic; color: #333; margin: 6px 0; }
#text .bm-ours b { font-style: normal; }
#text .bm-ours ul { margin: 6px 0; }
#text table { border-collapse: collapse; width: 100%; font-size: 18px; margin-top: 8px; }
#text td { border-top: 1px solid #ccc; padding: 4px 6px; text-align: left; vertical-align: top; }
#text td.k { font-weight: 700; }
#text .bm-src { color: #555; font-size: 12px; }
#bar { flex: none; min-height: 44px; box-sizing: border-box; display: flex; flex-wrap: wrap; align-items: center; gap: 4px 14px;
  padding: 4px 14px; background: #1f4e79; color: #fff; font-size: 17px; }
#bar button { font-size: 17px; padding: 4px 14px; }
#bar .grow { flex: 1 1 20em; min-width: 0; }
#bar .keys { flex: 0 1 auto; min-width: 0; font-size: 15px; opacity: 0.9; }
@media (max-width: 1500px) { #bar, #bar button { font-size: 15px; } #bar .keys { font-size: 13px; } }
.bm-export .leaflet-control-zoom { display: none; }
"""

DECK_JS = """
(function () {
  var D = DECK, n = 0;
  if (/[?&]export(&|=|$)/.test(location.search)) document.body.classList.add('bm-export');  // the PNGs: no zoom buttons
  var map = L.map('map', {zoomControl: true, minZoom: 4, maxZoom: 12});
  BriefMap.setup(map, {panes: D.panes, layers: D.layers});
  function show(i) {
    n = Math.max(1, Math.min(D.scenes.length, i));
    var s = D.scenes[n - 1];
    BriefMap.apply({layers: s.layers, selected: null, pan: false, highlight: s.places, bounds: s.bounds, dynamic: s.rings, outline: []});
    document.getElementById('text').innerHTML = s.html;  // built and escaped in geo/briefing/export.py
    document.getElementById('pos').textContent = 'Scene ' + n + ' of ' + D.scenes.length + ': ' + s.title;
    if (location.hash !== '#' + n) history.replaceState(null, '', '#' + n);
    window.deckScene = n;
  }
  document.addEventListener('keydown', function (e) {
    var k = {ArrowRight: n + 1, ' ': n + 1, PageDown: n + 1, ArrowLeft: n - 1, PageUp: n - 1, Home: 1, End: D.scenes.length}[e.key];
    if (k !== undefined) { e.preventDefault(); show(k); }
  });
  document.getElementById('prev').onclick = function () { show(n - 1); };
  document.getElementById('next').onclick = function () { show(n + 1); };
  window.addEventListener('hashchange', function () { var h = parseInt(location.hash.slice(1), 10); if (h && h !== n) show(h); });
  show(parseInt(location.hash.slice(1), 10) || 1);
})();
"""


def deck_html(briefing: scenes.Briefing | None = None, dynamic: tuple | list = (), stamp: str | None = None) -> str:
    """The self-contained deck: Leaflet, our map code and every layer inlined (arguments: `deck_data`)."""
    import xstatic.pkg.leaflet as xleaflet

    ensure_vendor()
    leaflet_dir = Path(xleaflet.BASE_DIR)
    b = briefing or scenes.load()

    def read(path: Path) -> str:
        return path.read_text(encoding="utf-8")

    html = templates.render(
        "deck.html",
        title=f"Briefing: {b.scenes[0].title} … {b.scenes[-1].title}",
        css=[
            templates.static(read(leaflet_dir / "leaflet.css")),
            templates.static(read(ASSETS / "briefmap.css")),
            templates.static(DECK_CSS),
        ],
        scripts=[
            templates.static(read(leaflet_dir / "leaflet.js"), script=True),
            templates.static(read(ASSETS / "briefmap.js"), script=True),
        ],
        deck=deck_data(b, dynamic, stamp),
        deck_js=templates.static(DECK_JS, script=True),
    )
    return html + "\n"


HANDOUT_CSS = """
@page { size: A4 landscape; margin: 10mm; }
body { margin: 0; font-family: "Source Sans 3", system-ui, sans-serif; color: #111; }
.page { width: 277mm; height: 188mm; overflow: hidden; page-break-after: always; display: flex; gap: 6mm; }
.page:last-child { page-break-after: auto; }
.page img { width: 150mm; height: auto; max-height: 176mm; object-fit: contain; border: 1px solid #999; }
.left { width: 150mm; } .right { flex: 1; font-size: 9.5pt; line-height: 1.3; }
h2 { font-size: 17pt; margin: 0 0 3mm 0; } h1 { font-size: 11pt; color: #1f4e79; margin: 0 0 2mm 0; }
.bm-quote { margin: 2mm 0; padding: 1.5mm 3mm; border-left: 3mm solid #1f4e79; background: #eef3f8; } .bm-para { font-weight: 700; margin-right: 1.5mm; }
.bm-stamp { font-size: 8pt; color: #333; margin: 2mm 0; } .bm-ours { font-style: italic; } .bm-ours b { font-style: normal; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; } td { border-top: 1px solid #ccc; padding: 1mm; text-align: left; vertical-align: top; }
td.k { font-weight: 700; } .bm-src { color: #555; font-size: 7.5pt; }
"""


def handout_html(maps: list[bytes], briefing: scenes.Briefing | None = None, stamp: str | None = None) -> str:
    """One A4 landscape page per scene: the scene's map (PNG bytes) beside its text."""
    b = briefing or scenes.load()
    pages = [
        {"number": s.number, "png": base64.b64encode(png).decode("ascii"), "text": Markup(scene_html(s, stamp))}
        for s, png in zip(b.scenes, maps)
    ]
    return templates.render("handout.html", css=templates.static(HANDOUT_CSS), pages=pages)


def export(
    out: Path,
    progress: Progress | None = None,
    browser=None,
    briefing: scenes.Briefing | None = None,
    dynamic: tuple | list = (),
    stamp: str | None = None,
) -> Export:
    """Write the deck, the PNGs and the PDF into `out`; returns what was written and any notes.

    `browser`: an open Playwright Chromium to reuse (tests); otherwise one is started and closed.
    `briefing`, `dynamic`, `stamp`: another briefing than the shipped scenes.toml (a user essay's),
    the layers its scenes add and its as-of line (`deck_data`)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    result = Export()
    b = briefing or scenes.load()
    steps = len(b.scenes) + 2

    deck = out / DECK
    deck.write_text(deck_html(b, dynamic, stamp), encoding="utf-8")
    result.files.append(deck)
    if progress:
        progress(1, steps, f"wrote {deck.name}")
    why = headless.available()
    if why:
        result.notes.append(f"PNGs and the PDF handout need headless Chromium: {why}")
        return result
    if browser is not None:
        _render(browser, deck, out, result, progress, steps, b, stamp)
    else:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            own = headless.launch_chromium(p)
            try:
                _render(own, deck, out, result, progress, steps, b, stamp)
            finally:
                own.close()
    return result


def _render(
    browser,
    deck: Path,
    out: Path,
    result: Export,
    progress: Progress | None,
    steps: int,
    b: scenes.Briefing | None = None,
    stamp: str | None = None,
) -> None:
    """PNG per scene from the deck at 1920x1080, then the handout PDF, with the network refused."""
    blocked: list[str] = []
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        page = ctx.new_page()
        headless.block_external(page, blocked, allowed=("file:", "data:", "about:", "blob:"))
        maps = []
        b = b or scenes.load()
        for s in b.scenes:
            page.goto(f"{deck.resolve().as_uri()}?export#{s.number}")  # ?export: no zoom buttons in the PNGs
            page.wait_for_function(f"window.deckScene === {s.number}")
            page.wait_for_timeout(150)  # one frame for the vector layers to paint after fitBounds
            png = out / f"scene-{s.number:02d}.png"
            page.screenshot(path=str(png))
            maps.append(page.locator("#map").screenshot())  # the handout shows the map beside its own text
            result.files.append(png)
            if progress:
                progress(1 + s.number, steps, f"rendered {png.name}")
        handout = out / HANDOUT
        page.set_content(handout_html(maps, b, stamp), wait_until="load")
        page.pdf(
            path=str(handout),
            format="A4",
            landscape=True,
            print_background=True,
            margin={"top": "10mm", "bottom": "10mm", "left": "10mm", "right": "10mm"},
        )
        result.files.append(handout)
        if progress:
            progress(steps, steps, f"wrote {handout.name}")
    finally:
        ctx.close()
    if blocked:
        result.notes.append(f"the deck tried to reach the network and was blocked: {blocked[:3]}")
