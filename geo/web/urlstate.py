"""The shareable view: `?place=…&layers=…&view=lat,lon,zoom&date=…&compare=A,B&rings=100,200` in and out of the URL.

Unknown or malformed values are dropped with a short notice; they never raise. A notice is plain
text: it carries the raw value from the link apart from our wording (`Notice`), and the page that
shows it escapes it exactly once (`ui.notice_md`), so no link parameter is ever rendered as
Markdown or HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from geo.web.styles import DEFAULT_PALETTE, PALETTES

LAT_RANGE = (41.0, 56.0)
LON_RANGE = (18.0, 45.0)
ZOOM_RANGE = (5, 12)


VALUE_CHARS = 40  # how much of a link value a notice quotes
MAX_RINGS = 5  # range rings around a place: at most this many
RING_KM = (1.0, 2000.0)  # each ring's radius, in km, within this range
DEFAULT_RINGS = (100.0, 200.0)


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
    nearest_date: str | None = None  # a link's date that has no lines: the known date closest to it
    palette: str = DEFAULT_PALETTE
    compare: tuple[str, str] | None = None  # two dates with lines, earlier first: the swipe (ui/compare.py)
    rings: tuple[float, ...] = ()  # range rings (km) around `place`; empty: none


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
    """Validate query parameters; keep what is valid, say what was dropped.

    Parameters
    ----------
    params : mapping
        The link's query parameters (a value may be a list: the first one counts).
    known_places, known_layers, default_layers, known_dates
        What the app can show; `default_layers` when the link has no `layers`.

    Returns
    -------
    ViewState
        The valid values, and one `Notice` per dropped value or unknown parameter.

    Examples
    --------
    >>> s = parse({"place": "atlantis", "zoom": "9"}, {"kyiv"}, ["places"], ("places",))
    >>> s.place, [n.text() for n in s.notices]
    (None, ["Unknown place 'atlantis' in the link was ignored.", "Unknown link parameter 'zoom' was ignored."])
    """
    notices: list[Notice] = []
    place = _place(_first(params.get("place")), known_places, notices)
    layers = _layers(_first(params.get("layers")), known_layers, default_layers, notices)
    view = _view(_first(params.get("view")), notices)
    raw_date = _first(params.get("date"))
    date = _date(raw_date, known_dates or [], notices)
    nearest = nearest_date(raw_date, known_dates or []) if raw_date is not None and date is None else None
    pal = _palette(_first(params.get("palette")), notices)
    pair = parse_compare(_first(params.get("compare")), known_dates or [], notices)  # compare two dates
    rings = _rings(_first(params.get("rings")), place, notices)
    for key in params:
        if key not in ("place", "layers", "view", "date", "palette", "compare", "rings", "essay"):  # essay: ui/essays.py
            notices.append(notice(key[:20], "Unknown link parameter {value} was ignored.", key, 20))
    return ViewState(
        place=place,
        layers=layers,
        view=view,
        notices=tuple(notices),
        date=date,
        nearest_date=nearest,
        palette=pal,
        compare=pair,
        rings=rings,
    )


def _place(raw: str | None, known: set[str] | frozenset[str], notices: list[Notice]) -> str | None:
    if raw is None:
        return None
    place = raw.strip()
    if place in known:
        return place
    notices.append(notice("place", "Unknown place {value} in the link was ignored.", place))
    return None


def _layers(raw: str | None, known: list[str], default: tuple[str, ...], notices: list[Notice]) -> tuple[str, ...]:
    if raw is None:
        return tuple(default)
    wanted = [x.strip() for x in raw.split(",") if x.strip()]
    unknown = [x for x in wanted if x not in known]
    if unknown:
        value = ", ".join(u[:40] for u in unknown[:5])
        notices.append(notice("layers", "Unknown layer(s) {value} in the link were ignored.", value, 250))
    return tuple(x for x in known if x in wanted)


def _view(raw: str | None, notices: list[Notice]) -> tuple[float, float, int] | None:
    if raw is None:
        return None
    try:
        lat_s, lon_s, zoom_s = raw.split(",")
        lat, lon, zoom = float(lat_s), float(lon_s), int(round(float(zoom_s)))
        inside = LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]
        if not (inside and ZOOM_RANGE[0] <= zoom <= ZOOM_RANGE[1]):
            raise ValueError("out of range")
        return (round(lat, 4), round(lon, 4), zoom)
    except ValueError:
        message = "The map view {value} in the link is not 'lat,lon,zoom' within the map; the default view is shown."
        notices.append(notice("view", message, raw))
        return None


def _date(raw: str | None, known: list[str], notices: list[Notice]) -> str | None:
    if raw is None:
        return None
    date = raw.strip()
    if date in known:
        return date
    from geo.data.essay import essay_date
    from geo.figures.headline import human_date

    message = f"No lines for the date {{value}} in the link; the essay's date, {human_date(essay_date())}, is shown."
    near = nearest_date(date, known)
    if near is not None and near != essay_date():
        message += f" The nearest snapshot is {human_date(near)}."
    elif known:
        message += f" Dates with lines: {', '.join(known)}."
    notices.append(notice("date", message, date, 20))
    return None


def nearest_date(raw: str, known: list[str]) -> str | None:
    """The known date closest in time to a link's date (ties: the earlier), or None if it is no date.

    Parameters
    ----------
    raw : str
        The date as the link gives it (untrusted; anything but an ISO date gives None).
    known : list of str
        The ISO dates that have lines.

    Returns
    -------
    str or None
        One of `known`.

    Examples
    --------
    >>> nearest_date("2024-01-01", ["2022-11-17", "2023-01-15", "2025-08-03"])
    '2023-01-15'
    >>> nearest_date("soon", ["2022-11-17"]) is None
    True
    """
    import datetime as dt

    try:
        d0 = dt.date.fromisoformat(str(raw).strip())
        days = {k: abs((dt.date.fromisoformat(k) - d0).days) for k in known}
    except ValueError:
        return None
    return min(days, key=lambda k: (days[k], k)) if days else None


def parse_rings(raw: str) -> tuple[tuple[float, ...], str | None]:
    """Range rings from a comma list of kilometres ("100, 200"): at most `MAX_RINGS`, each within `RING_KM`.

    Parameters
    ----------
    raw : str
        The list as typed or linked (untrusted).

    Returns
    -------
    tuple
        (radii in km, sorted and without repeats; an error message with ``{value}`` where the bad
        value goes, or None). On an error the radii are empty.

    Examples
    --------
    >>> parse_rings("200, 100,100")
    ((100.0, 200.0), None)
    >>> parse_rings("100,abc")[1]
    "Range rings {value} are not a comma list of kilometres; 'abc' is not a number."
    """
    parts = [x.strip() for x in str(raw).split(",") if x.strip()]
    if not parts:
        return (), "Range rings {value} name no distance; give kilometres such as 100,200."
    kms = []
    for x in parts:
        try:
            km = float(x)
        except ValueError:
            return (), f"Range rings {{value}} are not a comma list of kilometres; {x[:20]!r} is not a number."
        if not RING_KM[0] <= km <= RING_KM[1]:  # also refuses nan and inf
            return (), f"Range rings {{value}}: each ring is {RING_KM[0]:g} to {RING_KM[1]:g} km; {x[:20]!r} is not."
        kms.append(round(km, 1))
    kms = sorted(set(kms))
    if len(kms) > MAX_RINGS:
        return (), f"Range rings {{value}}: at most {MAX_RINGS} rings."
    return tuple(kms), None


def rings_text(kms: tuple[float, ...] | list[float]) -> str:
    """Radii as the link and the ring box write them: ``"100,200"`` (no needless decimals).

    Parameters
    ----------
    kms : sequence of float
        Radii in km.

    Returns
    -------
    str
        A comma list.

    Examples
    --------
    >>> rings_text((100.0, 12.5))
    '100,12.5'
    """
    return ",".join(f"{k:g}" for k in kms)


def _rings(raw: str | None, place: str | None, notices: list[Notice]) -> tuple[float, ...]:
    """`?rings=100,200` around the link's place; bad values or no place: none, with a notice."""
    if raw is None:
        return ()
    kms, problem = parse_rings(raw)
    if problem:
        notices.append(notice("rings", problem + " No range rings are shown.", raw))
        return ()
    if place is None:
        notices.append(notice("rings", "Range rings {value} in the link need a place (?place=…); none are shown.", raw))
        return ()
    return kms


