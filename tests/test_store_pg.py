"""The snapshot store's database backend (geo.lines.store_pg) against the file backend: the same
snapshot round-trips to the same areas, features and metadata on both; idempotent re-import, newest
wins with history, promote and remove; concurrent imports from threads and from processes; a write
by one process seen by another's DatedLines without a restart; hostile names and SQL stored as
text; the database counterparts of the tests that are about files themselves."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import shapely
from importfiles import KHERSON_BOX, MELITOPOL_BOX, box, deepstate_like, fc, feat, write_json
from tests_paths import ROOT

from geo.lines import store
from geo.lines.ingest import import_one

pytestmark = pytest.mark.postgres

DATE = "2024-03-01"


def on_files(monkeypatch) -> None:
    monkeypatch.delenv("BRIEFMAP_DATABASE_URL", raising=False)


def on_database(monkeypatch, url: str) -> None:
    monkeypatch.setenv("BRIEFMAP_DATABASE_URL", url)


@pytest.fixture(params=["files", "postgres"])
def backend(request, monkeypatch, tmp_path):
    """(backend name, store argument): each test below runs on both backends."""
    if request.param == "postgres":
        on_database(monkeypatch, request.getfixturevalue("pg_url"))
    else:
        on_files(monkeypatch)
    assert store.backend() == request.param
    return request.param, tmp_path / "store"


def sql(url: str, query: str, params: tuple = ()) -> list[tuple]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(query, params).fetchall()


def version(tmp_path: Path, name: str, extra_box=None) -> Path:
    obj = deepstate_like("2025")
    if extra_box:
        obj["features"].append({"type": "Feature", "properties": {"name": "Окуповано /// Occupied"}, "geometry": box(extra_box)})
    return write_json(tmp_path / name, obj)


def cli_import(url: str, path: Path, st: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "BRIEFMAP_DATABASE_URL": url}
    return subprocess.Popen(
        [sys.executable, "-m", "geo", "import", str(path), "--store", str(st), "--json", *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# --- the same snapshot on both backends ------------------------------------------------------------


def test_a_snapshot_round_trips_identically_on_both_backends(pg_url, monkeypatch, tmp_path):
    path = version(tmp_path, f"a-{DATE}.geojson", KHERSON_BOX)
    loaded = {}
    for name in ("files", "postgres"):
        if name == "postgres":
            on_database(monkeypatch, pg_url)
        else:
            on_files(monkeypatch)
        r = import_one(path, store_path=tmp_path / "store")
        assert r.ok and r.created, r.error
        item = store.for_date(DATE, None, tmp_path / "store")
        assert item.name == os.path.basename(r.stored) == f"{DATE}__deepstate__{item.sha12}.geojson"
        loaded[name] = (item, store.load(item), item.metadata())
    (fi, fs, fm), (pi, ps, pm) = loaded["files"], loaded["postgres"]
    assert fi.path is not None and fi.ref is None and pi.path is None and pi.ref is not None
    assert fi.name == pi.name and fi == store.Stored(fi.date, fi.source, fi.sha12, fi.path)
    assert ps.figures() == fs.figures() and ps.figures()["held_km2"] > 1000
    assert len(ps.points) == len(fs.points) == 1
    assert [(k, n, p.wkb) for k, n, p in ps.points] == [(k, n, p.wkb) for k, n, p in fs.points]
    for cls in ("held", "unknown", "liberated"):
        assert shapely.to_wkb(ps.geometry(cls)) == shapely.to_wkb(fs.geometry(cls)), cls  # the same coordinates, bit for bit
    strip = lambda m: {k: v for k, v in m.items() if k != "imported_at"}  # noqa: E731  (the two imports ran at different times)
    assert strip(pm) == strip(fm) and strip(ps.metadata()) == strip(fs.metadata())
    assert (ps.features_used, ps.features_ignored, ps.ignored, ps.warnings) == (
        fs.features_used,
        fs.features_ignored,
        fs.ignored,
        fs.warnings,
    )
    assert ps.to_geojson().replace(ps.imported_at, "T") == fs.to_geojson().replace(fs.imported_at, "T")
    # PostGIS holds it: SRID 4326, valid, one row per feature, the metadata columns filled
    rows = sql(pg_url, "SELECT class, ST_SRID(geom), ST_IsValid(geom) FROM snapshot_features ORDER BY ord")
    assert [r[0] for r in rows] == ["held", "unknown", "liberated", "point"]
    assert all(r[1] == 4326 and r[2] for r in rows)
    (row,) = sql(
        pg_url,
        "SELECT store, date::text, source, sha256, sha12, name, source_file, importer_version, mapping, warnings, current"
        " FROM snapshots",
    )
    assert row == (
        str((tmp_path / "store").absolute()),
        DATE,
        "deepstate",
        ps.source_sha256,
        ps.source_sha256[:12],
        pi.name,
        f"a-{DATE}.geojson",
        ps.importer_version,
        ps.mapping,
        ps.warnings,
        True,
    )


def test_newest_wins_history_promote_and_remove_on_both_backends(backend, tmp_path):
    name, st = backend
    assert store.revision(st) == "absent" and store.listing(st) == [] and store.dates(st) == []
    a = import_one(version(tmp_path, f"a-{DATE}.geojson"), store_path=st)
    r1 = store.revision(st)
    again = import_one(version(tmp_path, f"a-{DATE}.geojson"), store_path=st)
    assert a.created and again.ok and not again.created and again.stored == a.stored and store.revision(st) == r1
    b = import_one(version(tmp_path, f"b-{DATE}.geojson", KHERSON_BOX), store_path=st)
    assert (
        b.created
        and f"replaces the earlier import of a-{DATE}.geojson for {DATE}/deepstate (kept in history)" in (b.summary["warnings"])
    )
    r2 = store.revision(st)
    assert r2 != r1
    hist = store.history(DATE, "deepstate", st)
    assert [h.name for h in hist] == [os.path.basename(b.stored), os.path.basename(a.stored)]
    assert [h.superseded for h in hist] == [False, True]
    assert [s.name for s in store.listing(st)] == [os.path.basename(b.stored)]
    assert store.find(DATE, "x" * 64, st) is None
    assert store.find(DATE, hist[1].sha12 + "0" * 52, st) == hist[1]
    # the same file as the one in the history: a no-op, it stays in the history
    assert not import_one(version(tmp_path, f"a-{DATE}.geojson"), store_path=st).created
    assert store.for_date(DATE, None, st).name == os.path.basename(b.stored)
    promoted = store.promote(hist[1], st)
    assert not promoted.superseded and promoted.name == hist[1].name
    assert store.revision(st) != r2
    assert [h.metadata()["source_file"] for h in store.history(DATE, "deepstate", st)] == [
        f"a-{DATE}.geojson",
        f"b-{DATE}.geojson",
    ]
    assert store.load(store.for_date(DATE, "deepstate", st)).source_file == f"a-{DATE}.geojson"
    other = import_one(version(tmp_path, f"c-{DATE}.geojson", MELITOPOL_BOX), source="isw", store_path=st)
    assert other.created and not any("replaces" in w for w in other.summary["warnings"])
    assert [s.source for s in store.listing(st)] == ["deepstate", "isw"]
    assert store.for_date(DATE, None, st).source == "deepstate" and store.for_date(DATE, "ISW", st).source == "isw"
    for item in store.history(DATE, "deepstate", st):
        store.remove(item)
    assert [s.source for s in store.listing(st)] == ["isw"] and store.history(DATE, "deepstate", st) == []


def test_stores_are_separate_namespaces(backend, tmp_path):
    _, st = backend
    assert import_one(version(tmp_path, f"a-{DATE}.geojson"), store_path=st).created
    assert store.listing(tmp_path / "other") == [] and store.revision(tmp_path / "other") == "absent"
    assert import_one(version(tmp_path, f"a-{DATE}.geojson"), store_path=tmp_path / "other").created  # not the same store


def test_the_default_folder_is_the_default_namespace(pg_url, monkeypatch, tmp_path):
    """A deployment without BRIEFMAP_STORE shares "default" on every server, however the folder is named."""
    from geo.db.settings import namespace

    monkeypatch.delenv("BRIEFMAP_STORE", raising=False)
    assert namespace(None) == namespace(store.DEFAULT_STORE) == namespace(str(store.DEFAULT_STORE) + "/.") == "default"
    assert namespace("/srv/other") == "/srv/other"
    on_database(monkeypatch, pg_url)  # the CLI passes None, DatedLines the folder: the same rows
    from geo.figures.dated import DatedLines

    assert import_one(version(tmp_path, f"x-{DATE}.geojson"), store_path=None).created
    assert store.revision(None) == store.revision(store.DEFAULT_STORE) != "absent"
    assert DATE in DatedLines.for_store().dates() and store.listing(store.DEFAULT_STORE) == store.listing(None)


# --- the database counterparts of the tests about files themselves -------------------------------


def test_one_current_row_per_date_and_source(pg_url, monkeypatch, tmp_path):
    """The database counterpart of 'two current files after a crash': the schema refuses a second current row."""
    import psycopg

    on_database(monkeypatch, pg_url)
    st = tmp_path / "store"
    import_one(version(tmp_path, f"a-{DATE}.geojson"), store_path=st)
    import_one(version(tmp_path, f"b-{DATE}.geojson", KHERSON_BOX), store_path=st)
    with pytest.raises(psycopg.errors.UniqueViolation):
        sql(pg_url, "UPDATE snapshots SET current = true")
    with pytest.raises(psycopg.errors.UniqueViolation):  # the same file for the same date in one store: once
        sql(
            pg_url,
            "INSERT INTO snapshots (store, date, source, sha256, sha12, name, source_file, format, imported_at, current,"
            " importer_version, mapping, warnings, metadata) SELECT store, date, 'isw', sha256, sha12, name, source_file,"
            " format, imported_at, false, importer_version, mapping, warnings, metadata FROM snapshots LIMIT 1",
        )
    assert [r[0] for r in sql(pg_url, "SELECT count(*) FROM snapshots WHERE current")] == [1]


def test_removing_a_snapshot_removes_its_features(pg_url, monkeypatch, tmp_path):
    on_database(monkeypatch, pg_url)
    st = tmp_path / "store"
    import_one(version(tmp_path, f"a-{DATE}.geojson"), store_path=st)
    assert sql(pg_url, "SELECT count(*) FROM snapshot_features") == [(4,)]
    store.remove(store.for_date(DATE, None, st))
    assert sql(pg_url, "SELECT count(*) FROM snapshots") == [(0,)]
    assert sql(pg_url, "SELECT count(*) FROM snapshot_features") == [(0,)]
    store.remove(store.Stored(DATE, "deepstate", "0" * 12, None, store.DbRef("x", str(st), 10**9)))  # gone already: a no-op


def test_a_write_by_another_server_changes_the_revision(pg_url, monkeypatch, tmp_path):
    """The counterpart of 'a file dropped in by hand': another process writes; this one sees it at the next read."""
    on_database(monkeypatch, pg_url)
    st = tmp_path / "store"
    before = store.revision(st)
    p = cli_import(pg_url, version(tmp_path, f"a-{DATE}.geojson"), st)
    out, err = p.communicate(timeout=300)
    assert p.returncode == 0, err
    assert store.revision(st) != before and store.dates(st) == [DATE]
    assert sql(pg_url, "SELECT revision FROM store_revisions WHERE store = %s AND kind = 'snapshots'", (str(st),)) == [(1,)]


def test_a_write_that_fails_midway_leaves_nothing_behind(pg_url, monkeypatch, tmp_path):
    """The counterpart of 'a killed import leaves a hidden .tmp, swept later': one transaction, rolled back."""
    from geo.lines import store_pg

    on_database(monkeypatch, pg_url)
    st = tmp_path / "store"
    first = import_one(version(tmp_path, f"a-{DATE}.geojson"), store_path=st)
    rev = store.revision(st)

    def dies(conn, ns):
        raise KeyboardInterrupt  # the process is stopped after the rows went in, before the commit

    monkeypatch.setattr(store_pg, "_bump", dies)
    with pytest.raises(KeyboardInterrupt):
        import_one(version(tmp_path, f"b-{DATE}.geojson", KHERSON_BOX), store_path=st)
    monkeypatch.undo()
    on_database(monkeypatch, pg_url)
    assert store.revision(st) == rev and [s.name for s in store.history(DATE, "deepstate", st)] == [
        os.path.basename(first.stored)
    ]
    assert sql(pg_url, "SELECT count(*), count(*) FILTER (WHERE current) FROM snapshots") == [(1, 1)]
    assert sql(pg_url, "SELECT count(*) FROM snapshot_features") == [(4,)]


def test_schema_has_the_snapshot_migration(pg_url):
    from geo.db import schema

    st = schema.status(pg_url)
    assert st.up_to_date and 2 in [v for v, *_ in st.applied]
    assert sql(pg_url, "SELECT to_regclass('snapshots') IS NOT NULL, to_regclass('snapshot_features') IS NOT NULL") == [
        (True, True)
    ]


# --- concurrency ----------------------------------------------------------------------------------


def _threads(n: int, target) -> list:
    results: list = [None] * n
    barrier = threading.Barrier(n)

    def run(i):
        barrier.wait()
        results[i] = target(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return results


def test_threads_importing_the_same_file_leave_one_snapshot(pg_url, monkeypatch, tmp_path):
    on_database(monkeypatch, pg_url)
    st, path = tmp_path / "store", version(tmp_path, f"a-{DATE}.geojson")
    results = _threads(4, lambda i: import_one(path, store_path=st))
    assert all(r.ok for r in results), [r.error for r in results]
    assert sum(r.created for r in results) == 1 and len({r.stored for r in results}) == 1
    assert sql(pg_url, "SELECT count(*) FROM snapshots") == [(1,)]
    assert sql(pg_url, "SELECT count(*) FROM snapshot_features") == [(4,)]
    assert not any("replaces" in w for r in results for w in r.summary["warnings"])


def test_threads_importing_two_files_leave_one_current_and_one_in_history(pg_url, monkeypatch, tmp_path):
    on_database(monkeypatch, pg_url)
    st = tmp_path / "store"
    paths = [version(tmp_path, f"a-{DATE}.geojson"), version(tmp_path, f"b-{DATE}.geojson", KHERSON_BOX)]
    results = _threads(2, lambda i: import_one(paths[i], store_path=st))
    assert all(r.ok and r.created for r in results), [r.error for r in results]
    assert sum(any("replaces the earlier import" in w for w in r.summary["warnings"]) for r in results) == 1
    hist = store.history(DATE, "deepstate", st)
    assert [h.superseded for h in hist] == [False, True] and len(store.listing(st)) == 1
    assert sql(pg_url, "SELECT count(*), count(*) FILTER (WHERE current) FROM snapshots") == [(2, 1)]


def test_two_processes_importing_the_same_file_leave_one_snapshot(pg_url, monkeypatch, tmp_path):
    on_database(monkeypatch, pg_url)
    st, path = tmp_path / "store", version(tmp_path, f"a-{DATE}.geojson")
    procs = [cli_import(pg_url, path, st) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e for _, e in outs]
    rows = [json.loads(o) for o, _ in outs]
    assert sorted(r["already_imported"] for r in rows) == [False, True]
    assert rows[0]["stored"] == rows[1]["stored"] == store.listing(st)[0].name
    assert sql(pg_url, "SELECT count(*) FROM snapshots") == [(1,)]
    assert sql(pg_url, "SELECT count(*) FROM snapshot_features") == [(4,)]


def test_two_processes_importing_two_files_leave_one_current_and_one_in_history(pg_url, monkeypatch, tmp_path):
    on_database(monkeypatch, pg_url)
    st = tmp_path / "store"
    paths = [version(tmp_path, f"a-{DATE}.geojson"), version(tmp_path, f"b-{DATE}.geojson", KHERSON_BOX)]
    procs = [cli_import(pg_url, p, st) for p in paths]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e for _, e in outs]
    rows = [json.loads(o) for o, _ in outs]
    assert not any(r["already_imported"] for r in rows)
    assert sum(any("replaces the earlier import" in w for w in r["warnings"]) for r in rows) == 1
    assert [h.superseded for h in store.history(DATE, "deepstate", st)] == [False, True]
    assert sql(pg_url, "SELECT count(*), count(*) FILTER (WHERE current) FROM snapshots") == [(2, 1)]


# --- another server's import appears without a restart -------------------------------------------


def test_an_import_by_another_process_reaches_dated_lines_without_restart(pg_url, monkeypatch, tmp_path):
    from geo.figures.dated import DatedLines

    on_database(monkeypatch, pg_url)
    st = tmp_path / "store"
    svc = DatedLines.for_store(st)
    assert "2024-06-02" not in svc.dates()
    rev = svc.revision
    p = cli_import(pg_url, version(tmp_path, "a-2024-06-02.geojson"), st)
    _, err = p.communicate(timeout=300)
    assert p.returncode == 0, err
    assert svc.revision != rev
    assert "2024-06-02" in svc.dates() and svc.lines_at("2024-06-02").kind == "imported"
    assert svc.lines_at("2024-06-02").ref == store.for_date("2024-06-02", None, st).name


# --- hostile input ----------------------------------------------------------------------------------

HOSTILE = [
    "'; DROP TABLE snapshots; --",
    'Robert"); DROP TABLE snapshot_features;--',
    "$$ SELECT 1 $$ $tag$ x $tag$",
    "back\\slash \\' \\\\ \\x00 %s %(name)s {0} {}",
    "Ünïcödé — Київ · 東京 · مرحبا · 🙂 · e\u0301 · \u202eevil\u202c",
    "<script>alert('x')</script> & \"quotes\" 'single'",
]


def test_hostile_names_and_sql_round_trip_exactly(backend, tmp_path):
    from geo.data.layers import ukraine_geometry
    from geo.lines.classify import Mapping
    from geo.lines.importer import ImportRequest, run

    name, st = backend
    obj = fc(
        [
            feat("x", box(MELITOPOL_BOX), control=HOSTILE[0]),
            feat("y", box(KHERSON_BOX), control=HOSTILE[2]),
            *[feat(h, {"type": "Point", "coordinates": [35.5, 47.3]}, control="other") for h in HOSTILE],
        ]
    )
    path = write_json(tmp_path / "hostile.geojson", obj)
    mapping = Mapping("control", held=(HOSTILE[0],), liberated=(HOSTILE[2],))
    for i, hostile in enumerate(HOSTILE):
        snap, _ = run(
            ImportRequest(path, "geojson", f"2024-04-{i + 1:02d}", hostile, mapping, hostile + ".geojson"), ukraine_geometry()
        )
        snap.warnings.extend(HOSTILE)
        item, created = store.put(snap, st)
        assert created
        back = store.load(store.for_date(snap.date, hostile, st))
        assert back.source == hostile and back.source_file == hostile + ".geojson"
        assert back.mapping == snap.mapping and HOSTILE[0] in back.mapping and HOSTILE[2] in back.mapping
        assert back.warnings == snap.warnings and back.warnings[-len(HOSTILE) :] == HOSTILE
        assert item.metadata()["source"] == hostile and item.metadata()["warnings"] == snap.warnings
        assert [n for _, n, _ in back.points if n in HOSTILE] == [n for _, n, _ in snap.points if n in HOSTILE]
        assert back.figures() == snap.figures() and back.figures()["held_km2"] > 1000
        assert store.history(snap.date, hostile, st)[0].name == item.name
    assert len(store.listing(st)) == len(HOSTILE)
    if name == "postgres":
        url = os.environ["BRIEFMAP_DATABASE_URL"]
        tables = sql(url, "SELECT to_regclass('snapshots') IS NOT NULL, to_regclass('snapshot_features') IS NOT NULL")
        assert tables == [(True, True)]
        assert sql(url, "SELECT count(*) FROM snapshots") == [(len(HOSTILE),)]
        assert sorted(r[0] for r in sql(url, "SELECT source_file FROM snapshots")) == sorted(h + ".geojson" for h in HOSTILE)


def test_a_nul_in_a_name_is_stored_as_a_replacement_character(pg_url, monkeypatch, tmp_path):
    """PostgreSQL text cannot hold NUL: the one character the database backend does not keep verbatim."""
    on_database(monkeypatch, pg_url)
    path = write_json(tmp_path / f"n-{DATE}.geojson", deepstate_like())
    r = import_one(path, store_path=tmp_path / "store", display_name=f"nul\x00name-{DATE}.geojson")
    assert r.ok and r.created, r.error
    assert store.load(store.for_date(DATE, None, tmp_path / "store")).source_file == f"nul\ufffdname-{DATE}.geojson"


# --- a database that is not there -----------------------------------------------------------------


def test_an_unreachable_database_is_one_masked_line(monkeypatch, tmp_path):
    from geo.db.connect import DatabaseUnavailable, close_all

    url = "postgresql://briefmap:s3cret-pw@127.0.0.1:1/briefmap"
    monkeypatch.setenv("BRIEFMAP_DATABASE_URL", url)
    try:
        for call in (
            lambda: store.listing(tmp_path),
            lambda: store.revision(tmp_path),
            lambda: import_one(version(tmp_path, f"a-{DATE}.geojson"), store_path=tmp_path / "store"),
        ):
            with pytest.raises(DatabaseUnavailable) as info:
                call()
            text = str(info.value)
            assert "s3cret" not in text and "***" in text and "\n" not in text
    finally:
        close_all()
