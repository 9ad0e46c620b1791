"""The folium map: offline basemap, clickable places/regions/lines, dated control layers.

Geometry is written once to ./static/layers as small GeoJSON files and fetched by the browser, so
the map script itself stays a few KB. What changes on a click or a layer toggle (visible layers,
the selection) travels as a tiny `apply(...)` call through streamlit-folium's feature group, so a
click never re-sends geometry. The browser decides which place a click selects from the layers it
has and a small pick file (`publish_pick`, the rules of `geo.web.picking`), and reports only its id.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import folium
import shapely
from branca.element import MacroElement
from jinja2 import Template

from geo.core.paths import BASEMAP, CONTROL, PLACES, REGIONS
from geo.data import arguments, gazetteer, places
from geo.data.essay import HELD_LAYER
from geo.data.layers import catalogue, control_path
from geo.data.line_specs import load as load_lines
from geo.web import picking, styles, urlstate
from geo.web.offline import ensure_vendor, vendor_links, write_static_text

WEB_DECIMALS = 4  # ~10 m: plenty for the screen, a third smaller than the shipped files
DEFAULT_VIEW = (47.9, 34.6, 6)  # lat, lon, zoom: the south and east, Kyiv to Crimea in frame at 1280x720
BASE_TOGGLES = ("ukraine-admin1", "places", "lines")
DEFAULT_LAYERS = ("ukraine-admin1", "places", "lines", HELD_LAYER)  # the essay's held layer (essays.toml)
# Places drawn by no other layer (Ukraine, Crimea, western Kherson): drawn invisible, so that a
# selection or a scene can highlight them like any other place (briefmap.js styles the highlight).
UNDRAWN_AREA_STYLE = {"stroke": True, "color": "#000", "opacity": 0, "weight": 0, "fill": True, "fillOpacity": 0}
FIT_PLACE = "ukraine"  # the default view fits this place's bounds to the map's size ...
# ... where that leaves the essay's theatre legible (LEGIBLE_ZOOM or closer); a smaller map (1280x720 with
# the sidebar, a phone) frames the theatre instead: these places, whose labels also go first (briefmap.js
# declutter), in this order; a region's label by its id in ukraine-admin1.
THEATRE = ("kyiv", "luhansk", "crimea", "zaporizhzhia", "melitopol", "kherson", "donetsk")
THEATRE_LABELS = {"crimea": "autonomous-republic-of-crimea"}
LEGIBLE_ZOOM = 6
PANES = {"basemap": 200, "regions": 390, "areas": 395, "control": 400, "fronts": 405, "lines": 410, "places": 430, "labels": 440}


@dataclass(frozen=True)
class WebLayer:
    key: str  # the catalogue id (what `?layers=` names), or an internal key for always-on layers
    title: str
    pane: str
    interactive: bool
    toggleable: bool
    url: str
    labels_url: str | None = None
    ids: tuple[str, ...] = ()  # the ids of its features, in file order
    coarse_url: str | None = None  # the same features, simplified for zoom <= COARSE_MAX_ZOOM (big layers only)


def _round(geom: shapely.Geometry) -> dict:
    g = shapely.set_precision(geom, 10**-WEB_DECIMALS)
    if not g.is_valid:
        g = shapely.make_valid(g)
    return shapely.geometry.mapping(g)


def _fc(features: list[dict]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))


def _features(path, style_for, label_for=None) -> list[dict]:
    fc = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for f in fc["features"]:
        geom = shapely.geometry.shape(f["geometry"])
        props = f["properties"]
        out.append(
            {
                "type": "Feature",
                "geometry": _round(geom),
                "properties": {
                    "id": f.get("id") or props.get("id"),
                    "label": label_for(props) if label_for else None,
                    "style": style_for(props),
                },
            }
        )
    return out


# Coarse copies for the first map: at zoom <= COARSE_MAX_ZOOM (the default view fits Ukraine at 6)
# a pixel is >= 1.5 km, so the big polygon layers are sent simplified to about a pixel; the map
# fetches the full file once it is zoomed in further (briefmap.js, bm.upgrade). Figures never read
# these files: they are computed in Python from data/ (tests/test_static_cache.py checks it).
COARSE_MAX_ZOOM = 6
COARSE_MIN_BYTES = 20_000  # smaller layers are sent once, in full
COARSE_DECIMALS = 3  # ~100 m, a fifteenth of a pixel at zoom 6
COARSE_COVERAGE_DEG = 0.015  # tiling layers (regions, countries, land, sea): borders shared; < 1 px² triangles dropped
COARSE_DP_DEG = 0.005  # other polygons (Douglas-Peucker, topology kept): a third of a pixel at zoom 6


def coarse_features(features: list[dict]) -> list[dict] | None:
    """The same features with their polygons simplified for zoom <= ``COARSE_MAX_ZOOM``.

    A layer whose polygons tile without overlapping (regions, countries, land, sea) is simplified
    as a coverage (``shapely.coverage_simplify``), so neighbours keep one shared border and no gap
    opens between them; any other polygon layer feature by feature, keeping its topology. No
    feature is dropped: one that would collapse keeps its full geometry. Ids, labels and styles
    are the full file's, in the same order.

    Parameters
    ----------
    features : list of dict
        GeoJSON features as published (``properties`` with ``id``, ``label``, ``style``).

    Returns
    -------
    list of dict or None
        The coarse features, or None where the layer has anything but polygons (nothing to gain).

    Examples
    --------
    >>> sq = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 0.0001], [1, 1], [0, 1], [0, 0]]]}
    >>> out = coarse_features([{"type": "Feature", "geometry": sq, "properties": {"id": "a"}}])
    >>> len(out[0]["geometry"]["coordinates"][0]), out[0]["properties"]["id"]
    (5, 'a')
    """
    geoms = [shapely.geometry.shape(f["geometry"]) for f in features]
    if not geoms or not all(g.geom_type in ("Polygon", "MultiPolygon") for g in geoms):
        return None
    if shapely.coverage_is_valid(shapely.GeometryCollection(geoms)):
        simple = list(shapely.coverage_simplify(geoms, COARSE_COVERAGE_DEG))
    else:
        simple = [shapely.simplify(g, COARSE_DP_DEG, preserve_topology=True) for g in geoms]
    out = []
    for f, full, g in zip(features, geoms, simple):
        g = shapely.set_precision(g, 10**-COARSE_DECIMALS)
        if g.is_empty or not g.is_valid or g.geom_type not in ("Polygon", "MultiPolygon"):
            g = full
        out.append({"type": "Feature", "geometry": shapely.geometry.mapping(g), "properties": f["properties"]})
    return out


def _publish(name: str, text: str, folder: str = "layers", suffix: str = "geojson") -> str:
    """Write under static/<folder> with a content hash in the name, so browsers may cache it forever."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    return write_static_text(f"{folder}/{name}.{digest}.{suffix}", text)


