"""What the Map page draws on top of the layers at the user's request: a measured distance (a
geodesic line between two clicked points, or from a place to a date's front line) and range rings
around a place, each with a text label on the map. Every distance is geodesic on the WGS84 ellipsoid
(geo.core.measure, pyproj): the browser's own (spherical) distance is never shown.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import folium

from geo.core.measure import GEOD, distance_km
from geo.figures.rings import label_point, ring
from geo.web import templates

MEASURE_STYLE = {"color": "#111111", "weight": 3, "dashArray": "10 6", "lineCap": "round", "fill": False}
RING_STYLE = {"color": "#1a1a1a", "weight": 2.5, "dashArray": "2 7", "lineCap": "round", "fill": False}
LINE_POINTS = 64  # vertices of a drawn geodesic: smooth at any zoom the map allows


@dataclass(frozen=True)
class Measured:
    """A geodesic distance between two points, ready to draw."""

    start: tuple[float, float]  # (lat, lon)
    end: tuple[float, float]
    km: float

    @property
    def label(self) -> str:
        return f"{self.km:,.1f} km (geodesic, WGS84)"


def measure(start: tuple[float, float], end: tuple[float, float], km: float | None = None) -> Measured:
    """The geodesic distance between two (lat, lon) points (or a distance already computed, e.g. a
    place's distance to the front line from geo.figures.facts).

    Parameters
    ----------
    start, end : tuple of float
        (lat, lon) in degrees.
    km : float, optional
        The figure to label the line with; by default measured here (geo.core.measure.distance_km).

    Returns
    -------
    Measured
        The points and the distance.

    Examples
    --------
    >>> m = measure((50.45, 30.52), (46.85, 35.37))
    >>> m.label
    '536.4 km (geodesic, WGS84)'
    """
    if km is None:
        km = distance_km(start[1], start[0], end[1], end[0])
    return Measured((float(start[0]), float(start[1])), (float(end[0]), float(end[1])), float(km))


def _line_coords(m: Measured) -> list[list[float]]:
    (lat1, lon1), (lat2, lon2) = m.start, m.end
    mid = GEOD.npts(lon1, lat1, lon2, lat2, LINE_POINTS - 2)
    return [[round(lon, 5), round(lat, 5)] for lon, lat in [(lon1, lat1), *mid, (lon2, lat2)]]


def midpoint(m: Measured) -> tuple[float, float]:
    """The middle of the drawn geodesic, where its label goes.

    Parameters
    ----------
    m : Measured
        The distance.

    Returns
    -------
    tuple of float
        (lat, lon).

    Examples
    --------
    >>> lat, lon = midpoint(measure((46.0, 35.0), (48.0, 35.0)))
    >>> round(lat, 1), round(lon, 1)
    (47.0, 35.0)
    """
    lon, lat = _line_coords(m)[LINE_POINTS // 2]
    return (lat, lon)


def _inline(key: str, features: list[dict], pane: str = "lines") -> dict:
    text = json.dumps(features, separators=(",", ":"), sort_keys=True)
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return {"key": f"{key}-{digest}", "pane": pane, "data": {"type": "FeatureCollection", "features": features}}


def measure_layer(m: Measured) -> dict:
    """The measured line as a browser layer (briefmap.js `dynamic`, inline: no file is written).

    Parameters
    ----------
    m : Measured
        The distance.

    Returns
    -------
    dict
        ``{"key", "pane", "data"}``; the key changes with the points, so a new line replaces the old.

    Examples
    --------
    >>> measure_layer(measure((47.0, 35.0), (46.0, 36.0)))["data"]["features"][0]["geometry"]["type"]
    'LineString'
    """
    lat, lon = m.start
    feats = [
        {
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": _line_coords(m)},
            "properties": {"label": m.label, "style": MEASURE_STYLE},
        },
        *(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(p[1], 5), round(p[0], 5)]},
                "properties": {"style": {"radius": 4, "color": "#111111", "weight": 2, "fillColor": "#ffffff", "fillOpacity": 1}},
            }
            for p in (m.start, m.end)
        ),
    ]
    return _inline("measure", feats)


def ring_layer(lon: float, lat: float, kms: tuple[float, ...], name: str) -> dict:
    """Geodesic range rings around a point as one browser layer (geo.figures.rings), inline.

    Parameters
    ----------
    lon, lat : float
        The centre.
    kms : tuple of float
        The radii.
    name : str
        The centre's name, for each ring's tooltip.

    Returns
    -------
    dict
        ``{"key", "pane", "data"}``.

    Examples
    --------
    >>> len(ring_layer(35.38, 46.85, (100.0, 200.0), "Melitopol")["data"]["features"])
    2
    """
    feats = []
    for km in kms:
        coords = [[round(x, 5), round(y, 5)] for x, y in ring(lon, lat, km).coords]
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": coords},
                "properties": {"label": f"{km:,g} km from {name} (geodesic)", "style": RING_STYLE},
            }
        )
    return _inline("rings", feats)


def ring_labels(lon: float, lat: float, kms: tuple[float, ...]) -> list[tuple[float, float, str]]:
    """Each ring's label ("100 km") and where it goes: the ring's northernmost point.

    Parameters
    ----------
    lon, lat : float
        The centre.
    kms : tuple of float
        The radii.

    Returns
    -------
    list of tuple
        (lat, lon, text) per ring.

    Examples
    --------
    >>> [t for _, _, t in ring_labels(35.38, 46.85, (100.0, 200.0))]
    ['100 km', '200 km']
    """
    out = []
    for km in kms:
        x, y = label_point(lon, lat, km)
        out.append((y, x, f"{km:,g} km"))
    return out


def add_label(group: folium.FeatureGroup, lat: float, lon: float, text: str, kind: str) -> None:
    """Add a text label to the map's per-rerun group (templates/map_label.html, escaped), not clickable.

    Parameters
    ----------
    group : folium.FeatureGroup
        The group streamlit-folium adds inside the existing map (webmap.apply_group).
    lat, lon : float
        Where the label's centre goes.
    text : str
        The label.
    kind : str
        ``"measure"`` or ``"ring"`` (a CSS class, for tests and styles).

    Returns
    -------
    None

    Examples
    --------
    >>> g = folium.FeatureGroup()
    >>> add_label(g, 47.0, 35.0, "100 km", "ring")
    >>> len(g._children)
    1
    """
    html = templates.render("map_label.html", text=text, kind=kind)
    icon = folium.DivIcon(html=html, icon_size=(0, 0), icon_anchor=(0, 0), class_name="bm-map-label-wrap")
    group.add_child(folium.Marker([round(lat, 5), round(lon, 5)], icon=icon, interactive=False, keyboard=False))
