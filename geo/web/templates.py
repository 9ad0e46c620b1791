"""HTML from Jinja2 templates (``geo/web/templates/``): the one way the app and the exported deck
build HTML around text from data files, links or uploads.

One environment with autoescape on for every template: anything passed in is escaped unless it is a
``markupsafe.Markup`` built here from our own constants (the legend swatches, `swatch`) or from
our own static files (the deck's inlined CSS and JavaScript, `static`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from geo.web import styles

TEMPLATES = Path(__file__).resolve().parent / "templates"

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one Jinja2 environment: templates from ``geo/web/templates/``, autoescape for every file.

    Returns
    -------
    jinja2.Environment
        Autoescaping, strict about undefined names, ``tojson`` keeping non-ASCII text as is (it
        still escapes ``<``, ``>``, ``&`` and ``'`` so JSON is safe inside a ``<script>``).

    Examples
    --------
    >>> environment().autoescape("anything.html")
    True
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "ensure_ascii": False, "separators": (",", ":")}
    return env


def render(name: str, /, **ctx: Any) -> str:
    """Render a template from ``geo/web/templates/`` with everything in `ctx` escaped.

    Parameters
    ----------
    name : str
        The template's file name, e.g. ``"facts.html"``.
    **ctx
        The template's variables. Strings are escaped; only ``markupsafe.Markup`` is not.

    Returns
    -------
    str
        The HTML.

    Examples
    --------
    >>> render("quote.html", quotes=[{"number": 3, "text": "<b>x</b>"}])
    '<div class="bm-quote"><span class="bm-para">¶3</span>“&lt;b&gt;x&lt;/b&gt;”</div>'
    """
    return environment().get_template(name).render(**ctx)


def swatch(layer_id: str, style: dict | None = None, palette: str = styles.DEFAULT_PALETTE) -> Markup:
    """A legend swatch (`geo.web.styles.swatch_svg`) as trusted markup, after checking that nothing
    in it can come from a data file: the id is a slug and the style one of our own constants.

    Parameters
    ----------
    layer_id : str
        A layer key such as ``"held-2022-11-17"`` or ``"lines-held"`` (our constants, not data).
    style : dict, optional
        One of the style dicts in `geo.web.styles` (any palette's); default: the layer's own.
    palette : str
        The palette whose colours and hatching the swatch uses.

    Returns
    -------
    markupsafe.Markup
        The SVG, passed into templates unescaped.

    Raises
    ------
    ValueError
        If the id is not a slug or the style is not one of ours.

    Examples
    --------
    >>> str(swatch("held-2022-11-17")).startswith("<svg")
    True
    >>> swatch('x"><script>')
    Traceback (most recent call last):
    ...
    ValueError: not a layer key of ours: 'x"><script>'
    """
    if not _SLUG.fullmatch(layer_id):
        raise ValueError(f"not a layer key of ours: {layer_id!r}")
    ours = styles.all_styles()  # every palette's (geo.web.styles), by identity
    if style is not None and not any(style is s for s in ours):
        raise ValueError(f"not a style of ours for {layer_id!r}")
    if palette not in styles.PALETTES:
        raise ValueError(f"not a palette of ours: {palette!r}")
    return Markup(styles.swatch_svg(layer_id, style=style, pal=palette))


def static(text: str, script: bool = False) -> Markup:
    """Our own static CSS or JavaScript (package files, never data) for inlining into a page.

    Parameters
    ----------
    text : str
        The file's text.
    script : bool
        True for JavaScript: ``</script`` is written ``<\\/script`` so the block cannot end early.

    Returns
    -------
    markupsafe.Markup
        The text, unescaped in templates.

    Examples
    --------
    >>> str(static("a = '</script>'", script=True))
    "a = '<\\\\/script>'"
    """
    return Markup(text.replace("</script", "<\\/script") if script else text)
