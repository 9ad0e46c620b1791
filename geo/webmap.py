"""The folium map: offline basemap, clickable places/regions/lines, dated control layers.

Geometry is written once to ./static/layers as small GeoJSON files and fetched by the browser, so
the map script itself stays a few KB. What changes on a click or a layer toggle (visible layers,
the selection) travels as a tiny `apply(...)` call through streamlit-folium's feature group, so a
click never re-sends geometry.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import folium
import shapely
from branca.element import Element, MacroElement
from jinja2 import Template

from . import arguments, gazetteer, styles
from .layers import catalogue, control_path
from .lines import load as load_lines
from .offline import LEAFLET_CSS, LEAFLET_JS, ensure_vendor, write_static_text
from .paths import BASEMAP, CONTROL, PLACES, REGIONS

WEB_DECIMALS = 4  # ~10 m: plenty for the screen, a third smaller than the shipped files
DEFAULT_VIEW = (47.9, 34.6, 6)  # lat, lon, zoom: the south and east, Kyiv to Crimea in frame at 1280x720
BASE_TOGGLES = ("ukraine-admin1", "places", "lines")
DEFAULT_LAYERS = ("ukraine-admin1", "places", "lines", "held-2022-11-17")
PANES = {"basemap": 200, "regions": 390, "control": 400, "fronts": 405, "lines": 410, "places": 430, "labels": 440}


@dataclass(frozen=True)
class WebLayer:
    key: str  # the catalogue id (what `?layers=` names), or an internal key for always-on layers
    title: str
    pane: str
    interactive: bool
    toggleable: bool
    url: str
    labels_url: str | None = None


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
        out.append({"type": "Feature", "geometry": _round(geom),
                    "properties": {"id": f.get("id") or props.get("id"), "label": label_for(props) if label_for else None,
                                   "style": style_for(props)}})
    return out


def _publish(name: str, text: str) -> str:
    """Write under static/layers with a content hash in the name, so browsers may cache it forever."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    return write_static_text(f"layers/{name}.{digest}.geojson", text)


def _label_points(path, kind: str) -> list[dict]:
    fc = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for f in fc["features"]:
        geom = shapely.geometry.shape(f["geometry"])
        pt = geom.representative_point() if geom.geom_type != "Point" else geom
        out.append({"type": "Feature", "geometry": _round(pt), "properties": {"text": f["properties"]["name"], "kind": kind}})
    return out


