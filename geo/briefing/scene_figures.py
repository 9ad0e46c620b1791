"""Figures a scene may show, always computed from the shipped layers (never typed into the scene
file), each with the files it came from.

Forms: held_km2, held_pct, prewar_km2, prewar_pct, furthest_km2, seized_km2, liberated_km2,
liberated_share, claimed_km2, claimed_not_held_km2, population_held, distance:A:B,
front_distance:P, held_share:REGION, fact:PLACE:KEY.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from geo.core import provenance
from geo.core.measure import area_km2, distance_km
from geo.core.provenance import Fact
from geo.data import gazetteer
from geo.data.essay import ESSAY_DATE
from geo.data.places import geometry_of
from geo.figures import headline, stats
from geo.figures.facts import distance_to_front_km, essay_lines

LINES_DATE = ESSAY_DATE  # the scenes brief from the essay's date (scenes.toml lines_date)
SIMPLE = (
    "held_km2",
    "held_pct",
    "prewar_km2",
    "prewar_pct",
    "furthest_km2",
    "seized_km2",
    "liberated_km2",
    "liberated_share",
    "claimed_km2",
    "claimed_not_held_km2",
    "population_held",
)


Figure = Fact  # a scene's figure is a Fact: key, label, value and the files that computed it


def _point(pid: str):
    g = geometry_of(pid)
    return g if g.geom_type == "Point" else None


def problem(key: str) -> str | None:
    """Why a figure key cannot be computed (None if it can)."""
    gaz = gazetteer.load()
    parts = key.split(":")
    if len(parts) == 1:
        return (
            None
            if key in SIMPLE
            else f"unknown figure; known: {', '.join(SIMPLE)}, distance:A:B, front_distance:P, held_share:REGION, fact:PLACE:KEY"
        )
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
    simple = {
        "held_km2": "held_km2",
        "held_pct": "held_pct",
        "seized_km2": "seized_km2",
        "liberated_km2": "liberated_km2",
        "liberated_share": "liberated_share",
        "claimed_not_held_km2": "claimed_not_held_km2",
        "population_held": "people_held",
    }
    if key in simple:
        return replace(headline.figure(simple[key], essay_lines()), key=key)
    gaz = gazetteer.load()
    if key in ("prewar_km2", "prewar_pct"):

        def prewar() -> str:
            a = area_km2(stats.control_geometry(stats.PREWAR))
            return _km2(a) if key == "prewar_km2" else f"{100 * a / area_km2(stats.ukraine_geometry()):.1f}%"

        label = "Occupied before 24 Feb 2022" + ("" if key == "prewar_km2" else " (share of Ukraine)")
        return provenance.fact(label, prewar, key=key)
    if key == "furthest_km2":
        return provenance.fact(
            "Furthest advance, late March 2022", lambda: _km2(area_km2(stats.control_geometry(stats.FURTHEST))), key=key
        )
    if key == "claimed_km2":
        return provenance.fact(
            "Claimed as annexed, 30 Sep 2022", lambda: _km2(area_km2(stats.control_geometry(stats.CLAIMED))), key=key
        )
    kind, *args = key.split(":")
    when = headline.human_date(LINES_DATE)
    if kind == "distance":

        def dist() -> str:
            a, b = _point(args[0]), _point(args[1])
            return f"{distance_km(a.x, a.y, b.x, b.y):,.0f} km (geodesic)"

        return provenance.fact(f"{gaz[args[0]].short_name} to {gaz[args[1]].short_name}", dist, key=key)
    if kind == "front_distance":

        def front() -> str:
            p = _point(args[0])
            return f"{distance_to_front_km(p.x, p.y, essay_lines()):,.0f} km (geodesic)"

        return provenance.fact(f"{gaz[args[0]].short_name} to the {when} line", front, key=key)
    if kind == "held_share":

        def share() -> str:
            g = geometry_of(args[0])
            return f"{100 * area_km2(g.intersection(essay_lines().held)) / area_km2(g):.0f}% of its area"

        return provenance.fact(f"{gaz[args[0]].name} held, {when}", share, key=key)
    place = gaz[args[0]]
    value = place.facts[args[1]]
    text = f"{value:,} MW" if args[1] == "capacity_mw" else str(value)
    label = {"capacity_mw": "Installed capacity"}.get(args[1], args[1].replace("_", " ").capitalize())
    src = place.facts.get(f"{args[1].rsplit('_', 1)[0]}_source") or place.facts.get(f"{args[1]}_source") or ""
    return Fact(f"{place.short_name}: {label.lower()}", text, ("data/authored/places.toml",) + ((str(src),) if src else ()), key)
