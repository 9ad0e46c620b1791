"""The analyst's review of an added essay: accept, reject, "this is the other X", add a missed place.

A stored essay (``model.Essay``) carries what the finder found and the analyst's decisions
(``model.Decision``, at most one per place id). This module applies them (:func:`reviewed_places`),
records a new one after checking every value (:func:`decide`: a bad value raises ``ValueError`` whose
one-line message quotes it, cut at 50 characters) and searches the gazetteer and GeoNames for "add a
place" (:func:`search_candidates`). Saving goes through ``geo.essays.store.save_decisions``; nothing
here writes a file.

No summary is ever made up here: a place keeps the essay's sentences verbatim, and
``Decision.summary`` is the analyst's own line, shown labelled as theirs.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from geo.core.paths import rel
from geo.data import gazetteer as gazetteer_mod
from geo.data import places as places_mod
from geo.data import settlements
from geo.essays import model

STATUSES = ("accepted", "rejected", "added")
SUMMARY_MAX = 200  # characters of the analyst's one-line summary
NAME_MAX = 80  # characters of a name the analyst adds
QUERY_MAX = 80  # characters of a search query (longer ones are cut before searching)
SEARCH_LIMIT = 20  # candidates returned by default
QUOTE_MAX = 50  # characters of a bad value shown in an error message
GN_ID = re.compile(r"^gn-([1-9][0-9]{0,9})$")
GAZETTEER_SOURCE = f"gazetteer ({rel(gazetteer_mod.PLACES_FILE)})"
STATUS_LABELS = {"accepted": "Accepted", "rejected": "Rejected", "added": "Added by the analyst", "": "Not reviewed"}


# ---- messages ---------------------------------------------------------------------------------


def quote(value: object, limit: int = QUOTE_MAX) -> str:
    """A value for a one-line error message: cut at ``limit`` characters, control characters and line
    breaks shown as escapes, in double quotes.

    Parameters
    ----------
    value : object
        What the analyst (or a link, or a file) gave; ``str()`` of it is shown.
    limit : int, optional
        Characters kept before an ellipsis (default 50).

    Returns
    -------
    str
        The quoted value, always on one line.

    Examples
    --------
    >>> quote("Kyiv")
    '"Kyiv"'
    >>> quote("a\\nb")
    '"a\\\\nb"'
    >>> quote("x" * 60)[-3:]
    'x…"'
    """
    s = str(value)
    cut = len(s) > limit
    s = s[:limit]
    out = []
    for ch in s:
        if ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif _is_control(ch):
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + ("…" if cut else "") + '"'


def _is_control(ch: str) -> bool:
    """Control, format (bidi overrides, zero-width) and line/paragraph separator characters."""
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") or ch in "\u0085"


def _one_line(value: str, what: str, limit: int) -> str:
    """``value`` stripped, checked: at most ``limit`` characters, one line, no control characters."""
    if not isinstance(value, str):
        raise ValueError(f"{what} {quote(value)} is not text")
    v = value.strip()
    if any(ch in "\n\r\u2028\u2029\u0085\x0b\x0c" for ch in v):
        raise ValueError(f"{what} {quote(value)} has a line break: it must be one line")
    if any(_is_control(ch) for ch in v):
        raise ValueError(f"{what} {quote(value)} has a control character")
    if len(v) > limit:
        raise ValueError(f"{what} {quote(value)} is {len(v)} characters long: at most {limit}")
    return v


# ---- candidates: the gazetteer and GeoNames ---------------------------------------------------


@lru_cache(maxsize=1)
def _gazetteer_candidates() -> dict[str, model.Candidate]:
    """Every gazetteer place with a point in the built places (data/places/places.geojson)."""
    gaz = gazetteer_mod.load()
    rows = _settlements()[0]
    t = settlements.load()
    out = {}
    for f in places_mod.features():
        pid = f["properties"]["id"]
        if pid not in gaz:
            continue
        lon, lat = f["geometry"]["coordinates"][:2]
        p = gaz[pid]
        gid = p.source.get("geonameid")
        row = rows.get(int(gid)) if gid else None
        population = p.population or (int(t.population[row]) if row is not None else None)
        unit = str(f["properties"].get("unit") or "") if p.kind in ("city", "facility") else ""
        out[pid] = model.Candidate(
            id=pid,
            name=p.name,
            kind=p.kind,
            lat=round(float(lat), 5),
            lon=round(float(lon), 5),
            source=GAZETTEER_SOURCE,
            population=population,
            country="UA" if unit else "",
            admin1=unit,
        )
    return out


@lru_cache(maxsize=1)
def _gazetteer_geonames() -> dict[str, str]:
    """ "gn-<geonameid>" -> gazetteer id, for the gazetteer's GeoNames places (the gazetteer wins)."""
    gaz = gazetteer_mod.load()
    return {f"gn-{int(p.source['geonameid'])}": p.id for p in gaz.places.values() if p.source.get("geonameid")}


