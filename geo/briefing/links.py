"""The Briefing page's link: which scene, mode and room it asks for, what it overrides, and the link
the page writes back. Pure functions (no Streamlit); values from the link are only validated and
looked up, and every notice quotes them as plain text (`geo.web.urlstate.Notice`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from geo.web import urlstate

MODES = ("presenter", "audience")
EXTRA_KEYS = ("extra", "place", "layers", "view", "bounds", "date", "rings")  # a shared view: kept in the link
BOUNDS_LAT = (40.0, 57.0)  # what a scene's frame may span (geo.briefing.scenes.check)
BOUNDS_LON = (15.0, 47.0)


@dataclass(frozen=True)
class ExtraView:
    """A view shared from the Map page ("Present this view"), validated: shown as an extra scene."""

    place: str | None
    layers: tuple[str, ...]
    view: tuple[float, float, int] | None
    bounds: tuple[tuple[float, float], tuple[float, float]]  # (south, west), (north, east)
    date: str | None
    rings: tuple[float, ...] = ()


@dataclass(frozen=True)
class BriefingLink:
    """What a briefing link asks for, validated."""

    scene: int
    mode: str | None
    room: str | None
    override: tuple[int, str | None, tuple[str, ...]] | None  # (scene, place, layers) from `place`/`layers`
    notices: tuple[urlstate.Notice, ...] = field(default=())
    extra: ExtraView | None = None  # `extra=view`: a shared view, shown as scene n_scenes + 1


def mode_of(params: Mapping[str, str]) -> str | None:
    """The link's mode if it is one we know, else None (one screen).

    Parameters
    ----------
    params : mapping of str to str
        The query parameters.

    Returns
    -------
    str or None
        ``"presenter"``, ``"audience"`` or None.

    Examples
    --------
    >>> mode_of({"mode": "audience"}), mode_of({"mode": "<x>"})
    ('audience', None)
    """
    return params.get("mode") if params.get("mode") in MODES else None


def parse(
    params: Mapping[str, str],
    n_scenes: int,
    scene_layers: list[tuple[str, ...]],
    known_places: frozenset[str],
    known_layers: list[str],
    known_dates: list[str] | None = None,
    fallback_bounds: tuple[tuple[float, float], tuple[float, float]] | None = None,
) -> BriefingLink:
    """Read a briefing link: scene (1 to `n_scenes`, else 1 with a notice), mode, room, and the
    `place`/`layers` override of the first scene shown; or, with ``extra=view``, a view shared from
    the Map page (`place`, `layers`, `view`, `bounds` as south,west,north,east, `date`, `rings`) as an
    extra scene after the shipped ones, shown first.

    Parameters
    ----------
    params : mapping of str to str
        The query parameters.
    n_scenes : int
        How many scenes the briefing has.
    scene_layers : list of tuple of str
        Each scene's layers (the default the `layers` parameter overrides).
    known_places, known_layers
        What `place` and `layers` may name.
    known_dates : list of str, optional
        The dates with lines (what `date` may name).
    fallback_bounds : tuple, optional
        The frame of an extra scene whose link has neither valid `bounds` nor `view`.

    Returns
    -------
    BriefingLink
        The validated link, with a notice for every value dropped.

    Examples
    --------
    >>> link = parse({"scene": "9<b>"}, 3, [(), (), ()], frozenset(), [])
    >>> link.scene, link.notices[0].text()
    (1, "There is no scene '9<b>'; the briefing has scenes 1 to 3. Showing scene 1.")
    >>> link = parse({"extra": "view", "place": "kyiv", "bounds": "46,30,50,38"}, 3, [()] * 3, frozenset({"kyiv"}), [])
    >>> link.scene, link.extra.place, link.extra.bounds
    (4, 'kyiv', ((46.0, 30.0), (50.0, 38.0)))
    """
    notices: list[urlstate.Notice] = []
    extra = None
    if params.get("extra") is not None:
        extra = _extra(params, known_places, known_layers, known_dates or [], fallback_bounds, notices)
        if extra is not None:
            n_scenes += 1
    raw = params.get("scene", str(n_scenes) if extra else "1")
    try:
        n = int(raw)
        if not 1 <= n <= n_scenes:
            raise ValueError
    except ValueError:
        notices.append(
            urlstate.notice(
                "scene", f"There is no scene {{value}}; the briefing has scenes 1 to {n_scenes}. Showing scene 1.", raw, 10
            )
        )
        n = 1
    override = None
    if extra is None and ("place" in params or "layers" in params):
        state = urlstate.parse(
            {k: params[k] for k in ("place", "layers") if k in params}, known_places, known_layers, scene_layers[n - 1]
        )
        notices.extend(state.notices)
        override = (n, state.place, state.layers)
    if params.get("mode") not in (None, *MODES):
        notices.append(urlstate.notice("mode", "Unknown mode {value}; showing the briefing on one screen.", params["mode"], 20))
    return BriefingLink(n, mode_of(params), params.get("room") or None, override, tuple(notices), extra)


def _bounds(raw: str | None, notices: list[urlstate.Notice]) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """`bounds=south,west,north,east` inside the map (as a scene's frame), else None with a notice."""
    if raw is None:
        return None
    try:
        s, w, n, e = (float(x) for x in raw.split(","))
        ok = BOUNDS_LAT[0] <= s < n <= BOUNDS_LAT[1] and BOUNDS_LON[0] <= w < e <= BOUNDS_LON[1]
        if not ok:
            raise ValueError("outside")
    except ValueError:
        message = "The frame {value} in the link is not 'south,west,north,east' within the map; the view is framed instead."
        notices.append(urlstate.notice("bounds", message, raw, 60))
        return None
    return ((round(s, 4), round(w, 4)), (round(n, 4), round(e, 4)))


def bounds_of_view(view: tuple[float, float, int], width_px: int = 800, height_px: int = 600) -> tuple:
    """The frame a map of `width_px` by `height_px` shows at a centre and zoom (Web Mercator tiles of 256 px).

    Parameters
    ----------
    view : tuple
        (lat, lon, zoom).
    width_px, height_px : int
        The map's size (the Map page's map is about 800 by 600 px).

    Returns
    -------
    tuple
        ((south, west), (north, east)).

    Examples
    --------
    >>> bounds_of_view((48.0, 35.0, 6))
    ((43.4, 26.2), (52.2, 43.8))
    """
    import math

    lat, lon, zoom = view
    scale = 256 * 2**zoom  # pixels round the world
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * scale

    def lat_at(py: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * py / scale))))

    half_lon = width_px / scale * 180
    return (
        (round(lat_at(y + height_px / 2), 1), round(lon - half_lon, 1)),
        (round(lat_at(y - height_px / 2), 1), round(lon + half_lon, 1)),
    )


