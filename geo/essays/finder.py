"""Find the places an English essay names: the gazetteer first, then every Ukrainian settlement in GeoNames.

``find_places(paragraphs)`` reads each sentence of each paragraph and returns the places it found (each
with every sentence that names it, verbatim) and the names that look like places but were not placed.

How a name is read
------------------
- **Words**: a run of capitalised words (``Nova Kakhovka``, ``Kryvyi Rih``), a hyphenated word
  (``Ivano-Frankivsk``), with a possessive ``'s`` removed (``Kherson's``) and ``-based``/``-held``-style
  endings dropped (``Kherson-based``). The longest run that is a known name wins. Gazetteer phrases
  and aliases that contain lowercase words (``the Kremlin``, ``cross the Dnipro``, ``western Kherson``)
  are matched as written, before anything else.
- **Spellings** meet through GeoNames' alternate names and the transliteration key of
  geo.data.namekey (Zaporizhia/Zaporozhye, Berdyansk/Berdiansk, Kupyansk/Kupiansk, Izyum/Izium,
  Artemivsk -> Bakhmut).
- **Oblasts**: ``X Oblast``, ``X oblast``, ``X region``, ``X province`` (also ``the X region``) is the
  oblast whose name or seat is X (``Zaporozhye region`` -> Zaporizhzhia Oblast, ``Kirovohrad region`` ->
  Kirovohrad Oblast). ``X region`` where X is a Ukrainian town that is no oblast's seat is read as the
  town (``the Bakhmut region``), said in ``why``; outside Ukraine (``Belgorod region``) it is unresolved,
  since we have no outline of Russian regions.
- **River or city** (the Dnipro): the river when the name is followed by ``river``/``River``, or preceded
  by ``the`` (cities take no article: ``across the Dnipro``, ``the left bank of the Dnipro``); the city
  otherwise (``in Dnipro``, ``Dnipro city``, ``Dnipro's mayor``).
- **City or oblast** (Kherson): the city, unless an oblast word follows.
- **A name several places share**: the gazetteer's place if it has the name; else the place whose own
  name it is (not an old or foreign alternate name of another); then the candidate in Ukraine; in an
  oblast the paragraph names or places its other places in; nearest (in 50 km bands, great-circle) to
  the places named unambiguously in the same paragraph (in the whole essay if the paragraph names
  none); not a city section; the larger population. ``why`` says which rule decided; the others are
  kept as ``alternatives`` (at most 8). One name, one place per essay: an ambiguous name goes where
  most of its mentions put it (ties: the larger place), said in ``why``.
- **Common words are never places**: the words of data/authored/stopwords.toml (months, weekdays,
  people, titles, organisations, nationalities, sentence openers) in any position; a word after a title
  (``Gen. Surovikin``); GeoNames names that are everyday English words (``common`` in the index,
  from wordfreq at build time) unless a cue says a settlement is meant (``the village of Bar``); a
  capitalised first word of a sentence that only an alternate name of small places (under 10,000
  people) matches; ``the X`` followed by nothing or a function word, where X is only a settlement's
  name (``reached the Oskil``: a river; cities take no article), which is reported as unresolved;
  ``X River`` where the gazetteer has no such river (unresolved, not the village of X).

Confidence (0..1), per mention; a found place carries its best mention's:

====  =====================================================================================
1.0   a gazetteer name, alias or phrase, as written
0.95  a gazetteer name through the transliteration key, or chosen between river and city by a cue
0.9   the only GeoNames place with this name, as written; an oblast by ``X Oblast/region``
0.85  the only GeoNames place with the name through an alternate spelling or the key
0.75  one of several places, chosen by nearness to the paragraph's other places (a clear margin)
0.6   one of several, chosen by its own name against another's old name, by population (at least five
      times the next), by nearness without margin, or moved to the essay's reading of the name
0.4   one of several, chosen by population without a clear margin (check it)
====  =====================================================================================

``unresolved`` lists capitalised names after a place cue (``in``, ``near``, ``outside``, ``around``,
``towards``, ``into``, ``across``, ``through``, ``north/south/east/west of``, ``village/town/city of``),
or before ``Oblast``/``region``/``province``/``river``, or before ``-based``, that were not placed.
"""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from geo.core.paths import AUTHORED
from geo.data import gazetteer as gazetteer_mod
from geo.data.namekey import key
from geo.essays import model
from geo.essays import names as names_mod

