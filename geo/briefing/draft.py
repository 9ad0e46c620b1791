"""A draft briefing for a user essay (issue 14): one scene per cluster of its places, in reading
order, in the shape of data/authored/scenes.toml, and that TOML written back.

The clustering rule (``cluster``), in reading order of each place's first mention:

1. Places of kind "country" (Ukraine, Russia) and places outside the map's box are left out: they
   would stretch every frame to a continent.
2. A place joins the current cluster when its first mention is at most ``PARAGRAPH_GAP`` paragraphs
   after the cluster's latest paragraph **and** it lies within ``CLUSTER_KM`` km (geodesic) of one of
   the cluster's places, while the cluster has fewer than ``MAX_PLACES`` places; otherwise it starts
   the next cluster. So a scene is a stretch of the text about one area: a paragraph about the
   south and the next about the north become two scenes, two paragraphs about the same front one.
3. Each cluster is a scene: its bounds are its places' box with a margin (``MARGIN`` of its size,
   at least ``MIN_SPAN_DEG``: a single point is framed about 110 km high, a city and its
   surroundings), kept inside the map's box; its quotes are one or two of its sentences verbatim
   (those naming the most of its places, then the earliest), with their paragraph; its layers are
   the lines on the essay's date (our authored layer when they are 17 Nov 2022; the briefing's
   ``lines_date`` names an imported snapshot's date otherwise); its title is the places' names
   (ours, marked "(generated title)"); its talking points say only where the essay names them.

Nothing is invented: no summary, no figure typed in (``figures`` is empty: the app computes figures
for gazetteer places only, and the analyst may add them with "Edit scenes").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from geo.core.measure import distance_km
from geo.data.essay import ESSAY_DATE, HELD_LAYER
from geo.essays import model
from geo.web import urlstate
from geo.web.essay_map import lines_date_for, reviewed_places

PARAGRAPH_GAP = 1  # a place named more than this many paragraphs after the cluster's last starts a new scene
CLUSTER_KM = 250.0  # ... or one farther than this from every place of the cluster (geodesic)
MAX_PLACES = 6  # a scene highlights at most this many places
MARGIN = 0.25  # of the cluster's extent, on each side
MIN_SPAN_DEG = 1.0  # the smallest frame: about 110 km north to south (a single point: zoom ~8)
GENERATED = " (generated title)"
BASE_LAYERS = ("ukraine-admin1", "places", "lines")


@dataclass(frozen=True)
class _Item:
    place: model.FoundPlace
    paragraph: int  # first mention's paragraph number
    offset: int  # its order within the paragraph


def _pnum(pid: str) -> int:
    return int(pid[1:]) if pid[:1] == "p" and pid[1:].isdigit() else 10**6


def _inside(p: model.FoundPlace) -> bool:
    return urlstate.LAT_RANGE[0] <= p.lat <= urlstate.LAT_RANGE[1] and urlstate.LON_RANGE[0] <= p.lon <= urlstate.LON_RANGE[1]


def _offset(m: model.Mention, paragraphs: dict[str, str]) -> int:
    """Where a mention's name is in its paragraph (its sentence's offset plus the name's)."""
    at = paragraphs.get(m.paragraph, "").find(m.text)
    return (at if at >= 0 else 0) + m.start


