"""A dated snapshot of control imported from someone else's map: held, unknown and liberated
polygons clipped to Ukraine, point features, and the record of what was used, ignored and repaired.

This is the one shape every importer produces and the store keeps; the map, the timeline and the
figures read nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import shapely

from geo.core.geojson_io import feature
from geo.core.measure import area_km2

CLASSES = ("held", "unknown", "liberated")
IMPORTER_VERSION = "2"  # 2: DeepStateMap by key, colour and name; undecided area; parts mostly outside Ukraine dropped


@dataclass
class RawFeature:
    """A feature as read from any format, before classification."""

    index: int
    name: str
    props: dict[str, Any]
    geom: shapely.Geometry | None
    problem: str | None = None  # why the geometry could not be read


@dataclass
class Snapshot:
    date: str
    source: str
    source_file: str
    source_sha256: str
    format: str
    held: shapely.Geometry
    unknown: shapely.Geometry
    liberated: shapely.Geometry
    points: list[tuple[str, str, shapely.Point]] = field(default_factory=list)  # (kind, name, point)
    features_used: int = 0
    features_ignored: int = 0
    ignored: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    importer_version: str = IMPORTER_VERSION
    imported_at: str = ""
    mapping: str = ""
    undecided_km2: float = 0.0  # polygons nothing classified (left out of the three classes), clipped to Ukraine

    def geometry(self, cls: str) -> shapely.Geometry:
        return {"held": self.held, "unknown": self.unknown, "liberated": self.liberated}[cls]

    def figures(self) -> dict[str, float]:
        return {**{f"{c}_km2": round(area_km2(self.geometry(c)), 1) for c in CLASSES}, "undecided_km2": self.undecided_km2}

    def summary(self) -> dict[str, Any]:
        """The `geo import --json` object."""
        return {
            "date": self.date,
            **self.figures(),
            "features_used": self.features_used,
            "features_ignored": self.features_ignored,
            "warnings": list(self.warnings),
            "ignored": list(self.ignored),
            "source": self.source,
            "file": self.source_file,
            "sha256": self.source_sha256,
            "format": self.format,
        }

    def metadata(self) -> dict[str, Any]:
        return {
            "kind": "snapshot",
            "date": self.date,
            "source": self.source,
            "source_file": self.source_file,
            "source_sha256": self.source_sha256,
            "format": self.format,
            "mapping": self.mapping,
            "importer_version": self.importer_version,
            "imported_at": self.imported_at,
            "figures": self.figures(),
            "features_used": self.features_used,
            "features_ignored": self.features_ignored,
            "ignored": self.ignored,
            "warnings": self.warnings,
        }

    def to_geojson(self) -> str:
        feats = [feature(self.geometry(c), {"class": c}) for c in CLASSES]
        feats += [feature(pt, {"class": "point", "kind": kind, "name": name}) for kind, name, pt in self.points]
        fc = {"type": "FeatureCollection", "metadata": self.metadata(), "features": feats}
        return json.dumps(fc, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"

    @classmethod
    def from_geojson(cls, text: str) -> "Snapshot":
        fc = json.loads(text)
        return cls.from_parts(fc["metadata"], ((f["properties"], shapely.geometry.shape(f["geometry"])) for f in fc["features"]))

    @classmethod
    def from_parts(cls, m: dict[str, Any], features: Iterable[tuple[dict[str, Any], shapely.Geometry]]) -> "Snapshot":
        """A snapshot from its metadata object and its features' (properties, geometry), as stored.

        Parameters
        ----------
        m : dict
            The metadata object (`metadata()` at import).
        features : iterable of (dict, shapely.Geometry)
            Each feature's properties (``class``; ``kind`` and ``name`` for points) and geometry, in order.

        Returns
        -------
        Snapshot
            The snapshot the store holds (the file backend reads it with `from_geojson`).

        Examples
        --------
        >>> s = Snapshot.from_geojson(Snapshot("2024-01-01", "x", "f", "0" * 64, "geojson", *[shapely.box(30, 47, 31, 48)] * 3).to_geojson())
        >>> Snapshot.from_parts(s.metadata(), [({"class": "held"}, s.held)]).held.equals(s.held)
        True
        """
        geoms = {c: shapely.GeometryCollection() for c in CLASSES}
        points = []
        for p, g in features:
            if p["class"] in geoms:
                geoms[p["class"]] = g
            else:
                points.append((p.get("kind", ""), p.get("name", ""), g))
        return cls(
            date=m["date"],
            source=m["source"],
            source_file=m["source_file"],
            source_sha256=m["source_sha256"],
            format=m["format"],
            held=geoms["held"],
            unknown=geoms["unknown"],
            liberated=geoms["liberated"],
            points=points,
            features_used=m["features_used"],
            features_ignored=m["features_ignored"],
            ignored=list(m["ignored"]),
            warnings=list(m["warnings"]),
            importer_version=m["importer_version"],
            imported_at=m["imported_at"],
            mapping=m.get("mapping", ""),
            undecided_km2=float((m.get("figures") or {}).get("undecided_km2", 0.0)),
        )