STOPWORDS_FILE = AUTHORED / "stopwords.toml"
GAZETTEER_SOURCE = "gazetteer (data/authored/places.toml)"
BAND_KM = 50.0
MAX_ALTERNATIVES = 8
REGION_WORDS = {"oblast", "region", "province", "oblasts", "regions", "provinces"}
RIVER_WORDS = {"river"}
TITLES = frozenset(
    """
    gen general lt col colonel maj major capt captain sgt adm admiral president minister mr mrs ms
    dr sen senator rep gov governor mayor commander marshal gen. spokesman spokeswoman ambassador
    chancellor sir lord lady pope patriarch
    """.split()
)
CUE_BEFORE = {"in", "near", "outside", "around", "towards", "toward", "into", "across", "through", "inside", "beyond", "past"}
CUE_OF = frozenset(
    """
    north south east west northeast northwest southeast southwest north-east north-west south-east
    south-west village town city outskirts settlement suburbs hamlet
    """.split()
)
FEATURE_WORDS = {
    "oblast",
    "region",
    "province",
    "river",
    "island",
    "spit",
    "bridge",
    "strait",
    "dam",
    "peninsula",
    "bay",
    "lake",
    "reservoir",
    "estuary",
    "canal",
    "sea",
}
FUNCTION_WORDS = frozenset(
    """
    and or but in at on to of near from by for with as was is were are had has have which where that
    when while into across itself
    """.split()
)
SETTLEMENT_CUES = {"village", "town", "city", "settlement", "hamlet"}
SUFFIXES = ("based", "held", "controlled", "occupied", "bound", "area")
_WORD = re.compile(r"[^\W\d_][\w'’ʼ]*(?:[-‐][^\W\d_][\w'’ʼ]*)*")  # an en dash joins two names, not one
_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")


# ---- sentences ------------------------------------------------------------------------------

_ABBREV = frozenset(
    """
    u.s u.k u.n e.g i.e gen lt col maj capt sgt adm mr mrs ms dr st sen rep gov jan feb mar apr jun
    jul aug sep sept oct nov dec vs etc approx pp vol fig jr sr inc corp ltd prof
    """.split()
)
_END = re.compile(r"(?:\.\.\.|…|[.!?])[\"”’')\]]*\s+")


def _local_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: at . ! ? … followed by space, except after abbreviations and initials."""
    out, start = [], 0
    for m in _END.finditer(text):
        before = text[start : m.start()].rsplit(None, 1)
        last = before[-1].lower().strip("(\"“'‘") if before else ""
        nxt = text[m.end() : m.end() + 1]
        if text[m.start()] == "." and (
            last.rstrip(".") in _ABBREV or re.fullmatch(r"[a-z]", last) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", last)
        ):
            continue
        if nxt and (nxt.islower() or nxt.isdigit()):
            continue
        out.append((start, m.end()))
        start = m.end()
    if start < len(text) and text[start:].strip():
        out.append((start, len(text)))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), s + len(text[s:e].rstrip())) for s, e in out if text[s:e].strip()]


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph: geo.essays.split.sentences when present, else a local splitter.

    The local splitter ends a sentence at . ! ? or an ellipsis followed by space (closing quotes kept),
    except after an abbreviation ("U.S.", "Gen.", "Jan."), an initial, or before a lowercase word or digit.

    Parameters
    ----------
    text : str
        One paragraph.

    Returns
    -------
    list of (int, int)
        Start and end offsets of each sentence, whitespace trimmed.

    Examples
    --------
    >>> t = 'Gen. Milley said U.S. aid would come. "It will," he said.'
    >>> [t[a:b] for a, b in sentences(t)]
    ['Gen. Milley said U.S. aid would come.', '"It will," he said.']
    """
    try:
        from geo.essays import split  # type: ignore[attr-defined]

        return list(split.sentences(text))
    except ImportError:
        return _local_sentences(text)


# ---- the lookup tables ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Tables:
    gaz_by_key: dict[str, tuple[str, ...]]  # key -> gazetteer ids
    gaz_exact: frozenset[str]  # normalised names/aliases as written
    region_by_stem: dict[str, str]  # key of "X" in "X Oblast" -> region place id
    seat_region: dict[int, str]  # GeoNames id of a seat -> region place id
    river_by_stem: dict[str, str]  # key of "X" in "X River" -> river place id
    gid_to_gaz: dict[int, str]  # GeoNames id of a gazetteer city -> its id
    never: frozenset[str]
    keep: frozenset[str]
    points: dict[str, tuple[float, float, int | None, str]]  # gazetteer id -> lat, lon, population, unit


