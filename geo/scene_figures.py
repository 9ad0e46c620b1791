"""Figures a scene may show, always computed from the shipped layers (never typed into the scene
file), each with the files it came from.

Forms: held_km2, held_pct, prewar_km2, prewar_pct, furthest_km2, seized_km2, liberated_km2,
liberated_share, claimed_km2, claimed_not_held_km2, population_held, distance:A:B,
front_distance:P, held_share:REGION, fact:PLACE:KEY.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import gazetteer, geonames, stats
from .facts import ESSAY_DATE, HELD_LAYER, distance_to_front_km
from .layers import control_path
from .measure import area_km2, distance_km
from .paths import REGIONS, rel

LINES_DATE = ESSAY_DATE  # the scenes brief from the essay's date (scenes.toml lines_date)
SIMPLE = ("held_km2", "held_pct", "prewar_km2", "prewar_pct", "furthest_km2", "seized_km2", "liberated_km2",
          "liberated_share", "claimed_km2", "claimed_not_held_km2", "population_held")


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: str
    source: str


def _point(pid: str):
    from .picking import geometry_of

    g = geometry_of(pid)
    return g if g.geom_type == "Point" else None


def problem(key: str) -> str | None:
    """Why a figure key cannot be computed (None if it can)."""
    gaz = gazetteer.load()
    parts = key.split(":")
    if len(parts) == 1:
        return None if key in SIMPLE else f"unknown figure; known: {', '.join(SIMPLE)}, distance:A:B, front_distance:P, held_share:REGION, fact:PLACE:KEY"
    kind, args = parts[0], parts[1:]
    expected = {"distance": 2, "front_distance": 1, "held_share": 1, "fact": 2}
    if kind not in expected:
        return f"unknown figure form {kind!r}"
    if len(args) != expected[kind]:
        return f"{kind} takes {expected[kind]} argument(s)"
    pid = args[0]
    if pid not in gaz.places or (kind == "distance" and args[1] not in gaz.places):
        return f"unknown place in {key!r}"
    if kind in ("distance", "front_distance") and any(_point(p) is None for p in args[: 2 if kind == "distance" else 1]):
        return "distances are between points (cities, facilities)"
    if kind == "held_share" and gaz[pid].kind != "region":
        return f"{pid!r} is not a region"
    if kind == "fact" and args[1] not in gaz[pid].facts:
        return f"{pid!r} has no fact {args[1]!r} (has: {', '.join(k for k in gaz[pid].facts if not k.endswith(('_source', '_note')))})"
    return None


def _km2(x: float) -> str:
    return f"{x:,.0f} km²"


@lru_cache(maxsize=256)
def compute(key: str) -> Figure:
    """The figure's label, value and source files; raises ValueError for a key problem() rejects."""
    why = problem(key)
    if why:
        raise ValueError(f"figure {key!r}: {why}")
    fig = stats.figures_for_date(LINES_DATE)
    held = stats.control_geometry(HELD_LAYER)
    held_src = rel(control_path(HELD_LAYER))
    ukraine_km2 = fig.ukraine_km2

    def layer_src(lid: str) -> str:
        return rel(control_path(lid))

    gaz = gazetteer.load()
    simple = {
        "held_km2": ("Held by Russia, 17 Nov 2022", _km2(fig.held_km2), held_src),
        "held_pct": ("Share of Ukraine held, 17 Nov 2022", f"{fig.held_pct_of_ukraine:.1f}%", f"{held_src}; {rel(REGIONS / 'ukraine.geojson')}"),
        "seized_km2": ("Seized since 24 Feb 2022", _km2(fig.seized_since_2022_km2), f"{layer_src(stats.FURTHEST)}; {held_src}; {layer_src(stats.PREWAR)}"),
        "liberated_km2": ("Liberated by 17 Nov 2022", _km2(fig.liberated_km2), f"{layer_src(stats.FURTHEST)}; {held_src}"),
        "liberated_share": ("Liberated share of what was seized", f"{100 * fig.liberated_share_of_seized:.0f}%",
                            f"{layer_src(stats.FURTHEST)}; {held_src}; {layer_src(stats.PREWAR)}"),
        "claimed_not_held_km2": ("Claimed but not held, 17 Nov 2022", _km2(fig.claimed_not_held_km2), f"{layer_src(stats.CLAIMED)}; {held_src}"),
    }
    if key in simple:
        return Figure(key, *simple[key])
    if key in ("prewar_km2", "prewar_pct"):
        a = area_km2(stats.control_geometry(stats.PREWAR))
        value = _km2(a) if key == "prewar_km2" else f"{100 * a / ukraine_km2:.1f}%"
        label = "Occupied before 24 Feb 2022" + ("" if key == "prewar_km2" else " (share of Ukraine)")
        return Figure(key, label, value, layer_src(stats.PREWAR))
    if key == "furthest_km2":
        return Figure(key, "Furthest advance, late March 2022", _km2(area_km2(stats.control_geometry(stats.FURTHEST))), layer_src(stats.FURTHEST))
    if key == "claimed_km2":
        return Figure(key, "Claimed as annexed, 30 Sep 2022", _km2(area_km2(stats.control_geometry(stats.CLAIMED))), layer_src(stats.CLAIMED))
    if key == "population_held":
        return Figure(key, "People in settlements behind the 17 Nov 2022 line", f"{geonames.population_within(held):,}",
                      f"{held_src}; {geonames.SOURCE} (latest figures, places of 500+)")
    kind, *args = key.split(":")
    if kind == "distance":
        a, b = _point(args[0]), _point(args[1])
        d = distance_km(a.x, a.y, b.x, b.y)
        return Figure(key, f"{gaz[args[0]].short_name} to {gaz[args[1]].short_name}", f"{d:,.0f} km (geodesic)",
                      "data/places/places.geojson (GeoNames coordinates)")
    if kind == "front_distance":
        p = _point(args[0])
        d = distance_to_front_km(p.x, p.y)
        return Figure(key, f"{gaz[args[0]].short_name} to the 17 Nov 2022 line", f"{d:,.0f} km (geodesic)", f"{held_src}; data/places/places.geojson")
    if kind == "held_share":
        from .picking import geometry_of

        g = geometry_of(args[0])
        share = area_km2(g.intersection(held)) / area_km2(g)
        return Figure(key, f"{gaz[args[0]].name} held, 17 Nov 2022", f"{100 * share:.0f}% of its area", f"{held_src}; data/regions/ukraine-admin1.geojson")
    place = gaz[args[0]]
    value = place.facts[args[1]]
    text = f"{value:,} MW" if args[1] == "capacity_mw" else str(value)
    label = {"capacity_mw": "Installed capacity"}.get(args[1], args[1].replace("_", " ").capitalize())
    src = place.facts.get(f"{args[1].rsplit('_', 1)[0]}_source") or place.facts.get(f"{args[1]}_source") or "data/authored/places.toml"
    return Figure(key, f"{place.short_name}: {label.lower()}", text, str(src))
