"""The figures a briefer reads out for a date's lines, one function per figure, each citing exactly
the files that computed it (geo.core.provenance records them while the figure is computed).

One builder for every screen: the Map page's opening figures, the freeze table (Map and Lines
pages), the briefing's scenes and the exported deck all call `figure()` / `figures()`, and `geo
stats` (geo.figures.stats) measures the same geometries (`seized`, `liberated`, `claimed_not_held`).
Any date, any source: `lines` is whatever geo.lines.timeline.lines_at returned.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

import shapely

from geo.core import provenance
from geo.core.measure import area_km2
from geo.core.provenance import Fact
from geo.data.control import is_held
from geo.data.layers import control_geometry, ukraine_geometry
from geo.data.naturalearth import GRID
from geo.figures import people
from geo.figures.compare import front_of
from geo.lines.timeline import LinesAt

PREWAR = "occupied-before-2022-02-24"
FURTHEST = "furthest-advance-2022-03"
CLAIMED = "claimed-annexation-2022-09-30"
CLAIM = "Ukraine has liberated nearly half the land Russia has seized since renewing its invasion in February 2022"


def human_date(date: str) -> str:
    """'2022-11-17' -> '17 Nov 2022' (for labels read aloud)."""
    import datetime as dt

    try:
        d = dt.date.fromisoformat(date)
    except ValueError:
        return date
    return f"{d.day} {d.strftime('%b')} {d.year}"


def _km2(x: float) -> str:
    return f"{x:,.0f} km²"


def seized(held: shapely.Geometry) -> shapely.Geometry:
    """Seized since 24 Feb 2022: (furthest advance ∪ held on the date) − occupied before 24 Feb 2022.

    Parameters
    ----------
    held : shapely.Geometry
        The area held by Russia on the date (lon/lat), e.g. ``lines.held``.

    Returns
    -------
    shapely.Geometry
        The seized area, lon/lat (measure it with geo.core.measure.area_km2).

    Examples
    --------
    >>> from geo.lines.timeline import lines_at
    >>> round(area_km2(seized(lines_at("2022-11-17").held)))
    137086
    """
    furthest, prewar = control_geometry(FURTHEST), control_geometry(PREWAR)
    return shapely.difference(shapely.union(furthest, held, grid_size=GRID), prewar, grid_size=GRID)


def liberated(held: shapely.Geometry) -> shapely.Geometry:
    """Liberated since the furthest advance: furthest advance − held on the date.

    Parameters
    ----------
    held : shapely.Geometry
        The area held by Russia on the date (lon/lat).

    Returns
    -------
    shapely.Geometry
        The liberated area, lon/lat.

    Examples
    --------
    >>> from geo.lines.timeline import lines_at
    >>> round(area_km2(liberated(lines_at("2022-11-17").held)))
    70458
    """
    return shapely.difference(control_geometry(FURTHEST), held, grid_size=GRID)


def claimed_not_held(held: shapely.Geometry) -> shapely.Geometry:
    """Claimed as annexed on 30 Sep 2022 but not held on the date: claimed − held.

    Parameters
    ----------
    held : shapely.Geometry
        The area held by Russia on the date (lon/lat).

    Returns
    -------
    shapely.Geometry
        The claimed area Russia did not hold, lon/lat.

    Examples
    --------
    >>> from geo.lines.timeline import lines_at
    >>> round(area_km2(claimed_not_held(lines_at("2022-11-17").held)))
    25347
    """
    return shapely.difference(control_geometry(CLAIMED), held, grid_size=GRID)


def share_liberated(held: shapely.Geometry) -> float:
    """Liberated / seized since 24 Feb 2022 for a held area (0.0 if nothing was seized).

    Parameters
    ----------
    held : shapely.Geometry
        The area held by Russia on the date (lon/lat).

    Returns
    -------
    float
        The share, 0 to 1.

    Examples
    --------
    >>> from geo.lines.timeline import lines_at
    >>> round(share_liberated(lines_at("2022-11-17").held), 2)
    0.51
    """
    s = area_km2(seized(held))
    return area_km2(liberated(held)) / s if s else 0.0


def liberated_share(lines: LinesAt) -> float:
    """Our layers' reading of "nearly half liberated": liberated / seized since 24 Feb 2022."""
    return share_liberated(lines.held)


def source_liberated_share(lines: LinesAt) -> float | None:
    """The source's own reading: its liberated polygons / (those + what it shows held beyond the pre-war line).
    None for lines without a liberated class (our authored layers)."""
    if lines.liberated_geom is None:
        return None
    lib = area_km2(lines.liberated)
    still = area_km2(shapely.difference(lines.held, control_geometry(PREWAR), grid_size=GRID))
    return lib / (lib + still) if lib + still else None