def _palette(raw: str | None, notices: list[Notice]) -> str:
    """`?palette=default|colourblind|greyscale`; anything else: the default, with a notice."""
    if raw is None:
        return DEFAULT_PALETTE
    value = raw.strip().lower()
    if value in PALETTES:
        return value
    notices.append(
        notice("palette", f"Unknown palette {{value}} in the link (palettes: {', '.join(PALETTES)}); the default is shown.", raw)
    )
    return DEFAULT_PALETTE


# ---- compare two dates: `?compare=A,B` --------------------------------------------------------


def parse_compare(raw: str | None, known: list[str], notices: list[Notice]) -> tuple[str, str] | None:
    """`?compare=A,B`: two different dates with lines, returned earlier first; anything else is
    dropped with a notice quoting the value (plain text, like every link notice).

    Parameters
    ----------
    raw : str or None
        The link's value (untrusted: any length, any characters).
    known : list of str
        The ISO dates with lines (the store's snapshots and our authored layer's dates).
    notices : list of Notice
        Where a notice is added when the value is dropped.

    Returns
    -------
    tuple of (str, str) or None
        ``(earlier, later)``, or None when there is no valid pair.

    Examples
    --------
    >>> parse_compare("2025-08-03,2022-11-17", ["2022-11-17", "2025-08-03"], [])
    ('2022-11-17', '2025-08-03')
    >>> out = []
    >>> parse_compare("2022-11-17,2022-11-17", ["2022-11-17", "2025-08-03"], out), out[0].text()
    (None, "The comparison '2022-11-17,2022-11-17' in the link needs two different dates; dates with lines: 2022-11-17, 2025-08-03. The map shows one date.")
    """
    if raw is None:
        return None
    parts = [x.strip() for x in str(raw).split(",")]
    ok = len(parts) == 2 and parts[0] != parts[1] and all(p in known for p in parts)
    if ok:
        a, b = sorted(parts)
        return (a, b)
    if len(parts) != 2:
        why = "is not two dates 'A,B'"
    elif parts[0] == parts[1]:
        why = "needs two different dates"
    else:
        why = "names a date without lines"
    listed = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
    message = f"The comparison {{value}} in the link {why}; dates with lines: {listed or 'none'}. The map shows one date."
    notices.append(notice("compare", message, raw, 50))
    return None


