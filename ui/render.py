"""HTML for the pages, from the templates in geo/web/templates/ (autoescape: everything from data
is escaped there, once): the legend, quotes, facts tables, the freeze and opening figures, the place
panel, the essay, the briefing's scene text, presenter notes and timer, and the Data page's tables."""

from __future__ import annotations

from geo.data import arguments
from geo.data.line_specs import load as load_lines
from geo.figures import facts
from geo.web import styles, templates
from ui.loaders import catalogue, dated_lines

STATIC_DATES = "2015-2022, Mar 2022, 17 Nov 2022"


# The base layers' symbols in the legend, per toggle: (style name, title), with the layer whose
# catalogue entry gives their source and accuracy. Neighbouring countries and the reservoirs are always drawn.
BASE_ROWS = {
    "ukraine-admin1": [("region", None)],
    "lines": [("river", "The Dnipro"), ("route", "Routes of the Melitopol argument")],
    "places": [("city", "Town or city"), ("city-discussed", "Place the essay discusses"), ("facility", "Nuclear power plant")],
}
ALWAYS_ROWS = [("basemap-countries", "country"), ("basemap-reservoirs", "reservoir")]
FEATURE_ACCURACY = "See each feature's accuracy"


def _feature_accuracy(path: str, kind: str | None = None) -> str:
    """The distinct accuracies of a layer's features (of one kind), their first clause each."""
    import json

    from geo.core.paths import ROOT

    fc = json.loads((ROOT / path).read_text(encoding="utf-8"))
    seen: list[str] = []
    for f in fc["features"]:
        p = f["properties"]
        if kind and p.get("kind") != kind:
            continue
        a = str(p.get("accuracy") or "").split(";")[0].split(":")[0].strip().rstrip(".")
        if a and a not in seen:
            seen.append(a)
    return "; ".join(seen)


def _accuracy(entry: dict, kind: str | None = None) -> str:
    a = entry.get("accuracy") or ""
    return _feature_accuracy(entry["path"], kind) if a.startswith(FEATURE_ACCURACY) else a


def legend_rows(visible: list[str], palette: str = styles.DEFAULT_PALETTE) -> list[dict]:
    """One legend row per symbol of the visible layers, in the active palette: the control layers,
    front lines, oblasts, the river and routes, the markers and the plant, the base map, and the
    highlight of a selected place; each with its date, look (in words), source and accuracy from the
    layer catalogue (geo.data.layers).

    Parameters
    ----------
    visible : list of str
        The layer ids switched on.
    palette : str
        The palette (geo.web.styles.PALETTES).

    Returns
    -------
    list of dict
        ``{swatch, title, date, looks, source, accuracy}`` for ``templates/legend.html``.

    Examples
    --------
    >>> [r["title"] for r in legend_rows(["lines"])][:2]  # doctest: +SKIP
    ['The Dnipro', 'Routes of the Melitopol argument']
    """
    cat = {c["id"]: c for c in catalogue()}
    specs = {c.id: c for c in load_lines().controls}
    table = styles.palette(palette)
    rows = []
    for lid in visible:
        c = cat.get(lid)
        if c is None:
            continue
        if lid in styles.LOOKS:
            rows.append(
                {
                    "swatch": templates.swatch(lid, style=table.get(lid, table["front-line"]), palette=palette),
                    "title": c["title"],
                    "date": specs[lid].date if lid in specs else STATIC_DATES,
                    "looks": styles.looks(lid if lid in table else "front-lines", palette, styles.LOOKS[lid]),
                    "source": c["source"],
                    "accuracy": _accuracy(c),
                }
            )
        for name, title in BASE_ROWS.get(lid, []):
            kind = name if lid == "lines" else None
            rows.append(
                {
                    "swatch": templates.swatch(name, style=table[name], palette=palette),
                    "title": title or c["title"],
                    "date": None,
                    "looks": styles.looks(name, palette, styles.BASE_LOOKS[name]),
                    "source": c["source"],
                    "accuracy": _accuracy(c, kind),
                }
            )
    rows.append(
        {
            "swatch": templates.swatch("highlight", style=table["highlight"], palette=palette),
            "title": "Selected place",
            "date": None,
            "looks": styles.looks("highlight", palette, styles.BASE_LOOKS["highlight"]),
            "source": "your click, search or link",
            "accuracy": "as the layer the place is drawn on",
        }
    )
    for lid, name in ALWAYS_ROWS:
        c = cat[lid]
        rows.append(
            {
                "swatch": templates.swatch(name, style=table[name], palette=palette),
                "title": c["title"],
                "date": None,
                "looks": styles.looks(name, palette, styles.BASE_LOOKS[name]),
                "source": c["source"],
                "accuracy": _accuracy(c),
            }
        )
    return rows


