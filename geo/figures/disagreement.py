"""Two sources, one date: where their held areas disagree, and by how much.

The disputed area is the symmetric difference of the two held polygons, split by which source
counts it as held, each side stamped with its source and file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import shapely

from geo.core.measure import area_km2
from geo.figures.compare import agreement
from geo.figures.stats import ukraine_geometry
from geo.lines import store
from geo.lines.timeline import LinesAt, lines_at


@dataclass(frozen=True)
class Disagreement:
    a: LinesAt
    b: LinesAt
    only_a: shapely.Geometry  # held according to a, not b
    only_b: shapely.Geometry
    line_distance_median_km: float
    line_distance_p90_km: float

    @property
    def disputed_km2(self) -> float:
        return area_km2(self.only_a) + area_km2(self.only_b)


def sources_on(date: str, store_path: Path | None = None) -> list[str]:
    return sorted({s.source for s in store.listing(store_path) if s.date == date})


def dates_with_several_sources(store_path: Path | None = None) -> list[str]:
    from collections import Counter

    c = Counter((s.date, s.source) for s in store.listing(store_path))
    per_date = Counter(d for d, _ in c)
    return sorted(d for d, n in per_date.items() if n >= 2)


def disagreement(date: str, source_a: str, source_b: str, store_path: Path | None = None) -> Disagreement:
    a = lines_at(date, source_a, store_path)
    b = lines_at(date, source_b, store_path)
    agree = agreement(a.held, b.held, ukraine_geometry())
    return Disagreement(
        a,
        b,
        shapely.difference(a.held, b.held),
        shapely.difference(b.held, a.held),
        agree.line_distance_median_km,
        agree.line_distance_p90_km,
    )
