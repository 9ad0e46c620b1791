"""Section-5 figures for a date: held, claimed-not-held, liberated, seized, and the liberated share.

All areas in the equal-area projection (geo.measure). The shipped layers carry one held layer
per authored date; `figures_for_date` says which layers it used so the app can cite them.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache

import shapely

from . import provenance
from .geojson_io import read_layer, read_metadata
from .layers import control_path
from .measure import area_km2
from .naturalearth import GRID
from .paths import REGIONS, rel

PREWAR = "occupied-before-2022-02-24"
FURTHEST = "furthest-advance-2022-03"
CLAIMED = "claimed-annexation-2022-09-30"
HELD_BY_DATE = {"2022-11-17": "held-2022-11-17"}
ESSAY_CLAIM = "Ukraine has liberated nearly half the land Russia has seized since renewing its invasion in February 2022"


class UnknownDate(LookupError):
    """No held layer for the requested date."""


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


@lru_cache(maxsize=16)
def _control_geometry(layer_id: str) -> shapely.Geometry:
    path = control_path(layer_id)
    if not path.exists():
        raise UnknownDate(f"no control layer {layer_id!r} at {rel(path)}")
    return shapely.union_all(list(read_layer(path).geometry))


def control_geometry(layer_id: str) -> shapely.Geometry:
    """One of our control layers as a single geometry (cited as its file)."""
    geom = _control_geometry(layer_id)
    provenance.note(rel(control_path(layer_id)))
    return geom


UKRAINE_FILE = REGIONS / "ukraine.geojson"
UNITS_FILE = REGIONS / "ukraine-admin1.geojson"


@lru_cache(maxsize=1)
def _ukraine_geometry() -> shapely.Geometry:
    return read_layer(UKRAINE_FILE).geometry.iloc[0]


def ukraine_geometry() -> shapely.Geometry:
    """Ukraine's outline (cited as data/regions/ukraine.geojson)."""
    provenance.note(rel(UKRAINE_FILE))
    return _ukraine_geometry()


@lru_cache(maxsize=1)
def _units() -> tuple[tuple[str, str, shapely.Geometry], ...]:
    gdf = read_layer(UNITS_FILE)
    return tuple((str(r.id), str(r.name), r.geometry) for r in gdf.itertuples())


def admin_units() -> tuple[tuple[str, str, shapely.Geometry], ...]:
    """(id, name, geometry) of the 27 first-level units (cited as data/regions/ukraine-admin1.geojson)."""
    provenance.note(rel(UNITS_FILE))
    return _units()


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
    prewar, furthest, claimed = (control_geometry(i) for i in (PREWAR, FURTHEST, CLAIMED))
    seized = shapely.difference(shapely.union(furthest, held, grid_size=GRID), prewar, grid_size=GRID)
    liberated = shapely.difference(furthest, held, grid_size=GRID)
    seized_km2 = area_km2(seized)
    notes = (
        "seized since 2022 = (furthest advance, late March 2022, union held on the date) minus occupied before 24 Feb 2022; "
        "ground taken after March and lost again before the date (e.g. Lyman, May-Oct 2022) is not counted",
        "liberated = furthest advance minus held on the date",
    )
    srcs = dict(sources)
    srcs.update(prewar=rel(control_path(PREWAR)), furthest=rel(control_path(FURTHEST)), claimed=rel(control_path(CLAIMED)),
                ukraine=rel(REGIONS / "ukraine.geojson"))
    for key in ("furthest", "prewar"):
        srcs[f"{key}_date"] = str(read_metadata(control_path(FURTHEST if key == "furthest" else PREWAR)).get("date"))
    held_km2 = area_km2(held)
    ukraine_km2 = area_km2(ukraine)
    return Figures(
        date=date, held_km2=held_km2, held_pct_of_ukraine=100.0 * held_km2 / ukraine_km2,
        claimed_not_held_km2=area_km2(shapely.difference(claimed, held, grid_size=GRID)), liberated_km2=area_km2(liberated),
        seized_since_2022_km2=seized_km2, liberated_share_of_seized=area_km2(liberated) / seized_km2 if seized_km2 else 0.0,
        ukraine_km2=ukraine_km2, sources=srcs, notes=notes,
    )
