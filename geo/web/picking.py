"""What a click on the map means: the place, line or region under the clicked point.

The browser decides which feature was clicked (``briefmap.js``, with the rules below, passed to it
as the file :func:`geo.web.webmap.publish_pick` writes) and reports its id with the clicked point.
Python only checks that id against the gazetteer (:func:`resolve_click`). A click the browser could
not resolve (its layers still loading) is resolved here by :func:`pick`, against the shipped geometry,
with the same tolerances in screen pixels.

The rules, in order: a marker (city, facility) within ``MARKER_PX`` of the click, nearest first; else a
line (river, route) within ``LINE_PX``, nearest first; else the region under the click, a region the
essay discusses before one it does not, then the smallest; else a neighbouring country (never
``NEVER_PICKED``, the country the regions tile).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache

import shapely
import shapely.ops

from geo.core.measure import area_km2, distance_km
from geo.data import arguments, places

MARKER_PX = 14  # marker radius plus finger slack
LINE_PX = 8
MARKER_KINDS = ("city", "facility")
LINE_KINDS = ("river", "route")
NEVER_PICKED = frozenset({"ukraine"})  # the regions tile it: a click inside it means a region
MAX_ID_LENGTH = 100  # longer than any place id; a longer reported id is not looked up at all
_LAT_M_PER_DEG = 110_574.0  # the shortest degree of latitude (at the equator), so boxes err on the large side


@dataclass(frozen=True)
class Pickable:
    id: str
    kind: str
    geom: shapely.Geometry
    discussed: bool
    area: float


@dataclass(frozen=True)
class Click:
    """What a click reported by the map selects, and how it was resolved.

    ``how`` is ``"browser"`` (the map reported a known place id), ``"point"`` (the map reported no id,
    so :func:`pick` resolved the point) or ``"ignored"`` (the report was not a usable click).
    """

    place: str | None
    how: str


def metres_per_pixel(lat: float, zoom: float) -> float:
    """Web Mercator ground resolution at a latitude and zoom level."""
    return 156543.03392 * math.cos(math.radians(lat)) / (2**zoom)


@lru_cache(maxsize=1)
def pickables() -> tuple[Pickable, ...]:
    """Every gazetteer place with its full geometry (points, lines, polygons)."""
    discussed = set(arguments.load().arguments)
    out = []
    for f in places.features():
        p = f["properties"]
        geom = places.geometry_of(p["id"])
        out.append(
            Pickable(
                p["id"], p["kind"], geom, p["id"] in discussed, area_km2(geom) if geom.geom_type.endswith("Polygon") else 0.0
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class _Index:
    items: tuple[Pickable, ...]
    tree: shapely.STRtree


@lru_cache(maxsize=4)
def _index(kinds: tuple[str, ...]) -> _Index:
    """The pickables of some kinds (in gazetteer order) in an STRtree, built once."""
    items = tuple(p for p in pickables() if p.kind in kinds and p.id not in NEVER_PICKED)
    return _Index(items, shapely.STRtree([p.geom for p in items]))


def _area_key(p: Pickable) -> tuple[bool, float]:
    """Among regions under a click: one the essay discusses first, then the smallest."""
    return (not p.discussed, p.area)


def browser_pickables() -> list[tuple[Pickable, int | None]]:
    """The places a click in the browser may select, each with its rank among areas of its kind.

    A region's rank orders regions as :func:`pick` does (discussed first, then smallest, then
    gazetteer order); a country's is its gazetteer order; markers and lines have none (the nearest wins).

    Returns
    -------
    list of (Pickable, int or None)
        In gazetteer order, without ``NEVER_PICKED``.

    Examples
    --------
    >>> ranks = {p.id: r for p, r in browser_pickables()}
    >>> ranks["melitopol"] is None and "ukraine" not in ranks
    True
    """
    regions = sorted(_index(("region",)).items, key=_area_key)
    rank = {p.id: i for i, p in enumerate(regions)}
    rank.update({p.id: i for i, p in enumerate(_index(("country",)).items)})
    kinds = MARKER_KINDS + LINE_KINDS + ("region", "country")
    return [(p, rank.get(p.id)) for p in pickables() if p.kind in kinds and p.id not in NEVER_PICKED]


def _near(index: _Index, lng: float, lat: float, metres: float) -> list[Pickable]:
    """Items whose bounding box comes within `metres` of the point (a superset of those that do)."""
    dlat = metres / _LAT_M_PER_DEG
    dlng = dlat / max(math.cos(math.radians(min(abs(lat) + dlat, 89.0))), 1e-6)
    hits = index.tree.query(shapely.box(lng - dlng, lat - dlat, lng + dlng, lat + dlat))
    return [index.items[i] for i in sorted(hits)]


def _under(index: _Index, pt: shapely.Point) -> list[Pickable]:
    return [index.items[i] for i in sorted(index.tree.query(pt, predicate="covered_by"))]


def pick(lat: float, lng: float, zoom: float) -> str | None:
    """The place a click at (lat, lng) selects, by the rules in the module docstring.

    Parameters
    ----------
    lat, lng : float
        The clicked point, WGS84 degrees.
    zoom : float
        The map's zoom level, which turns the pixel tolerances into metres.

    Returns
    -------
    str or None
        A gazetteer id, or None where nothing is within reach (the sea, a country not in the gazetteer).

    Examples
    --------
    >>> pick(46.84735, 35.38196, 6)
    'melitopol'
    >>> pick(43.0, 34.0, 6) is None
    True
    """
    mpp = metres_per_pixel(lat, zoom)
    pt = shapely.Point(lng, lat)
    best: tuple[float, str] | None = None
    for p in _near(_index(MARKER_KINDS), lng, lat, MARKER_PX * mpp):
        d = distance_km(lng, lat, p.geom.x, p.geom.y) * 1000
        if d <= MARKER_PX * mpp and (best is None or d < best[0]):
            best = (d, p.id)
    if best:
        return best[1]
    for p in _near(_index(LINE_KINDS), lng, lat, LINE_PX * mpp):
        near = shapely.ops.nearest_points(p.geom, pt)[0]
        d = distance_km(lng, lat, near.x, near.y) * 1000
        if d <= LINE_PX * mpp and (best is None or d < best[0]):
            best = (d, p.id)
    if best:
        return best[1]
    regions = _under(_index(("region",)), pt)
    if regions:
        return min(regions, key=_area_key).id
    countries = _under(_index(("country",)), pt)
    if countries:
        return countries[0].id
    return None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def reported_id(value: object, known: Collection[str]) -> str | None:
    """The place id the map reported, if it is one of `known`; anything else is None.

    The value comes from the browser, so it is untrusted: only a string that is exactly a known id
    is returned (never echoed, never parsed).

    Parameters
    ----------
    value : object
        What the map reported (normally a str, or absent).
    known : collection of str
        The gazetteer's place ids.

    Returns
    -------
    str or None

    Examples
    --------
    >>> reported_id("melitopol", {"melitopol"})
    'melitopol'
    >>> reported_id("<img src=x onerror=alert(1)>", {"melitopol"}) is None
    True
    """
    if isinstance(value, str) and len(value) <= MAX_ID_LENGTH and value in known:
        return value
    return None


def resolve_click(click: object, zoom: object, known: Collection[str]) -> Click:
    """What a click reported by streamlit-folium (``last_object_clicked``) selects.

    The map adds the id of the feature it picked (``"id"``) to the clicked point. A known id is used
    as it is; without one (the browser hit no feature, or its layers were still loading), the point is
    resolved by :func:`pick`. An id that is present but not a known place is ignored like any other
    untrusted value, and so is a point that is not a pair of finite coordinates.

    Parameters
    ----------
    click : object
        ``{"lat": float, "lng": float, "id": str}`` as the map reports it (``id`` optional).
    zoom : object
        The map's zoom level as reported (a number), used only for a point pick.
    known : collection of str
        The gazetteer's place ids.

    Returns
    -------
    Click
        The place (or None) and how it was resolved.

    Examples
    --------
    >>> resolve_click({"lat": 46.8, "lng": 35.4, "id": "melitopol"}, 6, {"melitopol"})
    Click(place='melitopol', how='browser')
    >>> resolve_click({"lat": 46.84735, "lng": 35.38196}, 6, {"melitopol"})
    Click(place='melitopol', how='point')
    >>> resolve_click({"lat": "x", "lng": 35.4}, 6, {"melitopol"})
    Click(place=None, how='ignored')
    """
    if not isinstance(click, Mapping):
        return Click(None, "ignored")
    if "id" in click and click["id"] is not None:
        place = reported_id(click["id"], known)
        return Click(place, "browser") if place is not None else Click(None, "ignored")
    lat, lng, z = _number(click.get("lat")), _number(click.get("lng")), _number(zoom)
    if lat is None or lng is None or z is None or not (-90 <= lat <= 90 and -180 <= lng <= 180 and 0 <= z <= 30):
        return Click(None, "ignored")
    place = pick(lat, lng, z)
    return Click(place if place in known else None, "point")
