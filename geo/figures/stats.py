"""Section-5 figures for a date, as numbers (`geo stats --json`): held, claimed-not-held, liberated,
seized, and the liberated share.

The geometries are geo.figures.headline's (the one builder of headline figures), measured here in
the equal-area projection (geo.core.measure). The shipped layers carry one held layer per authored
date; `figures_for_date` says which layers it used so the app can cite them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import shapely

from geo.core.geojson_io import read_metadata
from geo.core.measure import area_km2
from geo.core.paths import REGIONS, rel
from geo.data.layers import HELD_BY_DATE, UnknownDate, admin_units, control_geometry, control_path, ukraine_geometry  # noqa: F401 (re-exported)
from geo.figures import headline
from geo.figures.headline import CLAIMED, FURTHEST, PREWAR  # noqa: F401 (re-exported)

ESSAY_CLAIM = headline.CLAIM


@dataclass(frozen=True)
class Figures:
    date: str
    held_km2: float
    held_pct_of_ukraine: float
    claimed_not_held_km2: float
    liberated_km2: float
    seized_since_2022_km2: float
    liberated_share_of_seized: float
    ukraine_km2: float
    sources: dict[str, str]
    notes: tuple[str, ...]

    def as_json(self) -> dict:
        d = asdict(self)
        d["notes"] = list(self.notes)
        for k in ("held_km2", "claimed_not_held_km2", "liberated_km2", "seized_since_2022_km2", "ukraine_km2"):
            d[k] = round(d[k], 1)
        d["held_pct_of_ukraine"] = round(d["held_pct_of_ukraine"], 2)
        d["liberated_share_of_seized"] = round(d["liberated_share_of_seized"], 4)
        return d


def available_dates() -> list[str]:
    return sorted(HELD_BY_DATE)


def figures_for_date(date: str) -> Figures:
    """Figures for a date with an authored held layer; raises UnknownDate with the known dates."""
    layer = HELD_BY_DATE.get(date)
    if layer is None:
        raise UnknownDate(f"no held layer for {date!r}; authored dates: {available_dates()}")
    return figures(control_geometry(layer), date, {"held": rel(control_path(layer))})


def figures(held: shapely.Geometry, date: str, sources: dict[str, str]) -> Figures:
    """Figures for any held polygon against the shipped pre-war, furthest-advance and claimed layers."""
    ukraine = ukraine_geometry()
    seized_km2 = area_km2(headline.seized(held))
    liberated_km2 = area_km2(headline.liberated(held))
    notes = (
        "seized since 2022 = (furthest advance, late March 2022, union held on the date) minus occupied before 24 Feb 2022; "
        "ground taken after March and lost again before the date (e.g. Lyman, May-Oct 2022) is not counted",
        "liberated = furthest advance minus held on the date",
    )
    srcs = dict(sources)
    srcs.update(
        prewar=rel(control_path(PREWAR)),
        furthest=rel(control_path(FURTHEST)),
        claimed=rel(control_path(CLAIMED)),
        ukraine=rel(REGIONS / "ukraine.geojson"),
    )
    for key in ("furthest", "prewar"):
        srcs[f"{key}_date"] = str(read_metadata(control_path(FURTHEST if key == "furthest" else PREWAR)).get("date"))
    held_km2 = area_km2(held)
    ukraine_km2 = area_km2(ukraine)
    return Figures(
        date=date,
        held_km2=held_km2,
        held_pct_of_ukraine=100.0 * held_km2 / ukraine_km2,
        claimed_not_held_km2=area_km2(headline.claimed_not_held(held)),
        liberated_km2=liberated_km2,
        seized_since_2022_km2=seized_km2,
        liberated_share_of_seized=headline.share_liberated(held),
        ukraine_km2=ukraine_km2,
        sources=srcs,
        notes=notes,
    )