@lru_cache(maxsize=1)
def publish_layers() -> tuple[WebLayer, ...]:
    """Write every web layer to ./static and return them in drawing order."""
    ensure_vendor()
    cat = {c.id: c for c in catalogue()}
    discussed = set(arguments.load().arguments)
    out: list[WebLayer] = []

    def add(key, title, pane, interactive, toggleable, features, labels=None):
        url = _publish(key, _fc(features))
        lurl = _publish(f"{key}-labels", _fc(labels)) if labels else None
        out.append(WebLayer(key, title, pane, interactive, toggleable, url, lurl))

    add("basemap-sea", "Sea", "basemap", False, False, _features(BASEMAP / "sea.geojson", lambda p: styles.SEA))
    add("basemap-land", "Land", "basemap", False, False, _features(BASEMAP / "land.geojson", lambda p: styles.LAND))
    add("basemap-countries", "Neighbouring countries", "basemap", True, False,
        _features(BASEMAP / "countries.geojson", lambda p: styles.COUNTRY, lambda p: p["name"]),
        _label_points(BASEMAP / "countries.geojson", "country"))
    add("ukraine-admin1", cat["ukraine-admin1"].title, "regions", True, True,
        _features(REGIONS / "ukraine-admin1.geojson", lambda p: styles.REGION, lambda p: p["name"]),
        _label_points(REGIONS / "ukraine-admin1.geojson", "region"))
    add("basemap-reservoirs", "Dnipro reservoirs", "regions", False, False,
        _features(BASEMAP / "reservoirs.geojson", lambda p: styles.RESERVOIR))
    for c in load_lines().controls:
        info = cat[c.id]
        add(c.id, f"{info.title}", "control", True, True,
            _features(control_path(c.id), lambda p, cid=c.id: styles.CONTROL[cid], lambda p: f"{p['title']} ({p['date']})"))
    add("front-lines", cat["front-lines"].title, "fronts", False, True,
        _features(CONTROL / "front-lines.geojson", lambda p: styles.FRONT_LINE, lambda p: p["title"]))
    add("lines", cat["lines"].title, "lines", True, True,
        _features(PLACES / "lines.geojson", lambda p: styles.RIVER if p["kind"] == "river" else styles.ROUTE, lambda p: p["title"]))
    gaz = gazetteer.load()
    fc = json.loads((PLACES / "places.geojson").read_text(encoding="utf-8"))
    pts, labels = [], []
    for f in fc["features"]:
        p = f["properties"]
        if p["kind"] not in ("city", "facility"):
            continue
        style = styles.FACILITY if p["kind"] == "facility" else (styles.CITY_DISCUSSED if p["id"] in discussed else styles.CITY)
        pts.append({"type": "Feature", "geometry": f["geometry"],
                    "properties": {"id": p["id"], "label": f"{gaz[p['id']].name} ({p['kind']})", "style": style}})
        labels.append({"type": "Feature", "geometry": f["geometry"],
                       "properties": {"text": gaz[p["id"]].short_name, "kind": "discussed" if p["id"] in discussed else "city"}})
    add("places", cat["places"].title, "places", True, True, pts, labels)
    _remove_stale({u for w in out for u in (w.url, w.labels_url) if u})
    return tuple(out)


def _remove_stale(current_urls: set[str]) -> None:
    """Drop layer files of earlier builds (their names carry an old content hash)."""
    from .offline import STATIC, STATIC_URL

    folder = STATIC / "layers"
    for f in folder.glob("*.geojson"):
        if f"{STATIC_URL}/layers/{f.name}" not in current_urls:
            f.unlink(missing_ok=True)


