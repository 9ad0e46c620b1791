"""What a feature means: held, unknown, liberated, a point of interest, or nothing we use.

DeepStateMap, every era (April 2022 to today). A polygon carries up to three signals:

* a machine key in its name (2024 on): ``geoJSON.status.occupied|unknown|dismissed|dismissed_at`` and
  ``geoJSON.territories.crimea|ordlo|tuzla`` (held) or ``geoJSON.territories.<another country>``;
* its colour: ``fill``, else the colour in ``styleUrl`` ('#poly-A52714-1200-77-nodesc'), else in
  ``styleMapHash``, else its ``styleHash`` as learned within the same file from features that carry both;
* words in its free-text name, Ukrainian or English, anywhere in the name, inflected or with one typo
  ("Ізюм. Окуповано", "Рубіжне. Території зайняті ворогом", "Ворога відкинуто", "26.05 Contested"); where
  a name holds several, the first in reading order wins ("Звільнено від окупації" is liberated). Dates,
  numbers and default names ("Багатокутник 11", "Polygon 3") say nothing.

Palette (DeepStateMap's My Maps fills): held #a52714; Crimea/ORDLO #000000 in 2022, #880e4f from late 2022
(#880e4f was Transnistria in spring 2022: harmless, since no polygon part lying mostly outside Ukraine is
counted); liberated #0f9d58, #0288d1, #01579b; unknown #bcaaa4, #bdbdbd; other countries' occupied
territories (Transnistria, Abkhazia, Petsamo, the Kurils…) #ff5252, never counted.

Rule where the signals disagree: the key decides, else a palette colour, else the name. The key is the
map's own machine-readable status; the colour is what DeepStateMap's readers see, set from a handful of
fixed styles, while names are typed by hand (typos, dates, default names, a status copied from the polygon
a piece was split from). Every disagreement is reported naming the polygon, so an analyst can check the
few where the colour may be the slip. A polygon none of the three classifies is left out of the figures
and reported with its area.

Names are normalised first (NFC; non-breaking spaces and line breaks to spaces). Other sources go
through a Mapping: which attribute and which values mean what, given by the analyst or a preset.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from geo.lines.snapshot import RawFeature

POINT = "point"


def normalise(name: str | None) -> str:
    """NFC, non-breaking spaces and line breaks to spaces, whitespace collapsed, trimmed."""
    return _normalise(str(name or ""))


@lru_cache(maxsize=4096)  # a file repeats a handful of names over thousands of features
def _normalise(name: str) -> str:
    s = unicodedata.normalize("NFC", name)
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


_DS_ATTACK = re.compile(r"напрямок удару|direction of attack|attack_direction", re.I)
_DS_UNIT = re.compile(
    r"бригад|полк|батальйон|дивізі|арміі|армія|формувань|brigade|regiment|battalion|division|army|storm-z|units\.", re.I
)

# --- DeepStateMap: key, colour and name ---------------------------------------------------------

HELD, UNKNOWN, LIBERATED = "held", "unknown", "liberated"
FOREIGN = "other country"  # another country's occupied territory on DeepStateMap: never counted
UNDECIDED = "undecided"  # a polygon no signal classifies: out of the figures, reported with its area
STATUS_UNKNOWN_TO_IMPORTER = (
    "status unknown to the importer (neither name nor colour says held, liberated or unknown; left out of the figures)"
)
NOT_UKRAINE = "another country's occupied territory, not Ukraine"
RULE = "key, else colour, else name"

# DeepStateMap's fills (Google My Maps styles), every era since April 2022. #880e4f is Crimea/ORDLO/Tuzla from
# late 2022 but Transnistria in spring 2022: the importer's "mostly outside Ukraine" guard makes that harmless.
PALETTE: dict[str, str] = {
    "#a52714": HELD,
    "#880e4f": HELD,
    "#000000": HELD,
    "#0f9d58": LIBERATED,
    "#0288d1": LIBERATED,
    "#01579b": LIBERATED,
    "#bcaaa4": UNKNOWN,
    "#bdbdbd": UNKNOWN,
    "#ff5252": FOREIGN,
}

_KEY = re.compile(r"geojson\.(status|territories)\.([a-z_]+)", re.I)
_ANY_KEY = re.compile(r"geojson\.[\w.]+", re.I)
_KEY_STATUS = {
    "occupied": HELD,
    "unknown": UNKNOWN,
    "dismissed": LIBERATED,
    "dismissed_at": LIBERATED,
    "liberated": LIBERATED,
    "deoccupied": LIBERATED,
}
_KEY_HELD_TERRITORIES = {"crimea", "ordlo", "tuzla"}
_KEY_FOREIGN_TERRITORIES = {
    "transnistria",
    "abkhazia",
    "tskhinvali",
    "south_ossetia",
    "petsamo",
    "salla",
    "kuril",
    "kurils",
    "prussia",
    "estonia",
    "latvia",
    "pechorsky",
    "karelia",
    "ichkeria",
}

# Status words, searched anywhere in the name. Each entry is one or more stems matched at the start of consecutive
# words: "stem" is a prefix, "stem=" a whole word, "stem~" a prefix allowing one typo (Levenshtein ≤ 1).
_WORDS: tuple[tuple[str, str], ...] = (
    (HELD, "окупов~"),
    (HELD, "зайнят~ ворог"),
    (HELD, "ворог зайнят~"),
    (HELD, "під= контрол~ ворог"),
    (HELD, "під= контрол~ рф="),
    (HELD, "під= контрол~ росі"),
    (HELD, "під= контрол~ окупант"),
    (HELD, "ордло="),
    (HELD, "ордо="),
    (HELD, "орло="),
    (HELD, "крим="),
    (HELD, "криму="),
    (HELD, "кримом="),
    (HELD, "кримськ півостр"),
    (HELD, "occupied~"),
    (HELD, "cadr="),
    (HELD, "calr="),
    (HELD, "crimea="),
    (HELD, "crimean= peninsula"),
    (HELD, "russian= controlled~"),
    (HELD, "under= russian= control"),
    (LIBERATED, "звільн~"),
    (LIBERATED, "ворог відкинут~"),
    (LIBERATED, "відкинут~"),
    (LIBERATED, "відбит"),
    (LIBERATED, "деокупов~"),
    (LIBERATED, "liberat~"),
    (LIBERATED, "de= occupied~"),
    (LIBERATED, "deoccupied~"),
    (LIBERATED, "dismissed~"),
    (LIBERATED, "під= контрол~ зсу="),
    (UNKNOWN, "статус= невідом~"),
    (UNKNOWN, "невідом~"),
    (UNKNOWN, "під= питанн~"),
    (UNKNOWN, "сір зон"),
    (UNKNOWN, "contested~"),
    (UNKNOWN, "unknown~"),
    (UNKNOWN, "grey= zone"),
    (UNKNOWN, "gray= zone"),
)
# Places DeepStateMap marks as occupied territories of other countries (whole-word prefixes, no typo tolerance).
_FOREIGN_STEMS = (
    "придністров",
    "приднестров",
    "transnistri",
    "абхаз",
    "abkhaz",
    "цхінвал",
    "tskhinval",
    "осеті",
    "osseti",
    "петсамо",
    "petsamo",
    "салла",
    "salla",
    "курил",
    "kuril",
    "прусі",
    "пруссі",
    "prussi",
    "естоні",
    "estoni",
    "латві",
    "latvi",
    "печорськ",
    "pechor",
    "саатсе",
    "saatse",
    "карел",
    "karel",
    "ічкері",
    "ichkeri",
    "чечн",
    "chechn",
)
_TOKEN = re.compile(r"[^\W\d_]+")


def _stem_matches(token: str, stem: str) -> bool:
    if stem.endswith("="):
        return token == stem[:-1]
    fuzzy = stem.endswith("~")
    stem = stem.rstrip("~")
    if token.startswith(stem):
        return True
    if not fuzzy:
        return False
    n = len(stem)
    return any(Levenshtein.distance(token[:k], stem, score_cutoff=1) <= 1 for k in (n - 1, n, n + 1) if k <= len(token))


_PHRASES = tuple((cls, tuple(words.split())) for cls, words in _WORDS)


@lru_cache(maxsize=4096)
def name_status(name: str | None) -> str | None:
    """What the words of a DeepStateMap name say: held, liberated, unknown, FOREIGN, or None.

    Parameters
    ----------
    name : str or None
        The feature's name, any era's spelling; machine keys (``geoJSON.…``) are not read here.

    Returns
    -------
    str or None
        FOREIGN when the name names another country's territory; else the class of the earliest status
        keyword in reading order (the longer phrase wins a tie); None when no keyword is found.
    """
    tokens = [t.casefold() for t in _TOKEN.findall(_ANY_KEY.sub(" ", normalise(name)))]
    if any(t.startswith(_FOREIGN_STEMS) for t in tokens):
        return FOREIGN
    best: tuple[int, int, str] | None = None
    for i in range(len(tokens)):
        for cls, stems in _PHRASES:
            if i + len(stems) <= len(tokens) and all(_stem_matches(tokens[i + j], s) for j, s in enumerate(stems)):
                hit = (i, -len(stems), cls)
                best = hit if best is None or hit < best else best
        if best is not None:
            break
    return best[2] if best else None


def key_status(name: str | None) -> tuple[str | None, str]:
    """(class, key) from DeepStateMap's machine keys in a name, e.g. ``geoJSON.status.occupied``; (None, '') if none.

    Parameters
    ----------
    name : str or None
        The feature's name.

    Returns
    -------
    tuple
        held / liberated / unknown / FOREIGN and the key that said so; territories other than Crimea, ORDLO and Tuzla
        that are not known foreign keys (e.g. labels such as ``geoJSON.territories.kyiv``) give no class.
    """
    for kind, value in _KEY.findall(normalise(name)):
        value = value.lower()
        if kind.lower() == "status" and value in _KEY_STATUS:
            return _KEY_STATUS[value], f"geoJSON.status.{value}"
        if kind.lower() == "territories" and value in _KEY_HELD_TERRITORIES:
            return HELD, f"geoJSON.territories.{value}"
        if kind.lower() == "territories" and value in _KEY_FOREIGN_TERRITORIES:
            return FOREIGN, f"geoJSON.territories.{value}"
    return None, ""


_POLY_COLOUR = re.compile(r"#poly-([0-9a-f]{6})(?![0-9a-f])", re.I)
_FILL = re.compile(r"\s*#?([0-9a-f]{6})\s*", re.I)


def style_colour(props: dict) -> str | None:
    """The fill colour a DeepStateMap feature is drawn with, as '#rrggbb', from its own properties.

    Parameters
    ----------
    props : dict
        The feature's properties: ``fill`` where present, else the colour in ``styleUrl`` ('#poly-A52714-1200-77-nodesc'),
        else in ``styleMapHash`` (a string or a dict of such URLs).

    Returns
    -------
    str or None
        Lower-case '#rrggbb', or None when no property carries a colour (``styleHash`` needs the whole file:
        see `learn_style_hashes`).
    """
    fill = props.get("fill")
    if isinstance(fill, str) and (m := _FILL.fullmatch(fill)):
        return "#" + m[1].lower()
    for key in ("styleUrl", "styleMapHash"):
        v = props.get(key)
        text = " ".join(str(x) for x in v.values()) if isinstance(v, dict) else v if isinstance(v, str) else ""
        if m := _POLY_COLOUR.search(text):
            return "#" + m[1].lower()
    return None


def learn_style_hashes(features: list[RawFeature]) -> dict[str, str]:
    """Within one file, the colour of each ``styleHash`` seen on features that also carry a colour.

    Parameters
    ----------
    features : list of RawFeature
        All features of the file.

    Returns
    -------
    dict
        styleHash → '#rrggbb', only for hashes whose features all agree on one colour.
    """
    seen: dict[str, set[str]] = defaultdict(set)
    for f in features:
        h, c = f.props.get("styleHash"), style_colour(f.props)
        if isinstance(h, (str, int)) and str(h) and c:
            seen[str(h)].add(c)
    return {h: next(iter(cs)) for h, cs in seen.items() if len(cs) == 1}


class DeepStateReader:
    """Classifies the features of one DeepStateMap file by key, colour and name (see the module docstring).

    Parameters
    ----------
    features : list of RawFeature
        The whole file, so that styleHash colours can be learned from it.

    Notes
    -----
    Called on a feature it returns ``(class, why)`` like any classifier; `conflict` then says, for a polygon whose
    signals disagree, which ones and which decided.
    """

    label = "DeepStateMap keys, colours and names"

    def __init__(self, features: list[RawFeature]):
        self.hash_colours = learn_style_hashes(features)
        self._conflicts: dict[int, str] = {}

    def colour(self, f: RawFeature) -> str | None:
        """The feature's colour from its properties, else from its styleHash as learned in this file."""
        c = style_colour(f.props)
        h = f.props.get("styleHash")
        return c or (self.hash_colours.get(str(h)) if isinstance(h, (str, int)) else None)

    def __call__(self, f: RawFeature) -> tuple[str | None, str]:
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
        key, key_text = key_status(f.name)
        colour = self.colour(f)
        by_colour = PALETTE.get(colour or "")
        by_name = name_status(f.name)
        signals = [
            (s, c, t)
            for s, c, t in (("key", key, key_text), ("colour", by_colour, colour), ("name", by_name, ""))
            if c is not None
        ]
        if not signals:
            return UNDECIDED, STATUS_UNKNOWN_TO_IMPORTER
        used, cls, _ = signals[0]
        if len({c for _, c, _ in signals}) > 1:
            said = ", ".join(f"{s}{' ' + t if t else ''}: {c}" for s, c, t in signals)
            self._conflicts[f.index] = f"#{f.index} {display_name(f.name)!r} ({said}; {used} used)"
        if cls == FOREIGN:
            return None, NOT_UKRAINE
        return cls, ""

    def conflict(self, f: RawFeature) -> str:
        """'' when the feature's key, colour and name agree (or only one speaks), else what each said."""
        return self._conflicts.get(f.index, "")