def to_params(
    place: str | None,
    layers: tuple[str, ...] | list[str],
    view: tuple[float, float, int] | None,
    date: str | None = None,
    palette: str | None = None,
    compare: tuple[str, str] | None = None,
    rings: tuple[float, ...] | list[float] = (),
    essay: str | None = None,
) -> dict[str, str]:
    """Query parameters for a state (omitting what is unset, and the default palette; rings only with a place).

    `compare`: the two dates of the swipe (``?compare=A,B``, earlier first); it replaces `date`.
    `essay`: the chosen user essay's id (``?essay=ID``; None or "" for the curated seed essay).

    Examples
    --------
    >>> to_params("gn-1", ["places"], None, essay="my-essay-2024-03-01")
    {'essay': 'my-essay-2024-03-01', 'place': 'gn-1', 'layers': 'places'}
    """
    out: dict[str, str] = {}
    if essay:
        out["essay"] = essay
    if compare:
        out["compare"] = ",".join(sorted(compare))
    elif date:
        out["date"] = date
    if place:
        out["place"] = place
    out["layers"] = ",".join(layers)
    if view:
        out["view"] = f"{view[0]:.4f},{view[1]:.4f},{int(view[2])}"
    if palette and palette != DEFAULT_PALETTE:
        out["palette"] = palette
    if rings and place:
        out["rings"] = rings_text(rings)
    return out