@lru_cache(maxsize=1)
def _settlements() -> tuple[dict[int, int], tuple[str, ...], tuple[str, ...]]:
    """GeoNames settlements of data/places/settlements.geojson: row by geonameid, names, normalised names."""
    t = settlements.load()
    rows = {int(g): i for i, g in enumerate(t.geonameid)}
    return rows, t.name, tuple(gazetteer_mod.normalize(n) for n in t.name)


def _settlement_candidate(i: int) -> model.Candidate:
    t = settlements.load()
    gid = int(t.geonameid[i])
    return model.Candidate(
        id=f"gn-{gid}",
        name=t.name[i],
        kind="settlement",
        lat=round(float(t.lat[i]), 5),
        lon=round(float(t.lon[i]), 5),
        source=f"GeoNames {gid} ({rel(settlements.FILE)})",
        population=int(t.population[i]),
        country="UA",
        admin1=t.admin_unit[i] or "",
    )


def candidate(place_id: str) -> model.Candidate | None:
    """The gazetteer place or GeoNames settlement an id names, or None.

    Parameters
    ----------
    place_id : str
        A gazetteer id ("melitopol", "dnipro-river") or "gn-<geonameid>".

    Returns
    -------
    geo.essays.model.Candidate or None
        With its point, kind, source and (for settlements) population and first-level unit.

    Examples
    --------
    >>> candidate("melitopol").kind
    'city'
    >>> candidate("gn-000") is None
    True
    """
    if not isinstance(place_id, str):
        return None
    gaz = _gazetteer_candidates()
    place_id = _gazetteer_geonames().get(place_id, place_id)
    if place_id in gaz:
        return gaz[place_id]
    m = GN_ID.match(place_id)
    if m:
        idx = _names_index()
        if idx is not None:
            e = idx.by_id.get(int(m.group(1)))
            return _entry_candidate(e) if e is not None else None
        row = _settlements()[0].get(int(m.group(1)))
        if row is not None:
            return _settlement_candidate(row)
    return None


@lru_cache(maxsize=1)
def _names_index():
    """The GeoNames name index (``geo.essays.names.load()``: every Ukrainian settlement and the
    neighbours' large cities, with alternate names), or None where it is not there (then the
    settlements of data/places/settlements.geojson are searched)."""
    try:
        from geo.essays import names  # type: ignore[attr-defined]
    except ImportError:
        return None
    try:
        return names.load()
    except (OSError, ValueError, KeyError, AttributeError):
        return None


def _entry_candidate(e) -> model.Candidate:
    """A name-index entry as a candidate (as the finder makes it)."""
    return model.Candidate(
        id=f"gn-{int(e.geonameid)}",
        name=e.name,
        kind="settlement",
        lat=round(float(e.lat), 5),
        lon=round(float(e.lon), 5),
        source=f"GeoNames {int(e.geonameid)} (data/places/names.json.gz)",
        population=int(e.population) or None,
        country=e.country,
        admin1=e.admin1,
    )


def _geonames_search(query: str, limit: int) -> list[model.Candidate]:
    """GeoNames places whose name matches a query, best first: the name index's own order (the same
    name in any spelling, then names starting with it, the larger first), else the shipped settlements
    (exact, prefix, containing, close spellings; the larger population first within each)."""
    idx = _names_index()
    if idx is not None:
        return [_entry_candidate(e) for e in idx.search(query, limit=limit)]
    key = gazetteer_mod.normalize(query)
    rows, _, norm = _settlements()
    t = settlements.load()
    exact, prefix, inside = [], [], []
    for i, n in enumerate(norm):
        if n == key:
            exact.append(i)
        elif n.startswith(key):
            prefix.append(i)
        elif len(key) >= 3 and key in n:
            inside.append(i)
    by_pop = lambda i: -float(t.population[i])  # noqa: E731
    order = sorted(exact, key=by_pop) + sorted(prefix, key=by_pop) + sorted(inside, key=by_pop)
    if len(order) < limit and len(key) >= 4:
        from rapidfuzz import fuzz, process

        seen = set(order)
        hits = process.extract(key, norm, scorer=fuzz.ratio, score_cutoff=80, limit=limit * 3)
        order += sorted((i for _, _, i in hits if i not in seen), key=by_pop)
    return [_settlement_candidate(i) for i in order[:limit]]


