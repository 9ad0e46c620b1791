"""Dated lines from outside the repository: reading untrusted files within a budget (`untrusted`,
`budget`, `kml`), classifying polygons (`classify`, `importer`; its `formats` listed apart, for the command line), the one import boundary
(`ingest`), the snapshot store (`store`: one interface over two backends, the folder of files
`store_files` and the PostgreSQL/PostGIS tables `store_pg`, both returning `stored.Stored`),
DeepStateMap's API (`deepstate_api`) and the lines in force at a date (`timeline`). May import
`geo.core`, `geo.db` and `geo.data`."""