@lru_cache(maxsize=1)
def _stopwords() -> tuple[frozenset[str], frozenset[str]]:
    with open(STOPWORDS_FILE, "rb") as fh:
        raw = tomllib.load(fh)
    never = {w.casefold() for v in raw.get("never", {}).values() for w in v["words"]}
    keep = {key(w) for w in raw.get("keep", {}).get("names", [])}
    return frozenset(never), frozenset(keep)


def _strip_suffix(name: str) -> str:
    return re.sub(r"\s+(?:oblast|region|province|river)$", "", name, flags=re.I)


@lru_cache(maxsize=4)
def _tables(gaz: gazetteer_mod.Gazetteer) -> _Tables:
    """The finder's lookups for a gazetteer (built once per gazetteer object; the shipped one is cached)."""
    from geo.data import places as places_mod
    from geo.data.regions import load_units

    by_key: dict[str, list[str]] = {}
    exact = set()
    region_by_stem: dict[str, str] = {}
    river_by_stem: dict[str, str] = {}
    gid_to_gaz: dict[int, str] = {}
    for p in gaz.places.values():
        for n in p.names:
            by_key.setdefault(key(n), [])
            if p.id not in by_key[key(n)]:
                by_key[key(n)].append(p.id)
            exact.add(gazetteer_mod.normalize(n))
            if p.kind == "region" and re.search(r"\s(oblast|region|province)$", n, re.I):
                region_by_stem.setdefault(key(_strip_suffix(n)), p.id)
            if p.kind == "river":
                river_by_stem.setdefault(key(_strip_suffix(n).removeprefix("lower ")), p.id)
        if "geonameid" in p.source:
            gid_to_gaz[int(p.source["geonameid"])] = p.id
    seat_region = {}
    for u in load_units().units:
        if u.type == "oblast" or u.id.endswith("-oblast"):
            region_by_stem.setdefault(key(_strip_suffix(u.name)), u.id)
            seat_region.setdefault(int(u.seat_geonameid), u.id)
    points = {}
    for f in places_mod.features():
        pr = f["properties"]
        lon, lat = f["geometry"]["coordinates"][:2]
        points[pr["id"]] = (float(lat), float(lon), pr.get("population"), pr.get("unit") or "")
    never, keep = _stopwords()
    return _Tables(
        {k: tuple(v) for k, v in by_key.items()},
        frozenset(exact),
        region_by_stem,
        seat_region,
        river_by_stem,
        gid_to_gaz,
        never,
        keep,
        points,
    )


# ---- one mention ----------------------------------------------------------------------------


@dataclass
class _Hit:
    paragraph: str
    sentence: str
    name: str  # as written, with suffix words
    start: int
    end: int
    candidates: list[model.Candidate]  # ordered once resolved; [0] is the choice
    confidence: float
    why: str = ""
    ambiguous: bool = False
    order: int = 0
    extra: list[model.Candidate] = field(default_factory=list)  # more places (a phrase naming two)


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _gaz_candidate(gaz, t: _Tables, idx, pid: str) -> model.Candidate:
    p = gaz[pid]
    lat, lon, pop, unit = t.points.get(pid, (float("nan"), float("nan"), None, ""))
    country = "UA" if unit else ""
    if "geonameid" in p.source:
        e = idx.by_id.get(int(p.source["geonameid"]))
        if e is not None:
            country = e.country
    if p.kind == "region" and pid != "russia":
        country = country or "UA"
    return model.Candidate(pid, p.name, p.kind, lat, lon, GAZETTEER_SOURCE, p.population or pop, country, unit)


def _gn_candidate(e: names_mod.Entry) -> model.Candidate:
    return model.Candidate(
        e.id,
        e.name,
        "settlement",
        e.lat,
        e.lon,
        f"GeoNames {e.geonameid} {e.name!r} (data/places/names.json.gz)",
        e.population or None,
        e.country,
        e.admin1,
    )