def _same_name(query: str, found: Sequence[model.Candidate]) -> set[str]:
    """The ids among ``found`` that bear the query's name itself (any spelling the index knows)."""
    idx = _names_index()
    if idx is not None:
        return {f"gn-{int(e.geonameid)}" for e in idx.lookup(query)}
    key = gazetteer_mod.normalize(query)
    return {c.id for c in found if gazetteer_mod.normalize(c.name) == key}


def search_candidates(query: str, limit: int = SEARCH_LIMIT) -> list[model.Candidate]:
    """Places a typed name could mean, for "add a place": the gazetteer first (its names, aliases and
    transliterations, then a close spelling), then GeoNames settlements.

    Parameters
    ----------
    query : str
        What the analyst typed (any spelling: Kiev, Zaporozhye, Berdiansk…); cut at 80 characters.
    limit : int, optional
        At most this many candidates (default 20).

    Returns
    -------
    list of geo.essays.model.Candidate
        Best first, no id twice; empty for an empty query.

    Examples
    --------
    >>> [c.id for c in search_candidates("Zaporozhye")][:1]
    ['zaporizhzhia']
    >>> search_candidates("   ")
    []
    """
    if not isinstance(query, str):
        return []
    q = "".join(ch for ch in query[:QUERY_MAX] if not _is_control(ch))
    key = gazetteer_mod.normalize(q)
    if not key or limit <= 0:
        return []
    gaz = gazetteer_mod.load()
    cands = _gazetteer_candidates()
    out: list[model.Candidate] = []

    def add(items: Iterable[model.Candidate | None]) -> None:
        for c in items:
            if c is not None and c.id not in {o.id for o in out}:
                out.append(c)

    hit = gaz.resolve(q)  # a name, alias or transliteration; else the closest spelling
    exact = hit is not None and key in {gazetteer_mod.normalize(n) for n in (hit, *gaz[hit].names)}
    dup = _gazetteer_geonames()
    geonames = [c for c in _geonames_search(q, limit + len(cands)) if c.id not in dup]
    if exact:
        add([cands.get(hit)])
    same = _same_name(q, geonames)
    add(c for c in geonames if c.id in same)  # "Lviv" the city before "Lviv Oblast"
    if hit:
        add([cands.get(hit)])
    starts, inside = [], []
    for pid, c in cands.items():
        keys = [gazetteer_mod.normalize(n) for n in gaz[pid].names]
        if any(k.startswith(key) for k in keys):
            starts.append(c)
        elif len(key) >= 3 and any(key in k for k in keys):
            inside.append(c)
    add(sorted(starts, key=lambda c: c.name))
    add(sorted(inside, key=lambda c: c.name))
    add(geonames)
    return out[:limit]


# ---- applying the decisions ------------------------------------------------------------------


def decisions_by_place(essay: model.Essay) -> dict[str, model.Decision]:
    """The analyst's decision for each place id (the last one where a stored essay has several).

    Parameters
    ----------
    essay : geo.essays.model.Essay
        A stored essay.

    Returns
    -------
    dict
        Place id -> ``model.Decision``.

    Examples
    --------
    >>> e = model.Essay("x", "X", "2024-01-01", "", "x.txt", "", (), (), (), (model.Decision("kyiv", "rejected"),))
    >>> decisions_by_place(e)["kyiv"].status
    'rejected'
    """
    return {d.place: d for d in essay.decisions}


def status_of(essay: model.Essay, place_id: str) -> str:
    """A place's review status: "accepted", "rejected", "added", or "" when not reviewed yet.

    Parameters
    ----------
    essay : geo.essays.model.Essay
        A stored essay.
    place_id : str
        A found place's id, or one the analyst added.

    Returns
    -------
    str
        The status of its decision, or "".

    Examples
    --------
    >>> e = model.Essay("x", "X", "2024-01-01", "", "x.txt", "", (), (), ())
    >>> status_of(e, "kyiv")
    ''
    """
    d = decisions_by_place(essay).get(place_id)
    return d.status if d else ""


