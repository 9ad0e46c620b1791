"""Dated lines from outside the repository: reading untrusted files within a budget (`untrusted`,
`budget`, `kml`), classifying polygons (`classify`, `importer`; its `formats` listed apart, for the command line), the one import boundary
(`ingest`), the snapshot store (`store`), DeepStateMap's API (`deepstate_api`) and the lines in
force at a date (`timeline`). May import `geo.core` and `geo.data`."""
