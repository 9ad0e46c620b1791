"""Baseline for bench/bench_map.py: the same layers handed to a plain `st_folium` call that
rebuilds the map (geometry embedded) on every rerun, with streamlit-folium's default returned
objects. Same offline Leaflet, same panel, so only the map plumbing differs."""

import sys
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.core.paths import BASEMAP, CONTROL, PLACES, REGIONS  # noqa: E402
from geo.figures import facts  # noqa: E402
from geo.web import picking, styles
from geo.web.offline import LEAFLET_CSS, LEAFLET_JS, ensure_vendor  # noqa: E402

st.set_page_config(layout="wide")
ensure_vendor(Path(__file__).resolve().parent / "static")  # static serving is relative to the script
m = folium.Map(location=[47.9, 34.6], zoom_start=6, tiles=None)
m.default_js = [("leaflet", LEAFLET_JS)]
m.default_css = [("leaflet_css", LEAFLET_CSS)]
for path, style in [
    (BASEMAP / "sea.geojson", styles.SEA),
    (BASEMAP / "land.geojson", styles.LAND),
    (BASEMAP / "countries.geojson", styles.COUNTRY),
    (REGIONS / "ukraine-admin1.geojson", styles.REGION),
    (BASEMAP / "reservoirs.geojson", styles.RESERVOIR),
    (CONTROL / "held-2022-11-17.geojson", styles.CONTROL["held-2022-11-17"]),
    (PLACES / "lines.geojson", styles.ROUTE),
]:
    folium.GeoJson(str(path), style_function=lambda f, s=style: s).add_to(m)
folium.GeoJson(
    str(PLACES / "places.geojson"), marker=folium.CircleMarker(radius=7, fill=True, fill_color="#fff", color="#000")
).add_to(m)
left, right = st.columns([5, 3])
with left:
    out = st_folium(m, height=600, use_container_width=True)
with right:
    click = (out or {}).get("last_object_clicked")
    if click:
        pid = picking.pick(click["lat"], click["lng"], (out or {}).get("zoom") or 6)
        if pid:
            p = facts.panel(pid)
            st.markdown(f"### {p.name}")
            if p.argument:
                for q in p.argument.quotes:
                    st.markdown(f"¶{q.number} {q.text}")
