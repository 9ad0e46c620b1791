"""What the app ships under data/ and how it is built: the essay with its date and layers
(`essay`), the argument map (`arguments`), the authored gazetteer (`gazetteer`) and the built
places with their geometry (`places`), regions (`regions`), the base map (`basemap`, from
`naturalearth`), GeoNames lookups for the build (`geonames`), Ukraine's settlements for the
pre-war residents figures, built into data/places/settlements.geojson (`settlements`), the name
index of the essay place finder, built into data/places/names.json.gz (`names_build`) with the
transliteration key its names meet by (`namekey`), the
waypoints of every line (`waypoints`), the authored line and control-layer specs (`line_specs`), control layers (`control`), the layer
catalogue and layer geometry (`layers`), and `build`, which makes data/ from open sources.
May import `geo.core` only."""