class _Sentence:
    """The words of one sentence with their offsets."""

    def __init__(self, text: str):
        self.text = text
        self.words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]

    def joined(self, i: int, j: int) -> bool:
        """Words i..j are separated by single spaces only (one name, not across punctuation)."""
        return all(self.text[self.words[k][1] : self.words[k + 1][0]] == " " for k in range(i, j))


def _is_cap(w: str) -> bool:
    return w[:1].isupper()


def _split_word(w: str) -> tuple[str, str]:
    """(the name part, what was dropped): possessive 's and a lowercase -based/-held ending."""
    base = _POSSESSIVE.sub("", w)
    parts = re.split(r"[-‐]", base)
    if len(parts) > 1 and parts[-1].lower() in SUFFIXES:
        base = base[: len(base) - len(parts[-1]) - 1]
    return base, w[len(base) :]


def _scan_sentence(
    sent: _Sentence, para: str, gaz, t: _Tables, idx, taken: list[tuple[int, int]]
) -> tuple[list[_Hit], list[str]]:
    hits: list[_Hit] = []
    unresolved: list[str] = []
    words = sent.words
    n = len(words)
    i = 0
    reported: set[int] = set()
    while i < n:
        s0, e0, w0 = words[i]
        if not _is_cap(w0) or any(a <= s0 < b for a, b in taken):
            i += 1
            continue
        run = i
        while run + 1 < n and _is_cap(words[run + 1][2]) and sent.joined(run, run + 1) and run + 1 - i < idx.max_words:
            run += 1
        found = None
        for j in range(run, i - 1, -1):
            last_base, _dropped = _split_word(words[j][2])
            text = sent.text[s0 : words[j][0]] + last_base
            if j > i and any(_split_word(words[k][2])[1] for k in range(i, j)):
                continue  # a possessive inside the run ends the name there
            found = _read_name(sent, para, i, j, text, gaz, t, idx)
            if found is not None:
                break
        if found is None or found == "skip" or found == "feature":
            if found == "feature" and i not in reported:
                unresolved.append("the " + _split_word(words[i][2])[0])
                reported.add(i)
            elif found is None and i not in reported:
                label = _unresolved_label(sent, i, run, t)
                if label:
                    unresolved.append(label)
                    reported.update(range(i, run + 1))
            i += 1
            continue
        hit, consumed_to = found
        hits.append(hit)
        reported.update(range(i, consumed_to + 1))
        i = consumed_to + 1
    return hits, unresolved


def _next_word(sent: _Sentence, j: int) -> str:
    if j + 1 < len(sent.words) and sent.text[sent.words[j][1] : sent.words[j + 1][0]] == " ":
        return sent.words[j + 1][2]
    return ""


def _prev_words(sent: _Sentence, i: int, k: int = 3) -> list[str]:
    return [w[2].lower() for w in sent.words[max(0, i - k) : i]]


def _unresolved_label(sent: _Sentence, i: int, run: int, t: _Tables) -> str:
    """The name words i..run would be if they look like a place that was not placed, else ""."""
    words = sent.words
    first = _POSSESSIVE.sub("", words[i][2])
    if first.casefold() in t.never or words[i][2].casefold() in t.never:
        return ""
    prev = _prev_words(sent, i)
    before = prev[-1] if prev else ""
    if before.rstrip(".") in TITLES:
        return ""
    # a feature word ends the run ("Snake Island") or follows it ("Belgorod region")
    for j in range(i, run + 1):
        if j > i and words[j][2].lower() in FEATURE_WORDS:
            return sent.text[words[i][0] : words[j][1]]
        if words[j][2].casefold() in t.never:
            run = j - 1
            break
    if run < i:
        return ""
    label = sent.text[words[i][0] : words[run][0]] + _split_word(words[run][2])[0]
    nxt = _next_word(sent, run).lower()
    if nxt in FEATURE_WORDS:
        return sent.text[words[i][0] : words[run + 1][1]]
    if re.search(r"-(?:based|held|controlled|occupied)$", words[run][2]):
        return label
    if before in CUE_BEFORE:
        return label
    if before == "of" and len(prev) >= 2 and prev[-2] in CUE_OF:
        return label
    return ""


def _plural_region_follows(sent: _Sentence, j: int) -> bool:
    """Words after j are "and Y oblasts" / ", Y and Z regions": X is one of a list of oblasts."""
    words = sent.words
    k = j + 1
    while k < len(words) and k <= j + 8:
        gap = sent.text[words[k - 1][1] : words[k][0]]
        if gap not in (" ", ", "):
            return False
        w = words[k][2]
        if w.lower() in ("oblasts", "regions", "provinces"):
            return k > j + 1
        if not (w[:1].isupper() or w in ("and", "or")):
            return False
        k += 1
    return False