def legend_html(visible: list[str], palette: str = styles.DEFAULT_PALETTE) -> str:
    """The legend of every visible layer and symbol (`legend_rows`): swatch, meaning (in words, for
    greyscale), date, source and accuracy.

    Parameters
    ----------
    visible : list of str
        The layer ids switched on.
    palette : str
        The palette (geo.web.styles.PALETTES).

    Returns
    -------
    str
        HTML for ``st.markdown(..., unsafe_allow_html=True)``.

    Examples
    --------
    >>> "Accuracy:" in legend_html(["held-2022-11-17"])  # doctest: +SKIP
    True
    """
    return templates.render("legend.html", rows=legend_rows(visible, palette), outline_note=False)


def dated_legend_html(specs: list[dict], outline_note: bool = True, palette: str = styles.DEFAULT_PALETTE) -> str:
    """The legend of an imported date's layers (geo.web.webdated.dated_layers), with the note that
    the essay's layer is drawn as an outline.

    Parameters
    ----------
    specs : list of dict
        The dated layers shown: ``key``, ``title``, ``style``, ``source`` and ``accuracy`` of each.
    outline_note : bool
        Add the line about the 17 Nov 2022 outline.
    palette : str
        The palette (geo.web.styles.PALETTES).

    Returns
    -------
    str
        HTML for ``st.markdown(..., unsafe_allow_html=True)``.

    Examples
    --------
    >>> dated_legend_html([], outline_note=False)
    ''
    """
    table = styles.palette(palette)
    rows = [
        {
            "swatch": templates.swatch(s["key"], style=table[f"snapshot-{s['style']}"], palette=palette),
            "title": s["title"],
            "date": None,
            "looks": styles.looks(f"snapshot-{s['style']}", palette, styles.SNAPSHOT_LOOKS[s["style"]]),
            "source": s["source"],
            "accuracy": s.get("accuracy"),
        }
        for s in specs
    ]
    return templates.render("legend.html", rows=rows, outline_note=outline_note)


def quotes_html(quotes) -> str:
    """The essay's words, verbatim with their paragraph numbers (``templates/macros.html``, ``quote``).

    Parameters
    ----------
    quotes : iterable of geo.data.arguments.Quote
        Anything with ``number`` and ``text``.

    Returns
    -------
    str
        One ``<div class="bm-quote">`` per quote.

    Examples
    --------
    >>> quotes_html([arguments.Quote(paragraph="p7", text="<b>")])
    '<div class="bm-quote"><span class="bm-para">¶7</span>“&lt;b&gt;”</div>'
    """
    return templates.render("quote.html", quotes=list(quotes))


def quote_html(q: arguments.Quote) -> str:
    """One quote: see `quotes_html`.

    Parameters
    ----------
    q : geo.data.arguments.Quote
        The quote.

    Returns
    -------
    str
        ``<div class="bm-quote">``.

    Examples
    --------
    >>> quote_html(arguments.Quote(paragraph="p3", text="x"))
    '<div class="bm-quote"><span class="bm-para">¶3</span>“x”</div>'
    """
    return quotes_html([q])


def facts_html(items) -> str:
    """A facts table: label, value and source of each figure (``templates/macros.html``, ``facts``).

    Parameters
    ----------
    items : iterable of geo.figures.facts.Fact
        Anything with ``label``, ``value`` and ``source``.

    Returns
    -------
    str
        ``<table class="bm-facts">``.

    Examples
    --------
    >>> facts_html([])
    '<table class="bm-facts"></table>'
    """
    return templates.render("facts.html", facts=list(items))


def freeze_html(date: str) -> str:
    """The freeze table for a date (Map and Lines pages): geo.figures.headline's figures, each with its
    citation (computed once per store revision by the dated-lines service)."""
    fr = dated_lines().freeze(date)
    return facts_html(fr.rows())


def opening_html() -> str:
    """The Map page's opening figures: the essay's date on our layers (kept in geo.figures.headline), and
    the essay's claim checked, by DeepStateMap's polygons too once a snapshot is imported (kept per store
    revision by the dated-lines service)."""
    from geo.figures import headline

    return facts_html(headline.figures(facts.essay_lines(), headline.OPENING) + dated_lines().claim())


def panel_head_html(panel: facts.Panel) -> str:
    """The place panel's head: the place's name and kind, and what the essay argues about it (quotes,
    our summary, themes) if it does.

    Parameters
    ----------
    panel : geo.figures.facts.Panel
        The selected place's panel.

    Returns
    -------
    str
        HTML for ``st.markdown(..., unsafe_allow_html=True)``.

    Examples
    --------
    >>> "melitopol" in panel_head_html(facts.panel("melitopol")).lower()  # doctest: +SKIP
    True
    """
    a = panel.argument
    argument = None
    if a:
        argument = {"quotes": a.quotes, "summary_label": arguments.SUMMARY_LABEL, "summary": a.summary, "themes": a.themes}
    return templates.render("panel.html", name=panel.name, kind=panel.kind, argument=argument)


