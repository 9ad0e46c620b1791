/* Briefing map: layers fetched from static GeoJSON, toggles and selection applied by BriefMap.apply.
 * Loaded by the map iframe from /app/static/vendor/briefmap/briefmap.js (copied from geo/assets).
 * Every text from data is set with textContent, never as HTML. */
(function () {
  'use strict';

  // A palette's hatch patterns (geo.web.styles.patterns): the same drawing as the legend's swatches.
  function patternSvg(id, p) {
    var n = p.size || 8, w = p.width || 2, c = p.color, out = '';
    out += '<pattern id="' + id + '" width="' + n + '" height="' + n + '" patternUnits="userSpaceOnUse" patternTransform="rotate(' + (p.angle === undefined ? 45 : p.angle) + ')">';
    if (p.bg) out += '<rect width="' + n + '" height="' + n + '" fill="' + p.bg + '" fill-opacity="' + (p.bg_opacity === undefined ? 0.35 : p.bg_opacity) + '"/>';
    if (p.dots) { out += '<circle cx="' + n / 2 + '" cy="' + n / 2 + '" r="' + w + '" fill="' + c + '"/>'; }
    else {
      out += '<line x1="0" y1="0" x2="0" y2="' + n + '" stroke="' + c + '" stroke-width="' + w + '"/>';
      if (p.cross) out += '<line x1="0" y1="0" x2="' + n + '" y2="0" stroke="' + c + '" stroke-width="' + w + '"/>';
    }
    return out + '</pattern>';
  }

  function hatchDefs(patterns) {
    if (document.getElementById('bm-defs')) return;
    if (patterns) {
      var ns0 = 'http://www.w3.org/2000/svg', defs = document.createElementNS(ns0, 'svg');
      defs.setAttribute('id', 'bm-defs'); defs.setAttribute('width', '0'); defs.setAttribute('height', '0');
      defs.style.position = 'absolute';
      defs.innerHTML = '<defs>' + Object.keys(patterns).map(function (id) { return patternSvg(id, patterns[id]); }).join('') + '</defs>';
      document.body.appendChild(defs);
      return;
    }
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('id', 'bm-defs'); svg.setAttribute('width', '0'); svg.setAttribute('height', '0');
    svg.style.position = 'absolute';
    svg.innerHTML = '<defs>' +
      '<pattern id="bm-hatch-blue" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      '<rect width="8" height="8" fill="#d1e5f0" fill-opacity="0.35"/><line x1="0" y1="0" x2="0" y2="8" stroke="#2166ac" stroke-width="2.5"/></pattern>' +
      '<pattern id="bm-hatch-purple" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      '<line x1="0" y1="0" x2="0" y2="8" stroke="#542788" stroke-width="1.6"/><line x1="0" y1="0" x2="8" y2="0" stroke="#542788" stroke-width="1.6"/></pattern>' +
      '<pattern id="bm-hatch-grey" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      '<line x1="0" y1="0" x2="0" y2="8" stroke="#404040" stroke-width="1.4"/><line x1="0" y1="0" x2="8" y2="0" stroke="#404040" stroke-width="1.4"/></pattern>' +
      '<pattern id="bm-hatch-red" width="7" height="7" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">' +
      '<rect width="7" height="7" fill="#f4a582" fill-opacity="0.3"/><line x1="0" y1="0" x2="0" y2="7" stroke="#67001f" stroke-width="2.5"/></pattern>' +
      '<pattern id="bm-hatch-orange" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      '<line x1="0" y1="0" x2="0" y2="8" stroke="#b35806" stroke-width="2"/><line x1="0" y1="0" x2="8" y2="0" stroke="#b35806" stroke-width="2"/></pattern>' +
      '</defs>';
    document.body.appendChild(svg);
  }

  function textLabel(text, cls) {
    var el = document.createElement('div');
    el.className = cls;
    el.textContent = text;
    return el;
  }

  var bm = {map: null, layers: {}, order: [], toggle: {}, byId: {}, state: null, pending: 0, selected: [], dyn: {}, palette: null, coarseMax: null};

  // A feature's style in the active palette: the layer files carry the default style, named under
  // "bm"; another palette (published by webmap.build_map) replaces it by that name.
  bm.styleOf = function (s) {
    var p = bm.palette;
    if (!s || !p || !s.bm || !p.styles[s.bm]) return s;
    return p.styles[s.bm];
  };
  bm.look = function (name, fallback) {
    var p = bm.palette;
    return (p && p.styles[name]) || fallback;
  };

  // Layers of an imported date (held, unknown, change, disputed): fetched when first shown, kept by
  // URL (content-hashed), removed when the date or the toggles change.
  bm.dynamic = function (specs) {
    var map = bm.map, wanted = {};
    (specs || []).forEach(function (spec) {
      var id = spec.url || ('inline:' + spec.key);
      wanted[id] = true;
      var entry = bm.dyn[id];
      if (!entry) {
        entry = bm.dyn[id] = {layer: L.geoJson(null, {
          pane: 'bm-' + spec.pane, interactive: true,
          style: function (f) { return bm.styleOf(f.properties.style); },
          pointToLayer: function (f, ll) { return L.circleMarker(ll, Object.assign({pane: 'bm-' + spec.pane}, bm.styleOf(f.properties.style))); },
          onEachFeature: function (f, l) {
            if (f.properties.label) l.bindTooltip(textLabel(f.properties.label, ''), {sticky: true, direction: 'top', className: 'bm-tip'});
          }
        }).on('click', bm.clicked), loaded: false};
        if (spec.data) { entry.layer.addData(spec.data); entry.loaded = true; }
        else {
        bm.pending += 1;
        fetch(spec.url).then(function (r) { return r.json(); }).then(function (d) {
          entry.layer.addData(d); entry.loaded = true; bm.pending -= 1;
          bm.restack();
          document.body.setAttribute('data-bm-dynamic-loaded', Object.keys(bm.dyn).filter(function (u) { return bm.dyn[u].loaded; }).length);
        });
        }
      }
      if (!map.hasLayer(entry.layer)) map.addLayer(entry.layer);
    });
    Object.keys(bm.dyn).forEach(function (url) {
      if (!wanted[url] && map.hasLayer(bm.dyn[url].layer)) map.removeLayer(bm.dyn[url].layer);
    });
    bm.dynOrder = Object.keys(wanted);
    bm.restack();
    document.body.setAttribute('data-bm-dynamic', (specs || []).map(function (s) { return s.key; }).join(','));
    document.body.setAttribute('data-bm-dynamic-urls', Object.keys(wanted).join(' '));
  };

  // Dated layers stack in the order Python lists them (held, unknown, ..., disputed last), whatever
  // order their files arrive in: a layer's paths are appended to the pane's SVG when its data lands,
  // so a late held file would otherwise cover the dispute (which then showed only after two clicks).
  bm.restack = function () {
    (bm.dynOrder || []).forEach(function (id) {
      var entry = bm.dyn[id];
      if (entry && entry.loaded && bm.map.hasLayer(entry.layer)) entry.layer.bringToFront();
    });
  };

  // A shipped layer drawn as a dashed outline only, so another date's fill shows through it.
  bm.outline = function (keys) {
    Object.keys(bm.layers).forEach(function (key) {
      var on = keys.indexOf(key) >= 0, layer = bm.layers[key].layer;
      if (!!layer._bmOutline === on) return;
      layer._bmOutline = on;
      layer.eachLayer(function (l) {
        if (!l._bmStyle || !l.setStyle) return;
        var o = bm.look('outline', {fillOpacity: 0, dashArray: '10 6', weight: 3});
        l.setStyle(on ? {fillOpacity: o.fillOpacity, dashArray: o.dashArray, weight: o.weight} : l._bmStyle);
      });
    });
    document.body.setAttribute('data-bm-outline', keys.join(','));
  };

  bm.index = function (id, layer) { (bm.byId[id] = bm.byId[id] || []).push(layer); };

  // A marker (the plant's icon) is marked by a class on its icon, kept while it is off the map: a scene
  // may highlight it before its layer is shown (the deck opened at #6 or #10), and markers have no setStyle.
  function markIcon(layer, on) {
    layer._bmSelected = on;
    if (layer._icon) layer._icon.classList.toggle('bm-selected', on);
    if (!layer._bmMarkHook) {
      layer._bmMarkHook = true;
      layer.on('add', function () { if (layer._icon) layer._icon.classList.toggle('bm-selected', !!layer._bmSelected); });
    }
  }

  bm.reset = function (layer) {
    if (layer instanceof L.Marker || !layer.setStyle) { markIcon(layer, false); return; }
    if (layer._bmStyle) {
      layer.setStyle(layer._bmStyle);
      if (layer.setRadius && layer._bmStyle.radius) layer.setRadius(layer._bmStyle.radius);
    }
  };

  bm.highlight = function (layer) {
    if (layer instanceof L.Marker || !layer.setStyle) { markIcon(layer, true); return; }
    var h = bm.look('highlight', {color: '#000', fillColor: '#ffd92f', weight: 5, fillOpacity: 0.25});
    if (layer.setRadius) {
      layer.setStyle({color: h.color, weight: 4, fillColor: h.fillColor});
      layer.setRadius((layer._bmStyle.radius || 6) + 5);
    } else if (layer.feature && /Polygon/.test(layer.feature.geometry.type)) {
      layer.setStyle({color: h.color, weight: h.weight, opacity: 1, stroke: true, fill: true, dashArray: null, fillColor: h.fillColor, fillOpacity: h.fillOpacity});
    } else {
      layer.setStyle({weight: (layer._bmStyle.weight || 3) + 4, color: h.color, opacity: 1});
    }
    if (layer.bringToFront) layer.bringToFront();
  };

  bm.addLayer = function (spec) {
    var map = bm.map, pane = 'bm-' + spec.pane;
    var layer = L.geoJson(null, {
      pane: pane, interactive: spec.interactive,
      style: function (f) { return bm.styleOf(f.properties.style); },
      pointToLayer: function (f, ll) {
        var s = bm.styleOf(f.properties.style) || {};
        if (s.shape === 'facility') {
          var icon = document.createElement('span'); icon.textContent = '\u2622';
          return L.marker(ll, {pane: pane, keyboard: false, icon: L.divIcon({className: 'bm-facility', iconSize: [22, 22], html: icon})});
        }
        return L.circleMarker(ll, Object.assign({pane: pane}, s));
      },
      onEachFeature: function (f, l) {
        l._bmStyle = bm.styleOf(f.properties.style);
        l._bmKey = spec.key;
        if (f.properties.label) {
          l.bindTooltip(textLabel(f.properties.label, ''), {sticky: true, direction: 'top', className: 'bm-tip'});
        }
        if (f.properties.id) bm.index(f.properties.id, l);
      }
    });
    var labels = null;
    if (spec.labels_url) {
      labels = L.geoJson(null, {pane: 'bm-labels', interactive: false, pointToLayer: function (f, ll) {
        var el = textLabel(f.properties.text, 'bm-label bm-label-' + f.properties.kind);
        if (typeof f.properties.rank === 'number') el.setAttribute('data-rank', f.properties.rank);  // the theatre's
        return L.marker(ll, {pane: 'bm-labels', interactive: false, keyboard: false, icon: L.divIcon({className: 'bm-label-wrap', html: el, iconSize: null})});
      }});
    }
    if (spec.interactive) layer.on('click', bm.clicked);
    // A big layer comes first as its coarse copy while the map shows zoom <= coarse_max_zoom (a
    // pixel is >= 1.5 km there); bm.upgrade swaps in the full file once the map zooms in further.
    var coarse = !spec.data && !!spec.coarse_url && bm.coarseMax !== null && map.getZoom() <= bm.coarseMax;
    bm.layers[spec.key] = {layer: layer, labels: labels, loaded: false, full: !coarse, spec: spec};
    bm.order.push(spec.key);
    if (spec.toggleable) { bm.toggle[spec.key] = true; } else { layer.addTo(map); if (labels) labels.addTo(map); }
    if (spec.data) {  // the exported deck inlines its geometry (file:// cannot fetch)
      layer.addData(spec.data);
      bm.layers[spec.key].loaded = true;
      if (labels && spec.labels_data) labels.addData(spec.labels_data);
      bm.keyboard();
      bm.declutterSoon();
      return;
    }
    bm.pending += 1;
    fetch(coarse ? spec.coarse_url : spec.url).then(function (r) { return r.json(); }).then(function (d) {
      layer.addData(d);
      bm.layers[spec.key].loaded = true;
      layer._bmOutline = false;  // new features carry their own style; apply() below re-outlines if asked
      bm.pending -= 1;
      bm.keyboard();
      bm.detail();
      if (bm.state) bm.apply(bm.state, true);
      if (coarse) bm.upgrade();  // the map may have zoomed in while this was on its way
    });
    if (labels) {
      fetch(spec.labels_url).then(function (r) { return r.json(); }).then(function (d) { labels.addData(d); bm.declutterSoon(); });
    }
  };

  // Zoomed in beyond coarse_max_zoom: fetch the full file of each layer drawn coarse, and swap it in
  // (same features, same ids, more vertices). Once full, a layer stays full at every zoom.
  bm.upgrade = function () {
    var map = bm.map;
    if (!map || bm.coarseMax === null || map.getZoom() <= bm.coarseMax) return;
    Object.keys(bm.layers).forEach(function (key) {
      var e = bm.layers[key];
      if (e.full || e.upgrading || !e.loaded) return;
      e.upgrading = true;
      bm.pending += 1;
      fetch(e.spec.url).then(function (r) { return r.json(); }).then(function (d) {
        bm.swap(key, d);
        bm.pending -= 1;
      });
    });
  };

  bm.swap = function (key, data) {
    var e = bm.layers[key], map = bm.map;
    Object.keys(bm.byId).forEach(function (id) {  // the coarse features leave the id index
      bm.byId[id] = bm.byId[id].filter(function (l) { return l._bmKey !== key; });
    });
    e.layer.clearLayers();
    e.layer.addData(data);
    e.full = true;
    e.upgrading = false;
    e.layer._bmOutline = false;
    // New paths are appended to their pane: put the layers drawn after this one in the same pane
    // (land and countries over the sea, reservoirs over the regions) back on top of it.
    bm.order.slice(bm.order.indexOf(key) + 1).forEach(function (k) {
      var o = bm.layers[k];
      if (o.spec.pane === e.spec.pane && map.hasLayer(o.layer)) o.layer.bringToFront();
    });
    bm.keyboard();
    bm.detail();
    if (bm.state) bm.apply(bm.state, true);
  };

  bm.detail = function () {  // which layers are drawn from their coarse copy (tests, bench)
    document.body.setAttribute('data-bm-coarse', bm.order.filter(function (k) { return !bm.layers[k].full; }).join(','));
  };

  bm.apply = function (state, again) {
    var map = bm.map;
    bm.state = state;
    if (!map) return;
    Object.keys(bm.toggle).forEach(function (key) {
      var entry = bm.layers[key], on = state.layers.indexOf(key) >= 0;
      [entry.layer, entry.labels].forEach(function (l) {
        if (!l) return;
        if (on && !map.hasLayer(l)) map.addLayer(l);
        if (!on && map.hasLayer(l)) map.removeLayer(l);
      });
    });
    bm.keyboard();
    bm.dynamic(state.dynamic);
    bm.outline(state.outline || []);
    // A click shows its place at once (bm.pickLocal); a server state that still names the earlier
    // selection (a rerun already under way when the click came) does not undo it for a moment.
    var local = bm.localPick;
    if (local && state.selected === local.id) bm.localPick = null;
    else if (local && !state.highlight && Date.now() - local.t < LOCAL_PICK_MS) { state.selected = local.id; state.pan = false; }
    else bm.localPick = null;
    var ids = state.highlight || (state.selected ? [state.selected] : []);
    bm.mark(ids);
    // A briefing scene frames its own view; a new scene (new bounds) refits, the same one does not.
    var bounds = state.bounds ? JSON.stringify(state.bounds) : null;
    if (bounds && bounds !== bm.lastBounds) {
      bm.lastBounds = bounds;
      bm.moved = true;
      map.fitBounds(state.bounds, {animate: false});
    }
    if (state.pan && !again) bm.panWanted = ids.join(',');
    if (!state.pan) bm.panWanted = null;
    if (bm.panWanted && bm.panWanted === ids.join(',') && bm.selected.length) {
      bm.panWanted = null;
      var b = L.featureGroup(bm.selected).getBounds();
      if (b.isValid() && !map.getBounds().contains(b)) {
        // A place bigger than the view is fitted whole; a smaller one is brought in at this zoom or closer.
        var big = map.getBoundsZoom(b.pad(0.1)) < map.getZoom();
        bm.moved = true;
        bm.flying = true;  // until the flight's moveend (Leaflet leaves map._flyToFrame set after it)
        map.once('moveend', function () { bm.flying = false; document.body.setAttribute('data-bm-flown', ids.join(',')); });
        map.flyToBounds(b.pad(big ? 0.05 : 0.3), {maxZoom: Math.max(map.getZoom(), 7), duration: 0.6});
      }
    }
    bm.declutterSoon();
    document.body.setAttribute('data-bm-layers', state.layers.join(','));
    document.body.setAttribute('data-bm-selected', state.selected || '');
    if (bm.cardOn) bm.showCard(state.selected || null);
  };

  // Highlight these places (and nothing else) in the selection's look.
  bm.mark = function (ids) {
    bm.selected.forEach(bm.reset);
    bm.selected = [];
    ids.forEach(function (id) { bm.selected = bm.selected.concat(bm.byId[id] || []); });
    bm.selected.forEach(bm.highlight);
  };

  // ---- Picking: which place a click selects, decided here, where the drawn features are. ----
  // The rules and their data come from Python (geo/web/picking.py, written by webmap.publish_pick):
  // a marker (city, facility) within marker_px of the click, nearest first; else a line (river,
  // route) within line_px, nearest first; else the area under the click with the lowest rank
  // (regions: discussed first, then smallest; then a neighbouring country). The id travels to
  // Python on the clicked point that streamlit-folium returns as last_object_clicked (it keeps a
  // reference to the event's latlng and serialises it when it reports), so it belongs to that click.

  function geometryOf(entry) {
    if (entry.geometry) return entry.geometry;
    var layers = bm.byId[entry.id] || [];
    for (var i = 0; i < layers.length; i++) {
      if (layers[i]._bmKey === entry.layer && layers[i].feature) return layers[i].feature.geometry;
    }
    return null;
  }

  function lineParts(g) {
    if (g.type === 'LineString') return [g.coordinates];
    if (g.type === 'MultiLineString') return g.coordinates;
    return [];
  }

  function inRing(ring, x, y) {  // ray casting over [lng, lat] pairs
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }

  function covers(g, x, y) {
    var polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    return polys.some(function (rings) {
      return inRing(rings[0], x, y) && !rings.slice(1).some(function (hole) { return inRing(hole, x, y); });
    });
  }

  // True once the pick file and every layer it names have loaded (until then Python picks the point).
  bm.pickReady = function () {
    var P = bm.pickIndex;
    if (!P) return false;
    return P.places.every(function (e) { return !e.layer || (bm.layers[e.layer] && bm.layers[e.layer].loaded); });
  };

  bm.pickAt = function (latlng) {
    var P = bm.pickIndex, map = bm.map;
    if (!map || !bm.pickReady()) return null;
    var at = map.latLngToContainerPoint(latlng), best = null;
    function px(c) { return map.latLngToContainerPoint([c[1], c[0]]); }
    P.places.forEach(function (e) {
      if (P.marker_kinds.indexOf(e.kind) < 0) return;
      var g = geometryOf(e);
      if (!g || g.type !== 'Point') return;
      var d = px(g.coordinates).distanceTo(at);
      if (d <= P.marker_px && (!best || d < best.d)) best = {d: d, id: e.id};
    });
    if (best) return best.id;
    P.places.forEach(function (e) {
      if (P.line_kinds.indexOf(e.kind) < 0) return;
      var g = geometryOf(e);
      if (!g) return;
      lineParts(g).forEach(function (coords) {
        for (var i = 1; i < coords.length; i++) {
          var d = L.LineUtil.pointToSegmentDistance(at, px(coords[i - 1]), px(coords[i]));
          if (d <= P.line_px && (!best || d < best.d)) best = {d: d, id: e.id};
        }
      });
    });
    if (best) return best.id;
    var x = latlng.lng, y = latlng.lat;
    P.places.forEach(function (e) {
      if (e.rank === undefined || e.rank === null) return;
      var g = geometryOf(e);
      if (!g || !covers(g, x, y)) return;
      var key = [e.kind === 'region' ? 0 : 1, e.rank];  // a region before a country
      if (!best || key[0] < best.key[0] || (key[0] === best.key[0] && key[1] < best.key[1])) best = {key: key, id: e.id};
    });
    return best ? best.id : null;
  };

  // Runs for a click on any interactive layer (before streamlit-folium reports it, which is debounced).
  bm.clicked = function (e) {
    if (!e.latlng || (e.originalEvent && e.originalEvent === bm.lastClickEvent)) return;
    bm.lastClickEvent = e.originalEvent;
    var id = e.bmId || bm.pickAt(e.latlng);  // a place chosen with the keyboard names itself
    if (id) { e.latlng.id = id; } else { delete e.latlng.id; }  // a marker's own latlng may carry an earlier id
    document.body.setAttribute('data-bm-picked', id || '');
    if (id) bm.pickLocal(id, e.latlng);
    setTimeout(bm.reportNow, 0);  // once streamlit-folium's own click handlers have run
  };

  // ---- Report a click to Streamlit at once, not 250 ms later. ----
  // streamlit-folium reports the map's state through a 250 ms debounce (updateComponentValue in its
  // frontend). For a click on a place that is a fixed 250 ms before the panel can start to update.
  // This sends the very value its updateComponentValue would send, the same way (the component
  // protocol's "streamlit:setComponentValue" message, as streamlit-component-lib posts it), and
  // records it as window.__GLOBAL_DATA__.previous_data, which is what that function compares with:
  // when the debounced call comes it finds nothing new and sends nothing (one rerun per click, as
  // before). Where the data is not shaped as expected (another streamlit-folium), it does nothing
  // and the debounce reports the click as before.
  var REPORTED = ['last_clicked', 'last_object_clicked', 'last_object_clicked_count', 'last_object_clicked_tooltip',
    'last_object_clicked_popup', 'all_drawings', 'last_active_drawing', 'last_geocoder_result', 'bounds', 'zoom',
    'last_circle_radius', 'last_circle_polygon', 'center', 'selected_layers', 'selected_tags'];

  bm.reportNow = function () {
    var G = window.__GLOBAL_DATA__, map = bm.map;
    if (!G || !map || !('previous_data' in G) || !Array.isArray(G.returned_objects) || window.parent === window) return false;
    if (!G.returned_objects.every(function (k) { return REPORTED.indexOf(k) >= 0; })) return false;
    var wrap = function (x) { return x && G.wrap_longitude ? map.wrapLatLng(x) : x; };
    var b = map.getBounds();
    var all = {
      last_clicked: wrap(G.lat_lng_clicked), last_object_clicked: wrap(G.last_object_clicked),
      last_object_clicked_count: G.last_object_clicked_count, last_object_clicked_tooltip: G.last_object_clicked_tooltip,
      last_object_clicked_popup: G.last_object_clicked_popup, all_drawings: G.all_drawings,
      last_active_drawing: G.last_active_drawing, last_geocoder_result: G.last_geocoder_result,
      bounds: b && G.wrap_longitude ? map.wrapLatLngBounds(b) : b, zoom: map.getZoom(),
      last_circle_radius: G.last_circle_radius, last_circle_polygon: G.last_circle_polygon, center: wrap(map.getCenter()),
      selected_layers: Object.values(G.selected_layers || {}), selected_tags: G.selected_tags
    };
    var value = {};
    REPORTED.forEach(function (k) { if (G.returned_objects.indexOf(k) >= 0) value[k] = all[k]; });
    if (JSON.stringify(G.previous_data) === JSON.stringify(value)) return false;
    G.previous_data = value;
    window.parent.postMessage({isStreamlitMessage: true, type: 'streamlit:setComponentValue', value: value, dataType: 'json'}, '*');
    bm.reportedEarly = (bm.reportedEarly || 0) + 1;
    return true;
  };

  // ---- The card: what the essay says about the clicked place, in the map, with no round trip. ----
  // The data is the panel's (geo.data.arguments, published once by webmap.publish_arguments and
  // fetched at load beside the layers). A click or Enter on a place highlights it and fills the card
  // at once; the server's state (apply) then names the same place, and shows the same card when the
  // selection comes from the server (search, link, related place). Every text is set as textContent.
  var LOCAL_PICK_MS = 2000;

  bm.pickLocal = function (id, latlng) {
    if (!bm.cardOn || (bm.state && bm.state.pick === false)) return;  // Measure mode: a click is a point
    if (!(bm.args ? placeOf(id) : bm.byId[id])) return;  // no known place: the server ignores it too
    bm.localPick = {id: id, t: Date.now()};
    if (bm.state) { bm.state.selected = id; bm.state.pan = false; delete bm.state.highlight; }
    bm.panWanted = null;
    bm.mark([id]);
    document.body.setAttribute('data-bm-selected', id);
    bm.cardClosed = null;  // a click on a place is asking for its card, even the same place again
    bm.showCard(id, latlng);
  };

  function placeOf(id) {  // the card's data for a place id, only its own entries (never "constructor")
    var P = bm.args && bm.args.places;
    return P && typeof id === 'string' && Object.prototype.hasOwnProperty.call(P, id) ? P[id] : null;
  }

  function node(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined && text !== null) el.textContent = String(text);
    return el;
  }

  // The card's content for one place, built from data as DOM nodes (never HTML).
  bm.cardContent = function (id) {
    var A = bm.args, p = placeOf(id), frag = document.createDocumentFragment();
    if (!p) return null;
    var head = node('div', 'bm-card-head');
    head.appendChild(node('span', 'bm-card-name', p.name));
    if (p.kind) { head.appendChild(document.createTextNode(' ')); head.appendChild(node('span', 'bm-card-kind', p.kind)); }
    frag.appendChild(head);
    var body = node('div', 'bm-card-body');
    if (p.quotes && p.quotes.length) {
      body.appendChild(node('div', 'bm-card-what', 'What the essay argues'));
      p.quotes.forEach(function (q) {
        var div = node('div', 'bm-quote');
        div.appendChild(node('span', 'bm-para', '\u00b6' + q.number));
        div.appendChild(document.createTextNode('\u201c' + q.text + '\u201d'));
        body.appendChild(div);
      });
      if (p.summary) {
        var ours = node('div', 'bm-ours');
        ours.appendChild(node('b', null, A.summary_label + ':'));
        ours.appendChild(document.createTextNode(' ' + p.summary));
        body.appendChild(ours);
      }
    } else {
      body.appendChild(node('div', 'bm-card-none', A.not_discussed));
    }
    frag.appendChild(body);
    return frag;
  };

  var Card = L.Control.extend({
    options: {position: 'topright'},
    onAdd: function () {
      if (this._box) return this._box;
      var box = this._box = node('section', 'bm-card leaflet-bar');
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', 'What the essay says about the selected place');
      box.hidden = true;
      var close = this._close = node('button', 'bm-card-close', '\u00d7');
      close.type = 'button';
      close.setAttribute('aria-label', 'Close');
      close.title = 'Close';
      close.addEventListener('click', function (ev) { ev.preventDefault(); bm.closeCard(); });
      var content = this._content = node('div', 'bm-card-content');
      content.setAttribute('aria-live', 'polite');
      content.tabIndex = 0;  // the keyboard can scroll a long card
      box.appendChild(close);
      box.appendChild(content);
      box.addEventListener('keydown', function (ev) {
        if (ev.key === 'Escape') { ev.preventDefault(); ev.stopPropagation(); bm.closeCard(true); }
        else ev.stopPropagation();  // arrows scroll the card, not the map
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }
  });

  // Show the card for `id` (null: no selection, no card). `near`: the clicked point, else the place's middle.
  bm.showCard = function (id, near) {
    var card = bm.card;
    if (!card) return;
    var box = card._box;
    if (id !== bm.cardClosed) bm.cardClosed = null;  // closed stays closed for that selection only
    if (!id || bm.cardClosed || !placeOf(id)) {
      if (!id || (bm.args && !placeOf(id))) bm.cardShown = null;
      box.hidden = true;
      document.body.setAttribute('data-bm-card', '');
      return;
    }
    if (id !== bm.cardShown || box.hidden || near) {  // a new place, or asked again: placed anew
      var opening = box.hidden;
      if (id !== bm.cardShown || box.hidden) {
        card._content.replaceChildren(bm.cardContent(id));
        card._content.scrollTop = 0;
      }
      bm.cardShown = id;
      box.hidden = false;
      bm.placeCard(near, opening);
      if (!near) bm.map.once('moveend', function () { if (bm.cardShown === id && !box.hidden) bm.placeCard(); });  // after a pan to it
    }
    document.body.setAttribute('data-bm-card', id);
  };

  // Keep the card off the place: it moves only when it covers the clicked point (or the selection's
  // middle), to the corner that covers neither it nor, as far as it can, the fewest other places'
  // markers; when it opens, it takes the best corner. Ties keep the order below.
  var CORNERS = ['topright', 'bottomleft', 'bottomright', 'topleft'];
  bm.placeCard = function (near, opening) {
    var map = bm.map, card = bm.card, box = card._box, pt = null;
    if (near) pt = map.latLngToContainerPoint(near);
    else if (bm.selected.length) {
      var b = L.featureGroup(bm.selected).getBounds();
      if (b.isValid()) pt = map.latLngToContainerPoint(b.getCenter());
    }
    if (!pt) return;
    var m = map.getContainer().getBoundingClientRect(), marks = [];
    var places = bm.layers.places;
    if (places && map.hasLayer(places.layer)) {
      places.layer.eachLayer(function (l) { if (l.getLatLng) marks.push(map.latLngToContainerPoint(l.getLatLng())); });
    }
    var under = function (q, r, pad) {
      return q.x >= r.left - m.left - pad && q.x <= r.right - m.left + pad && q.y >= r.top - m.top - pad && q.y <= r.bottom - m.top + pad;
    };
    var score = function () {
      var r = box.getBoundingClientRect();
      return (under(pt, r, 8) ? 1000 : 0) + marks.filter(function (q) { return under(q, r, 4); }).length;
    };
    var here = card.getPosition(), best = here, bestScore = score();
    if (!opening && bestScore < 1000) return;
    CORNERS.forEach(function (c) {
      if (c === here) return;
      card.setPosition(c);
      var sc = score();
      if (sc < bestScore || (sc === bestScore && CORNERS.indexOf(c) < CORNERS.indexOf(best) && best !== here)) { best = c; bestScore = sc; }
    });
    if (card.getPosition() !== best) card.setPosition(best);
    document.body.setAttribute('data-bm-card-corner', best);
  };

  bm.closeCard = function (byKey) {
    if (!bm.card) return;
    bm.cardClosed = bm.cardShown;
    bm.card._box.hidden = true;
    document.body.setAttribute('data-bm-card', '');
    if (byKey) bm.map.getContainer().focus({preventScroll: true});
  };

  bm.setupCard = function (config) {
    if (!config.arguments && !config.arguments_data) return;
    bm.cardOn = true;
    bm.card = new Card();
    bm.card.addTo(bm.map);
    var loaded = function (d) {
      bm.args = d;
      document.body.setAttribute('data-bm-arguments', 'loaded');
      if (bm.state) bm.showCard(bm.state.selected || null);
    };
    if (config.arguments_data) loaded(config.arguments_data);
    else fetch(config.arguments).then(function (r) { return r.json(); }).then(loaded);
  };

  // ---- Keyboard: the places (cities, the plant) are one tab stop (roving tabindex), labels none. ----
  // Tab reaches the current place; arrows move between places (west to east); Enter or Space selects
  // the focused place exactly as a click on it would (same id, reported with its point).
  function placeElement(l) { return l._path || l._icon || null; }

  bm.selectByKey = function (l) {
    var id = l.feature && l.feature.properties.id, ll = l.getLatLng();
    if (!id) return;
    var latlng = L.latLng(ll.lat, ll.lng);
    latlng.id = id;
    l.fire('click', {latlng: latlng, layer: l, originalEvent: {type: 'keyboard'}, bmId: id}, true);
  };

  bm.keyboard = function () {
    var map = bm.map, entry = bm.layers.places, items = [];
    // Areas and lines are picked with the mouse or the search box: never tab stops.
    Object.keys(bm.layers).forEach(function (key) {
      if (key === 'places') return;
      bm.layers[key].layer.eachLayer(function (l) { if (l._path) l._path.setAttribute('tabindex', '-1'); });  // Chrome tabs to SVG paths with listeners
    });
    if (!entry || !map.hasLayer(entry.layer)) return;
    entry.layer.eachLayer(function (l) { if (placeElement(l) && l.feature && l.feature.properties.id) items.push(l); });
    items.sort(function (a, b) { return a.getLatLng().lng - b.getLatLng().lng; });
    var current = items.filter(function (l) { return placeElement(l).getAttribute('tabindex') === '0'; })[0] || items[0];
    items.forEach(function (l, i) {
      var el = placeElement(l);
      el.setAttribute('tabindex', l === current ? '0' : '-1');
      el.setAttribute('role', 'button');
      el.setAttribute('aria-label', l.feature.properties.label || l.feature.properties.id);
      if (el._bmKeys) { el._bmKeys.items = items; el._bmKeys.i = i; return; }
      el._bmKeys = {items: items, i: i};
      el.addEventListener('focus', function () {
        el._bmKeys.items.forEach(function (o) { var e = placeElement(o); if (e) e.setAttribute('tabindex', e === el ? '0' : '-1'); });
      });
      el.addEventListener('keydown', function (ev) {
        var k = el._bmKeys, step = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1}[ev.key];
        if (ev.key === 'Enter' || ev.key === ' ' || ev.key === 'Spacebar') {
          ev.preventDefault(); ev.stopPropagation();  // no keypress: Leaflet would report a click without a point
          bm.selectByKey(k.items[k.i]);
        } else if (step) {
          ev.preventDefault(); ev.stopPropagation();
          var next = placeElement(k.items[(k.i + step + k.items.length) % k.items.length]);
          if (next) next.focus({preventScroll: true});
        }
      });
    });
  };

  // ---- Labels: placed by priority so that none covers another, a place's dot, or the map's edge. ----
  // Places' labels try right, left, above and below their dot; area labels stay centred and are
  // hidden where they would cover something placed before them (a region's label under a city's).
  var PRIORITY = {discussed: 0, city: 1, country: 2, region: 3};
  var SPOTS = {
    point: ['translate(GAP, -50%)', 'translate(calc(-100% - GAP), -50%)', 'translate(-50%, calc(-100% - 6px))', 'translate(-50%, 6px)'],
    area: ['translate(-50%, -50%)', 'translate(-50%, 10%)', 'translate(-50%, -110%)']
  };

  function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }

  bm.declutter = function () {
    var map = bm.map;
    if (!map) return;
    var box = map.getContainer().getBoundingClientRect(), placed = [];
    Object.keys(bm.layers).forEach(function (key) {  // every dot is an obstacle for the labels
      var e = bm.layers[key];
      if (key !== 'places' || !map.hasLayer(e.layer)) return;
      e.layer.eachLayer(function (l) { var el = placeElement(l); if (el) placed.push(el.getBoundingClientRect()); });
    });
    var labels = Array.prototype.slice.call(document.querySelectorAll('.bm-label'));
    var kindOf = function (el) { return (el.className.match(/bm-label-(discussed|city|country|region)/) || [])[1] || 'region'; };
    // The essay's theatre first (webmap.THEATRE, in its order), then by kind.
    var order = function (el) { var r = el.getAttribute('data-rank'); return r === null ? 100 + PRIORITY[kindOf(el)] : Number(r); };
    labels.sort(function (a, b) { return order(a) - order(b); });
    labels.forEach(function (el) {
      var kind = kindOf(el), point = kind === 'discussed' || kind === 'city';
      var gap = kind === 'discussed' ? '11px' : '8px';
      var spots = point ? SPOTS.point : SPOTS.area, ok = null;
      el.classList.remove('bm-label-hidden');
      for (var i = 0; i < spots.length && !ok; i++) {
        el.style.transform = spots[i].replace('GAP', gap);
        var r = el.getBoundingClientRect();
        var inside = r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
        if (inside && !placed.some(function (q) { return overlaps(r, q); })) ok = r;
      }
      if (ok) { placed.push(ok); } else { el.style.transform = spots[0].replace('GAP', gap); el.classList.add('bm-label-hidden'); }
    });
    bm.declutterRuns = (bm.declutterRuns || 0) + 1;
    document.body.setAttribute('data-bm-decluttered', bm.declutterRuns);
  };

  bm.declutterSoon = function () {
    if (bm.declutterTimer) clearTimeout(bm.declutterTimer);
    bm.declutterTimer = setTimeout(function () { bm.declutterTimer = null; bm.declutter(); }, 30);
  };

  // ---- Tooltips: a long one (a route's name) wraps and is kept inside the map, never cut at its ends. ----
  var tipPosition = L.Tooltip.prototype._setPosition;
  L.Tooltip.prototype._setPosition = function (pos) {
    tipPosition.call(this, pos);
    var c = this._container, m = this._map;
    if (!c || !m) return;
    c.style.translate = '';
    var r = c.getBoundingClientRect(), box = m.getContainer().getBoundingClientRect(), dx = 0, dy = 0;
    if (r.width < box.width - 8) {
      if (r.left < box.left + 4) dx = box.left + 4 - r.left; else if (r.right > box.right - 4) dx = box.right - 4 - r.right;
    }
    if (r.top < box.top + 4) dy = box.top + 4 - r.top;
    if (dx || dy) c.style.translate = dx + 'px ' + dy + 'px';
  };

  bm.fitDefault = function () {
    var map = bm.map;
    if (!map || !bm.fit || bm.moved) return;
    bm.fitting = true;
    var pad = {animate: false, paddingTopLeft: [12, 12], paddingBottomRight: [60, 12]};
    // All of Ukraine where that stays legible; else the essay's theatre (webmap.THEATRE), e.g. at
    // 1280x720 with the sidebar open (Ukraine alone would be zoom 5, its labels crowded out) or on a phone.
    var target = bm.fit;
    if (bm.theatre && map.getBoundsZoom(bm.fit, false, L.point(72, 24)) < bm.legible) target = bm.theatre;
    map.fitBounds(target, pad);
    bm.fitting = false;
  };

  bm.setup = function (map, config) {
    bm.map = map;
    Object.keys(config.panes).forEach(function (name) {
      map.createPane('bm-' + name).style.zIndex = config.panes[name];
    });
    map.getPane('bm-labels').style.pointerEvents = 'none';
    bm.palette = config.palette || null;
    hatchDefs(bm.palette && bm.palette.patterns);
    document.body.setAttribute('data-bm-palette', bm.palette ? bm.palette.name : 'default');
    document.body.classList.add('bm-palette-' + (bm.palette ? bm.palette.name : 'default'));
    // Zoom only within what a link may record (geo/web/urlstate.py ZOOM_RANGE).
    if (config.zoom) { map.setMinZoom(config.zoom[0]); map.setMaxZoom(config.zoom[1]); }
    // The default view fits Ukraine (or, where that is illegible, the essay's theatre) to the map's size (at a whole zoom level: streamlit-folium
    // re-snaps a fractional one), with room on the right for the labels of the east.
    // Until the view is moved (a pan, a zoom, a scene's frame), a new map size refits it.
    bm.fit = config.fit || null;
    bm.theatre = config.theatre || null;
    bm.legible = config.legible || 0;
    bm.moved = false;
    ['mousedown', 'wheel', 'touchstart', 'keydown'].forEach(function (type) {  // the user's own move
      map.getContainer().addEventListener(type, function () { bm.moved = true; }, {passive: true, capture: true});
    });
    bm.fitDefault();
    // A click on the map focuses it; focusing must not scroll the page (a page scrolled under the
    // pointer between mousedown and mouseup drops the click): focus without scrolling.
    if (map.keyboard && map.keyboard.enabled()) {
      map.keyboard.disable();  // its listener is bound at enable(): replace it in between
      map.keyboard._onMouseDown = function () {
        if (this._focused) return;
        this._map._container.focus({preventScroll: true});
      };
      map.keyboard.enable();
    }
    map.on('zoomend moveend resize', bm.declutterSoon);
    bm.coarseMax = config.coarse_max_zoom === undefined ? null : config.coarse_max_zoom;
    map.on('zoomend', bm.upgrade);
    // The iframe is sized by CSS to the window (projectors change resolution): redraw the vector
    // renderers' clip region whenever the map's box changes.
    if (window.ResizeObserver) {
      new ResizeObserver(function () { map.invalidateSize({pan: false}); bm.fitDefault(); map.fire('moveend'); }).observe(map.getContainer());
    }
    config.layers.forEach(bm.addLayer);
    if (config.pick) {
      fetch(config.pick).then(function (r) { return r.json(); }).then(function (d) {
        bm.pickIndex = d;
        document.body.setAttribute('data-bm-pick', 'loaded');
      });
    }
    bm.setupCard(config);  // its small file is fetched beside the layers, asked for after them
    if (bm.state) bm.apply(bm.state);
  };

  window.__briefmap = bm;
  window.BriefMap = bm;
})();
