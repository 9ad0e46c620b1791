"""What a feature means: held, unknown, liberated, a point of interest, or nothing we use.

DeepStateMap names drift over the years ("Окуповано" alone in 2022; "Окуповано /// Occupied" in
2023; "... /// geoJSON.status.occupied" later; non-breaking spaces and line breaks anywhere), so
names are normalised first and matched on their Ukrainian, English and key parts. Other sources go
through a Mapping: which attribute and which values mean what, given by the analyst or a preset.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .snapshot import RawFeature

POINT = "point"


def normalise(name: str | None) -> str:
    """NFC, non-breaking spaces and line breaks to spaces, whitespace collapsed, trimmed."""
    s = unicodedata.normalize("NFC", str(name or ""))
    s = s.replace("\xa0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", s).strip()


def name_parts(name: str | None) -> list[str]:
    """DeepState's 'Ukrainian /// English /// geoJSON.key' split into trimmed parts."""
    return [p.strip() for p in normalise(name).split("///") if p.strip()]


def display_name(name: str | None, limit: int = 48) -> str:
    """A short readable name: the English part of a bilingual DeepState name, else the whole name."""
    parts = [p for p in name_parts(name) if not p.lower().startswith("geojson.")]
    english = [p for p in parts if sum(c.isascii() for c in p) > 0.8 * len(p)]
    text = (english or parts or [""])[0]
    return text if len(text) <= limit else text[: limit - 1] + "…"


# DeepState: the Ukrainian word, the English word, or the key decides. Order matters: a
# "Звільнено" polygon is liberated even if its English half were missing.
_DS_RULES: tuple[tuple[str, re.Pattern], ...] = (
    ("liberated", re.compile(r"^(звільнено|liberated)\b|geojson\.status\.dismissed", re.I)),
    ("unknown", re.compile(r"^(статус невідомий|під питанням|unknown status|contested)\b|geojson\.status\.unknown", re.I)),
    ("held", re.compile(r"^(окупован\w*|ордло|occupied|cadr|calr)\b|geojson\.status\.occupied|geojson\.territories\.(crimea|ordlo)", re.I)),
)
_DS_ATTACK = re.compile(r"напрямок удару|direction of attack|attack_direction", re.I)
_DS_UNIT = re.compile(r"бригад|полк|батальйон|дивізі|арміі|армія|формувань|brigade|regiment|battalion|division|army|storm-z|units\.", re.I)


def deepstate_class(f: RawFeature) -> tuple[str | None, str]:
    """(class, why) for a DeepState feature; class None means ignored, `why` says why."""
    parts = name_parts(f.name)
    gtype = f.geom.geom_type if f.geom is not None else None
    if gtype in ("Point", "MultiPoint"):
        if any(_DS_ATTACK.search(p) for p in parts):
            return POINT, "attack-direction"
        if any(_DS_UNIT.search(p) for p in parts):
            return POINT, "unit"
        return None, "map label, not a control feature"
    if gtype in ("LineString", "MultiLineString"):
        return None, "line feature, not a control area"
    for cls, rule in _DS_RULES:
        if any(rule.search(p) for p in parts):
            return cls, ""
    return None, "name not recognised as occupied, liberated or unknown"


def looks_like_deepstate(features: list[RawFeature]) -> bool:
    """True when the names carry DeepState's status words (any year's spelling)."""
    hits = sum(1 for f in features[:400] if any(rule.search(p) for p in name_parts(f.name) for _, rule in _DS_RULES))
    return hits >= 3


@dataclass(frozen=True)
class Mapping:
    """Which attribute and values mean held / liberated / unknown, for any other source.

    `field` None means "any text attribute or the KML folder". With `regex` the values are
    case-insensitive regular expressions searched in the text; otherwise normalised exact matches.
    """
    field: str | None
    held: tuple[str, ...] = ()
    liberated: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    regex: bool = False
    label: str = ""
    _compiled: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def describe(self) -> str:
        if self.label:
            return self.label
        parts = [f"{k}={'|'.join(v)}" for k, v in (("held", self.held), ("liberated", self.liberated), ("unknown", self.unknown)) if v]
        return f"field {self.field!r}: " + "; ".join(parts)

    def _texts(self, f: RawFeature) -> list[str]:
        if self.field is not None:
            return [normalise(f.props.get(self.field))]
        return [normalise(v) for v in f.props.values() if isinstance(v, str)]

    def _matches(self, values: tuple[str, ...], texts: list[str]) -> bool:
        if not values:
            return False
        if self.regex:
            pats = self._compiled.setdefault(values, [re.compile(v, re.I) for v in values])
            return any(p.search(t) for p in pats for t in texts)
        wanted = {normalise(v).casefold() for v in values}
        return any(t.casefold() in wanted for t in texts)

    def classify(self, f: RawFeature) -> tuple[str | None, str]:
        texts = self._texts(f)
        gtype = f.geom.geom_type if f.geom is not None else None
        if self._matches(self.ignore, texts):
            return None, "ignored by the mapping"
        if gtype in ("Point", "MultiPoint"):
            return None, "point feature (the mapping classifies areas)"
        if gtype in ("LineString", "MultiLineString"):
            return None, "line feature, not a control area"
        # Unknown first: "claimed" layers must not be counted as held.
        for cls, values in (("unknown", self.unknown), ("held", self.held), ("liberated", self.liberated)):
            if self._matches(values, texts):
                return cls, ""
        shown = texts[0][:40] if self.field is not None and texts else ""
        return None, (f"value {shown!r} of {self.field!r} is not mapped" if self.field is not None
                      else "no attribute matches the mapping")


# ISW publishes one layer per meaning (its ArcGIS feature services and zipped shapefiles), so the
# layer or folder title carries the class. Patterns follow ISW's published layer titles, e.g.
# "Assessed Russian-controlled Ukrainian Territory", "Assessed Russian Advances in Ukraine",
# "Claimed Russian Territory in Ukraine", "Claimed Ukrainian Counteroffensives",
# "Ukrainian Counteroffensives"/"Assessed Ukrainian Counteroffensives", "Reported Ukrainian Partisan Warfare".
PRESETS: dict[str, Mapping] = {
    "isw": Mapping(
        field=None, regex=True, label="ISW preset (layer/folder titles)",
        unknown=(r"\bclaimed\b", r"\bcontested\b"),
        held=(r"russian[- ]controlled", r"russian[- ]control\b", r"assessed russian advance", r"russian[- ]held",
              r"russian[- ]occupied", r"before february 24"),
        liberated=(r"counter-?offensive", r"liberat", r"ukrainian[- ]controlled since", r"regained"),
        ignore=(r"partisan", r"\bsabotage\b"),
    ),
}
