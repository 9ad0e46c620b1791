"""Reading the third-party DeepStateMap fixtures as an independent reference for our layers.

Only the tests read ../shared/fixtures; nothing from them is copied into data/. A test that needs a
fixture which is not there is skipped, with the reason (`tests_paths.shared_fixture`).
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from tests_paths import shared_fixture, shared_path

FIXTURES = shared_path("fixtures/deepstate")
HELD_PREFIXES = ("Окуповано", "Окупований Крим", "ОРДЛО")
PREWAR_PREFIXES = ("Окупований Крим", "ОРДЛО")
LIBERATED_PREFIX = "Звільнено"


def fixture(date: str) -> Path:
    """The DeepStateMap fixture of that date; skips the calling test or fixture when it is missing."""
    return shared_fixture(f"fixtures/deepstate/deepstate-{date}.geojson")


def polygons(path: Path, prefixes: tuple[str, ...], ukraine: shapely.Geometry) -> shapely.Geometry:
    """Union of polygon features whose name starts with one of the prefixes, clipped to Ukraine."""
    with open(path, encoding="utf-8") as fh:
        fc = json.load(fh)
    parts = []
    for f in fc["features"]:
        name = (f["properties"].get("name") or "").replace("\xa0", " ").strip()
        if not name.startswith(prefixes):
            continue
        g = shapely.make_valid(shapely.geometry.shape(f["geometry"]))
        parts.extend(p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon"))
    return shapely.union_all(parts).intersection(ukraine)