def _label_rank(place_id: str | None) -> dict:
    """``{"rank": i}`` for a label of the i-th place of `THEATRE` (placed first), else nothing."""
    ranks = {THEATRE_LABELS.get(pid, pid): i for i, pid in enumerate(THEATRE)}
    return {"rank": ranks[place_id]} if place_id in ranks else {}


def _label_points(path, kind: str) -> list[dict]:
    fc = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for f in fc["features"]:
        geom = shapely.geometry.shape(f["geometry"])
        pt = geom.representative_point() if geom.geom_type != "Point" else geom
        props = {"text": f["properties"]["name"], "kind": kind, **_label_rank(f.get("id") or f["properties"].get("id"))}
        out.append({"type": "Feature", "geometry": _round(pt), "properties": props})
    return out


@lru_cache(maxsize=1)
def publish_layers() -> tuple[WebLayer, ...]:
    """Write every web layer to ./static and return them in drawing order."""
    ensure_vendor()
    cat = {c.id: c for c in catalogue()}
    discussed = set(arguments.load().arguments)
    out: list[WebLayer] = []

    def add(key, title, pane, interactive, toggleable, features, labels=None):
        text = _fc(features)
        url = _publish(key, text)
        lurl = _publish(f"{key}-labels", _fc(labels)) if labels else None
        ids = tuple(f["properties"]["id"] for f in features if f["properties"].get("id"))
        coarse = coarse_features(features) if len(text.encode("utf-8")) >= COARSE_MIN_BYTES else None
        curl = _publish(f"{key}-coarse", _fc(coarse)) if coarse else None
        out.append(WebLayer(key, title, pane, interactive, toggleable, url, lurl, ids, curl))

    add("basemap-sea", "Sea", "basemap", False, False, _features(BASEMAP / "sea.geojson", lambda p: styles.SEA))
    add("basemap-land", "Land", "basemap", False, False, _features(BASEMAP / "land.geojson", lambda p: styles.LAND))
    add(
        "basemap-countries",
        "Neighbouring countries",
        "basemap",
        True,
        False,
        _features(BASEMAP / "countries.geojson", lambda p: styles.COUNTRY, lambda p: p["name"]),
        _label_points(BASEMAP / "countries.geojson", "country"),
    )
    add(
        "ukraine-admin1",
        cat["ukraine-admin1"].title,
        "regions",
        True,
        True,
        _features(REGIONS / "ukraine-admin1.geojson", lambda p: styles.REGION, lambda p: p["name"]),
        _label_points(REGIONS / "ukraine-admin1.geojson", "region"),
    )
    add(
        "basemap-reservoirs",
        "Dnipro reservoirs",
        "regions",
        False,
        False,
        _features(BASEMAP / "reservoirs.geojson", lambda p: styles.RESERVOIR),
    )
    for c in load_lines().controls:
        info = cat[c.id]
        add(
            c.id,
            f"{info.title}",
            "control",
            True,
            True,
            _features(control_path(c.id), lambda p, cid=c.id: styles.CONTROL[cid], lambda p: f"{p['title']} ({p['date']})"),
        )
    add(
        "front-lines",
        cat["front-lines"].title,
        "fronts",
        False,
        True,
        _features(CONTROL / "front-lines.geojson", lambda p: styles.FRONT_LINE, lambda p: p["title"]),
    )
    add(
        "lines",
        cat["lines"].title,
        "lines",
        True,
        True,
        _features(
            PLACES / "lines.geojson", lambda p: styles.RIVER if p["kind"] == "river" else styles.ROUTE, lambda p: p["title"]
        ),
    )
    gaz = gazetteer.load()
    pts, labels = [], []
    for f in places.features():
        p = f["properties"]
        if p["kind"] not in ("city", "facility"):
            continue
        style = styles.FACILITY if p["kind"] == "facility" else (styles.CITY_DISCUSSED if p["id"] in discussed else styles.CITY)
        pts.append(
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {"id": p["id"], "label": f"{gaz[p['id']].name} ({p['kind']})", "style": style},
            }
        )
        labels.append(
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {
                    "text": gaz[p["id"]].short_name,
                    "id": p["id"],  # a user essay restyles the places it names (briefmap.js `named`)
                    "kind": "discussed" if p["id"] in discussed else "city",
                    **_label_rank(p["id"]),
                },
            }
        )
    add("places", cat["places"].title, "places", True, True, pts, labels)
    drawn = {pid for w in out for pid in w.ids}
    areas = [
        {"type": "Feature", "geometry": _round(geom), "properties": {"id": pid, "label": None, "style": UNDRAWN_AREA_STYLE}}
        for pid, geom in _undrawn_areas(drawn)
    ]
    if areas:
        add("areas", "Places drawn only when highlighted", "areas", False, False, areas)
    _remove_stale({u for w in out for u in (w.url, w.labels_url, w.coarse_url) if u})
    return tuple(out)


