"""Reading the third-party DeepStateMap fixtures as an independent reference for our layers.

Only the tests read ../shared/fixtures; nothing from them is copied into data/.
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "deepstate"
HELD_PREFIXES = ("Окуповано", "Окупований Крим", "ОРДЛО")
PREWAR_PREFIXES = ("Окупований Крим", "ОРДЛО")
LIBERATED_PREFIX = "Звільнено"


def fixture(date: str) -> Path:
    return FIXTURES / f"deepstate-{date}.geojson"


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
