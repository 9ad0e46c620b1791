"""Shared fixtures: the repository root on sys.path, and the shipped layers loaded once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def pytest_configure(config):
    _scan_components_once()
    config.addinivalue_line(
        "markers", "postgres: needs the test PostgreSQL (BRIEFMAP_TEST_DATABASE_URL); skips without it outside CI"
    )
    config.addinivalue_line(
        "markers", "files_only: about the embedded file stores themselves; not run with BRIEFMAP_TEST_BACKEND=postgres"
    )


def _scan_components_once() -> None:
    """Each AppTest instance scans every installed distribution for Streamlit component manifests
    (about 0.3 s, some 120 instances a run); the installed packages do not change during a test
    session, so the scan's result is kept for the session."""
    import functools

    from streamlit.components.v2 import manifest_scanner

    if not hasattr(manifest_scanner.scan_component_manifests, "cache_info"):
        manifest_scanner.scan_component_manifests = functools.lru_cache(maxsize=1)(manifest_scanner.scan_component_manifests)


def backend() -> str:
    """The backend this run tests: "files" (default) or "postgres" (BRIEFMAP_TEST_BACKEND)."""
    import os

    return os.environ.get("BRIEFMAP_TEST_BACKEND", "files").strip() or "files"


@pytest.fixture(scope="session", autouse=True)
def backend_database():
    """With BRIEFMAP_TEST_BACKEND=postgres, the whole run (and every server it starts) uses a fresh
    database: BRIEFMAP_DATABASE_URL is set for the session."""

    if backend() != "postgres":
        yield None
        return
    import pgtest

    if pgtest.server_url() is None:
        pytest.exit(f"BRIEFMAP_TEST_BACKEND=postgres but {pgtest.missing_reason()}", returncode=1)
    url = pgtest.create_database("suite")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BRIEFMAP_DATABASE_URL", url)
        yield url
    pgtest.drop_database(url)


@pytest.fixture()
def pg_url():
    """A fresh database with the schema (dropped afterwards); skips without a test PostgreSQL outside CI."""
    import pgtest

    with pgtest.fresh_database() as url:
        yield url


@pytest.fixture(scope="session", autouse=True)
def empty_store(tmp_path_factory, backend_database):
    """Tests never read or write the developer's data/user/ store: each session gets its own."""

    path = tmp_path_factory.mktemp("briefmap-store")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BRIEFMAP_STORE", str(path))
        yield path
    assert_strict_json_store_files(tmp_path_factory.getbasetemp())
    if backend_database is not None:
        assert_database_snapshots_valid(backend_database)


def strict_json(text: str):
    """json.loads that refuses NaN, Infinity and -Infinity (which Python's json accepts and writes by default)."""
    import json

    def refuse(constant):
        raise ValueError(f"non-standard JSON constant {constant}")

    return json.loads(text, parse_constant=refuse)


def assert_strict_json_store_files(root: Path) -> None:
    """Session end: every snapshot file any test wrote into a store (current or superseded) is standard JSON."""
    from geo.lines.store import _NAME

    bad, checked = [], 0
    for p in root.rglob("*.geojson"):
        if not _NAME.match(p.name):
            continue
        checked += 1
        try:
            strict_json(p.read_text(encoding="utf-8"))
        except ValueError as exc:
            bad.append(f"{p}: {exc}")
    assert not bad, f"{len(bad)} of {checked} store file(s) are not standard JSON: " + "; ".join(bad[:3])


