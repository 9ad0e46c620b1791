"""The freeze scenario: "if the lines froze on DATE", in figures computed from that date's lines.

The essay's argument is that a ceasefire freezes the front where it stands; this module says what
that would leave under Russian control on any date we have lines for.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import shapely

from . import arguments, gazetteer, geonames, stats
from .control import is_held
from .measure import area_km2
from .naturalearth import GRID
from .picking import geometry_of
from .timeline import LinesAt, lines_at


@dataclass(frozen=True)
class Freeze:
    lines: LinesAt
    figures: stats.Figures
    unknown_km2: float
    source_liberated_km2: float | None
    population_held: int
    places_held: tuple[tuple[str, str], ...]  # (id, name) of the essay's places inside the held area
    places_not_held: tuple[tuple[str, str], ...]

    def source_liberated_share(self) -> float | None:
        """The "nearly half" claim by the source's own liberated polygons: liberated / (liberated + seized still held)."""
        if self.source_liberated_km2 is None:
            return None
        still_held = area_km2(shapely.difference(self.lines.held, stats.control_geometry(stats.PREWAR), grid_size=GRID))
        total = self.source_liberated_km2 + still_held
        return round(self.source_liberated_km2 / total, 4) if total else None

    def as_json(self) -> dict:
        d = self.figures.as_json()
        d.update(source=self.lines.describe(), unknown_km2=round(self.unknown_km2, 1),
                 source_liberated_km2=None if self.source_liberated_km2 is None else round(self.source_liberated_km2, 1),
                 population_in_held_settlements=self.population_held,
                 essay_places_held=[i for i, _ in self.places_held],
                 liberated_share_of_seized_by_source=self.source_liberated_share())
        d["sources"]["held"] = self.lines.ref
        d["sources"]["population"] = geonames.SOURCE
        return d


def essay_points() -> list[tuple[str, str, float, float]]:
    """(id, name, lon, lat) of every city and facility in Ukraine the essay discusses."""
    gaz = gazetteer.load()
    near = stats.ukraine_geometry().buffer(0.05)
    out = []
    for pid in arguments.load().arguments:
        p = gaz[pid]
        if p.kind in ("city", "facility"):
            g = geometry_of(pid)
            if near.covers(g):
                out.append((pid, p.name, g.x, g.y))
    return out


def freeze(date: str, source: str | None = None, store_path: Path | None = None) -> Freeze:
    lines = lines_at(date, source, store_path)
    fig = stats.figures(lines.held, date, {"held": lines.ref})
    ukraine = stats.ukraine_geometry()
    held_places, free_places = [], []
    for pid, name, lon, lat in essay_points():
        (held_places if is_held(lines.held, lon, lat, ukraine) else free_places).append((pid, name))
    return Freeze(lines=lines, figures=fig, unknown_km2=area_km2(lines.unknown),
                  source_liberated_km2=area_km2(lines.liberated) if lines.liberated is not None else None,
                  population_held=geonames.population_within(lines.held),
                  places_held=tuple(held_places), places_not_held=tuple(free_places))