def cluster(places: Sequence[model.FoundPlace], paragraphs: dict[str, str] | None = None) -> list[list[model.FoundPlace]]:
    """Group places into scenes by the rule in this module's docstring.

    Parameters
    ----------
    places : sequence of geo.essays.model.FoundPlace
        The reviewed places, each with its mentions.
    paragraphs : dict, optional
        The essay's paragraphs (id to text): the order of places within a paragraph.

    Returns
    -------
    list of list of FoundPlace
        Clusters in reading order; within each, places in reading order.

    Examples
    --------
    >>> def P(i, lat, lon, para):
    ...     m = model.Mention(para, "x", "x", 0, 1)
    ...     return model.FoundPlace(i, i, "city", lat, lon, "t", 1.0, (m,))
    >>> south = [P("melitopol", 46.85, 35.37, "p1"), P("tokmak", 47.25, 35.71, "p2")]
    >>> [[p.id for p in c] for c in cluster(south + [P("kharkiv", 50.0, 36.23, "p3")])]
    [['melitopol', 'tokmak'], ['kharkiv']]
    """
    items = []
    for p in places:
        if p.kind == "country" or not _inside(p) or not p.mentions:
            continue
        paras = paragraphs or {}
        first = min(p.mentions, key=lambda m: (_pnum(m.paragraph), _offset(m, paras)))
        items.append(_Item(p, _pnum(first.paragraph), _offset(first, paras)))
    items.sort(key=lambda it: (it.paragraph, it.offset, it.place.id))
    out: list[list[_Item]] = []
    for it in items:
        cur = out[-1] if out else None
        if (
            cur is not None
            and len(cur) < MAX_PLACES
            and it.paragraph - max(c.paragraph for c in cur) <= PARAGRAPH_GAP
            and min(distance_km(it.place.lon, it.place.lat, c.place.lon, c.place.lat) for c in cur) <= CLUSTER_KM
        ):
            cur.append(it)
        else:
            out.append([it])
    return [[it.place for it in c] for c in out]


def bounds_of(places: Sequence[model.FoundPlace]) -> list[list[float]]:
    """A scene's frame: the places' box with a margin, at least `MIN_SPAN_DEG` high and wide (a
    single point is centred), kept inside the map's box (geo.web.urlstate).

    Parameters
    ----------
    places : sequence of FoundPlace
        At least one place inside the map's box.

    Returns
    -------
    list of list of float
        ``[[south, west], [north, east]]``, rounded to 0.01 degrees.

    Examples
    --------
    >>> m = model.FoundPlace("x", "X", "city", 46.85, 35.37, "t", 1.0, ())
    >>> bounds_of([m])
    [[46.35, 34.62], [47.35, 36.12]]
    """
    lats = [p.lat for p in places]
    lons = [p.lon for p in places]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    dlat = max((north - south) * (1 + 2 * MARGIN), MIN_SPAN_DEG)
    dlon = max((east - west) * (1 + 2 * MARGIN), MIN_SPAN_DEG * 1.5)  # a degree of longitude is ~2/3 of one of latitude here
    clat, clon = (south + north) / 2, (west + east) / 2
    s, n = clat - dlat / 2, clat + dlat / 2
    w, e = clon - dlon / 2, clon + dlon / 2
    (lo_lat, hi_lat), (lo_lon, hi_lon) = urlstate.LAT_RANGE, urlstate.LON_RANGE
    s, n = max(s, lo_lat), min(n, hi_lat)
    w, e = max(w, lo_lon), min(e, hi_lon)
    return [[round(s, 2), round(w, 2)], [round(n, 2), round(e, 2)]]


def _sentences(places: Sequence[model.FoundPlace], paragraphs: dict[str, str]) -> list[tuple[str, str, int]]:
    """(paragraph, sentence, how many of the places it names), each sentence once, verbatim only."""
    found: dict[tuple[str, str], set[str]] = {}
    for p in places:
        for m in p.mentions:
            text = m.text.strip()
            if text and text in paragraphs.get(m.paragraph, ""):
                found.setdefault((m.paragraph, text), set()).add(p.id)
    return [(pid, text, len(ids)) for (pid, text), ids in found.items()]


def _quotes(places: Sequence[model.FoundPlace], paragraphs: dict[str, str]) -> list[dict[str, str]]:
    rows = _sentences(places, paragraphs)
    best = sorted(rows, key=lambda r: (-r[2], _pnum(r[0]), paragraphs[r[0]].find(r[1])))[:2]
    best.sort(key=lambda r: (_pnum(r[0]), paragraphs[r[0]].find(r[1])))  # in reading order
    return [{"paragraph": pid, "text": text} for pid, text, _ in best]