def _read_name(sent: _Sentence, para: str, i: int, j: int, text: str, gaz, t: _Tables, idx):
    """A _Hit for words i..j read as ``text``, "skip" for a word that is never a place, or None."""
    k = key(text)
    if not k:
        return None
    single = i == j
    cf = text.casefold()
    if single and (cf in t.never or sent.words[i][2].casefold() in t.never):
        return "skip"
    prev = _prev_words(sent, i)
    before = prev[-1] if prev else ""
    if before in TITLES or (i > 0 and sent.words[i - 1][2].rstrip(".").lower() in TITLES):
        return "skip"  # "Gen. Surovikin", "President Zelensky"
    nxt = _next_word(sent, j)
    nxt_l = nxt.lower()
    end_word = j
    s0 = sent.words[i][0]
    has_possessive = bool(_split_word(sent.words[j][2])[1])
    # X Oblast / region / province, and "the X and Y oblasts"
    if not has_possessive and nxt_l not in REGION_WORDS and _plural_region_follows(sent, j):
        rid = t.region_by_stem.get(k)
        if rid is not None:
            c = _gaz_candidate(gaz, t, idx, rid)
            return _Hit(
                para, sent.text, text, s0, s0 + len(text), [c], 0.9, f"'{text}': an oblast (a list of oblasts follows)"
            ), j
    if nxt_l in REGION_WORDS and not has_possessive:
        end_word = j + 1
        label = sent.text[s0 : sent.words[end_word][1]]
        label = _POSSESSIVE.sub("", label)
        rid = t.region_by_stem.get(k)
        why = ""
        conf = 0.9
        if rid is None:
            seat = None
            for e in idx.lookup(text):
                if e.geonameid in t.seat_region:
                    seat = e
                    break
            if seat is not None:
                rid = t.seat_region[seat.geonameid]
                why = f"'{label}': the oblast whose seat is {seat.name}"
        if rid is not None:
            c = _gaz_candidate(gaz, t, idx, rid)
            return _Hit(
                para,
                sent.text,
                label,
                s0,
                s0 + len(label),
                [c],
                1.0 if gazetteer_mod.normalize(label) in t.gaz_exact else conf,
                why,
            ), end_word
        towns = [e for e in idx.lookup(text) if e.country == "UA"]
        gz = t.gaz_by_key.get(k, ())
        if gz and gaz[gz[0]].kind == "city":
            c = _gaz_candidate(gaz, t, idx, gz[0])
            return _Hit(
                para,
                sent.text,
                label,
                s0,
                s0 + len(label),
                [c],
                0.6,
                f"'{label}' read as the area around {c.name} (no oblast of that name)",
            ), end_word
        if towns:
            hit = _Hit(
                para, sent.text, label, s0, s0 + len(label), [_gn_candidate(e) for e in towns], 0.6, ambiguous=len(towns) > 1
            )
            hit.why = f"'{label}' read as the area around {towns[0].name} (no oblast of that name)"
            return hit, end_word
        return None  # Belgorod region: unresolved (no outline of regions outside Ukraine)
    exact = gazetteer_mod.normalize(text) in t.gaz_exact
    poss = _split_word(sent.words[j][2])[1]
    written = text + poss if _POSSESSIVE.fullmatch(poss) else text  # "Kherson's", not "Kherson-based"
    # a river or the city of the same name
    river = t.river_by_stem.get(k)
    if river is None and nxt_l in RIVER_WORDS and not has_possessive:
        return None  # "the Oskil River": a river the gazetteer lacks, not the village of that name (unresolved)
    if river is not None:
        river_cue = nxt_l in RIVER_WORDS or before == "the"
        city_cue = nxt_l == "city"
        gz = [g for g in t.gaz_by_key.get(k, ()) if g != river]
        if river_cue and not city_cue or not gz:
            end_word = j + 1 if nxt_l in RIVER_WORDS else j
            label = _POSSESSIVE.sub("", sent.text[s0 : sent.words[end_word][1]]) if end_word > j else written
            why = (
                ""
                if not gz
                else f"'{label}': the river ({'river follows' if nxt_l in RIVER_WORDS else 'the article: cities take none'})"
            )
            conf = 1.0 if not gz else 0.95
            return _Hit(para, sent.text, label, s0, s0 + len(label), [_gaz_candidate(gaz, t, idx, river)], conf, why), end_word
        label = written if not city_cue else sent.text[s0 : sent.words[j + 1][1]]
        why = f"'{label}': the city, not the river ({'city follows' if city_cue else 'no article, no river word'})"
        cands = [_gaz_candidate(gaz, t, idx, g) for g in gz] + [_gaz_candidate(gaz, t, idx, river)]
        return _Hit(para, sent.text, label, s0, s0 + len(label), cands, 0.95, why), (j + 1 if city_cue else j)
    label = written
    gz = t.gaz_by_key.get(k)
    if gz:
        cands = [_gaz_candidate(gaz, t, idx, g) for g in gz]
        return _Hit(para, sent.text, label, s0, s0 + len(label), cands, 1.0 if exact else 0.95), j
    entries = idx.lookup(text)
    if not entries:
        return None
    after = sent.text[sent.words[j][1] : sent.words[j][1] + 2]
    if before == "the" and (not nxt or nxt_l in FUNCTION_WORDS) and not re.match(r"[–/]\w", after):
        return "feature"  # "reached the Oskil": a river or feature named like a village (cities take no article)
    initial = i == 0 or sent.text[: sent.words[i][0]].strip(" \"“‘'([") == ""
    cue = (len(prev) >= 1 and prev[-1] in SETTLEMENT_CUES) or (
        len(prev) >= 2 and prev[-1] == "of" and prev[-2] in SETTLEMENT_CUES
    )
    if single and k in idx.common and k not in t.keep and not cue:
        return "skip"  # an everyday English word that also names a village
    if single and initial and not cue and all(e.population < 10_000 for e in entries) and before == "":
        # a capitalised first word naming only small places: read as a place only with a cue
        from_alt = all(e.name.casefold() != cf for e in entries)
        if from_alt:
            return "skip"
    seen: dict[str, model.Candidate] = {}
    for e in entries:
        gid = t.gid_to_gaz.get(e.geonameid)
        c = _gaz_candidate(gaz, t, idx, gid) if gid else _gn_candidate(e)
        seen.setdefault(c.id, c)
    cands = list(seen.values())
    as_written = any(e.name.casefold() == cf for e in entries)
    conf = 0.9 if as_written else 0.85
    return _Hit(para, sent.text, label, s0, s0 + len(label), cands, conf, ambiguous=len(cands) > 1), j


