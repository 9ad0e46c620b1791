"""The shareable view: `?place=…&layers=…&view=lat,lon,zoom&date=…` in and out of the URL.

Unknown or malformed values are dropped with a short notice; they never raise.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

LAT_RANGE = (41.0, 56.0)
LON_RANGE = (18.0, 45.0)
ZOOM_RANGE = (5, 12)


@dataclass(frozen=True)
class ViewState:
    place: str | None
    layers: tuple[str, ...]
    view: tuple[float, float, int] | None
    notices: tuple[str, ...] = field(default=())
    date: str | None = None


def _first(v: str | list[str] | None) -> str | None:
    if isinstance(v, list):
        return v[0] if v else None
    return v


def parse(params: Mapping[str, str | list[str]], known_places: set[str] | frozenset[str], known_layers: list[str],
          default_layers: tuple[str, ...], known_dates: list[str] | None = None) -> ViewState:
    """Validate query parameters; keep what is valid, say what was dropped."""
    notices: list[str] = []
    place = _first(params.get("place"))
    if place is not None:
        place = place.strip()
        if place not in known_places:
            notices.append(f"Unknown place {place[:40]!r} in the link was ignored.")
            place = None
    raw_layers = _first(params.get("layers"))
    if raw_layers is None:
        layers = tuple(default_layers)
    else:
        wanted = [x.strip() for x in raw_layers.split(",") if x.strip()]
        unknown = [x for x in wanted if x not in known_layers]
        if unknown:
            notices.append(f"Unknown layer(s) {', '.join(repr(u[:40]) for u in unknown[:5])} in the link were ignored.")
        layers = tuple(x for x in known_layers if x in wanted)
    view = None
    raw_view = _first(params.get("view"))
    if raw_view is not None:
        try:
            lat_s, lon_s, zoom_s = raw_view.split(",")
            lat, lon, zoom = float(lat_s), float(lon_s), int(round(float(zoom_s)))
            if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1] and ZOOM_RANGE[0] <= zoom <= ZOOM_RANGE[1]):
                raise ValueError("out of range")
            view = (round(lat, 4), round(lon, 4), zoom)
        except ValueError:
            notices.append(f"The map view {raw_view[:40]!r} in the link is not 'lat,lon,zoom' within the map; the default view is shown.")
    date = _first(params.get("date"))
    if date is not None:
        date = date.strip()
        if date not in (known_dates or []):
            notices.append(f"No lines for the date {date[:20]!r} in the link (dates: {', '.join(known_dates or [])}); "
                           f"the essay's date is shown.")
            date = None
    for key in params:
        if key not in ("place", "layers", "view", "date"):
            notices.append(f"Unknown link parameter {key[:20]!r} was ignored.")
    return ViewState(place=place, layers=layers, view=view, notices=tuple(notices), date=date)


def to_params(place: str | None, layers: tuple[str, ...] | list[str], view: tuple[float, float, int] | None,
              date: str | None = None) -> dict[str, str]:
    """Query parameters for a state (omitting what is unset)."""
    out: dict[str, str] = {}
    if date:
        out["date"] = date
    if place:
        out["place"] = place
    out["layers"] = ",".join(layers)
    if view:
        out["view"] = f"{view[0]:.4f},{view[1]:.4f},{int(view[2])}"
    return out
