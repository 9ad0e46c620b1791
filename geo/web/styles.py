"""Map styles: colour-blind-safe colours, and dash patterns, weights and hatching that keep every
control layer distinguishable in greyscale on a washed-out projector."""

from __future__ import annotations

from typing import Any

# Held: dense solid red fill + thick solid edge. Pre-war: near-black fill. Liberated: blue diagonal
# hatch + dash-dot edge. Claimed: no fill, dotted purple edge. Claimed-not-held: purple cross-hatch +
# dashed edge. Furthest advance: no fill, long-dash orange edge. (Palette: ColorBrewer RdBu/PuOr.)
CONTROL: dict[str, dict[str, Any]] = {
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
# Lines of an imported date, and what changed: distinguishable in greyscale by fill pattern.
SNAPSHOT: dict[str, dict[str, Any]] = {
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
    "disputed": {"color": "#7f3b08", "weight": 2.5, "dashArray": "2 4", "fillColor": "url(#bm-hatch-orange)", "fillOpacity": 1.0},
    "ring": {"color": "#1a1a1a", "weight": 2.5, "dashArray": "2 7", "lineCap": "round", "fill": False},
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
FRONT_LINE = {"color": "#111111", "weight": 2.5, "opacity": 0.9}
SEA = {"stroke": False, "fillColor": "#d5e3ee", "fillOpacity": 1.0}
LAND = {"stroke": False, "fillColor": "#f5f3ee", "fillOpacity": 1.0}
COUNTRY = {"color": "#8c887c", "weight": 1.2, "fillColor": "#e4e1d8", "fillOpacity": 1.0}
RESERVOIR = {"color": "#5d8fb8", "weight": 0.8, "fillColor": "#a9c7df", "fillOpacity": 1.0}
REGION = {"color": "#6b6b6b", "weight": 1.2, "fillColor": "#ffffff", "fillOpacity": 0.01}
RIVER = {"color": "#2f6fb3", "weight": 4.5, "opacity": 0.85}
ROUTE = {"color": "#1a1a1a", "weight": 3.5, "dashArray": "10 6", "opacity": 0.9}
CITY = {"radius": 6, "color": "#1a1a1a", "weight": 2, "fillColor": "#ffffff", "fillOpacity": 1.0}
CITY_DISCUSSED = {"radius": 8, "color": "#1a1a1a", "weight": 3, "fillColor": "#ffffff", "fillOpacity": 1.0}
FACILITY = {"shape": "facility"}
HIGHLIGHT = {"color": "#000000", "fillColor": "#ffd92f"}

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


def swatch_svg(layer_id: str, size: int = 28, style: dict[str, Any] | None = None) -> str:
    """A small SVG legend swatch drawn with the same colours, dashes and hatching as the map."""
    s = style or CONTROL.get(layer_id) or {"color": FRONT_LINE["color"], "weight": 2.5, "fillOpacity": 0.0}
    fill = s.get("fillColor", s["color"])
    pattern = ""
    if fill.startswith("url(#bm-hatch-"):
        colour = s["color"]
        cross = "purple" in fill or "orange" in fill or "grey" in fill
        pattern = (
            f'<pattern id="sw-{layer_id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{colour}" stroke-width="2"/>'
            + (f'<line x1="0" y1="0" x2="6" y2="0" stroke="{colour}" stroke-width="1.5"/>' if cross else "")
            + "</pattern>"
        )
        fill = f"url(#sw-{layer_id})"
    dash = f' stroke-dasharray="{s["dashArray"]}"' if s.get("dashArray") else ""
    op = s.get("fillOpacity", 0.0)
    if layer_id == "front-lines":
        return (
            f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}" aria-hidden="true">'
            f'<line x1="2" y1="{size - 4}" x2="{size - 2}" y2="4" stroke="{s["color"]}" stroke-width="2.5"/></svg>'
        )
    return (
        f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}" aria-hidden="true"><defs>{pattern}</defs>'
        f'<rect x="2" y="2" width="{size - 4}" height="{size - 4}" fill="{fill}" fill-opacity="{op}" '
        f'stroke="{s["color"]}" stroke-width="{min(s.get("weight", 2), 3.5)}"{dash}/></svg>'
    )
