"""The freeze scenario: "if the lines froze on DATE", in figures computed from that date's lines.

The essay's argument is that a ceasefire freezes the front where it stands; this module says what
that would leave under Russian control on any date we have lines for. The figures themselves come
from geo.figures.headline (one builder for every screen), each citing the files that computed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from geo.core.measure import area_km2
from geo.core.provenance import Fact
from geo.data import arguments, gazetteer
from geo.data.places import geometry_of
from geo.figures import headline, stats
from geo.figures.people import People
from geo.lines.timeline import LinesAt, lines_at


@dataclass(frozen=True)
class Freeze:
    lines: LinesAt
    figures: stats.Figures
    facts: tuple[Fact, ...]  # what the freeze table shows, in order, each with its citation
    people: People
    places_held: tuple[tuple[str, str], ...]  # (id, name) of the essay's places inside the held area
    places_not_held: tuple[tuple[str, str], ...]
    claim: tuple[Fact, ...]  # the essay's "nearly half", by our layers and by DeepStateMap

    @property
    def unknown_km2(self) -> float:
        return area_km2(self.lines.unknown_geom)

    @property
    def source_liberated_km2(self) -> float | None:
        return None if self.lines.liberated_geom is None else area_km2(self.lines.liberated_geom)

    def rows(self) -> tuple[Fact, ...]:
        """The freeze table, in order: the date's headline figures, then the essay's claim checked.

        The one list the Map and Lines pages' freeze table and `geo stats` (without --json) show.

        Returns
        -------
        tuple of Fact
            label, value, sources and key of each row.

        Examples
        --------
        >>> [f.key for f in freeze("2022-11-17").rows()][:3]
        ['held', 'claimed_not_held_km2', 'liberated_km2']
        """
        return self.facts + self.claim

    def as_json(self) -> dict:
        d = self.figures.as_json()
        share = headline.source_liberated_share(self.lines)
        d.update(
            source=self.lines.describe(),
            unknown_km2=round(self.unknown_km2, 1),
            source_liberated_km2=None if self.source_liberated_km2 is None else round(self.source_liberated_km2, 1),
            liberated_share_of_seized_by_source=None if share is None else round(share, 4),
            people=self.people.as_json(),
            essay_places_held=[i for i, _ in self.places_held],
            essay_claim={
                "text": stats.ESSAY_CLAIM,
                "checks": [{"label": f.label, "value": f.value, "sources": list(f.sources)} for f in self.claim],
            },
            citations={f.key: list(f.sources) for f in self.facts},
        )
        d["sources"]["held"] = self.lines.ref
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
    held_places = headline.essay_places_held(lines)
    free_places = [(pid, name) for pid, name, _, _ in essay_points() if (pid, name) not in held_places]
    return Freeze(
        lines=lines,
        figures=fig,
        facts=headline.figures(lines, headline.FREEZE),
        people=headline.people_behind(lines),
        places_held=tuple(held_places),
        places_not_held=tuple(free_places),
        claim=headline.claim(store_path),
    )