def _extra(params, known_places, known_layers, known_dates, fallback_bounds, notices) -> ExtraView | None:
    """`extra=view` and the view's parameters, validated (urlstate.parse for place, layers, view, date, rings)."""
    if params.get("extra") != "view":
        notices.append(urlstate.notice("extra", "Unknown extra scene {value}; only 'view' is known.", params["extra"], 20))
        return None
    state = urlstate.parse(
        {k: params[k] for k in ("place", "layers", "view", "date", "rings") if k in params},
        known_places,
        known_layers,
        (),
        known_dates,
    )
    notices.extend(state.notices)
    bounds = _bounds(params.get("bounds"), notices)
    if bounds is None and state.view is not None:
        bounds = bounds_of_view(state.view)
    if bounds is None:
        bounds = fallback_bounds or ((44.0, 22.0), (52.5, 40.5))
    return ExtraView(state.place, state.layers, state.view, bounds, state.date, state.rings)


def params_out(
    params: Mapping[str, str],
    mode: str | None,
    scene: int,
    room: str | None = None,
    key: str | None = None,
    override_shown: bool = False,
    extra: bool = False,
) -> dict[str, str]:
    """The link the page writes back: mode, room (and the presenter's own key), scene, and the
    link's `place`/`layers` while the scene they override is shown (or, for a shared view, the
    view's parameters always: the extra scene stays in the briefing).

    Parameters
    ----------
    params : mapping of str to str
        The query parameters the page was opened with.
    mode : str or None
        The mode shown.
    scene : int
        The scene shown.
    room, key : str, optional
        The room (audience and presenter) and the presenter's key (presenter only).
    override_shown : bool
        Whether the scene shown is the one `place`/`layers` override.
    extra : bool
        Whether the briefing has a shared view as an extra scene (`EXTRA_KEYS` are kept).

    Returns
    -------
    dict of str to str
        The query parameters.

    Examples
    --------
    >>> params_out({"place": "x"}, "audience", 2, room="r1", override_shown=True)
    {'mode': 'audience', 'room': 'r1', 'scene': '2', 'place': 'x'}
    """
    out = {"mode": mode} if mode else {}
    if mode == "audience":
        out["room"] = room
    elif mode == "presenter":
        out["room"], out["key"] = room, key  # the presenter's own link: never shown to the audience
    out["scene"] = str(scene)
    if extra:
        for k in EXTRA_KEYS:
            if k in params:
                out[k] = params[k]
    elif override_shown:
        for k in ("place", "layers"):
            if k in params:
                out[k] = params[k]
    return out
