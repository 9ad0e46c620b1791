"""Shared fixtures: the repository root on sys.path, and the shipped layers loaded once."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session", autouse=True)
def empty_store(tmp_path_factory):
    """Tests never read or write the developer's data/user/ store: each session gets its own."""
    import os

    path = tmp_path_factory.mktemp("briefmap-store")
    old = os.environ.get("BRIEFMAP_STORE")
    os.environ["BRIEFMAP_STORE"] = str(path)
    yield path
    if old is None:
        os.environ.pop("BRIEFMAP_STORE", None)
    else:
        os.environ["BRIEFMAP_STORE"] = old


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


# Browser tests: each module defines its own `server` (a `streamlit run` from tests/harness.py);
# these two are shared. Every page records and fails on any request that leaves localhost.
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    from harness import launch_chromium

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):
    from harness import block_external

    external: list[str] = []
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = ctx.new_page()
    block_external(pg, external)
    pg.external = external
    yield pg
    try:
        assert external == [], f"requests left localhost: {external}"
    finally:
        ctx.close()
