"""Map styles as data: three palettes (``default``, ``colourblind``, ``greyscale``), each a table of
named styles (colours, dash patterns, weights) and of the hatch patterns its fills use.

The default palette's styles travel inside the published layer files; every style dict carries its
name under ``"bm"``, so the browser swaps in another palette's style by name (`browser_palette`,
published into the page by ``webmap.build_map``), and the legend draws its swatches from the same
table (`swatch_svg`): the map and the legend always agree. In greyscale every pair of layers a user
can turn on together differs by fill pattern, dash pattern or weight (`distinct_key`).
"""

from __future__ import annotations

import copy
from typing import Any

PALETTES = ("default", "colourblind", "greyscale")
PALETTE_LABELS = {"default": "Default", "colourblind": "Colour-blind safe", "greyscale": "Greyscale / print"}
DEFAULT_PALETTE = "default"


def _named(table: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each style carries its own name under "bm" (the browser restyles by it)."""
    return {name: {**style, "bm": name} for name, style in table.items()}


# Held: dense solid red fill + thick solid edge. Pre-war: near-black fill. Liberated: blue diagonal
# hatch + dash-dot edge. Claimed: no fill, dotted purple edge. Claimed-not-held: purple cross-hatch +
# dashed edge. Furthest advance: no fill, long-dash orange edge. (Palette: ColorBrewer RdBu/PuOr.)
CONTROL: dict[str, dict[str, Any]] = _named(
    {
        "occupied-before-2022-02-24": {"color": "#2d0a0a", "weight": 1.5, "fillColor": "#2d0a0a", "fillOpacity": 0.55},
        "furthest-advance-2022-03": {"color": "#e08214", "weight": 3.5, "dashArray": "14 7", "fill": True, "fillOpacity": 0.0},
        "held-2022-11-17": {"color": "#b2182b", "weight": 3, "fillColor": "#d6604d", "fillOpacity": 0.45},
        "claimed-annexation-2022-09-30": {
            "color": "#542788",
            "weight": 3.5,
            "dashArray": "1 8",
            "lineCap": "round",
            "fill": True,
            "fillOpacity": 0.0,
        },
        "liberated-by-2022-11-17": {
            "color": "#2166ac",
            "weight": 2,
            "dashArray": "12 4 2 4",
            "fillColor": "url(#bm-hatch-blue)",
            "fillOpacity": 1.0,
        },
        "claimed-not-held-2022-11-17": {
            "color": "#542788",
            "weight": 2,
            "dashArray": "6 4",
            "fillColor": "url(#bm-hatch-purple)",
            "fillOpacity": 1.0,
        },
    }
)
# Lines of an imported date, and what changed: distinguishable in greyscale by fill pattern.
SNAPSHOT: dict[str, dict[str, Any]] = {
    k: {**v, "bm": f"snapshot-{k}"}
    for k, v in {
        "held": {"color": "#b2182b", "weight": 3, "fillColor": "#d6604d", "fillOpacity": 0.45},
        "unknown": {"color": "#404040", "weight": 2, "dashArray": "3 5", "fillColor": "url(#bm-hatch-grey)", "fillOpacity": 1.0},
        "liberated": {
            "color": "#2166ac",
            "weight": 2,
            "dashArray": "12 4 2 4",
            "fillColor": "url(#bm-hatch-blue)",
            "fillOpacity": 1.0,
        },
        "gained": {"color": "#67001f", "weight": 2.5, "fillColor": "url(#bm-hatch-red)", "fillOpacity": 1.0},
        "lost": {"color": "#053061", "weight": 2.5, "dashArray": "8 4", "fillColor": "url(#bm-hatch-blue)", "fillOpacity": 1.0},
        "disputed": {
            "color": "#7f3b08",
            "weight": 2.5,
            "dashArray": "2 4",
            "fillColor": "url(#bm-hatch-orange)",
            "fillOpacity": 1.0,
        },
        "ring": {"color": "#1a1a1a", "weight": 2.5, "dashArray": "2 7", "lineCap": "round", "fill": False},
    }.items()
}
SNAPSHOT_LOOKS = {
    "held": "red fill, thick solid outline",
    "unknown": "grey hatching, dotted outline",
    "liberated": "blue diagonal hatching, dash-dot outline",
    "gained": "dark red hatching, solid outline: held at the end of the comparison, not at its start",
    "lost": "blue hatching, dashed outline: held at the start of the comparison, not at its end",
    "disputed": "brown cross-hatching, dotted outline: the two sources disagree",
    "ring": "black dotted circle: geodesic distance from the place",
}
FRONT_LINE = {"color": "#111111", "weight": 2.5, "opacity": 0.9, "bm": "front-line"}
SEA = {"stroke": False, "fillColor": "#d5e3ee", "fillOpacity": 1.0, "bm": "sea"}
LAND = {"stroke": False, "fillColor": "#f5f3ee", "fillOpacity": 1.0, "bm": "land"}
COUNTRY = {"color": "#8c887c", "weight": 1.2, "fillColor": "#e4e1d8", "fillOpacity": 1.0, "bm": "country"}
RESERVOIR = {"color": "#5d8fb8", "weight": 0.8, "fillColor": "#a9c7df", "fillOpacity": 1.0, "bm": "reservoir"}
REGION = {"color": "#6b6b6b", "weight": 1.2, "fillColor": "#ffffff", "fillOpacity": 0.01, "bm": "region"}
RIVER = {"color": "#2f6fb3", "weight": 4.5, "opacity": 0.85, "bm": "river"}
ROUTE = {"color": "#1a1a1a", "weight": 3.5, "dashArray": "10 6", "opacity": 0.9, "bm": "route"}
CITY = {"radius": 6, "color": "#1a1a1a", "weight": 2, "fillColor": "#ffffff", "fillOpacity": 1.0, "bm": "city"}
CITY_DISCUSSED = {
    "radius": 8,
    "color": "#1a1a1a",
    "weight": 3,
    "fillColor": "#ffffff",
    "fillOpacity": 1.0,
    "bm": "city-discussed",
}
FACILITY = {"shape": "facility", "bm": "facility"}
HIGHLIGHT = {"color": "#000000", "fillColor": "#ffd92f", "weight": 5, "fillOpacity": 0.25, "bm": "highlight"}
# The essay's held layer when another date is shown: an outline only (briefmap.js `outline`).
OUTLINE = {"fillOpacity": 0, "dashArray": "10 6", "weight": 3, "bm": "outline"}

# Hatch patterns, by id (``fillColor: url(#id)``): angle, line colour and width, a crossing line or
# dots, background tint. briefmap.js draws them in the map's SVG; `swatch_svg` in each swatch.
PATTERNS: dict[str, dict[str, Any]] = {
    "bm-hatch-blue": {
        "size": 8,
        "angle": 45,
        "color": "#2166ac",
        "width": 2.5,
        "cross": False,
        "bg": "#d1e5f0",
        "bg_opacity": 0.35,
    },
    "bm-hatch-purple": {"size": 8, "angle": 45, "color": "#542788", "width": 1.6, "cross": True},
    "bm-hatch-grey": {"size": 8, "angle": 45, "color": "#404040", "width": 1.4, "cross": True},
    "bm-hatch-red": {
        "size": 7,
        "angle": -45,
        "color": "#67001f",
        "width": 2.5,
        "cross": False,
        "bg": "#f4a582",
        "bg_opacity": 0.3,
    },
    "bm-hatch-orange": {"size": 8, "angle": 45, "color": "#b35806", "width": 2, "cross": True},
}

# Legend text, one line per control layer: what the style looks like, in words (for greyscale).
LOOKS = {
    "occupied-before-2022-02-24": "near-black fill",
    "furthest-advance-2022-03": "orange long-dashed outline, no fill",
    "held-2022-11-17": "red fill, thick solid outline",
    "claimed-annexation-2022-09-30": "purple dotted outline, no fill",
    "liberated-by-2022-11-17": "blue diagonal hatching, dash-dot outline",
    "claimed-not-held-2022-11-17": "purple cross-hatching, dashed outline",
    "front-lines": "thin black line",
}
# The base layers and symbols, in words: (style name, looks).
BASE_LOOKS = {
    "region": "thin grey outline",
    "river": "thick blue line",
    "route": "black dashed line",
    "city": "white circle, black outline",
    "city-discussed": "larger white circle, thick outline, bold name: discussed in the essay",
    "facility": "\u2622 on a yellow square: the Zaporizhzhia nuclear power plant",
    "highlight": "yellow fill, thick black outline: the place selected",
    "country": "beige fill, grey border",
    "reservoir": "light blue fill",
    "outline": "dashed outline, no fill",
}


def _default_table() -> dict[str, dict[str, Any]]:
    out = {s["bm"]: s for s in CONTROL.values()}
    out.update({s["bm"]: s for s in SNAPSHOT.values()})
    for s in (
        FRONT_LINE,
        SEA,
        LAND,
        COUNTRY,
        RESERVOIR,
        REGION,
        RIVER,
        ROUTE,
        CITY,
        CITY_DISCUSSED,
        FACILITY,
        HIGHLIGHT,
        OUTLINE,
    ):
        out[s["bm"]] = s
    return out


# Okabe & Ito's colour-blind-safe set: orange, sky blue, bluish green, yellow, blue, vermillion,
# reddish purple, black. Same dashes and weights as the default: only the colours change.
_OI = {
    "orange": "#e69f00",
    "sky": "#56b4e9",
    "green": "#009e73",
    "yellow": "#f0e442",
    "blue": "#0072b2",
    "vermillion": "#d55e00",
    "purple": "#cc79a7",
    "black": "#000000",
}
_COLOURBLIND_CHANGES: dict[str, dict[str, Any]] = {
    "occupied-before-2022-02-24": {"color": _OI["black"], "fillColor": _OI["black"]},
    "furthest-advance-2022-03": {"color": _OI["orange"]},
    "held-2022-11-17": {"color": _OI["vermillion"], "fillColor": _OI["vermillion"], "fillOpacity": 0.4},
    "claimed-annexation-2022-09-30": {"color": _OI["purple"]},
    "liberated-by-2022-11-17": {"color": _OI["blue"]},
    "claimed-not-held-2022-11-17": {"color": _OI["purple"]},
    "snapshot-held": {"color": _OI["vermillion"], "fillColor": _OI["vermillion"], "fillOpacity": 0.4},
    "snapshot-liberated": {"color": _OI["blue"]},
    "snapshot-gained": {"color": "#8a3c00"},
    "snapshot-lost": {"color": _OI["sky"]},
    "snapshot-disputed": {"color": _OI["green"]},
    "river": {"color": _OI["sky"]},
    "highlight": {"fillColor": _OI["yellow"]},
}
_COLOURBLIND_PATTERNS = {
    "bm-hatch-blue": {"color": _OI["blue"], "bg": "#cfe6f5"},
    "bm-hatch-purple": {"color": _OI["purple"]},
    "bm-hatch-red": {"color": "#8a3c00", "bg": "#f6c7a3"},
    "bm-hatch-orange": {"color": _OI["green"]},
}

# Greyscale / print: greys only, and every layer a user can turn on together told apart by its fill
# pattern, dash pattern or weight. Furthest advance (a long-dashed heavy edge, no fill) and the claimed
# annexation (dotted edge over a dot fill) no longer look alike.
_G = {"black": "#000000", "dark": "#333333", "mid": "#666666", "light": "#999999", "pale": "#d9d9d9"}
_GREYSCALE_CHANGES: dict[str, dict[str, Any]] = {
    "occupied-before-2022-02-24": {"color": _G["black"], "fillColor": _G["black"], "fillOpacity": 0.6},
    "furthest-advance-2022-03": {"color": _G["black"], "weight": 4.5, "dashArray": "16 6"},
    "held-2022-11-17": {"color": _G["black"], "fillColor": _G["mid"], "fillOpacity": 0.45},
    "claimed-annexation-2022-09-30": {
        "color": _G["dark"],
        "weight": 2.5,
        "dashArray": "1 6",
        "fillColor": "url(#bm-dots)",
        "fillOpacity": 1.0,
    },
    "liberated-by-2022-11-17": {"color": _G["dark"]},
    "claimed-not-held-2022-11-17": {"color": _G["dark"]},
    "snapshot-held": {"color": _G["black"], "fillColor": _G["light"], "fillOpacity": 0.5, "weight": 2},
    "snapshot-unknown": {"color": _G["dark"]},
    "snapshot-liberated": {"color": _G["dark"], "fillColor": "url(#bm-hatch-horizontal)", "weight": 1.5},
    "snapshot-gained": {"color": _G["black"]},
    "snapshot-lost": {"color": _G["dark"], "fillColor": "url(#bm-hatch-vertical)"},
    "snapshot-disputed": {"color": _G["black"], "fillColor": "url(#bm-hatch-dense)"},
    "snapshot-ring": {"color": _G["black"]},
    "front-line": {"color": _G["black"]},
    "sea": {"fillColor": "#e6e6e6"},
    "land": {"fillColor": "#fafafa"},
    "country": {"color": _G["light"], "fillColor": "#eeeeee"},
    "reservoir": {"color": _G["mid"], "fillColor": "#cccccc"},
    "region": {"color": _G["mid"]},
    "river": {"color": _G["mid"], "weight": 5},
    "route": {"color": _G["black"]},
    "city": {"weight": 2.5},  # markers differ from the solid fills by weight too, not only by shape
    "city-discussed": {"weight": 3.5},
    "highlight": {"color": _G["black"], "fillColor": "#bdbdbd", "fillOpacity": 0.45, "weight": 6},
}
_GREYSCALE_PATTERNS = {
    "bm-hatch-blue": {"color": _G["dark"], "bg": "#eeeeee"},
    "bm-hatch-purple": {"color": _G["dark"]},
    "bm-hatch-grey": {"angle": 0, "color": _G["mid"]},
    "bm-hatch-red": {"color": _G["black"], "bg": "#dddddd"},
    "bm-hatch-orange": {"color": _G["black"]},
    "bm-hatch-horizontal": {"size": 7, "angle": 0, "color": _G["dark"], "width": 1.5, "cross": False},
    "bm-hatch-vertical": {"size": 8, "angle": 90, "color": _G["dark"], "width": 2.5, "cross": False},
    "bm-hatch-dense": {"size": 5, "angle": 45, "color": _G["black"], "width": 1.2, "cross": True},
    "bm-dots": {"size": 9, "angle": 0, "color": _G["dark"], "width": 1.6, "dots": True},
}
_GREYSCALE_LOOKS = {
    "occupied-before-2022-02-24": "black fill",
    "furthest-advance-2022-03": "heavy long-dashed outline, no fill",
    "held-2022-11-17": "grey fill, thick solid outline",
    "claimed-annexation-2022-09-30": "dotted outline over a dot fill",
    "liberated-by-2022-11-17": "diagonal hatching, dash-dot outline",
    "claimed-not-held-2022-11-17": "cross-hatching, dashed outline",
    "front-lines": "black line",
    "snapshot-held": "light grey fill, thin solid outline",
    "snapshot-unknown": "square cross-hatching, dotted outline",
    "snapshot-liberated": "horizontal hatching, dash-dot outline",
    "snapshot-gained": "diagonal hatching (other way), solid outline",
    "snapshot-lost": "vertical hatching, dashed outline",
    "snapshot-disputed": "dense cross-hatching, dotted outline",
    "river": "thick grey line",
    "country": "light grey fill, grey border",
    "reservoir": "mid-grey fill",
    "facility": "\u2622 on a white square: the Zaporizhzhia nuclear power plant",
    "highlight": "grey fill, very thick black outline: the place selected",
}
_COLOURBLIND_LOOKS = {
    "occupied-before-2022-02-24": "black fill",
    "held-2022-11-17": "vermillion fill, thick solid outline",
    "claimed-annexation-2022-09-30": "pink-purple dotted outline, no fill",
    "claimed-not-held-2022-11-17": "pink-purple cross-hatching, dashed outline",
    "snapshot-held": "vermillion fill, thick solid outline",
    "snapshot-gained": "brown hatching, solid outline",
    "snapshot-lost": "sky-blue hatching, dashed outline",
    "snapshot-disputed": "green cross-hatching, dotted outline: the two sources disagree",
    "river": "thick sky-blue line",
}


def _build(changes: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out = copy.deepcopy(_default_table())
    for name, change in changes.items():
        out[name].update(change)
    return out


def _patterns(changes: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out = copy.deepcopy(PATTERNS)
    for pid, change in changes.items():
        out.setdefault(pid, {}).update(change)
    return out


_TABLES = {
    "default": (_default_table(), PATTERNS),
    "colourblind": (_build(_COLOURBLIND_CHANGES), _patterns(_COLOURBLIND_PATTERNS)),
    "greyscale": (_build(_GREYSCALE_CHANGES), _patterns(_GREYSCALE_PATTERNS)),
}
_LOOKS = {"default": {}, "colourblind": _COLOURBLIND_LOOKS, "greyscale": _GREYSCALE_LOOKS}


def palette(name: str = DEFAULT_PALETTE) -> dict[str, dict[str, Any]]:
    """The named styles of a palette.

    Parameters
    ----------
    name : {"default", "colourblind", "greyscale"}
        The palette.

    Returns
    -------
    dict
        Style name (``"held-2022-11-17"``, ``"snapshot-held"``, ``"river"``, ...) to a Leaflet path style.

    Raises
    ------
    KeyError
        For an unknown palette.

    Examples
    --------
    >>> palette("greyscale")["river"]["color"]
    '#666666'
    >>> palette()["held-2022-11-17"] is CONTROL["held-2022-11-17"]
    True
    """
    return _TABLES[name][0]


def patterns(name: str = DEFAULT_PALETTE) -> dict[str, dict[str, Any]]:
    """The hatch patterns a palette's fills use, by id (see `PATTERNS`).

    Parameters
    ----------
    name : str
        The palette.

    Returns
    -------
    dict
        Pattern id to its spec: ``size``, ``angle``, ``color``, ``width``, ``cross``, ``dots``, ``bg``.

    Examples
    --------
    >>> "bm-dots" in patterns("greyscale"), "bm-dots" in patterns()
    (True, False)
    """
    return _TABLES[name][1]


def looks(style_name: str, name: str = DEFAULT_PALETTE, default: str = "") -> str:
    """What a style looks like in a palette, in words (for the legend).

    Parameters
    ----------
    style_name : str
        A style name of `palette`, or a control layer id.
    name : str
        The palette.
    default : str
        The words in the default palette.

    Returns
    -------
    str
        The palette's own words where its look differs, else `default`.

    Examples
    --------
    >>> looks("furthest-advance-2022-03", "greyscale")
    'heavy long-dashed outline, no fill'
    """
    return _LOOKS[name].get(style_name, default)


def all_styles() -> list[dict[str, Any]]:
    """Every style dict of every palette (the legend's swatches accept only these).

    Returns
    -------
    list of dict
        The style dicts, by identity.

    Examples
    --------
    >>> CONTROL["held-2022-11-17"] in all_styles()
    True
    """
    return [s for table, _ in _TABLES.values() for s in table.values()]


def browser_palette(name: str) -> dict[str, Any] | None:
    """What the map's page needs to draw a palette other than the default (None for the default, whose
    styles are already in the layer files).

    Parameters
    ----------
    name : str
        The palette.

    Returns
    -------
    dict or None
        ``{"name", "styles", "patterns"}``.

    Examples
    --------
    >>> browser_palette("default") is None
    True
    >>> browser_palette("greyscale")["styles"]["held-2022-11-17"]["fillColor"]
    '#666666'
    """
    if name == DEFAULT_PALETTE:
        return None
    return {"name": name, "styles": palette(name), "patterns": patterns(name)}


def fill_pattern(style: dict[str, Any]) -> str:
    """A style's fill, as a reader of a grey print tells it: a pattern id, "solid" or "none".

    Parameters
    ----------
    style : dict
        A path style.

    Returns
    -------
    str

    Examples
    --------
    >>> fill_pattern(CONTROL["liberated-by-2022-11-17"]), fill_pattern(CONTROL["held-2022-11-17"]), fill_pattern(ROUTE)
    ('bm-hatch-blue', 'solid', 'none')
    """
    fill = str(style.get("fillColor", ""))
    if fill.startswith("url(#"):
        return fill[5:-1]
    if style.get("fill") is False or float(style.get("fillOpacity", 0.2 if "fillColor" in style else 0)) <= 0.02:
        return "none"
    return "solid"


def distinct_key(style: dict[str, Any]) -> tuple[str, str, float]:
    """(fill pattern, dash array, weight): what tells two layers apart without colour.

    Parameters
    ----------
    style : dict
        A path style.

    Returns
    -------
    tuple

    Examples
    --------
    >>> distinct_key(ROUTE)
    ('none', '10 6', 3.5)
    """
    return (fill_pattern(style), str(style.get("dashArray") or "solid"), float(style.get("weight", 3)))


def _pattern_svg(pid: str, spec: dict[str, Any], dom_id: str) -> str:
    n, c, w = spec.get("size", 8), spec["color"], spec.get("width", 2)
    bg = (
        f'<rect width="{n}" height="{n}" fill="{spec["bg"]}" fill-opacity="{spec.get("bg_opacity", 0.35)}"/>'
        if spec.get("bg")
        else ""
    )
    if spec.get("dots"):
        marks = f'<circle cx="{n / 2}" cy="{n / 2}" r="{w}" fill="{c}"/>'
    else:
        marks = f'<line x1="0" y1="0" x2="0" y2="{n}" stroke="{c}" stroke-width="{w}"/>'
        if spec.get("cross"):
            marks += f'<line x1="0" y1="0" x2="{n}" y2="0" stroke="{c}" stroke-width="{w}"/>'
    return (
        f'<pattern id="{dom_id}" width="{n}" height="{n}" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate({spec.get("angle", 45)})">{bg}{marks}</pattern>'
    )


SWATCH_PX = 28


def swatch_svg(layer_id: str, size: int = SWATCH_PX, style: dict[str, Any] | None = None, pal: str = DEFAULT_PALETTE) -> str:
    """A legend swatch drawn with the same colours, dashes and hatching as the map, in a palette.

    Parameters
    ----------
    layer_id : str
        A layer key or style name (ours, a slug).
    size : int
        Width and height in px.
    style : dict, optional
        The style to draw; by default the layer's own in the palette.
    pal : str
        The palette (its hatch patterns).

    Returns
    -------
    str
        An ``<svg>`` element.

    Examples
    --------
    >>> swatch_svg("held-2022-11-17").startswith('<svg width="28" height="28"')
    True
    """
    table = palette(pal)
    s = style or table.get(layer_id) or table["front-line"]
    if s.get("shape") == "facility":
        return (
            f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}" aria-hidden="true" style="flex:none">'
            f'<rect x="2" y="2" width="{size - 4}" height="{size - 4}" rx="3" fill="{"#ffffff" if pal == "greyscale" else "#ffd92f"}" stroke="#000" stroke-width="3"/>'
            f'<text x="{size / 2}" y="{size / 2 + 6}" font-size="{size - 10}" text-anchor="middle">\u2622</text></svg>'
        )
    dash = f' stroke-dasharray="{s["dashArray"]}"' if s.get("dashArray") else ""
    colour = s.get("color", "#000000")
    if s.get("radius"):  # a city marker
        r = min(s["radius"], size / 2 - 3)
        return (
            f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}" aria-hidden="true" style="flex:none">'
            f'<circle cx="{size / 2}" cy="{size / 2}" r="{r}" fill="{s.get("fillColor", "#fff")}" stroke="{colour}" '
            f'stroke-width="{s.get("weight", 2)}"/></svg>'
        )
    if "fillColor" not in s and not s.get("fill") and s.get("bm") != "outline":  # a line: river, route, front line
        cap = ' stroke-linecap="round"' if s.get("lineCap") == "round" else ""
        return (
            f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}" aria-hidden="true" style="flex:none">'
            f'<line x1="2" y1="{size - 4}" x2="{size - 2}" y2="4" stroke="{colour}" stroke-width="{min(s.get("weight", 2.5), 5)}"{dash}{cap}/></svg>'
        )
    fill = s.get("fillColor", "none")
    pattern = ""
    if str(fill).startswith("url(#"):
        pid = fill[5:-1]
        dom_id = f"sw-{pal}-{layer_id}"
        pattern = _pattern_svg(pid, patterns(pal)[pid], dom_id)
        fill = f"url(#{dom_id})"
    op = s.get("fillOpacity", 0.0)
    stroke = "none" if s.get("stroke") is False else colour
    return (
        f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}" aria-hidden="true" style="flex:none"><defs>{pattern}</defs>'
        f'<rect x="2" y="2" width="{size - 4}" height="{size - 4}" fill="{fill}" fill-opacity="{op}" '
        f'stroke="{stroke}" stroke-width="{min(s.get("weight", 2), 4.5)}"{dash}/></svg>'
    )
