"""The shareable view: `?place=…&layers=…&view=lat,lon,zoom&date=…` in and out of the URL.

Unknown or malformed values are dropped with a short notice; they never raise. A notice is plain
text: it carries the raw value from the link apart from our wording (`Notice`), and the page that
shows it escapes it exactly once (`ui.notice_md`), so no link parameter is ever rendered as
Markdown or HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

LAT_RANGE = (41.0, 56.0)
LON_RANGE = (18.0, 45.0)
ZOOM_RANGE = (5, 12)


VALUE_CHARS = 40  # how much of a link value a notice quotes


@dataclass(frozen=True)
class Notice:
    """A message about a link parameter. `message` is our wording, with `{value}` where the link's
    value goes; `value` is that raw value (cut short), never pre-escaped. `text()` is the plain text;
    pages render it through `ui.notice_md` (or as plain text), never as Markdown or HTML as is."""

    param: str
    message: str
    value: str = ""

    def text(self) -> str:
        return self.message.replace("{value}", repr(self.value), 1)


def notice(param: str, message: str, value: object = "", limit: int = VALUE_CHARS) -> Notice:
    return Notice(param, message, str(value)[:limit])


@dataclass(frozen=True)
class ViewState:
    place: str | None
    layers: tuple[str, ...]
    view: tuple[float, float, int] | None
    notices: tuple[Notice, ...] = field(default=())
    date: str | None = None


def _first(v: str | list[str] | None) -> str | None:
    if isinstance(v, list):
        return v[0] if v else None
    return v


def parse(
    params: Mapping[str, str | list[str]],
    known_places: set[str] | frozenset[str],
    known_layers: list[str],
    default_layers: tuple[str, ...],
    known_dates: list[str] | None = None,
) -> ViewState:
    """Validate query parameters; keep what is valid, say what was dropped."""
    notices: list[Notice] = []
    place = _first(params.get("place"))
    if place is not None:
        place = place.strip()
        if place not in known_places:
            notices.append(notice("place", "Unknown place {value} in the link was ignored.", place))
            place = None
    raw_layers = _first(params.get("layers"))
    if raw_layers is None:
        layers = tuple(default_layers)
    else:
        wanted = [x.strip() for x in raw_layers.split(",") if x.strip()]
        unknown = [x for x in wanted if x not in known_layers]
        if unknown:
            notices.append(
                notice(
                    "layers", "Unknown layer(s) {value} in the link were ignored.", ", ".join(u[:40] for u in unknown[:5]), 250
                )
            )
        layers = tuple(x for x in known_layers if x in wanted)
    view = None
    raw_view = _first(params.get("view"))
    if raw_view is not None:
        try:
            lat_s, lon_s, zoom_s = raw_view.split(",")
            lat, lon, zoom = float(lat_s), float(lon_s), int(round(float(zoom_s)))
            if not (
                LAT_RANGE[0] <= lat <= LAT_RANGE[1]
                and LON_RANGE[0] <= lon <= LON_RANGE[1]
                and ZOOM_RANGE[0] <= zoom <= ZOOM_RANGE[1]
            ):
                raise ValueError("out of range")
            view = (round(lat, 4), round(lon, 4), zoom)
        except ValueError:
            notices.append(
                notice(
                    "view",
                    "The map view {value} in the link is not 'lat,lon,zoom' within the map; the default view is shown.",
                    raw_view,
                )
            )
    date = _first(params.get("date"))
    if date is not None:
        date = date.strip()
        if date not in (known_dates or []):
            notices.append(
                notice(
                    "date",
                    "No lines for the date {value} in the link (dates: "
                    f"{', '.join(known_dates or [])}); the essay's date is shown.",
                    date,
                    20,
                )
            )
            date = None
    for key in params:
        if key not in ("place", "layers", "view", "date"):
            notices.append(notice(key[:20], "Unknown link parameter {value} was ignored.", key, 20))
    return ViewState(place=place, layers=layers, view=view, notices=tuple(notices), date=date)


def to_params(
    place: str | None, layers: tuple[str, ...] | list[str], view: tuple[float, float, int] | None, date: str | None = None
) -> dict[str, str]:
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
