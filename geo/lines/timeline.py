"""Which lines hold on a date: an imported snapshot when the store has one, else our authored layer.

Every figure, map layer and panel fact that follows "the chosen date" asks this module, so they
all cite the same source.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import shapely

from geo.core import provenance
from geo.core.measure import area_km2
from geo.core.paths import rel
from geo.data import layers
from geo.data.layers import control_path
from geo.lines import store

AUTHORED_SOURCE = "authored"


@dataclass(frozen=True)
class LinesAt:
    """A date's lines. Reading `held`, `unknown` or `liberated` notes the file they came from
    (geo.core.provenance), so every figure computed from them cites it."""

    date: str
    held_geom: shapely.Geometry
    unknown_geom: shapely.Geometry
    liberated_geom: shapely.Geometry | None  # the source's own liberated class (imported snapshots only)
    kind: str  # "imported" | "authored"
    source: str  # "deepstate", "isw", …, or "authored"
    ref: str  # the file the geometry came from: a repo path (authored) or the store file's name (imported)
    sha256: str | None = None
    stored: store.Stored | None = None

    @property
    def held(self) -> shapely.Geometry:
        provenance.note(self.ref)
        return self.held_geom

    @property
    def unknown(self) -> shapely.Geometry:
        provenance.note(self.ref)
        return self.unknown_geom

    @property
    def liberated(self) -> shapely.Geometry | None:
        provenance.note(self.ref)
        return self.liberated_geom

    @property
    def label(self) -> str:
        if self.kind == "authored":
            return f"our authored layer ({self.ref})"
        return f"{self.source} snapshot of {self.date} (imported, file {self.ref})"

    def describe(self) -> dict:
        return {"kind": self.kind, "source": self.source, "date": self.date, "file": self.ref, "sha256": self.sha256}


def available_dates(store_path: Path | None = None) -> list[str]:
    return sorted(set(sorted(layers.HELD_BY_DATE)) | set(store.dates(store_path)))


def lines_at(date: str, source: str | None = None, store_path: Path | None = None) -> LinesAt:
    """The lines for a date, imported first; raises layers.UnknownDate listing what exists."""
    if source != AUTHORED_SOURCE:
        item = store.for_date(date, source, store_path)
        if item is not None:
            snap = store.load(item)
            provenance.note(item.name)
            return LinesAt(
                date, snap.held, snap.unknown, snap.liberated, "imported", item.source, item.name, snap.source_sha256, item
            )
        if source is not None:
            raise layers.UnknownDate(f"no {source!r} snapshot for {date!r} in the store ({store.store_dir(store_path)})")
    layer = layers.HELD_BY_DATE.get(date)
    if layer is None:
        raise layers.UnknownDate(
            f"no lines for {date!r}: imported dates {store.dates(store_path) or 'none'}, authored {sorted(layers.HELD_BY_DATE)}"
        )
    return LinesAt(
        date,
        layers.control_geometry(layer),
        shapely.GeometryCollection(),
        None,
        "authored",
        AUTHORED_SOURCE,
        rel(control_path(layer)),
    )


def series(store_path: Path | None = None) -> list[dict]:
    """One row per snapshot (and per authored date): date, source, held/unknown/liberated km²."""
    rows = []
    for d in sorted(layers.HELD_BY_DATE):
        rows.append(
            {
                "date": d,
                "source": AUTHORED_SOURCE,
                "held_km2": round(area_km2(layers.control_geometry(layers.HELD_BY_DATE[d])), 1),
                "unknown_km2": None,
                "liberated_km2": None,
                "file": rel(control_path(layers.HELD_BY_DATE[d])),
            }
        )
    for item in store.listing(store_path):
        fig = item.metadata().get("figures", {})
        rows.append(
            {
                "date": item.date,
                "source": item.source,
                "held_km2": fig.get("held_km2"),
                "unknown_km2": fig.get("unknown_km2"),
                "liberated_km2": fig.get("liberated_km2"),
                "file": item.name,
            }
        )
    return sorted(rows, key=lambda r: (r["date"], r["source"]))