# ---- ambiguity ------------------------------------------------------------------------------


def _rank(hit: _Hit, anchors: list[tuple[float, float, str]], context: set[str], idx) -> None:
    """Order an ambiguous hit's candidates and say why the first won.

    The order: the gazetteer's place; named so (its own name, not only an old or foreign alternate name:
    Novorossiysk the Russian port, not a Ukrainian village once called so); in Ukraine; in an oblast the
    paragraph names or places its other places in; nearer (50 km bands) to those places; not a city
    section; more people.
    """
    n = len(hit.candidates)

    def dist(c: model.Candidate) -> tuple[float, str]:
        if not anchors:
            return (math.inf, "")
        d, name = min((_haversine_km(c.lat, c.lon, a, b), nm) for a, b, nm in anchors)
        return d, name

    ranked = []
    label_text = _POSSESSIVE.sub("", hit.name)
    for c in hit.candidates:
        d, near = dist(c)
        band = math.floor(d / BAND_KM) if math.isfinite(d) else 10**6
        e = idx.by_id.get(int(c.id[3:])) if c.id.startswith("gn-") else None
        section = bool(e and e.section_of)
        alt_only = bool(e and key(e.name) != key(label_text))
        outside = not (c.admin1 and c.admin1 in context)
        rank = (c.source != GAZETTEER_SOURCE, alt_only, c.country != "UA", outside, band, section, -(c.population or 0))
        ranked.append((rank, c, d, near))
    ranked.sort(key=lambda r: r[0])
    hit.candidates = [r[1] for r in ranked]
    if n < 2:
        return
    (best, top, d, near), second = ranked[0][:4], ranked[1]
    where = top.admin1.replace("-", " ").title() if top.country == "UA" and top.admin1 else top.country
    said = f"{n} places are called {hit.name}: "
    step = next((i for i in range(len(best)) if best[i] != second[0][i]), len(best))
    if step == 0:
        why, conf = f"the gazetteer's {top.name}", 0.95
    elif step == 1:
        why, conf = f"the one whose own name it is ({top.name}, {where}), not an old or other name", 0.6
    elif step == 2:
        why, conf = f"the one in Ukraine ({where})", 0.75
    elif step == 3:
        why, conf = f"the one in {where}, the oblast of the passage's other places", 0.75
    elif step == 4:
        clear = second[0][4] - best[4] >= 2
        why, conf = f"the one in {where}, {d:.0f} km from {near}, named in the same passage", 0.75 if clear else 0.6
    elif step == 5:
        why, conf = f"the one in {where} that is not a city section", 0.6
    else:
        p1, p2 = top.population or 0, second[1].population or 0
        why, conf = f"the largest, in {where} ({p1:,} people; next {p2:,})", 0.6 if p1 >= 5 * max(p2, 1) else 0.4
    hit.why = hit.why or said + why
    hit.confidence = min(hit.confidence, conf)


