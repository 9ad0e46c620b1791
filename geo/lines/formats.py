"""The import formats, in a module of their own so the command line can list them without loading
the importer (and geopandas) for commands that do not import."""

FORMATS = ("auto", "deepstate", "geojson", "kml", "kmz", "shapefile-zip", "gpkg")
