/* Compare two dates on one map: a swipe. Date A's lines are drawn in the pane "bm-compare-a", date B's
 * in "bm-compare-b"; a vertical divider splits the map and each pane is clipped (CSS clip, in layer
 * coordinates from map.containerPointToLayerPoint, recomputed on every move) to its own side: A left,
 * B right. The technique of leaflet-side-by-side (MIT), written here for our panes.
 * The divider moves with the mouse, touch (pointer events) and the keyboard (arrow keys, Page Up/Down,
 * Home and End on its focusable handle); it takes only its own narrow strip, never map clicks elsewhere.
 * Loaded by the map iframe from /app/static/vendor/briefmap/compare.js (copied from geo/web/assets by
 * geo.web.offline.ensure_vendor); driven by BriefCompare.apply(spec) (geo.web.webmap.compare_group).
 * Every text from data is set with textContent, never as HTML. */
(function () {
  'use strict';

  var C = {spec: null, frac: 0.5, layers: {}, ui: null, bound: false, waits: 0};
  var STEP = 0.05, BIG = 0.2;

  function bm() { return window.__briefmap; }

  function ensurePanes(map) {
    [['a', 401], ['b', 402]].forEach(function (p) {
      var name = 'bm-compare-' + p[0];
      if (!map.getPane(name)) map.createPane(name).style.zIndex = p[1];
    });
  }

  function stop(ev) { ev.stopPropagation(); }

  function buildUi(map) {
    var box = map.getContainer();
    var divider = L.DomUtil.create('div', 'bm-compare-divider', box);
    var handle = L.DomUtil.create('div', 'bm-compare-handle', divider);
    handle.setAttribute('tabindex', '0');
    handle.setAttribute('role', 'slider');
    handle.setAttribute('aria-orientation', 'horizontal');
    handle.setAttribute('aria-valuemin', '0');
    handle.setAttribute('aria-valuemax', '100');
    handle.setAttribute('aria-label', 'Divider between the two dates: drag, or use the arrow keys');
    handle.textContent = '\u25C0\u25B6';
    var labelA = L.DomUtil.create('div', 'bm-compare-label bm-compare-label-a', box);
    var labelB = L.DomUtil.create('div', 'bm-compare-label bm-compare-label-b', box);
    // Leaflet must not pan, zoom or report a click for what happens on the divider.
    L.DomEvent.disableClickPropagation(divider);
    L.DomEvent.disableScrollPropagation(divider);
    ['pointerdown', 'mousedown', 'touchstart'].forEach(function (t) { divider.addEventListener(t, stop); });

    var dragging = null, grab = 0;  // grab: where on the divider it was taken, so it does not jump to the pointer
    function moveTo(clientX) {
      var r = box.getBoundingClientRect();
      if (r.width > 0) C.set((clientX - grab - r.left) / r.width);
    }
    divider.addEventListener('pointerdown', function (ev) {
      if (ev.button !== undefined && ev.button > 0) return;
      ev.preventDefault();
      dragging = ev.pointerId;
      grab = ev.clientX - box.getBoundingClientRect().left - Math.round(box.clientWidth * C.frac);
      try { divider.setPointerCapture(ev.pointerId); } catch (e) { /* a synthetic pointer */ }
      divider.classList.add('bm-compare-dragging');
      handle.focus({preventScroll: true});
    });
    divider.addEventListener('pointermove', function (ev) {
      if (dragging === null || ev.pointerId !== dragging) return;
      ev.preventDefault();
      moveTo(ev.clientX);
    });
    function end(ev) {
      if (dragging === null || ev.pointerId !== dragging) return;
      dragging = null;
      divider.classList.remove('bm-compare-dragging');
      try { divider.releasePointerCapture(ev.pointerId); } catch (e) { /* already released */ }
    }
    divider.addEventListener('pointerup', end);
    divider.addEventListener('pointercancel', end);
    handle.addEventListener('keydown', function (ev) {
      var to = {ArrowLeft: C.frac - STEP, ArrowDown: C.frac - STEP, ArrowRight: C.frac + STEP, ArrowUp: C.frac + STEP,
        PageDown: C.frac - BIG, PageUp: C.frac + BIG, Home: 0, End: 1}[ev.key];
      if (to === undefined) return;
      ev.preventDefault();
      ev.stopPropagation();  // Leaflet's keyboard handler would pan the map
      C.set(to);
    });
    C.ui = {divider: divider, handle: handle, a: labelA, b: labelB};
  }

  // Where the divider stands, as a share of the map's width (kept across resizes).
  C.set = function (frac) {
    C.frac = Math.max(0, Math.min(1, frac));
    C.clip();
  };

  C.clip = function () {
    var B = bm(), map = B && B.map;
    if (!map || !C.ui) return;
    var on = !!C.spec, panes = [map.getPane('bm-compare-a'), map.getPane('bm-compare-b')];
    [C.ui.divider, C.ui.a, C.ui.b].forEach(function (el) { el.style.display = on ? '' : 'none'; });
    if (!on) { panes.forEach(function (p) { if (p) p.style.clip = ''; }); return; }
    var size = map.getSize(), x = Math.round(size.x * C.frac);
    var nw = map.containerPointToLayerPoint([0, 0]), se = map.containerPointToLayerPoint(size), cx = nw.x + x;
    panes[0].style.clip = 'rect(' + [nw.y, cx, se.y, nw.x].join('px,') + 'px)';
    panes[1].style.clip = 'rect(' + [nw.y, se.x, se.y, cx].join('px,') + 'px)';
    C.ui.divider.style.left = x + 'px';
    C.ui.handle.setAttribute('aria-valuenow', String(Math.round(C.frac * 100)));
    C.ui.handle.setAttribute('aria-valuetext', Math.round(C.frac * 100) + '% from the left');
    document.body.setAttribute('data-bm-compare-x', String(x));
  };

  function layerFor(slot, spec) {
    var B = bm(), pane = 'bm-compare-' + slot, id = slot + ' ' + spec.url, entry = C.layers[id];
    if (entry) return entry;
    var layer = L.geoJson(null, {
      pane: pane, interactive: true,
      style: function (f) { return B.styleOf(f.properties.style); },
      onEachFeature: function (f, l) {
        if (f.properties.label) {
          var tip = document.createElement('div');
          tip.textContent = f.properties.label;
          l.bindTooltip(tip, {sticky: true, direction: 'top', className: 'bm-tip'});
        }
      }
    }).on('click', B.clicked);  // a click still picks the place under it (briefmap.js)
    entry = C.layers[id] = {layer: layer, loaded: false};
    B.pending += 1;
    fetch(spec.url).then(function (r) { return r.json(); }).then(function (d) {
      layer.addData(d);
      entry.loaded = true;
      B.pending -= 1;
      untab(layer);
      var n = Object.keys(C.layers).filter(function (k) { return C.layers[k].loaded; }).length;
      document.body.setAttribute('data-bm-compare-loaded', String(n));
    });
    return entry;
  }

  function untab(layer) {  // Chrome tabs to SVG paths with listeners: areas are never tab stops
    layer.eachLayer(function (l) { if (l._path) l._path.setAttribute('tabindex', '-1'); });
  }

  C.apply = function (spec) {
    var B = bm(), map = B && B.map;
    C.spec = spec || null;
    if (!map) {  // the map's setup has not run yet: try again shortly (bounded)
      if (C.waits++ < 100) setTimeout(function () { C.apply(C.spec); }, 50);
      return;
    }
    ensurePanes(map);
    if (!C.ui) buildUi(map);
    if (!C.bound) {
      C.bound = true;
      map.on('move zoomend resize viewreset', C.clip);
    }
    var wanted = {};
    if (C.spec) {
      ['a', 'b'].forEach(function (slot) {
        (C.spec[slot].layers || []).forEach(function (s) {
          var entry = layerFor(slot, s);
          wanted[slot + ' ' + s.url] = true;
          if (!map.hasLayer(entry.layer)) { map.addLayer(entry.layer); untab(entry.layer); }
        });
      });
      C.ui.a.textContent = C.spec.a.label;
      C.ui.b.textContent = C.spec.b.label;
    }
    Object.keys(C.layers).forEach(function (id) {
      if (!wanted[id] && map.hasLayer(C.layers[id].layer)) map.removeLayer(C.layers[id].layer);
    });
    C.clip();
    document.body.setAttribute('data-bm-compare', C.spec ? C.spec.a.date + ',' + C.spec.b.date : '');
  };

  window.BriefCompare = C;
})();