def essay_places_held(lines: LinesAt) -> list[tuple[str, str]]:
    """(id, name) of the essay's cities and facilities inside the held area."""
    from geo.figures.freeze import essay_points

    held, ukraine = lines.held, ukraine_geometry()
    return [(pid, name) for pid, name, lon, lat in essay_points() if is_held(held, lon, lat, ukraine)]


_PEOPLE: dict[tuple, people.People] = {}


def people_behind(lines: LinesAt) -> people.People:
    """Pre-war residents of the held area, with the method's range (geo.figures.people), citing the lines too."""
    key = (lines.ref, lines.sha256)
    if key not in _PEOPLE:
        with provenance.recording() as used:
            held = lines.held
            p = people.estimate(held, front_of(held, ukraine_geometry()))
        if len(_PEOPLE) > 16:
            _PEOPLE.clear()
        _PEOPLE[key] = replace(p, sources=provenance.order(used))
    provenance.note(*_PEOPLE[key].sources)
    return _PEOPLE[key]


# key -> (label, value) ; the label may use {date}
_FIGURES: dict[str, tuple[str, Callable[[LinesAt], str]]] = {
    "held": (
        "Held by Russia on {date}",
        lambda ln: f"{_km2(area_km2(ln.held))} ({100 * area_km2(ln.held) / area_km2(ukraine_geometry()):.1f}% of Ukraine)",
    ),
    "held_km2": ("Held by Russia, {date}", lambda ln: _km2(area_km2(ln.held))),
    "held_pct": (
        "Share of Ukraine held, {date}",
        lambda ln: f"{100 * area_km2(ln.held) / area_km2(ukraine_geometry()):.1f}%",
    ),
    "unknown_km2": ("Status unknown on {date} (the source's own class)", lambda ln: _km2(area_km2(ln.unknown))),
    "claimed_not_held_km2": (
        "Claimed (annexation, 30 Sep 2022) but not held on {date}",
        lambda ln: _km2(area_km2(claimed_not_held(ln.held))),
    ),
    "liberated_km2": (
        "Liberated since the furthest advance (Mar 2022), by {date}",
        lambda ln: _km2(area_km2(liberated(ln.held))),
    ),
    "seized_km2": ("Seized since 24 Feb 2022 (furthest advance or held on {date})", lambda ln: _km2(area_km2(seized(ln.held)))),
    "liberated_share": (
        "“Nearly half liberated”, recomputed with our furthest-advance layer",
        lambda ln: f"{100 * liberated_share(ln):.0f}% of what was seized since 24 Feb 2022",
    ),
    "source_liberated_share": (
        "“Nearly half liberated”, by the source's own liberated polygons",
        lambda ln: f"{100 * (source_liberated_share(ln) or 0):.0f}% ({_km2(area_km2(ln.liberated))} liberated)",
    ),
    "people_held": ("Pre-war residents behind the {date} line", lambda ln: people_behind(ln).text()),
    "essay_places_held": (
        "The essay's places held on {date}",
        lambda ln: ", ".join(n for _, n in essay_places_held(ln)) or "none",
    ),
}
# figures of the shipped layers that do not depend on a date's lines (the briefing's scenes show them)
_LAYER_FIGURES: dict[str, tuple[str, Callable[[], str]]] = {
    "prewar_km2": ("Occupied before 24 Feb 2022", lambda: _km2(area_km2(control_geometry(PREWAR)))),
    "prewar_pct": (
        "Occupied before 24 Feb 2022 (share of Ukraine)",
        lambda: f"{100 * area_km2(control_geometry(PREWAR)) / area_km2(ukraine_geometry()):.1f}%",
    ),
    "furthest_km2": ("Furthest advance, late March 2022", lambda: _km2(area_km2(control_geometry(FURTHEST)))),
    "claimed_km2": ("Claimed as annexed, 30 Sep 2022", lambda: _km2(area_km2(control_geometry(CLAIMED)))),
}
LAYER_KEYS = tuple(_LAYER_FIGURES)
KEYS = tuple(_FIGURES)
FREEZE = (
    "held",
    "claimed_not_held_km2",
    "liberated_km2",
    "liberated_share",
    "source_liberated_share",
    "unknown_km2",
    "people_held",
    "essay_places_held",
)
OPENING = ("held", "claimed_not_held_km2", "liberated_km2", "liberated_share", "source_liberated_share", "people_held")
IMPORTED_ONLY = ("source_liberated_share", "unknown_km2")