def deepstate_class(f: RawFeature) -> tuple[str | None, str]:
    """(class, why) for one DeepState feature on its own (no styleHash learning); class None means ignored."""
    return DeepStateReader([f])(f)


def looks_like_deepstate(features: list[RawFeature]) -> bool:
    """True when names carry DeepState's status words or keys, or polygons its '#poly-RRGGBB' palette styles."""

    def hit(f: RawFeature) -> bool:
        if key_status(f.name)[0] is not None or name_status(f.name) in (HELD, LIBERATED, UNKNOWN):
            return True
        url = f.props.get("styleUrl")
        m = _POLY_COLOUR.search(url) if isinstance(url, str) else None
        return bool(m) and ("#" + m[1].lower()) in PALETTE

    return sum(1 for f in features[:400] if hit(f)) >= 3


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
        parts = [
            f"{k}={'|'.join(v)}" for k, v in (("held", self.held), ("liberated", self.liberated), ("unknown", self.unknown)) if v
        ]
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
        return None, (
            f"value {shown!r} of {self.field!r} is not mapped" if self.field is not None else "no attribute matches the mapping"
        )


# ISW publishes one layer per meaning (its ArcGIS feature services and zipped shapefiles), so the
# layer or folder title carries the class. Patterns follow ISW's published layer titles, e.g.
# "Assessed Russian-controlled Ukrainian Territory", "Assessed Russian Advances in Ukraine",
# "Claimed Russian Territory in Ukraine", "Claimed Ukrainian Counteroffensives",
# "Ukrainian Counteroffensives"/"Assessed Ukrainian Counteroffensives", "Reported Ukrainian Partisan Warfare".
PRESETS: dict[str, Mapping] = {
    "isw": Mapping(
        field=None,
        regex=True,
        label="ISW preset (layer/folder titles)",
        unknown=(r"\bclaimed\b", r"\bcontested\b"),
        held=(
            r"russian[- ]controlled",
            r"russian[- ]control\b",
            r"assessed russian advance",
            r"russian[- ]held",
            r"russian[- ]occupied",
            r"before february 24",
        ),
        liberated=(r"counter-?offensive", r"liberat", r"ukrainian[- ]controlled since", r"regained"),
        ignore=(r"partisan", r"\bsabotage\b"),
    ),
}