def _as_candidate(p: model.FoundPlace) -> model.Candidate:
    return model.Candidate(
        id=p.id,
        name=p.name,
        kind=p.kind,
        lat=p.lat,
        lon=p.lon,
        source=p.source,
        population=p.population,
        country=p.country,
        admin1=p.admin1,
    )


def _from_candidate(c: model.Candidate, **extra) -> model.FoundPlace:
    return model.FoundPlace(
        id=c.id,
        name=extra.pop("name", c.name),
        kind=c.kind,
        lat=c.lat,
        lon=c.lon,
        source=c.source,
        population=c.population,
        country=c.country,
        admin1=c.admin1,
        **extra,
    )


def sentences(essay: model.Essay) -> list[tuple[str, str]]:
    """Every sentence of the essay, verbatim, with its paragraph id, in reading order.

    Parameters
    ----------
    essay : geo.essays.model.Essay
        A stored essay.

    Returns
    -------
    list of (str, str)
        ``(paragraph id, sentence)``.

    Examples
    --------
    >>> e = model.Essay("x", "X", "2024-01-01", "", "x.txt", "", (model.Paragraph("p1", "One. Two."),), (), ())
    >>> sentences(e)
    [('p1', 'One.'), ('p1', 'Two.')]
    """
    return [(p.id, s) for p in essay.paragraphs for s in _split_sentences(p.text)]


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREV = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Gen|Lt|Col|Maj|Capt|Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Pres|St|Mt|No|Vol|vs|etc|cf|e\.g|i\.e)\.)$"
)


