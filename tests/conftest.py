"""Shared fixtures: the repository root on sys.path, and the shipped layers loaded once."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def ukraine():
    from geo.stats import ukraine_geometry

    return ukraine_geometry()


@pytest.fixture(scope="session")
def units():
    from geo.geojson_io import read_layer
    from geo.paths import REGIONS

    gdf = read_layer(REGIONS / "ukraine-admin1.geojson")
    return dict(zip(gdf["id"], gdf.geometry))


@pytest.fixture(scope="session")
def layer():
    from geo.stats import control_geometry

    return control_geometry
