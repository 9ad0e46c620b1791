"""Comparing two control polygons: overlap, area difference, and how far apart their lines are.

Used to check our authored layers against independent maps (tests) and, later, to show where
two sources disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from geo.core.measure import area_km2, from_equal_area, to_equal_area


@dataclass(frozen=True)
class Agreement:
    area_a_km2: float
    area_b_km2: float
    intersection_km2: float
    union_km2: float
    line_distance_median_km: float
    line_distance_p90_km: float

    @property
    def iou(self) -> float:
        return self.intersection_km2 / self.union_km2 if self.union_km2 else 1.0


def front_of(held: shapely.Geometry, ukraine: shapely.Geometry, margin_km: float = 3.0) -> shapely.Geometry:
    """The part of a held area's boundary that is a front line: not along Ukraine's own outline."""
    held_ea, ukr_ea = to_equal_area(held), to_equal_area(ukraine)
    line = held_ea.boundary.difference(ukr_ea.boundary.buffer(margin_km * 1000))
    return from_equal_area(line)


def line_distances_km(line: shapely.Geometry, other: shapely.Geometry, step_km: float = 2.0) -> np.ndarray:
    """Distance from points every step_km along `line` to the nearest point of `other` (km)."""
    a, b = to_equal_area(line), to_equal_area(other)
    if a.is_empty or b.is_empty:
        return np.array([])
    out = []
    for part in shapely.get_parts(a):
        n = max(int(part.length / (step_km * 1000)), 1)
        for i in range(n + 1):
            out.append(part.interpolate(i / n, normalized=True).distance(b) / 1000)
    return np.asarray(out)


def agreement(a: shapely.Geometry, b: shapely.Geometry, ukraine: shapely.Geometry) -> Agreement:
    """Overlap and front-line distance between held areas a and b (b taken as the reference)."""
    d = line_distances_km(front_of(a, ukraine), front_of(b, ukraine).union(b.boundary))
    return Agreement(
        area_a_km2=area_km2(a),
        area_b_km2=area_km2(b),
        intersection_km2=area_km2(a.intersection(b)),
        union_km2=area_km2(a.union(b)),
        line_distance_median_km=float(np.median(d)) if d.size else float("nan"),
        line_distance_p90_km=float(np.percentile(d, 90)) if d.size else float("nan"),
    )
