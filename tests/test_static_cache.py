"""The first map's files: content-hashed names cached for a year (everything else revalidated), the
coarse copies of the big layers for zoom <= 6 (same features, fewer bytes, never read by figure code),
and in a real browser: a second visit takes no map file from the network, and zooming in swaps in
the full geometry."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import shapely
from tests_paths import ROOT

from geo.web import webmap
from geo.web.offline import IMMUTABLE, STATIC, STATIC_URL, CacheHeaders


def _file(url: str) -> Path:
    return STATIC / url[len(STATIC_URL) + 1 :]


def _served(path: str, status: int = 200, headers: list | None = None) -> dict:
    """The response start message CacheHeaders lets through for a request to ``path``."""
    sent = []

    async def inner(scope, receive, send):
        await send({"type": "http.response.start", "status": status, "headers": headers or [(b"etag", b'"x"')]})
        await send({"type": "http.response.body", "body": b"{}"})

    async def record(message):
        sent.append(message)

    asyncio.run(CacheHeaders(inner)({"type": "http", "path": path}, None, record))
    assert sent[1]["body"] == b"{}"
    return {k.decode(): v.decode() for k, v in sent[0]["headers"]}


def test_hashed_static_files_are_immutable_and_the_rest_revalidated():
    hashed = _served("/app/static/layers/places.0123456789.geojson")
    assert hashed["cache-control"] == "public, max-age=31536000, immutable" and hashed["etag"] == '"x"'
    assert _served("/app/static/vendor/leaflet/leaflet.js")["cache-control"] == "no-cache"
    assert _served("/app/static/layers/places.geojson")["cache-control"] == "no-cache"
    assert _served("/app/static/layers/gone.0123456789.geojson", 404)["cache-control"] == "no-cache"  # a miss is never kept
    assert _served("/app/static/x.0123456789.js", headers=[(b"Cache-Control", b"max-age=5")])["cache-control"] == IMMUTABLE
    assert "cache-control" not in _served("/_stcore/health")  # only the app's static files
    assert "cache-control" not in _served("/component/streamlit_folium.st_folium/index.0123456789.js")


def test_every_file_the_map_loads_is_named_by_its_content():
    m = webmap.build_map()
    urls = [u for _, u in m.default_js + m.default_css]
    layers = webmap.publish_layers()
    urls += [u for w in layers for u in (w.url, w.labels_url, w.coarse_url) if u] + [webmap.publish_pick()]
    for url in urls:
        name = url.rsplit("/", 1)[1]
        digest = re.search(r"\.([0-9a-f]{10})\.[a-z]+$", name)
        assert digest, url
        assert hashlib.sha256(_file(url).read_bytes()).hexdigest()[:10] == digest.group(1), url
        assert CacheHeaders.policy(url, 200) == IMMUTABLE


def test_coarse_copies_have_the_same_features_and_fewer_bytes():
    layers = {w.key: w for w in webmap.publish_layers()}
    coarse = {k: w for k, w in layers.items() if w.coarse_url}
    assert {"ukraine-admin1", "basemap-countries", "basemap-land", "basemap-sea"} <= set(coarse)
    full_bytes = coarse_bytes = 0
    for key, w in coarse.items():
        full, small = (json.loads(_file(u).read_text(encoding="utf-8"))["features"] for u in (w.url, w.coarse_url))
        assert [f["properties"] for f in small] == [f["properties"] for f in full], key  # ids, labels, styles
        g_full = [shapely.geometry.shape(f["geometry"]) for f in full]
        g_small = [shapely.geometry.shape(f["geometry"]) for f in small]
        for a, b in zip(g_full, g_small):
            assert b.is_valid and not b.is_empty
            assert shapely.hausdorff_distance(a, b) < 0.03, key  # under 2 px at zoom 6 at the very worst
        if shapely.coverage_is_valid(shapely.GeometryCollection(g_full)):  # neighbours still share their borders
            assert shapely.coverage_is_valid(shapely.GeometryCollection(g_small)), key
        full_bytes += _file(w.url).stat().st_size
        coarse_bytes += _file(w.coarse_url).stat().st_size
    assert coarse_bytes < 0.75 * full_bytes, (coarse_bytes, full_bytes)  # 325 KB -> 232 KB when written
    small_layers = [w for w in layers.values() if not w.coarse_url]
    assert all(_file(w.url).stat().st_size < webmap.COARSE_MIN_BYTES or w.key == "basemap-reservoirs" for w in small_layers)


_OPENED: list[set[str]] = []


def _hook(event: str, args: tuple) -> None:
    if event == "open" and _OPENED and isinstance(args[0], (str, Path)):
        _OPENED[-1].add(str(Path(args[0]).resolve()))


sys.addaudithook(_hook)  # cannot be removed; records only while _OPENED has a set


def test_figure_code_never_reads_the_published_files():
    """Figures are computed from data/ in Python: not from static/ (the coarse or the full copies)."""
    from geo.briefing import scene_figures, scenes
    from geo.figures import facts, headline, people

    webmap.publish_layers()
    webmap.publish_pick()
    assert list((STATIC / "layers").glob("*-coarse.*.geojson"))
    for name, mod in list(sys.modules.items()):  # every cache in the figure code, so that it reads again
        if name.startswith(("geo.data", "geo.figures", "geo.lines", "geo.briefing", "geo.core")):
            for value in list(vars(mod).values()):
                if hasattr(value, "cache_clear"):
                    value.cache_clear()
    for memo in (facts._FRONTS, headline._PEOPLE, headline._CACHE):
        memo.clear()
    seen: set[str] = set()
    _OPENED.append(seen)
    try:
        shown = headline.figures(facts.essay_lines(), headline.OPENING + headline.FREEZE)
        people.warm()
        facts.warm()
        figures = [scene_figures.compute(k) for s in scenes.load().scenes for k in s.figures]
    finally:
        _OPENED.pop()
    assert shown and figures
    assert any("/data/" in p for p in seen)  # it did read the data again
    static = str(STATIC.resolve())
    assert [p for p in seen if p.startswith(static)] == []
    # and no figure module so much as names the published files
    for pkg in ("core", "data", "lines", "figures"):
        for path in (ROOT / "geo" / pkg).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert "geo.web" not in text and "static/" not in text and "coarse_url" not in text, path


# ---- In a real browser ----


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}


RESOURCES = """() => performance.getEntriesByType('resource')
    .filter(e => e.name.includes('/app/static/'))
    .map(e => ({url: new URL(e.name).pathname, transfer: e.transferSize, body: e.decodedBodySize}))"""


@pytest.mark.browser
def test_second_visit_takes_no_map_file_from_the_network_and_zoom_swaps_in_full_geometry(browser, server):
    from harness import LOCAL_PREFIXES, wait_for_map

    # the headers, as served
    w = next(w for w in webmap.publish_layers() if w.key == "ukraine-admin1")
    status, headers = _get(server.url + w.coarse_url)
    assert status == 200 and "max-age=31536000" in headers["cache-control"] and "immutable" in headers["cache-control"]
    status, headers = _get(server.url + "/app/static/vendor/leaflet/leaflet.js")
    assert status == 200 and headers["cache-control"] == "no-cache" and headers.get("etag")
    status, headers = _get(server.url + "/app/static/layers/none.0123456789.geojson")
    assert status == 404 and "immutable" not in headers.get("cache-control", "")

    # Files just written: without an explicit max-age the browser's heuristic freshness (a tenth of
    # the time since Last-Modified) is then under a second, so a plain file is asked for again.
    now = time.time()
    for f in STATIC.rglob("*"):
        if f.is_file():
            os.utime(f, (now, now))
    # A fresh context: empty caches (not the profile the other tests share). No route interception
    # here: it would switch the browser's HTTP cache off.
    ctx = browser.fresh_context(viewport={"width": 1280, "height": 720})
    requests: list[str] = []
    ctx.on("request", lambda r: requests.append(r.url))
    try:
        page = ctx.new_page()
        page.goto(server.url)
        el, frame = wait_for_map(page, timeout=90000)
        first = frame.evaluate(RESOURCES)
        fetched = {r["url"] for r in first}
        assert w.coarse_url in fetched and w.url not in fetched  # the default view (zoom 6) draws the coarse copy
        assert "ukraine-admin1" in frame.evaluate("document.body.getAttribute('data-bm-coarse')").split(",")

        page.goto("about:blank")
        page.goto(server.url)
        el, frame = wait_for_map(page, timeout=90000)
        again = frame.evaluate(RESOURCES)
        assert {r["url"] for r in again} >= {w.coarse_url, webmap.publish_pick()}
        from_network = [r["url"] for r in again if r["transfer"] > 0]
        assert from_network == [], f"fetched again on the second visit: {from_network}"

        # zoomed in beyond 6: the full files replace the coarse ones, same ids, picking still ready
        frame.evaluate("window.map.setView([48.5, 34.5], 7, {animate: false})")
        frame.wait_for_function(
            "document.body.getAttribute('data-bm-coarse') === '' && window.__briefmap.pending === 0", timeout=30000
        )
        assert w.url in {r["url"] for r in frame.evaluate(RESOURCES)}
        assert frame.evaluate("window.__briefmap.pickReady()")
        counts = frame.evaluate(
            "() => ['poltava-oblast', 'ukraine', 'poland'].map(id => (window.__briefmap.byId[id] || []).length)"
        )
        assert counts == [1, 1, 1], counts  # each feature indexed once: the coarse ones left the index
    finally:
        ctx.close()
    assert [u for u in requests if u.startswith("http") and not u.startswith(LOCAL_PREFIXES)] == []