SETUP_JS = Template("""
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var panes = {{ this.panes|tojson }};
  Object.keys(panes).forEach(function (name) {
    var p = map.createPane('bm-' + name);
    p.style.zIndex = panes[name];
  });
  map.getPane('bm-labels').style.pointerEvents = 'none';
  if (!document.getElementById('bm-defs')) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('id', 'bm-defs'); svg.setAttribute('width', '0'); svg.setAttribute('height', '0');
    svg.style.position = 'absolute';
    svg.innerHTML = '<defs>' +
      '<pattern id="bm-hatch-blue" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      '<rect width="8" height="8" fill="#d1e5f0" fill-opacity="0.35"/><line x1="0" y1="0" x2="0" y2="8" stroke="#2166ac" stroke-width="2.5"/></pattern>' +
      '<pattern id="bm-hatch-purple" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      '<line x1="0" y1="0" x2="0" y2="8" stroke="#542788" stroke-width="1.6"/><line x1="0" y1="0" x2="8" y2="0" stroke="#542788" stroke-width="1.6"/></pattern>' +
      '</defs>';
    document.body.appendChild(svg);
  }
  // The iframe is sized by CSS to the window (projectors change resolution): redraw the vector
  // renderers' clip region whenever the map's box changes.
  if (window.ResizeObserver) {
    new ResizeObserver(function () { map.invalidateSize({pan: false}); map.fire('moveend'); }).observe(map.getContainer());
  }
  var bm = window.__briefmap = {map: map, layers: {}, toggle: {}, byId: {}, state: null, pending: 0};
  bm.index = function (id, layer) { (bm.byId[id] = bm.byId[id] || []).push(layer); };
  bm.register = function (key, layer, toggleable, labels) {
    bm.layers[key] = {layer: layer, labels: labels};
    if (toggleable) { bm.toggle[key] = true; } else { layer.addTo(map); if (labels) labels.addTo(map); }
  };
  bm.loaded = function () { bm.pending -= 1; if (bm.state) { bm.apply(bm.state, true); } };
  bm.reset = function (layer) {
    if (layer._bmStyle) { layer.setStyle(layer._bmStyle); if (layer.setRadius && layer._bmStyle.radius) layer.setRadius(layer._bmStyle.radius); }
    if (layer._icon) { layer._icon.classList.remove('bm-selected'); }
  };
  bm.highlight = function (layer) {
    if (layer._icon) { layer._icon.classList.add('bm-selected'); return; }
    if (layer.setRadius) {
      layer.setStyle({color: '#000', weight: 4, fillColor: '#ffd92f'}); layer.setRadius((layer._bmStyle.radius || 6) + 5);
    } else if (layer.feature && /Polygon/.test(layer.feature.geometry.type)) {
      layer.setStyle({color: '#000', weight: 5, dashArray: null, fillColor: '#ffd92f', fillOpacity: 0.25});
    } else {
      layer.setStyle({weight: (layer._bmStyle.weight || 3) + 4, color: '#000', opacity: 1});
    }
    if (layer.bringToFront) { layer.bringToFront(); }
  };
  bm.apply = function (state, again) {
    bm.state = state;
    Object.keys(bm.toggle).forEach(function (key) {
      var entry = bm.layers[key], on = state.layers.indexOf(key) >= 0;
      [entry.layer, entry.labels].forEach(function (l) {
        if (!l) return;
        if (on && !map.hasLayer(l)) map.addLayer(l);
        if (!on && map.hasLayer(l)) map.removeLayer(l);
      });
    });
    (bm.selected || []).forEach(bm.reset);
    bm.selected = (state.selected && bm.byId[state.selected]) || [];
    bm.selected.forEach(bm.highlight);
    if (state.pan && !again && bm.selected.length) {
      var b = L.featureGroup(bm.selected.filter(function (l) { return l.getBounds || l.getLatLng; })).getBounds();
      if (b.isValid() && !map.getBounds().contains(b)) { map.flyToBounds(b.pad(0.3), {maxZoom: Math.max(map.getZoom(), 7), duration: 0.6}); }
    }
    document.body.setAttribute('data-bm-layers', state.layers.join(','));
    document.body.setAttribute('data-bm-selected', state.selected || '');
  };
})();
{% endmacro %}
""")

LAYER_JS = Template("""
{% macro script(this, kwargs) %}
(function () {
  var bm = window.__briefmap, pane = 'bm-{{ this.spec.pane }}';
  var layer = L.geoJson(null, {
    pane: pane, interactive: {{ this.spec.interactive|tojson }},
    style: function (f) { return f.properties.style; },
    pointToLayer: function (f, ll) {
      var s = f.properties.style || {};
      if (s.shape === 'facility') {
        return L.marker(ll, {pane: pane, icon: L.divIcon({className: 'bm-facility', iconSize: [22, 22], html: '<span>\\u2622</span>'})});
      }
      return L.circleMarker(ll, Object.assign({pane: pane}, s));
    },
    onEachFeature: function (f, l) {
      l._bmStyle = f.properties.style;
      if (f.properties.label) {
        var el = document.createElement('span'); el.textContent = f.properties.label;
        l.bindTooltip(el, {sticky: true, direction: 'top', className: 'bm-tip'});
      }
      if (f.properties.id) { bm.index(f.properties.id, l); }
    }
  });
  var labels = null;
  {% if this.spec.labels_url %}
  labels = L.geoJson(null, {pane: 'bm-labels', interactive: false, pointToLayer: function (f, ll) {
    var el = document.createElement('div'); el.className = 'bm-label bm-label-' + f.properties.kind;
    el.textContent = f.properties.text;
    return L.marker(ll, {pane: 'bm-labels', interactive: false, icon: L.divIcon({className: 'bm-label-wrap', html: el, iconSize: null})});
  }});
  {% endif %}
  bm.register({{ this.spec.key|tojson }}, layer, {{ this.spec.toggleable|tojson }}, labels);
  bm.pending += 1;
  fetch({{ this.spec.url|tojson }}).then(function (r) { return r.json(); }).then(function (d) { layer.addData(d); bm.loaded(); });
  {% if this.spec.labels_url %}
  fetch({{ this.spec.labels_url|tojson }}).then(function (r) { return r.json(); }).then(function (d) { labels.addData(d); });
  {% endif %}
})();
{% endmacro %}
""")