def _undrawn_areas(drawn: set[str]) -> list[tuple[str, shapely.Geometry]]:
    """The places with an area that no shipped layer draws, in gazetteer order."""
    out = []
    for f in places.features():
        pid = f["properties"]["id"]
        if pid in drawn:
            continue
        geom = places.geometry_of(pid)
        if geom.geom_type.endswith("Polygon"):
            out.append((pid, shapely.simplify(geom, WEB_SIMPLIFY_DEG, preserve_topology=True)))
    return out


def _remove_stale(current_urls: set[str], folder_name: str = "layers", suffix: str = "geojson", prefix: str = "") -> None:
    """Drop files of earlier builds (their names carry an old content hash); with ``prefix``, only
    the files whose names start with it (others in the folder belong to someone else)."""
    from geo.web.offline import STATIC, STATIC_URL

    folder = STATIC / folder_name
    for f in folder.glob(f"{prefix}*.{suffix}"):
        if f"{STATIC_URL}/{folder_name}/{f.name}" not in current_urls:
            f.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def publish_pick() -> str:
    """Write what the browser needs to decide which place a click selects; return its URL.

    The same rules and data as :func:`geo.web.picking.pick`: the pixel tolerances, which kinds are
    markers and lines, and for each pickable place its kind, whether the essay discusses it, its
    area and its rank among areas (regions: discussed first, then smallest; countries: gazetteer
    order). A place drawn on a shipped layer names that layer (the browser reads the geometry it
    already has); any other place carries its own geometry, rounded like the layers.

    Returns
    -------
    str
        The file's URL under /app/static/pick/ (content-hashed, so browsers may cache it forever).

    Examples
    --------
    >>> publish_pick().startswith("/app/static/pick/pick.")
    True
    """
    drawn: dict[str, str] = {}
    for w in publish_layers():
        for pid in w.ids:
            drawn.setdefault(pid, w.key)
    entries = []
    for p, rank in picking.browser_pickables():
        entry: dict[str, Any] = {"id": p.id, "kind": p.kind}
        if rank is not None:
            entry.update({"discussed": p.discussed, "area": round(p.area, 1), "rank": rank})
        if p.id in drawn:
            entry["layer"] = drawn[p.id]
        else:
            entry["geometry"] = _round(p.geom)
        entries.append(entry)
    text = json.dumps(
        {
            "marker_px": picking.MARKER_PX,
            "line_px": picking.LINE_PX,
            "marker_kinds": list(picking.MARKER_KINDS),
            "line_kinds": list(picking.LINE_KINDS),
            "places": entries,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    url = _publish("pick", text, folder="pick", suffix="json")
    _remove_stale({url}, "pick", "json")
    return url


NOT_DISCUSSED = "Not discussed in the essay."  # what the panel (pages/map.py) and the map's card say


def arguments_data(amap: arguments.ArgumentMap | None = None) -> dict[str, Any]:
    """What the map's card shows for each place, from the same data as the panel (``geo.data.arguments``).

    Parameters
    ----------
    amap : geo.data.arguments.ArgumentMap, optional
        The argument map (default: the shipped one).

    Returns
    -------
    dict
        ``summary_label`` (our summaries' label, as the panel has it), ``not_discussed`` (the line for a
        place the essay does not discuss) and ``places``: for every gazetteer place, in gazetteer order,
        its ``name`` and ``kind``, and for a discussed place its ``summary`` and its ``quotes`` (each
        ``{"paragraph", "number", "text"}``, verbatim, in the panel's order).

    Examples
    --------
    >>> d = arguments_data()
    >>> d["places"]["melitopol"]["quotes"][0]["number"] > 0, "quotes" in d["places"]["lviv-oblast"]
    (True, False)
    """
    amap = amap or arguments.load()
    gaz = gazetteer.load()
    out: dict[str, dict[str, Any]] = {}
    for pid, place in gaz.places.items():
        entry: dict[str, Any] = {"name": place.name, "kind": place.kind}
        a = amap.get(pid)
        if a is not None:
            entry["summary"] = a.summary
            entry["quotes"] = [{"paragraph": q.paragraph, "number": q.number, "text": q.text} for q in a.quotes]
        out[pid] = entry
    return {"summary_label": arguments.SUMMARY_LABEL, "not_discussed": NOT_DISCUSSED, "places": out}


@lru_cache(maxsize=1)
def publish_arguments() -> str:
    """Write what the map's card shows on a click (`arguments_data`) as one small static JSON file.

    The map fetches it at load, beside its layers, and shows a clicked place's quotes at once, with
    no round trip to the server; every text in it is set with ``textContent`` (briefmap.js).

    Returns
    -------
    str
        The file's URL under /app/static/arguments/ (content-hashed, so browsers may cache it forever).

    Examples
    --------
    >>> publish_arguments().startswith("/app/static/arguments/arguments.")
    True
    """
    text = json.dumps(arguments_data(), ensure_ascii=False, separators=(",", ":"))
    url = _publish("arguments", text, folder="arguments", suffix="json")
    _remove_stale({url}, "arguments", "json", prefix="arguments.")  # not the essays' cards beside it
    return url


# The map's JavaScript lives in geo/assets/briefmap.js (served as a static file); the per-map script
# only passes it the layer list, so the component's arguments stay a few KB.
SETUP_JS = Template("""
{% macro script(this, kwargs) %}
BriefMap.setup({{ this._parent.get_name() }}, {{ this.config|tojson }});
{% endmacro %}
""")

APPLY_JS = Template("""
{% macro script(this, kwargs) %}
if (window.__briefmap) { window.__briefmap.apply({{ this.state_json }}); }
{% endmacro %}
""")


def _layer_config(w: WebLayer) -> dict[str, Any]:
    """One layer as briefmap.js reads it; ``labels_url`` only where there are labels (the map's
    script travels with every rerun, so absent keys save bytes on every click)."""
    out: dict[str, Any] = {"key": w.key, "pane": w.pane, "interactive": w.interactive, "toggleable": w.toggleable, "url": w.url}
    if w.labels_url:
        out["labels_url"] = w.labels_url
    if w.coarse_url:
        out["coarse_url"] = w.coarse_url
    return out


class _Setup(MacroElement):
    _template = SETUP_JS

    def __init__(
        self,
        layers: tuple[WebLayer, ...],
        pick_url: str | None = None,
        palette: str = styles.DEFAULT_PALETTE,
        fit: list | None = None,
        arguments_url: str | None = None,
    ):
        super().__init__()
        self._name = "BriefMapSetup"
        self.config = {
            "panes": PANES,
            "pick": pick_url,
            "layers": [_layer_config(w) for w in layers],
            "zoom": list(urlstate.ZOOM_RANGE),
            "coarse_max_zoom": COARSE_MAX_ZOOM,
        }
        if styles.browser_palette(palette):  # another palette's styles, by name (geo.web.styles)
            self.config["palette"] = styles.browser_palette(palette)
        if fit is not None:
            self.config["fit"] = fit
            self.config["theatre"] = theatre_bounds()  # framed instead where the fit would be illegible
            self.config["legible"] = LEGIBLE_ZOOM
        if arguments_url is not None:  # the card that shows a clicked place's quotes (publish_arguments)
            self.config["arguments"] = arguments_url


@lru_cache(maxsize=1)
def fit_bounds() -> list[list[float]]:
    """The default view's frame: ``FIT_PLACE``'s bounds as Leaflet's ``[[south, west], [north, east]]``.

    Returns
    -------
    list of list of float
        Rounded to 0.01 degrees.

    Examples
    --------
    >>> s, n = fit_bounds()
    >>> s[0] < 45 < 52 < n[0]
    True
    """
    west, south, east, north = places.geometry_of(FIT_PLACE).bounds
    return [[round(south, 2), round(west, 2)], [round(north, 2), round(east, 2)]]


@lru_cache(maxsize=1)
def theatre_bounds() -> list[list[float]]:
    """The essay's theatre (`THEATRE`: Kyiv to Luhansk, down to Crimea) as Leaflet's bounds.

    The default view frames it where all of ``FIT_PLACE`` would need a zoom below `LEGIBLE_ZOOM`.

    Returns
    -------
    list of list of float
        ``[[south, west], [north, east]]``, rounded to 0.01 degrees.

    Examples
    --------
    >>> (s, w), (n, e) = theatre_bounds()
    >>> s < 44.5 < 50.4 < n and w < 30.6 < 39.3 < e
    True
    """
    west, south, east, north = shapely.union_all([places.geometry_of(pid) for pid in THEATRE]).bounds
    return [[round(south, 2), round(west, 2)], [round(north, 2), round(east, 2)]]


class _Apply(MacroElement):
    _template = APPLY_JS

    def __init__(self, state: dict[str, Any]):
        super().__init__()
        self._name = "BriefMapApply"
        self.state_json = json.dumps(state, separators=(",", ":")).replace("</", "<\\/")


WEB_SIMPLIFY_DEG = 0.001  # ~100 m: below what the map shows at zoom 10; keeps a date's layers ~100 KB

DATED_LAYERS = ("lines-held", "lines-unknown", "lines-liberated", "change-gained", "change-lost", "disputed")


def publish_geometry(key: str, geom: shapely.Geometry, style_key: str, label: str, pane: str = "control") -> dict:
    """Write one computed polygon layer (an imported date's class, a change, a dispute) for the browser."""
    feats = []
    if geom is not None and not geom.is_empty:
        g = shapely.simplify(geom, WEB_SIMPLIFY_DEG, preserve_topology=True)
        feats.append(
            {"type": "Feature", "geometry": _round(g), "properties": {"label": label, "style": styles.SNAPSHOT[style_key]}}
        )
    return {"key": key, "pane": pane, "url": _publish(key, _fc(feats), folder="dated")}


def toggleable_ids() -> list[str]:
    return [w.key for w in publish_layers() if w.toggleable]


def build_map(
    view: tuple[float, float, int] = DEFAULT_VIEW,
    palette: str = styles.DEFAULT_PALETTE,
    card: bool = False,
    card_url: str | None = None,
) -> folium.Map:
    """The base map: identical for identical `view`, `palette` and `card`, so reruns do not remount or
    re-send geometry (a palette other than the default travels in the map's setup: geo.web.styles).

    With `card`, a click (or Enter on a focused place) highlights the place and shows its quotes,
    our summary, or "Not discussed in the essay." in a card inside the map at once, from the file
    `publish_arguments` writes; a selection from the server (``apply_group``) shows the same.

    The view (the default view fits Ukraine to the map's size), the zoom range and the bounds are the
    ones a link may record (``geo.web.urlstate``), so the URL never holds a view the app rejects; the
    bounds reach Moscow, which the essay names. `card_url`: another card file than the seed essay's
    (a user essay's, ``geo.web.essay_map.publish_card``).
    """
    lat, lon, zoom = view
    m = folium.Map(
        location=[lat, lon],
        zoom_start=zoom,
        tiles=None,
        min_zoom=urlstate.ZOOM_RANGE[0],
        max_zoom=urlstate.ZOOM_RANGE[1],
        control_scale=True,
        prefer_canvas=False,
        max_bounds=True,
        min_lat=urlstate.LAT_RANGE[0],
        max_lat=urlstate.LAT_RANGE[1],
        min_lon=urlstate.LON_RANGE[0],
        max_lon=urlstate.LON_RANGE[1],
    )
    # Offline: Leaflet from ./static (xstatic-leaflet); no jQuery, Bootstrap or icon fonts needed.
    # Content-hashed names: browsers keep them for a year (geo.web.offline.CacheHeaders).
    v = vendor_links()
    m.default_js = [("leaflet", v["leaflet_js"]), ("briefmap", v["briefmap_js"]), ("briefcompare", v["compare_js"])]  # the swipe
    m.default_css = [
        ("leaflet_css", v["leaflet_css"]),
        ("briefmap_css", v["briefmap_css"]),
        ("briefcompare_css", v["compare_css"]),
    ]
    m.add_child(
        _Setup(
            publish_layers(),
            publish_pick(),
            palette,
            fit_bounds() if view == DEFAULT_VIEW else None,
            (card_url or publish_arguments()) if card else None,
        )
    )
    return m


def apply_group(
    layers: list[str],
    selected: str | None,
    pan: bool,
    dynamic: list[dict] | None = None,
    outline: list[str] | None = None,
    highlight: list[str] | None = None,
    bounds: tuple | None = None,
    pick: bool = True,
    named: list[str] | tuple[str, ...] | None = None,
) -> folium.FeatureGroup:
    """The per-rerun part: which layers show (shipped ones by id, dated ones by URL), which shipped
    layers are drawn as outlines only (for comparison with another date), what is selected or
    highlighted, (for briefing scenes) the view to frame, and whether a click selects a place in the
    browser at once (`pick`; not in Measure mode, where a click is a point). `named`: a user essay's
    places (the places layer draws those as the ones "the essay discusses", and no other; None: the
    seed essay's, as shipped)."""
    fg = folium.FeatureGroup(name="state", control=False)
    state: dict[str, Any] = {
        "layers": list(layers),
        "selected": selected,
        "pan": bool(pan),
        "dynamic": list(dynamic or []),
        "outline": list(outline or []),
    }
    if highlight is not None:
        state["highlight"] = list(highlight)
    if bounds is not None:
        state["bounds"] = [list(bounds[0]), list(bounds[1])]
    if not pick:
        state["pick"] = False
    if named is not None:
        state["named"] = {"ids": list(named), "on": styles.CITY_DISCUSSED, "off": styles.CITY}
    fg.add_child(_Apply(state))
    return fg


# ---- compare two dates: the swipe (geo/web/assets/compare.js, geo.web.webcompare) ----------------

COMPARE_JS_TEMPLATE = Template("""
{% macro script(this, kwargs) %}
if (window.BriefCompare) { window.BriefCompare.apply({{ this.spec_json }}); }
{% endmacro %}
""")


class _Compare(MacroElement):
    _template = COMPARE_JS_TEMPLATE

    def __init__(self, spec: dict[str, Any] | None):
        super().__init__()
        self._name = "BriefCompare"
        self.spec_json = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")


def compare_group(spec: dict[str, Any] | None) -> folium.FeatureGroup:
    """The per-rerun part of the swipe: two dates' layers and labels, or None to end the comparison.

    Sent beside `apply_group` in streamlit-folium's ``feature_group_to_add`` (a list), so turning the
    comparison on or off never remounts the map. The labels are plain text; compare.js sets them
    with textContent.

    Parameters
    ----------
    spec : dict or None
        ``geo.web.webcompare.Comparison.browser_spec()``: ``{"a": {date, label, layers}, "b": {...}}``;
        None clears the comparison.

    Returns
    -------
    folium.FeatureGroup
        A group holding only the ``BriefCompare.apply(...)`` call.

    Examples
    --------
    >>> [c.spec_json for c in compare_group(None)._children.values()]
    ['null']
    """
    fg = folium.FeatureGroup(name="compare", control=False)
    fg.add_child(_Compare(spec))
    return fg