def _names(places: Sequence[model.FoundPlace]) -> str:
    names = list(dict.fromkeys(p.name for p in places))
    if len(names) > 3:
        return f"{', '.join(names[:3])} and {len(names) - 3} more"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _paras(numbers: Sequence[int]) -> str:
    ns = sorted(set(numbers))
    return ", ".join(f"¶{n}" for n in ns)


def draft_scenes(essay: model.Essay, dates: list[str] | None = None) -> list[dict[str, Any]]:
    """One scene per cluster of the essay's reviewed places, in reading order (see the module's rule).

    Parameters
    ----------
    essay : geo.essays.model.Essay
        A stored essay (its review applied: rejected places are left out).
    dates : list of str, optional
        The dates with lines; by default the store's (geo.figures.dated.DatedLines).

    Returns
    -------
    list of dict
        Scenes in the shape of data/authored/scenes.toml: ``title``, ``bounds``, ``layers``,
        ``places``, ``points``, ``figures``, ``notes`` and ``quote`` (a list of ``{paragraph, text}``).
        Empty when the essay names no place on the map.

    Examples
    --------
    >>> para = model.Paragraph("p1", "Melitopol is a hub. Tokmak lies north.")
    >>> ms = [model.Mention("p1", "Melitopol is a hub.", "Melitopol", 0, 9), model.Mention("p1", "Tokmak lies north.", "Tokmak", 0, 6)]
    >>> ps = (model.FoundPlace("melitopol", "Melitopol", "city", 46.85, 35.37, "g", 1.0, ms[:1]),
    ...       model.FoundPlace("gn-1", "Tokmak", "settlement", 47.25, 35.71, "GeoNames", 0.9, ms[1:]))
    >>> e = model.Essay("e", "T", "2022-11-17", "", "e.txt", "0", (para,), ps, ())
    >>> s = draft_scenes(e, ["2022-11-17"])
    >>> s[0]["title"], s[0]["places"], [q["text"] for q in s[0]["quote"]]
    ('Melitopol and Tokmak (generated title)', ['melitopol', 'gn-1'], ['Melitopol is a hub.', 'Tokmak lies north.'])
    """
    if dates is None:
        from geo.figures.dated import DatedLines

        dates = DatedLines.for_store().dates()
    lines_date = lines_date_for(essay.date, dates)
    layers = list(BASE_LAYERS) + ([HELD_LAYER] if lines_date == ESSAY_DATE else [])
    paragraphs = {p.id: p.text for p in essay.paragraphs}
    out = []
    for group in cluster(reviewed_places(essay), paragraphs):
        quotes = _quotes(group, paragraphs)
        if not quotes:
            continue  # no sentence found verbatim in its paragraph: nothing to quote, no scene
        numbers = [_pnum(m.paragraph) for p in group for m in p.mentions]
        kinds = ", ".join(f"{p.name} ({p.kind})" for p in group)
        out.append(
            {
                "title": _names(group) + GENERATED,
                "bounds": bounds_of(group),
                "layers": layers,
                "places": [p.id for p in group],
                "points": [
                    f"The essay names these places in {_paras(numbers)}.",
                    f"On the map: {kinds}.",
                ],
                "figures": [],
                "notes": (
                    "Drafted by the app from the essay's place names (title and points generated; quotes verbatim). "
                    "Edit the scenes to add your own talking points and figures."
                ),
                "quote": quotes,
            }
        )
    return out


