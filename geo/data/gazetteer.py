"""The gazetteer: places with ids, names, aliases and kinds; search by alias; mentions in text.

Authored in data/authored/places.toml; every admin unit of data/authored/admin_units.toml is a
region place too. Geometry lives in the built layers; places.geojson points at it.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.core.paths import AUTHORED
from geo.data.regions import load_units

PLACES_FILE = AUTHORED / "places.toml"
KINDS = ("city", "facility", "region", "river", "route", "country", "plant", "bridge", "spit")
GEOMETRY_KEYS = ("geonameid", "point", "near", "units", "line", "country", "derived")
DERIVED_RULES = {"western-kherson"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    source: dict[str, Any]  # exactly one of GEOMETRY_KEYS -> value
    point_source: str = ""
    population: int | None = None
    population_source: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    short: str = ""

    @property
    def short_name(self) -> str:
        """The name for a map label (a short form where the full name is long)."""
        return self.short or self.name

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Phrase:
    text: str
    places: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Mention:
    paragraph: str
    start: int
    end: int
    text: str
    places: tuple[str, ...]


def normalize(s: str) -> str:
    """Casefold, strip accents and apostrophes, unify dashes: 'Zaporiz’hzhia' ~ 'zaporizhzhia'."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "").replace("'", "").replace("ʼ", "").replace("‘", "")
    s = re.sub(r"[\u2010-\u2015\-]", " ", s)
    return re.sub(r"\s+", " ", s).strip().casefold()


class Gazetteer:
    """Places by id, with alias search and the phrase rules that disambiguate the essay."""

    def __init__(self, places: list[Place], phrases: list[Phrase]):
        self.places = {p.id: p for p in places}
        self.phrases = phrases
        self._validate()
        self._index = {}
        for p in places:
            for n in (p.id, *p.names):
                self._index.setdefault(normalize(n), p.id)
        terms: dict[str, tuple[str, ...]] = {}
        for p in places:
            for n in p.names:
                terms.setdefault(n, (p.id,))
        for ph in phrases:
            terms[ph.text] = ph.places
        self._terms = terms
        alternation = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        self._pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")

    def _validate(self) -> None:
        problems = []
        seen: dict[str, str] = {}
        for p in self.places.values():
            if not SLUG.match(p.id):
                problems.append(f"place id {p.id!r} is not a lowercase ASCII slug")
            if p.kind not in KINDS:
                problems.append(f"{p.id}: kind {p.kind!r} is not one of {KINDS}")
            for n in p.names:
                key = normalize(n)
                if key in seen and seen[key] != p.id:
                    problems.append(f"name {n!r} is given to both {seen[key]!r} and {p.id!r}")
                seen[key] = p.id
        for ph in self.phrases:
            for pid in ph.places:
                if pid not in self.places:
                    problems.append(f"phrase {ph.text!r} names unknown place {pid!r}")
        if problems:
            raise ValueError("gazetteer: " + "; ".join(problems))

    def __getitem__(self, place_id: str) -> Place:
        try:
            return self.places[place_id]
        except KeyError:
            raise KeyError(f"unknown place id {place_id!r}") from None

    def __contains__(self, place_id: object) -> bool:
        return place_id in self.places

    def resolve(self, query: str, cutoff: float = 85.0) -> str | None:
        """The place a typed name means: exact id/name/alias first, then a fuzzy match."""
        key = normalize(query)
        if not key:
            return None
        if key in self._index:
            return self._index[key]
        from rapidfuzz import fuzz, process

        hit = process.extractOne(key, list(self._index), scorer=fuzz.WRatio, score_cutoff=cutoff)
        return self._index[hit[0]] if hit else None

    def search_options(self) -> list[tuple[str, str]]:
        """(label, id) pairs for a select box: the name, with aliases after it for typing."""
        out = []
        for p in sorted(self.places.values(), key=lambda p: (p.kind != "city", p.name)):
            extra = [a for a in p.aliases if normalize(a) != normalize(p.name)][:4]
            label = f"{p.name} ({p.kind})" + (f" · {', '.join(extra)}" if extra else "")
            out.append((label, p.id))
        return out

    def mentions(self, text: str, paragraph: str = "") -> list[Mention]:
        """Every gazetteer name or phrase in the text, longest match first, left to right."""
        return [Mention(paragraph, m.start(), m.end(), m.group(0), self._terms[m.group(0)]) for m in self._pattern.finditer(text)]


def _row_to_place(row: dict[str, Any]) -> Place:
    src = {k: row[k] for k in GEOMETRY_KEYS if k in row}
    if len(src) != 1:
        raise ValueError(f"{PLACES_FILE.name}: place {row.get('id')!r} needs exactly one of {GEOMETRY_KEYS}, has {sorted(src)}")
    if "derived" in src and src["derived"] not in DERIVED_RULES:
        raise ValueError(f"{PLACES_FILE.name}: place {row['id']!r} names unknown derived rule {src['derived']!r}")
    return Place(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        aliases=tuple(row.get("aliases", [])),
        source=src,
        point_source=row.get("point_source", ""),
        population=row.get("population"),
        population_source=row.get("population_source", ""),
        facts=dict(row.get("facts", {})),
        short=row.get("short", ""),
    )


@lru_cache(maxsize=1)
def load(path: Path = PLACES_FILE) -> Gazetteer:
    """Authored places plus one region place per admin unit (authored entries win)."""
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    places = [_row_to_place(r) for r in raw.get("place", [])]
    have = {p.id for p in places}
    for u in load_units().units:
        if u.id not in have:
            places.append(Place(id=u.id, name=u.name, kind="region", aliases=(), source={"units": [u.id]}))
    phrases = [Phrase(text=r["text"], places=tuple(r["places"]), why=r["why"]) for r in raw.get("phrase", [])]
    return Gazetteer(places, phrases)