def assert_database_snapshots_valid(url: str) -> None:
    """Session end on the database backend: every snapshot the tests stored has standard-JSON metadata
    and valid geometry in SRID 4326 (the counterpart of the strict-JSON check of the store files)."""
    import psycopg

    with psycopg.connect(url, connect_timeout=5) as conn:
        if conn.execute("SELECT to_regclass('snapshots') IS NULL").fetchone()[0]:
            return
        rows = conn.execute("SELECT name, metadata::text, warnings::text FROM snapshots").fetchall()
        bad_geom = conn.execute(
            "SELECT count(*) FROM snapshot_features WHERE ST_SRID(geom) <> 4326 OR NOT ST_IsValid(geom)"
        ).fetchone()[0]
    bad = []
    for name, meta, warnings in rows:
        try:
            strict_json(meta), strict_json(warnings)
        except ValueError as exc:
            bad.append(f"{name}: {exc}")
    assert not bad and not bad_geom, (
        f"{len(bad)} of {len(rows)} stored snapshot(s) are not standard JSON, {bad_geom} bad geometries"
    )


@pytest.fixture(scope="session")
def ukraine():
    from geo.figures.stats import ukraine_geometry

    return ukraine_geometry()


@pytest.fixture(scope="session")
def units():
    from geo.core.geojson_io import read_layer
    from geo.core.paths import REGIONS

    gdf = read_layer(REGIONS / "ukraine-admin1.geojson")
    return dict(zip(gdf["id"], gdf.geometry))


@pytest.fixture(scope="session")
def layer():
    from geo.figures.stats import control_geometry

    return control_geometry


# Browser tests (marker `browser`): skipped, with the reason, where Debian's Chromium or Playwright
# is missing. `server` is a plain `streamlit run app.py` shared by the session; a module may override
# it (another store, another setting).
# Every page records and fails on any request that leaves localhost.
def pytest_collection_modifyitems(config, items):
    import os

    import pgtest

    from geo.briefing.headless import available

    why = available()
    no_pg = pgtest.server_url() is None and not os.environ.get("CI")
    # .ci/run runs the suite twice, BRIEFMAP_TEST_BACKEND=files then =postgres: the tests marked
    # `postgres` (they make their own databases, whatever the run's backend) run in the second only.
    files_run = os.environ.get("BRIEFMAP_TEST_BACKEND", "").strip() == "files"
    for item in items:
        if why and "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=why))
        if no_pg and "postgres" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=pgtest.missing_reason()))
        elif files_run and "postgres" in item.keywords:  # each makes its own database: the same test in either run
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: run once, by the BRIEFMAP_TEST_BACKEND=postgres run"))
        if backend() == "postgres" and "files_only" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="about the embedded file stores (BRIEFMAP_TEST_BACKEND=postgres)"))


@pytest.fixture(scope="session")
def server():
    """One warmed `streamlit run app.py` on the session's store, shared by every browser module that
    does not start its own (a module with a store of its own overrides `server`): each start costs
    the server's warm-up, so sharing it saves that per module."""
    from harness import streamlit_server

    with streamlit_server() as s:
        yield s


@pytest.fixture(scope="session")
def chromium_profile(tmp_path_factory):
    """The on-disk Chromium profile every browser module's `browser` uses in turn (harness.Profile)."""
    return str(tmp_path_factory.mktemp("chromium-profile"))


@pytest.fixture(scope="module")
def browser(chromium_profile):
    """Debian's Chromium for a module: a harness.Profile (one on-disk profile, the network refused)."""
    from harness import Profile
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = Profile(p, chromium_profile)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):
    from harness import close_page, guard

    external: list[str] = []
    pg = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    guard(pg, external)
    pg.external = external
    yield pg
    try:
        assert external == [], f"requests left localhost: {external}"
    finally:
        close_page(pg)


# The last-resort guard in geo.lines.ingest turns an unexpected error into one line; it must never be what
# handles a test's file. Every test fails if the guard fired during it (unless marked guard_expected).
@pytest.fixture(autouse=True)
def last_resort_guard_never_fires(request):
    from geo.lines import ingest

    before = ingest.GUARD_FIRED
    yield
    if "guard_expected" not in request.keywords:
        assert ingest.GUARD_FIRED == before, "the last-resort guard fired: an unexpected error reached geo.lines.ingest"