APPLY_JS = Template("""
{% macro script(this, kwargs) %}
if (window.__briefmap) { window.__briefmap.apply({{ this.state_json }}); }
{% endmacro %}
""")

CSS = """
<style>
.leaflet-container { background: #d5e3ee; font-family: system-ui, sans-serif; }
#map_div, .folium-map { height: 100vh !important; }
.bm-tip { font-size: 15px; font-weight: 600; }
.bm-label-wrap { background: none; border: none; }
.bm-label { white-space: nowrap; transform: translate(-50%, -50%); text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; }
.bm-label-region { font-size: 12px; color: #555; font-style: italic; }
.bm-label-country { font-size: 14px; color: #6d6a60; letter-spacing: 0.12em; text-transform: uppercase; }
.bm-label-city { font-size: 12px; color: #222; transform: translate(8px, -50%); }
.bm-label-discussed { font-size: 15px; font-weight: 700; color: #111; transform: translate(11px, -50%); }
.bm-facility { background: #ffd92f; border: 3px solid #000; border-radius: 3px; text-align: center; line-height: 16px; font-size: 15px; }
.bm-facility.bm-selected { outline: 4px solid #000; transform-origin: center; box-shadow: 0 0 0 5px #ffd92f; }
</style>
"""


class _Setup(MacroElement):
    _template = SETUP_JS

    def __init__(self):
        super().__init__()
        self._name = "BriefMapSetup"
        self.panes = PANES


class _Layer(MacroElement):
    _template = LAYER_JS

    def __init__(self, spec: WebLayer):
        super().__init__()
        self._name = "BriefMapLayer"
        self.spec = spec


class _Apply(MacroElement):
    _template = APPLY_JS

    def __init__(self, state: dict[str, Any]):
        super().__init__()
        self._name = "BriefMapApply"
        self.state_json = json.dumps(state, separators=(",", ":")).replace("</", "<\\/")


def toggleable_ids() -> list[str]:
    return [w.key for w in publish_layers() if w.toggleable]


def build_map(view: tuple[float, float, int] = DEFAULT_VIEW) -> folium.Map:
    """The base map: identical for identical `view`, so reruns do not remount or re-send geometry."""
    lat, lon, zoom = view
    m = folium.Map(location=[lat, lon], zoom_start=zoom, tiles=None, min_zoom=5, max_zoom=12, control_scale=True,
                   prefer_canvas=False, max_bounds=True, min_lat=41.0, max_lat=55.5, min_lon=18.0, max_lon=44.0)
    # Offline: Leaflet from ./static (xstatic-leaflet); no jQuery, Bootstrap or icon fonts needed.
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    m.get_root().header.add_child(Element(CSS))
    m.add_child(_Setup())
    for spec in publish_layers():
        m.add_child(_Layer(spec))
    return m


def apply_group(layers: list[str], selected: str | None, pan: bool) -> folium.FeatureGroup:
    """The per-rerun part: which toggleable layers show and what is selected (a few hundred bytes)."""
    fg = folium.FeatureGroup(name="state", control=False)
    fg.add_child(_Apply({"layers": list(layers), "selected": selected, "pan": bool(pan)}))
    return fg