def find_places(
    paragraphs: Sequence[model.Paragraph], gazetteer=None, names=None
) -> tuple[tuple[model.FoundPlace, ...], tuple[model.Unresolved, ...]]:
    """The places an essay names, each with every sentence naming it, and the names not placed.

    Parameters
    ----------
    paragraphs : sequence of model.Paragraph
        The essay in reading order (``id`` "p1".., ``text`` verbatim).
    gazetteer : geo.data.gazetteer.Gazetteer, optional
        Default: the shipped gazetteer.
    names : geo.essays.names.Index, optional
        Default: the shipped name index (data/places/names.json.gz).

    Returns
    -------
    places : tuple of model.FoundPlace
        In order of first mention. Gazetteer places keep their id ("melitopol", "dnipro-river"); other
        settlements are "gn-<geonameid>". ``confidence``, ``why`` and ``alternatives`` as the module says.
    unresolved : tuple of model.Unresolved
        Capitalised names after a place cue that were not placed, each with its sentence.

    Examples
    --------
    >>> from geo.essays.model import Paragraph
    >>> found, missing = find_places([Paragraph("p1", "Shelling hit Kherson's port and Izium in March.")])
    >>> [(f.id, f.mentions[0].name) for f in found]
    [('kherson', "Kherson's"), ('gn-707292', 'Izium')]
    """
    gaz = gazetteer if gazetteer is not None else gazetteer_mod.load()
    idx = names if names is not None else names_mod.load()
    t = _tables(gaz)
    all_hits: list[_Hit] = []
    missing: list[model.Unresolved] = []
    order = 0
    for para in paragraphs:
        para_hits: list[_Hit] = []
        for a, b in sentences(para.text):
            sent_text = para.text[a:b]
            sent = _Sentence(sent_text)
            taken: list[tuple[int, int]] = []
            for m in gaz.mentions(sent_text, para.id):
                if len(m.places) > 1 or not re.fullmatch(r"[A-Z][\w'’-]*", m.text):
                    # a phrase or a lowercase alias ("the Kremlin", "cross the Dnipro"): as written
                    cands = [_gaz_candidate(gaz, t, idx, pid) for pid in m.places]
                    h = _Hit(para.id, sent_text, m.text, m.start, m.end, cands[:1], 1.0, extra=cands[1:])
                    why = next((ph.why for ph in gaz.phrases if ph.text == m.text), "")
                    h.why = why
                    para_hits.append(h)
                    taken.append((m.start, m.end))
            hits, unres = _scan_sentence(sent, para.id, gaz, t, idx, taken)
            para_hits.extend(hits)
            seen_u = set()
            for u in unres:
                if u not in seen_u:
                    seen_u.add(u)
                    missing.append(model.Unresolved(u, para.id, sent_text))
        for h in para_hits:
            h.order = order
            order += 1
        all_hits.extend(para_hits)
    # anchors: places named unambiguously, per paragraph and in the whole essay
    sure: dict[str, list[tuple[float, float, str]]] = {}
    for h in all_hits:
        if not h.ambiguous:
            c = h.candidates[0]
            if math.isfinite(c.lat) and c.kind in ("city", "settlement", "facility", "plant", "bridge", "spit"):
                sure.setdefault(h.paragraph, []).append((c.lat, c.lon, c.name))
    everywhere = [a for lst in sure.values() for a in lst]
    # the oblasts a paragraph names or places its unambiguous places in
    context: dict[str, set[str]] = {}
    for h in all_hits:
        if not h.ambiguous:
            for c in [h.candidates[0], *h.extra]:
                if c.kind == "region" and c.id.endswith("-oblast"):
                    context.setdefault(h.paragraph, set()).add(c.id)
                elif c.admin1 and c.country == "UA" and c.kind != "region":
                    context.setdefault(h.paragraph, set()).add(c.admin1)
    for h in all_hits:
        if len(h.candidates) > 1 and h.ambiguous:
            _rank(h, sure.get(h.paragraph) or everywhere, context.get(h.paragraph, set()), idx)
    _one_sense(all_hits)
    return _group(all_hits), tuple(missing)