def _s(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's; DEL escaped too)."""
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")


def _v(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(float(value)) if isinstance(value, float) else str(value)
    if isinstance(value, str):
        return _s(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_v(x) for x in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_v(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


SCENE_KEYS = ("title", "bounds", "layers", "places", "rings", "compare", "points", "figures", "notes")


def render_toml(scenes: Sequence[dict[str, Any]], *, essay: str = "", lines_date: str = "") -> str:
    """Scenes (``draft_scenes``'s dicts) as a scenes.toml that ``geo.briefing.scenes`` loads back.

    Parameters
    ----------
    scenes : sequence of dict
        Scenes in the scenes.toml shape.
    essay : str, optional
        The essay's id (the file's ``essay``).
    lines_date : str, optional
        The date of the lines the scenes brief from (the file's ``lines_date``).

    Returns
    -------
    str
        TOML text.

    Examples
    --------
    >>> import tomllib
    >>> t = render_toml([{"title": 'A "b"', "bounds": [[46, 34], [47, 36]], "layers": [], "places": ["kyiv"],
    ...                   "points": ["x", "y"], "figures": [], "notes": "", "quote": [{"paragraph": "p1", "text": "Z."}]}])
    >>> tomllib.loads(t)["scene"][0]["title"]
    'A "b"'
    """
    head = [
        "# A draft briefing generated from the essay's places (geo/briefing/draft.py): edit freely.",
        "# Titles and talking points are ours (generated); quotes are the essay's words, verbatim.",
    ]
    if essay:
        head.append(f"essay = {_s(essay)}")
    if lines_date:
        head.append(f"lines_date = {_s(lines_date)}")
    parts = ["\n".join(head) + "\n"]
    for sc in scenes:
        rows = ["[[scene]]"]
        for k in SCENE_KEYS:
            if k in sc and sc[k] is not None:
                rows.append(f"{k} = {_v(sc[k])}")
        for q in sc.get("quote", []):
            rows.append("[[scene.quote]]")
            rows.append(f"paragraph = {_s(q['paragraph'])}")
            rows.append(f"text = {_s(q['text'])}")
        parts.append("\n".join(rows) + "\n")
    return "\n".join(parts)


# ---- a user essay's briefing: its saved scenes or the draft, saved atomically, with its map layers ----

SCENES_NAME = "scenes.toml"  # <store>/essays/<id>/scenes.toml
DATED_KEYS = ("lines-held", "lines-unknown", "lines-liberated")  # an imported date's classes, as the Map page draws them


@dataclass(frozen=True)
class EssayDeck:
    """A user essay's briefing: the scenes shown, their TOML, whether they are the analyst's saved
    ones (else the draft), and any problem with the saved file (then the draft is shown)."""

    briefing: Any  # geo.briefing.scenes.Briefing
    text: str
    saved: bool
    problems: tuple[str, ...] = ()


def scenes_path(essay_id: str, store: Path | str) -> Path:
    """Where an essay's edited scenes are saved on the file backend: ``<store>/essays/<id>/scenes.toml``
    (the name messages give them on both backends; read and write them with ``saved_scenes``,
    ``save_scenes``, ``discard_scenes`` and ``scenes_stamp``, which work on either).

    Parameters
    ----------
    essay_id : str
        The essay's id (a lowercase slug; anything else is refused, so no path leaves the store).
    store : Path or str
        The user store.

    Returns
    -------
    Path
        The file (it may not exist).

    Examples
    --------
    >>> scenes_path("my-essay-2024-03-01", "/s").as_posix()
    '/s/essays/my-essay-2024-03-01/scenes.toml'
    >>> scenes_path("../x", "/s")
    Traceback (most recent call last):
    ValueError: not an essay id: '../x'
    """
    import re

    if not (isinstance(essay_id, str) and len(essay_id) <= 80 and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", essay_id)):
        raise ValueError(f"not an essay id: {str(essay_id)[:80]!r}")
    return Path(store) / "essays" / essay_id / SCENES_NAME


def scenes_stamp(essay_id: str, store: Path | str) -> str:
    """A cheap stamp of an essay's saved scenes, for caches: it changes whenever they are saved or
    discarded, on whichever backend holds them (``geo.essays.store.scenes_stamp``).

    Parameters
    ----------
    essay_id : str
        The essay's id (anything but a slug is refused: ``ValueError``).
    store : Path or str
        The user store.

    Returns
    -------
    str
        "" when none are saved.

    Examples
    --------
    >>> scenes_stamp("my-essay-2024-03-01", "/nonexistent")
    ''
    """
    from geo.essays import store as essay_store

    scenes_path(essay_id, store)  # the id checked
    return essay_store.scenes_stamp(essay_id, store)


def saved_scenes(essay_id: str, store: Path | str) -> str | None:
    """An essay's saved scenes (TOML as saved, unchecked), or None when the analyst saved none.

    Parameters
    ----------
    essay_id : str
        The essay's id (anything but a slug is refused: ``ValueError``).
    store : Path or str
        The user store.

    Returns
    -------
    str or None

    Raises
    ------
    OSError, UnicodeDecodeError
        A saved scenes file that cannot be read (file backend).

    Examples
    --------
    >>> saved_scenes("my-essay-2024-03-01", "/nonexistent") is None
    True
    """
    from geo.essays import store as essay_store

    scenes_path(essay_id, store)  # the id checked
    return essay_store.scenes_text(essay_id, store)


def known_places(essay: model.Essay) -> set[str]:
    """The place ids an essay's scenes may name: the gazetteer's and the essay's own.

    Examples
    --------
    >>> "kyiv" in known_places(model.Essay("x", "T", "2024-01-01", "", "x.txt", "0", (), (), ()))
    True
    """
    from geo.data import gazetteer

    return set(gazetteer.load().places) | {p.id for p in essay.places}


def check_scenes(essay: model.Essay, text: str, path: Path | None = None) -> list[str]:
    """The checks ``python -m geo check`` applies to scenes.toml, for an essay's scenes as TOML text.

    Parameters
    ----------
    essay : geo.essays.model.Essay
        The essay the quotes must be verbatim in.
    text : str
        The TOML (untrusted).
    path : Path, optional
        The file it stands for (messages name it); ``scenes.toml`` by default.

    Returns
    -------
    list of str
        One line per problem; empty when the scenes can be used.

    Examples
    --------
    >>> check_scenes(model.Essay("x", "T", "2024-01-01", "", "x.txt", "0", (), (), ()), "x=")[0][:27]
    'scenes.toml: not valid TOML'
    """
    from geo.briefing import scenes

    paragraphs = {p.id: p.text for p in essay.paragraphs}
    return scenes.check_text(text, paragraphs, known_places(essay), path or Path(SCENES_NAME))


def essay_briefing(essay: model.Essay, store: Path | str, dates: list[str] | None = None) -> EssayDeck | None:
    """A user essay's briefing: its saved scenes (``saved_scenes``) when they pass the checks, else the draft.

    Parameters
    ----------
    essay : geo.essays.model.Essay
        The essay.
    store : Path or str
        The user store.
    dates : list of str, optional
        The dates with lines (default: the store's).

    Returns
    -------
    EssayDeck or None
        None when the essay names no place on the map (no scene to draft) and nothing is saved.

    Examples
    --------
    >>> essay_briefing(model.Essay("x", "T", "2024-01-01", "", "x.txt", "0", (), (), ()), "/nonexistent") is None
    True
    """
    from geo.briefing import scenes

    path = scenes_path(essay.id, store)  # what messages name the saved scenes (no file is read here)
    problems: tuple[str, ...] = ()
    try:
        text = saved_scenes(essay.id, store)
    except (OSError, UnicodeDecodeError) as exc:
        text, problems = "", (f"{SCENES_NAME}: cannot be read ({type(exc).__name__})",)
    if text is not None:
        if not problems:
            problems = tuple(check_scenes(essay, text, path))
        if not problems:
            return EssayDeck(scenes.loads(text, path), text, True)
    if dates is None:
        from geo.figures.dated import DatedLines

        dates = DatedLines.for_store().dates()
    drafted = draft_scenes(essay, dates)
    if not drafted:
        return None
    text = render_toml(drafted, essay=essay.id, lines_date=lines_date_for(essay.date, dates))
    return EssayDeck(scenes.loads(text, path), text, False, problems)


def save_scenes(essay: model.Essay, text: str, store: Path | str) -> list[str]:
    """Save an essay's edited scenes with it, atomically (a file renamed in beside the essay, or one
    transaction on the database), if they pass `check_scenes`; else nothing is written.

    Parameters
    ----------
    essay : geo.essays.model.Essay
        The essay.
    text : str
        The TOML as typed.
    store : Path or str
        The user store (the essay's folder must exist: the essay is stored).

    Returns
    -------
    list of str
        The problems (empty: saved).

    Examples
    --------
    >>> save_scenes(model.Essay("x", "T", "2024-01-01", "", "x.txt", "0", (), (), ()), "x=", "/nonexistent")[0][:27]
    'scenes.toml: not valid TOML'
    """
    from geo.essays import store as essay_store

    problems = check_scenes(essay, text)
    if problems:
        return problems
    scenes_path(essay.id, store)  # the id checked
    if not essay_store.save_scenes_text(essay.id, text, store):
        return [f"{SCENES_NAME}: the essay {essay.id!r} is not in the store"]
    return []


def discard_scenes(essay_id: str, store: Path | str) -> bool:
    """Remove an essay's saved scenes (its briefing goes back to the draft). True if some were removed.

    Examples
    --------
    >>> discard_scenes("x", "/nonexistent")
    False
    """
    from geo.essays import store as essay_store

    scenes_path(essay_id, store)  # the id checked
    return essay_store.discard_scenes(essay_id, store)


def essay_layers(essay: model.Essay, lines_date: str) -> list[dict]:
    """The browser layers a user essay's scenes add to the map: its GeoNames places as markers (so a
    scene can highlight them) and, for an imported snapshot's date, that date's classes.

    Parameters
    ----------
    essay : geo.essays.model.Essay
        The essay.
    lines_date : str
        The briefing's ``lines_date``.

    Returns
    -------
    list of dict
        ``{"key", "url", "pane"}`` each, for ``webmap.apply_group``'s dynamic layers.

    Examples
    --------
    >>> essay_layers(model.Essay("x", "T", "2024-01-01", "", "x.txt", "0", (), (), ()), ESSAY_DATE)
    []
    """
    from geo.web import essay_map, webdated

    out = []
    if lines_date and lines_date != ESSAY_DATE:
        try:
            out += [
                {k: d[k] for k in ("key", "url", "pane")} for d in webdated.dated_layers(lines_date) if d["key"] in DATED_KEYS
            ]
        except LookupError:
            pass  # the snapshot was removed: the stamp says so
    pts = essay_map.points_layer(essay)
    return out + ([pts] if pts else [])


def essay_stamp(essay: model.Essay, lines_date: str) -> str | None:
    """The as-of line of a user essay's scenes: the snapshot's date, source and file, or our authored
    layers as the nearest to the essay's date (None for an essay of 17 Nov 2022 on our layers, which
    ``scene_view.stamp`` describes).

    Examples
    --------
    >>> essay_stamp(model.Essay("x", "T", "2024-01-01", "", "x.txt", "0", (), (), ()), ESSAY_DATE)[:60]
    'Lines as of 17 Nov 2022: our authored layers (data/control/h'
    """
    from geo.figures.dated import DatedLines
    from geo.figures.headline import human_date

    if not lines_date or (lines_date == ESSAY_DATE and essay.date == ESSAY_DATE):
        return None
    when = human_date(essay.date) if len(essay.date) == 10 else essay.date
    if lines_date == ESSAY_DATE:
        return (
            f"Lines as of {human_date(ESSAY_DATE)}: our authored layers (data/control/{HELD_LAYER}.geojson), "
            f"the nearest to this essay's date, {when}: no imported snapshot is nearer. Method and accuracy on the Data page."
        )

    try:
        lines = DatedLines.for_store().lines_at(lines_date)
    except LookupError:
        return f"No lines for {lines_date} in the store (the snapshot was removed): import it again or edit lines_date."
    return (
        f"Lines as of {human_date(lines_date)}: {lines.source} snapshot, store file {Path(lines.ref).name} "
        f"(the nearest to the essay's date, {when}). "
        "Places: the essay's, as found and reviewed; settlements from GeoNames."
    )