def _split_sentences(text: str) -> list[str]:
    """A paragraph's sentences, verbatim: ``geo.essays.split.sentences`` (their offsets) where it exists,
    else a splitter that keeps abbreviations ("U.S.", "Gen.") inside their sentence."""
    try:
        from geo.essays import split  # type: ignore[attr-defined]

        fn = getattr(split, "sentences", None)
    except ImportError:
        fn = None
    if callable(fn):
        return [text[s[0] : s[1]] if isinstance(s, tuple) else str(s) for s in fn(text)]  # (start, end) offsets
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        head = text[start : m.start()]
        if _ABBREV.search(head.rstrip("\"'”’)]")):
            continue
        out.append(head.strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def find_name(essay: model.Essay, name: str) -> tuple[model.Mention, ...]:
    """Every sentence that names ``name`` verbatim (as a whole word, also "X's"), with its offsets.

    Parameters
    ----------
    essay : geo.essays.model.Essay
        A stored essay.
    name : str
        The name as the analyst gave it (matched case-sensitively, as written).

    Returns
    -------
    tuple of geo.essays.model.Mention
        One per sentence (its first occurrence), in reading order.

    Examples
    --------
    >>> e = model.Essay("x", "X", "2024-01-01", "", "x.txt", "", (model.Paragraph("p1", "Troops left Hola Prystan. Then rain."),), (), ())
    >>> [(m.paragraph, m.start, m.end) for m in find_name(e, "Hola Prystan")]
    [('p1', 12, 24)]
    """
    name = (name or "").strip()
    if not name:
        return ()
    pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
    out = []
    for pid, s in sentences(essay):
        m = pattern.search(s)
        if m:
            out.append(model.Mention(paragraph=pid, text=s, name=m.group(0), start=m.start(), end=m.end()))
    return tuple(out)


def reviewed_places(essay: model.Essay) -> list[model.FoundPlace]:
    """The essay's places as they stand after the analyst's review, in the finder's order, added ones last.

    A rejected place is left out; a place not yet reviewed stays as found; "this is the other X"
    (``Decision.chosen``) puts the chosen candidate in its place, keeping its sentences, with the
    found one among its alternatives; a place the analyst added has the name they gave and every
    sentence of the essay that names it verbatim.

    Parameters
    ----------
    essay : geo.essays.model.Essay
        A stored essay with its decisions.

    Returns
    -------
    list of geo.essays.model.FoundPlace
        No id twice.

    Examples
    --------
    >>> m = model.Mention("p1", "Kyiv held.", "Kyiv", 0, 4)
    >>> kyiv = model.FoundPlace("kyiv", "Kyiv", "city", 50.45, 30.52, "gazetteer", 1.0, (m,))
    >>> e = model.Essay("x", "X", "2024-01-01", "", "x.txt", "", (), (kyiv,), (), (model.Decision("kyiv", "rejected"),))
    >>> reviewed_places(e)
    []
    """
    decisions = decisions_by_place(essay)
    out: list[model.FoundPlace] = []
    seen: set[str] = set()
    for p in essay.places:
        d = decisions.get(p.id)
        if d is not None and d.status == "rejected":
            continue
        if d is not None and d.chosen and d.chosen != p.id:
            alt = next((a for a in p.alternatives if a.id == d.chosen), None) or candidate(d.chosen)
            if alt is None:
                continue  # a stored choice that no longer exists (data rebuilt): the place is not drawn
            others = (_as_candidate(p),) + tuple(a for a in p.alternatives if a.id != alt.id)
            place = _from_candidate(
                alt,
                confidence=1.0,
                mentions=p.mentions,
                why=f"the analyst chose {alt.name} instead of {p.name}",
                alternatives=others,
            )
        else:
            place = p
        if place.id in seen:
            continue
        seen.add(place.id)
        out.append(place)
    found = {p.id for p in essay.places}
    for d in essay.decisions:
        if d.status != "added" or d.place in found or d.place in seen:
            continue
        c = candidate(d.place)
        if c is None:
            continue
        seen.add(d.place)
        out.append(
            _from_candidate(
                c,
                name=d.name or c.name,
                confidence=1.0,
                mentions=find_name(essay, d.name or c.name),
                why="added by the analyst",
            )
        )
    return out


def decide(
    essay: model.Essay,
    place_id: str,
    status: str,
    chosen: str = "",
    summary: str = "",
    *,
    name: str = "",
) -> model.Essay:
    """The essay with the analyst's decision on one place (replacing any earlier one for that place).

    Every value is checked; nothing is written (save with ``geo.essays.store.save_decisions``).

    Parameters
    ----------
    essay : geo.essays.model.Essay
        A stored essay.
    place_id : str
        A found place's id (for "accepted"/"rejected"), or the gazetteer id or "gn-<geonameid>" of
        the place the analyst adds (for "added"; "rejected" then removes it again).
    status : str
        "accepted", "rejected" or "added".
    chosen : str, optional
        "This is the other X": one of the found place's alternatives (only with "accepted"); for
        "added", empty or ``place_id``.
    summary : str, optional
        The analyst's own one-line summary: at most 200 characters, no line break or control character.
    name : str, optional
        For "added": the name as the essay writes it (its sentences are found by it); default the
        place's own name.

    Returns
    -------
    geo.essays.model.Essay
        A new essay; ``decisions`` in the order first made.

    Raises
    ------
    ValueError
        One line naming the bad value, quoted and cut at 50 characters.

    Examples
    --------
    >>> m = model.Mention("p1", "Kyiv held.", "Kyiv", 0, 4)
    >>> kyiv = model.FoundPlace("kyiv", "Kyiv", "city", 50.45, 30.52, "gazetteer", 1.0, (m,))
    >>> e = model.Essay("x", "X", "2024-01-01", "", "x.txt", "", (), (kyiv,), ())
    >>> decide(e, "kyiv", "accepted", summary="The capital held.").decisions
    (Decision(place='kyiv', status='accepted', chosen='', summary='The capital held.', name=''),)
    >>> decide(e, "kyiv", "maybe")
    Traceback (most recent call last):
    ...
    ValueError: status "maybe" is not one of accepted, rejected, added
    """
    if not isinstance(status, str) or status not in STATUSES:
        raise ValueError(f"status {quote(status)} is not one of {', '.join(STATUSES)}")
    if not isinstance(place_id, str):
        raise ValueError(f"place {quote(place_id)} is not a place id")
    chosen = "" if chosen is None else chosen
    if not isinstance(chosen, str):
        raise ValueError(f"chosen place {quote(chosen)} is not a place id")
    summary = _one_line("" if summary is None else summary, "summary", SUMMARY_MAX)
    found = {p.id: p for p in essay.places}
    earlier = decisions_by_place(essay).get(place_id)
    if status == "added":
        if place_id in found:
            raise ValueError(f"place {quote(place_id)} is already among the essay's places: accept it there")
        c = candidate(place_id)
        if c is None:
            raise ValueError(f"place {quote(place_id)} is neither a gazetteer place nor a GeoNames settlement")
        if chosen and chosen != place_id:
            raise ValueError(f"chosen place {quote(chosen)} must be empty or the added place itself")
        name = _one_line("" if name is None else name, "name", NAME_MAX) or c.name
        decision = model.Decision(place=place_id, status="added", chosen="", summary=summary, name=name)
    else:
        if name:
            raise ValueError(f"name {quote(name)} is only for an added place")
        if place_id in found:
            p = found[place_id]
            if chosen == place_id:
                chosen = ""
            if chosen and status == "rejected":
                raise ValueError(f"chosen place {quote(chosen)}: a rejected place has no other candidate")
            if chosen and chosen not in {a.id for a in p.alternatives}:
                raise ValueError(f"chosen place {quote(chosen)} is not one of the alternatives for {p.name}")
            decision = model.Decision(place=place_id, status=status, chosen=chosen, summary=summary)
        elif earlier is not None and earlier.status == "added" and status == "rejected":
            decision = None  # an added place taken back: its decision goes
        else:
            raise ValueError(f"place {quote(place_id)} is not one of this essay's places")
    kept = [d for d in essay.decisions if d.place != place_id]
    if decision is not None:
        at = next((i for i, d in enumerate(essay.decisions) if d.place == place_id), None)
        kept.insert(len(kept) if at is None else at, decision)
    return dataclasses.replace(essay, decisions=tuple(kept))


def place_label(p: model.FoundPlace | model.Candidate) -> str:
    """A one-line label for a select box: name, kind, and where it is (first-level unit or country).

    Parameters
    ----------
    p : geo.essays.model.FoundPlace or geo.essays.model.Candidate
        The place.

    Returns
    -------
    str
        Plain text (shown as a widget option, never as Markdown).

    Examples
    --------
    >>> place_label(candidate("melitopol"))
    'Melitopol (city, Zaporizhzhia Oblast)'
    """
    gaz = gazetteer_mod.load()
    where = gaz[p.admin1].name if p.admin1 in gaz else (p.admin1 or p.country)
    if where == p.name or where.startswith(p.name + " ("):
        where = ""  # Kyiv in "Kyiv (city)"
    extra = f", pop. {p.population:,}" if p.kind == "settlement" and p.population else ""
    return f"{p.name} ({p.kind}{', ' + where if where else ''}{extra})"


def unresolved_names(essay: model.Essay) -> list[tuple[str, tuple[model.Unresolved, ...]]]:
    """The unresolved names, each once, with every sentence that has it, in reading order.

    Parameters
    ----------
    essay : geo.essays.model.Essay
        A stored essay.

    Returns
    -------
    list of (str, tuple of geo.essays.model.Unresolved)
        Each name as written, with its sentences.

    Examples
    --------
    >>> e = model.Essay("x", "X", "2024-01-01", "", "x.txt", "", (), (), (model.Unresolved("Oskil", "p2", "By the Oskil."),))
    >>> [n for n, _ in unresolved_names(e)]
    ['Oskil']
    """
    groups: dict[str, list[model.Unresolved]] = {}
    for u in essay.unresolved:
        groups.setdefault(u.name, []).append(u)
    return [(n, tuple(us)) for n, us in groups.items()]


def added_names(essay: model.Essay) -> set[str]:
    """The names the analyst has placed by hand ("added"), as they typed them.

    Parameters
    ----------
    essay : geo.essays.model.Essay
        A stored essay.

    Returns
    -------
    set of str
        The names.

    Examples
    --------
    >>> e = model.Essay("x", "X", "2024-01-01", "", "x.txt", "", (), (), (), (model.Decision("kyiv", "added", name="Kiev"),))
    >>> added_names(e)
    {'Kiev'}
    """
    return {d.name for d in essay.decisions if d.status == "added" and d.name}


def counts(essay: model.Essay) -> dict[str, int]:
    """How far the review is: places found, accepted, rejected, not reviewed, added, unresolved names.

    Parameters
    ----------
    essay : geo.essays.model.Essay
        A stored essay.

    Returns
    -------
    dict
        ``found``, ``accepted``, ``rejected``, ``pending``, ``added``, ``unresolved`` (names, each once).

    Examples
    --------
    >>> e = model.Essay("x", "X", "2024-01-01", "", "x.txt", "", (), (), ())
    >>> counts(e)["found"]
    0
    """
    dec = decisions_by_place(essay)
    st = [dec[p.id].status if p.id in dec else "" for p in essay.places]
    return {
        "found": len(essay.places),
        "accepted": st.count("accepted"),
        "rejected": st.count("rejected"),
        "pending": st.count(""),
        "added": sum(1 for d in essay.decisions if d.status == "added"),
        "unresolved": len(unresolved_names(essay)),
    }
