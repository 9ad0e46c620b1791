"""Domain code for the briefing map, importable without Streamlit.

Packages, from the bottom up; a package may import only the ones listed before it
(``tests/test_architecture.py`` checks this, and that nothing here imports Streamlit):

1. ``geo.core``: where files live, reading and writing GeoJSON, geodesic and equal-area measures, citations.
2. ``geo.data``: what the app ships: the essay, its argument map, the places, regions, base map,
   authored lines and control layers, and the build that makes them from open sources.
3. ``geo.essays``: essays added by users: reading their files safely, finding their places, the
   essay store and the analyst's review.
4. ``geo.lines``: dated lines from outside: reading untrusted files, classifying DeepStateMap
   and other sources, the snapshot store, and the lines in force at a date.
5. ``geo.figures``: every number the app shows: areas, pre-war residents, the freeze scenario,
   change between dates, disagreement between sources, and the facts beside the map.
6. ``geo.web``: the Leaflet map, its dated layers, picking a click, link parameters, offline assets.
7. ``geo.briefing``: the essay's argument as scenes, briefing rooms, the offline deck export.
8. ``geo.cli``: ``python -m geo`` and ``geo check``.
"""
