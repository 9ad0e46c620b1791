"""Foundations every other package uses: repository paths (`paths`), GeoJSON reading and atomic
writing (`geojson_io`), geodesic distances and equal-area areas (`measure`), and the citation
recorder (`provenance`). May import nothing else from `geo`."""
