"""Figures a scene may show, always computed from the shipped layers (never typed into the scene
file), each with the files it came from: headline figures from geo.figures.headline, place facts
from geo.figures.facts (the builders every other screen uses), distances geodesic.

Forms: held_km2, held_pct, prewar_km2, prewar_pct, furthest_km2, seized_km2, liberated_km2,
liberated_share, claimed_km2, claimed_not_held_km2, population_held, distance:A:B,
front_distance:P, held_share:REGION, fact:PLACE:KEY.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from geo.core import provenance
from geo.core.measure import distance_km
from geo.core.provenance import Fact
from geo.data import gazetteer
from geo.data.essay import ESSAY_DATE
from geo.data.places import geometry_of
from geo.figures import facts, headline
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
HEADLINE = {"population_held": "people_held"}  # a scene key -> geo.figures.headline's key, where they differ


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


@lru_cache(maxsize=256)
def compute(key: str) -> Figure:
    """The figure's label, value and source files; raises ValueError for a key problem() rejects."""
    why = problem(key)
    if why:
        raise ValueError(f"figure {key!r}: {why}")
    if key in headline.LAYER_KEYS:  # geo.figures.headline's figures of the layers, whatever the date
        return headline.layer_figure(key)
    if key in SIMPLE:  # geo.figures.headline's figures, on the essay's date
        return replace(headline.figure(HEADLINE.get(key, key), essay_lines()), key=key)
    gaz = gazetteer.load()
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
            held, total = facts.held_area_km2(args[0], essay_lines())
            return f"{100 * held / total:.0f}% of its area"

        return provenance.fact(f"{gaz[args[0]].name} held, {when}", share, key=key)
    f = facts.authored_fact(args[0], args[1], note=False)  # the panel's fact, without its note
    return Fact(f"{gaz[args[0]].short_name}: {f.label.lower()}", f.value, f.sources, key)