def scene_text_html(scene, figures: list, stamp: str, with_points: bool = True) -> str:
    """Title, as-of stamp, quotes, (our) talking points and figures of a scene (``templates/scene.html``,
    the same as the exported deck's). The stamp sits under the title so it is on screen in every shared frame.

    Parameters
    ----------
    scene : geo.briefing.scenes.Scene
        The scene.
    figures : list of geo.figures.facts.Fact
        Its figures, computed.
    stamp : str
        Its as-of line (geo.briefing.scene_view.stamp).
    with_points : bool
        Show our talking points (not on the audience view).

    Returns
    -------
    str
        ``<div class="bm-stage">``.

    Examples
    --------
    >>> from geo.briefing import scene_view, scenes
    >>> s = scenes.load().scenes[0]
    >>> scene_text_html(s, [], scene_view.stamp(s)).startswith('<div class="bm-stage"><h2>')  # doctest: +SKIP
    True
    """
    from geo.briefing.scenes import POINTS_LABEL

    return templates.render(
        "scene.html",
        title=scene.title,
        stamp=stamp,
        quotes=scene.quotes,
        with_points=with_points,
        points_label=POINTS_LABEL,
        points=scene.points,
        figures=list(figures),
    )


def presenter_html(which: str, text: str) -> str:
    """The presenter console's notes (``which="notes"``) or the next scene's title (``"next"``).

    Parameters
    ----------
    which : {"notes", "next"}
        Which box.
    text : str
        The scene's notes, or the next scene's title.

    Returns
    -------
    str
        HTML, the text escaped.

    Examples
    --------
    >>> presenter_html("next", "<x>")
    '<div class="bm-next">Next:<br><b>&lt;x&gt;</b></div>'
    """
    return templates.render("presenter.html", which=which, text=text)


def timer_html(started_at: float) -> str:
    """A presenter's clock: elapsed time since the room opened, ticking in the browser.

    Parameters
    ----------
    started_at : float
        When the room opened (seconds since the epoch).

    Returns
    -------
    str
        A small HTML page for ``st.iframe``.

    Examples
    --------
    >>> "const start = 1000;" in timer_html(1.0)
    True
    """
    return templates.render("timer.html", start_ms=round(float(started_at) * 1000))


def header_html(meta: dict, what: str, essays: list[dict] | None = None, hint: str = "") -> str:
    """The compact header on every page: the essay's title, author line if any, date, and what the page does.

    Parameters
    ----------
    meta : dict
        ``ui.essay_meta()``: title, date (ISO) and author ("" if essays.toml names none).
    what : str
        One sentence on what the page does.
    essays : list of dict, optional
        The switcher's essays (``ui.essays.header_items``): title, date, query and current; the
        title then opens their list (no list without them).
    hint : str, optional
        A line under the list (how to add an essay).

    Returns
    -------
    str
        ``<div class="bm-header">``, every value escaped.

    Examples
    --------
    >>> "17 Nov 2022" in header_html({"title": "T", "date": "2022-11-17", "author": ""}, "A map.")
    True
    """
    from geo.figures.headline import human_date

    return templates.render(
        "header.html",
        title=meta["title"],
        author=meta.get("author") or "",
        date=human_date(meta["date"]) if len(str(meta["date"])) == 10 else str(meta["date"]),
        what=what,
        essays=essays or [],
        hint=hint,
    )


def table_html(head: list[str], rows: list[list]) -> str:
    """A plain table (Data page), every cell escaped; None shows as "–".

    Parameters
    ----------
    head : list of str
        Column labels.
    rows : list of list
        Cells, row by row.

    Returns
    -------
    str
        ``<table class="bm-table">``.

    Examples
    --------
    >>> table_html(["a"], [[None]])
    '<table class="bm-table"><thead><tr><th>a</th></tr></thead><tbody><tr><td data-label="a">–</td></tr></tbody></table>'
    """
    return templates.render("table.html", head=head, rows=rows)


def essay_panel_html(panel) -> str:
    """The panel's head for a place of a user essay: name, kind, the essay's sentences verbatim with
    their paragraph numbers (the name marked) and the analyst's own summary, labelled as theirs.

    Parameters
    ----------
    panel : geo.web.essay_map.EssayPanel
        The place's panel.

    Returns
    -------
    str
        HTML (``templates/essay_panel.html``), every value escaped.

    Examples
    --------
    >>> from geo.web.essay_map import EssayPanel
    >>> q = {"number": 2, "before": "In ", "name": "<b>X</b>", "after": "."}
    >>> "&lt;b&gt;X" in essay_panel_html(EssayPanel("gn-1", "X", "settlement", (q,), "", (), True))
    True
    """
    from geo.web.essay_map import NOT_NAMED, SUMMARY_LABEL

    return templates.render(
        "essay_panel.html",
        name=panel.name,
        kind=panel.kind,
        named=panel.named,
        quotes=list(panel.quotes),
        summary_label=SUMMARY_LABEL,
        summary=panel.summary,
        not_named=NOT_NAMED,
    )
