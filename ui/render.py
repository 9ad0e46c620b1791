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


def legend_html(visible: list[str]) -> str:
    """Colour, meaning (in words, for greyscale), date and source of each visible control layer.

    Parameters
    ----------
    visible : list of str
        The layer ids switched on; ids without a map style (places, regions) are left out.

    Returns
    -------
    str
        HTML for ``st.markdown(..., unsafe_allow_html=True)``; empty if nothing is styled.

    Examples
    --------
    >>> "Source:" in legend_html(["held-2022-11-17"])  # doctest: +SKIP
    True
    """
    cat = {c["id"]: c for c in catalogue()}
    specs = {c.id: c for c in load_lines().controls}
    rows = [
        {
            "swatch": templates.swatch(lid),
            "title": cat[lid]["title"],
            "date": specs[lid].date if lid in specs else STATIC_DATES,
            "looks": styles.LOOKS[lid],
            "source": cat[lid]["source"],
        }
        for lid in visible
        if lid in styles.LOOKS
    ]
    return templates.render("legend.html", rows=rows, outline_note=False) if rows else ""


def dated_legend_html(specs: list[dict], outline_note: bool = True) -> str:
    """The legend of an imported date's layers (geo.web.webdated.dated_layers), with the note that
    the essay's layer is drawn as an outline.

    Parameters
    ----------
    specs : list of dict
        The dated layers shown: ``key``, ``title``, ``style`` and ``source`` of each.
    outline_note : bool
        Add the line about the 17 Nov 2022 outline.

    Returns
    -------
    str
        HTML for ``st.markdown(..., unsafe_allow_html=True)``.

    Examples
    --------
    >>> dated_legend_html([], outline_note=False)
    ''
    """
    rows = [
        {
            "swatch": templates.swatch(s["key"], style=styles.SNAPSHOT[s["style"]]),
            "title": s["title"],
            "date": None,
            "looks": styles.SNAPSHOT_LOOKS[s["style"]],
            "source": s["source"],
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


def header_html(meta: dict, what: str) -> str:
    """The compact header on every page: the essay's title, author line if any, date, and what the page does.

    Parameters
    ----------
    meta : dict
        ``ui.essay_meta()``: title, date (ISO) and author ("" if essays.toml names none).
    what : str
        One sentence on what the page does.

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
        "header.html", title=meta["title"], author=meta.get("author") or "", date=human_date(meta["date"]), what=what
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
    '<table class="bm-table"><thead><tr><th>a</th></tr></thead><tbody><tr><td>–</td></tr></tbody></table>'
    """
    return templates.render("table.html", head=head, rows=rows)