def figure(key: str, lines: LinesAt) -> Fact:
    """One figure for a date's lines, citing exactly what computed it.

    Parameters
    ----------
    key : str
        One of KEYS.
    lines : LinesAt
        The date's lines (authored or imported).

    Returns
    -------
    Fact
        label, value, sources (the files read while computing it) and key.

    Examples
    --------
    >>> from geo.lines.timeline import lines_at
    >>> figure("held_km2", lines_at("2022-11-17")).sources
    ('data/control/held-2022-11-17.geojson',)
    """
    if key not in _FIGURES:
        raise ValueError(f"unknown figure {key!r}; known: {', '.join(KEYS)}")
    label, compute = _FIGURES[key]
    return provenance.fact(label.format(date=human_date(lines.date)), lambda: compute(lines), key=key)


def layer_figure(key: str) -> Fact:
    """A figure of the shipped layers that does not depend on a date's lines (pre-war, furthest advance, claimed).

    Parameters
    ----------
    key : str
        One of LAYER_KEYS.

    Returns
    -------
    Fact
        label, value, sources (the layers read while computing it) and key.

    Examples
    --------
    >>> layer_figure("furthest_km2").sources
    ('data/control/furthest-advance-2022-03.geojson',)
    """
    if key not in _LAYER_FIGURES:
        raise ValueError(f"unknown layer figure {key!r}; known: {', '.join(LAYER_KEYS)}")
    label, compute = _LAYER_FIGURES[key]
    return provenance.fact(label, compute, key=key)


def applies(key: str, lines: LinesAt) -> bool:
    return key not in IMPORTED_ONLY or lines.kind == "imported"


_CACHE: dict[tuple, tuple[Fact, ...]] = {}


def figures(lines: LinesAt, keys: tuple[str, ...] = FREEZE) -> tuple[Fact, ...]:
    """The figures of `keys` that apply to these lines (imported-only ones are skipped for ours).

    Kept per (date, file, hash): store files are content-addressed, so a kept result is never stale.
    """
    key = (lines.date, lines.ref, lines.sha256, tuple(keys))
    if key not in _CACHE:
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = tuple(figure(k, lines) for k in keys if applies(k, lines))
    for f in _CACHE[key]:
        provenance.note(*f.sources)
    return _CACHE[key]


def nearest_snapshot(date: str, source: str, store_path=None):
    """The stored snapshot of `source` closest in time to `date` (ties: the earlier), or None."""
    import datetime as dt

    from geo.lines import store

    items = [s for s in store.listing(store_path) if s.source == source]
    if not items:
        return None
    d0 = dt.date.fromisoformat(date)
    return min(items, key=lambda s: (abs((dt.date.fromisoformat(s.date) - d0).days), s.date))


def claim_ours(store_path=None) -> Fact:
    """The essay's "nearly half liberated" on the essay's date, by our layers."""
    from geo.data.essay import essay_date
    from geo.lines.timeline import AUTHORED_SOURCE, lines_at

    ours = lines_at(essay_date(), AUTHORED_SOURCE, store_path)
    return provenance.fact(
        f"Our layers, {human_date(ours.date)}: liberated share of what was seized",
        lambda: (
            f"{100 * liberated_share(ours):.0f}% (liberated = our furthest-advance envelope "
            f"minus held; coarse in the north, so high)"
        ),
        key="claim_ours",
    )


def claim_deepstate(store_path=None) -> Fact | None:
    """The same claim by DeepStateMap's own polygons, on the essay's date or the nearest imported one (None if none)."""
    from geo.data.essay import essay_date
    from geo.lines.timeline import lines_at

    item = nearest_snapshot(essay_date(), "deepstate", store_path)
    if item is None:
        return None
    ds = lines_at(item.date, "deepstate", store_path)
    if ds.liberated_geom is None or ds.liberated_geom.is_empty:
        return None
    when = human_date(ds.date) + ("" if ds.date == essay_date() else ", the nearest DeepStateMap snapshot to the essay's date")
    return provenance.fact(
        f"DeepStateMap ({when}): its liberated share",
        lambda: (
            f"{100 * (source_liberated_share(ds) or 0):.0f}% (its own liberated polygons against "
            f"those plus what it shows held beyond the pre-war line)"
        ),
        key="claim_deepstate",
    )


def claim(store_path=None) -> tuple[Fact, ...]:
    """The essay's "nearly half liberated", checked on the essay's date with our layers and, when a
    DeepStateMap snapshot is imported, with DeepStateMap's own polygons (on the nearest date it has)."""
    return tuple(f for f in (claim_ours(store_path), claim_deepstate(store_path)) if f is not None)