def _one_sense(hits: list[_Hit]) -> None:
    """One name, one place per essay: an ambiguous name goes where most of its mentions put it.

    Ties go to the larger place (the one an essay is likelier to discuss). A mention moved by this rule
    says so in ``why``.
    """
    groups: dict[str, list[_Hit]] = {}
    for h in hits:
        if h.ambiguous and len(h.candidates) > 1:
            groups.setdefault(key(_POSSESSIVE.sub("", h.name)), []).append(h)
    for group in groups.values():
        votes: dict[str, list] = {}
        for h in group:
            c = h.candidates[0]
            v = votes.setdefault(c.id, [0, c.population or 0])
            v[0] += 1
        if len(votes) < 2:
            continue
        win = max(votes, key=lambda cid: tuple(votes[cid]))
        for h in group:
            if h.candidates[0].id != win:
                h.candidates = sorted(h.candidates, key=lambda c: c.id != win)
                h.why = f"read as {h.candidates[0].name}, as elsewhere in the essay ({votes[win][0]} of {len(group)} mentions)"
                h.confidence = min(h.confidence, 0.6)


def _spelling(mentions: list[model.Mention], default: str) -> str:
    """How the essay spells a settlement: GeoNames' name ``default`` if the essay uses it, else the
    essay's most frequent spelling (possessive dropped; the first one on a tie)."""
    counts: dict[str, int] = {}
    for m in mentions:
        n = _POSSESSIVE.sub("", m.name).strip()
        if n:
            counts[n] = counts.get(n, 0) + 1
    if not counts or default in counts:  # GeoNames' own name where the essay uses it (Bakhmut beside Artemivsk)
        return default
    return max(counts, key=lambda n: counts[n])


def _group(hits: list[_Hit]) -> tuple[model.FoundPlace, ...]:
    by_id: dict[str, dict] = {}
    for h in sorted(hits, key=lambda h: h.order):
        for n, c in enumerate([h.candidates[0], *h.extra]):
            pid = c.id
            g = by_id.get(pid)
            if g is None:
                g = by_id[pid] = {"c": c, "mentions": [], "conf": 0.0, "why": "", "alts": {}}
            m = model.Mention(h.paragraph, h.sentence, h.name, h.start, h.end)
            if not any(x.paragraph == m.paragraph and x.text == m.text and key(x.name) == key(m.name) for x in g["mentions"]):
                g["mentions"].append(m)
            g["conf"] = max(g["conf"], h.confidence)
            if h.why and not g["why"]:
                g["why"] = h.why
            for alt in h.candidates[1:] if n == 0 else ():
                if alt.id != pid:
                    g["alts"].setdefault(alt.id, alt)
    out = []
    for g in by_id.values():
        c = g["c"]
        if c.id.startswith("gn-"):  # a settlement is named as the essay spells it (Kupiansk, not GeoNames' Kupyansk)
            c = dataclasses.replace(c, name=_spelling(g["mentions"], c.name))
        alts = tuple(list(g["alts"].values())[:MAX_ALTERNATIVES])
        out.append(
            model.FoundPlace(
                id=c.id,
                name=c.name,
                kind=c.kind,
                lat=c.lat,
                lon=c.lon,
                source=c.source,
                confidence=round(g["conf"], 2),
                mentions=tuple(g["mentions"]),
                why=g["why"],
                alternatives=alts,
                population=c.population,
                country=c.country,
                admin1=c.admin1,
            )
        )
    return tuple(out)
