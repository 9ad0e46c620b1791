"""The dated-lines service (geo.figures.dated.DatedLines) and the store's revision stamp.

The revision changes on every write (put, promote, remove) and on files added by hand, never on a
read; the folder is scanned once per revision; each store has its own service; results follow an
import and are not recomputed without one; and the service's figures are the plain functions'.
"""

from __future__ import annotations

import os
import shutil

import pytest
from importfiles import KHERSON_BOX, MARIUPOL_BOX, box, deepstate_like, write_json

from geo.figures import change, disagreement, freeze
from geo.figures.dated import DatedLines
from geo.lines import store, timeline
from geo.lines.ingest import import_one


def snapshot_file(tmp_path, name: str, extra_box=None):
    obj = deepstate_like("2025")
    if extra_box:  # one more occupied box: a different file with different figures
        obj["features"].append({"type": "Feature", "properties": {"name": "Окуповано /// Occupied"}, "geometry": box(extra_box)})
    return write_json(tmp_path / name, obj)


@pytest.fixture()
def scans(monkeypatch):
    """Every folder the file backend's _scan reads, in order (the database backend: every namespace
    whose rows are read, its one "scan" of current and history together)."""
    from geo.lines import store_files

    seen: list[str] = []
    if store.backend() == "postgres":
        from geo.lines import store_pg

        real_rows = store_pg._rows

        def counting_rows(conn, ns):
            seen.append(os.path.basename(ns))
            return real_rows(conn, ns)

        monkeypatch.setattr(store_pg, "_rows", counting_rows)
        return seen
    real = store_files._scan

    def counting(folder):
        seen.append(os.path.basename(folder))
        return real(folder)

    monkeypatch.setattr(store_files, "_scan", counting)
    return seen


def test_revision_changes_on_every_write_and_not_on_reads(tmp_path):
    st = tmp_path / "store"
    assert store.revision(st) == "absent"
    first = import_one(snapshot_file(tmp_path, "a-2024-03-01.geojson"), store_path=st)
    assert first.ok and first.created
    r1 = store.revision(st)
    assert r1 != "absent"
    svc = DatedLines.for_store(st)
    store.listing(st), store.dates(st), store.for_date("2024-03-01", None, st), store.history("2024-03-01", "deepstate", st)
    svc.dates(), svc.lines_at("2024-03-01"), svc.series(), svc.freeze("2024-03-01")
    assert store.revision(st) == svc.revision == r1  # reads write nothing

    again = import_one(snapshot_file(tmp_path, "a-2024-03-01.geojson"), store_path=st)
    assert again.ok and not again.created and store.revision(st) == r1  # a no-op import is no write

    second = import_one(snapshot_file(tmp_path, "b-2024-03-01.geojson", KHERSON_BOX), store_path=st)
    assert second.created
    r2 = store.revision(st)
    assert r2 != r1  # put (and the retirement of the earlier import)

    old = store.history("2024-03-01", "deepstate", st)[1]
    store.promote(old, st)
    r3 = store.revision(st)
    assert r3 not in (r1, r2)

    store.remove(store.history("2024-03-01", "deepstate", st)[1])  # a superseded one
    r4 = store.revision(st)
    assert r4 not in (r1, r2, r3)
    store.remove(store.listing(st)[0])
    assert store.revision(st) not in (r1, r2, r3, r4)
    assert store.listing(st) == []


@pytest.mark.files_only  # database: tests/test_store_pg.py, a write by another server changes the revision
def test_files_added_by_hand_change_the_revision(tmp_path):
    st, other = tmp_path / "store", tmp_path / "other"
    assert import_one(snapshot_file(tmp_path, "a-2024-03-01.geojson"), store_path=other).created
    st.mkdir()
    before = store.revision(st)
    assert store.listing(st) == []
    shutil.copy(store.listing(other)[0].path, st)  # dropped in by hand: no .revision rewrite
    assert store.revision(st) != before
    assert [s.date for s in store.listing(st)] == ["2024-03-01"]
    assert "2024-03-01" in DatedLines.for_store(st).dates()


def test_a_listing_is_scanned_once_per_revision(tmp_path, scans):
    st = tmp_path / "store"
    assert import_one(snapshot_file(tmp_path, "a-2024-03-01.geojson"), store_path=st).created
    scans.clear()
    for _ in range(3):
        store.listing(st), store.dates(st), store.for_date("2024-03-01", None, st), timeline.available_dates(st)
        store.history("2024-03-01", "deepstate", st)
    # the store once, its history once (one query for both in the database)
    assert scans == (["store", "superseded"] if store.backend() == "files" else ["store"])

    scans.clear()
    assert import_one(snapshot_file(tmp_path, "b-2024-03-02.geojson", KHERSON_BOX), store_path=st).created
    scans.clear()  # (put reads the disk itself, never a kept scan)
    for _ in range(3):
        assert store.dates(st) == ["2024-03-01", "2024-03-02"]
    assert scans == ["store"]


def test_a_second_store_is_independent_of_the_default_one(tmp_path, empty_store):
    a, b = tmp_path / "a", tmp_path / "b"
    assert import_one(snapshot_file(tmp_path, "a-2024-03-01.geojson"), store_path=a).created
    svc_a, svc_b, default = DatedLines.for_store(a), DatedLines.for_store(b), DatedLines.for_store()
    assert len({id(svc_a), id(svc_b), id(default)}) == 3
    assert DatedLines.for_store(str(a)) is svc_a and DatedLines.for_store(a / ".." / "a") is svc_a
    assert default is DatedLines.for_store(empty_store)
    assert "2024-03-01" in svc_a.dates() and "2024-03-01" not in svc_b.dates() and "2024-03-01" not in default.dates()
    rev_a, rev_default = svc_a.revision, default.revision
    assert import_one(snapshot_file(tmp_path, "c-2024-05-01.geojson", MARIUPOL_BOX), store_path=b).created
    assert svc_a.revision == rev_a and default.revision == rev_default
    assert "2024-05-01" in svc_b.dates() and "2024-05-01" not in svc_a.dates()
    assert svc_b.lines_at("2024-05-01").ref == store.listing(b)[0].name


def test_results_follow_an_import_and_are_kept_until_then(tmp_path, monkeypatch):
    st = tmp_path / "store"
    assert import_one(snapshot_file(tmp_path, "a-2024-03-01.geojson"), store_path=st).created
    svc = DatedLines.for_store(st)
    computed: list[str] = []
    real_freeze, real_series = freeze.freeze, timeline.series
    monkeypatch.setattr(freeze, "freeze", lambda *a: computed.append("freeze") or real_freeze(*a))
    monkeypatch.setattr(timeline, "series", lambda *a: computed.append("series") or real_series(*a))

    rows = svc.series()
    held_before = svc.freeze("2024-03-01").figures.held_km2
    assert [r["date"] for r in rows if r["source"] == "deepstate"] == ["2024-03-01"]
    for _ in range(3):
        assert svc.series() == rows and svc.freeze("2024-03-01").figures.held_km2 == held_before
    assert computed == ["series", "freeze"]  # kept: nothing was written

    new = import_one(snapshot_file(tmp_path, "b-2024-04-01.geojson", KHERSON_BOX), store_path=st)
    assert new.created
    rows = svc.series()
    assert [r["date"] for r in rows if r["source"] == "deepstate"] == ["2024-03-01", "2024-04-01"]
    assert "2024-04-01" in svc.dates()
    fr = svc.freeze("2024-04-01")
    assert fr.lines.ref == os.path.basename(new.stored)
    assert fr.figures.held_km2 == pytest.approx(new.summary["held_km2"], abs=0.1)
    assert fr.figures.held_km2 > held_before
    assert computed == ["series", "freeze", "series", "freeze"]


def test_change_and_disagreement_equal_the_plain_functions(tmp_path):
    st = tmp_path / "store"
    for name, src, extra in (
        ("a-2024-03-01.geojson", None, None),
        ("b-2024-06-01.geojson", None, KHERSON_BOX),
        ("c-2024-06-01.geojson", "isw", MARIUPOL_BOX),
    ):
        assert import_one(snapshot_file(tmp_path, name, extra), source=src, store_path=st).created
    svc = DatedLines.for_store(st)
    ch = svc.change("2024-03-01", "2024-06-01")
    assert ch.as_json() == change.compare("2024-03-01", "2024-06-01", st).as_json()
    assert ch.comparison == change.SAME and ch.gained_km2 > 0
    assert svc.change("2024-03-01", "2024-06-01") is ch  # kept
    d = svc.disagreement("2024-06-01", "deepstate", "isw")
    plain = disagreement.disagreement("2024-06-01", "deepstate", "isw", st)
    assert (d.disputed_km2, d.line_distance_median_km, d.line_distance_p90_km) == (
        plain.disputed_km2,
        plain.line_distance_median_km,
        plain.line_distance_p90_km,
    )
    assert d.disputed_km2 > 0
    assert svc.sources_on("2024-06-01") == disagreement.sources_on("2024-06-01", st) == ["deepstate", "isw"]
    assert svc.dates_with_several_sources() == ["2024-06-01"]
    with pytest.raises(ValueError):
        svc.change("2024-06-01", "2024-03-01")


def test_a_map_page_rerun_scans_the_store_at_most_once(empty_store, tmp_path, scans):
    """The Map page on an imported date (`?date=`): the store folder is listed at most once per run,
    and not at all when a rerun finds the store unchanged (13 to 21 times on a first run, and 3 on
    an unchanged rerun, when a signature built from the listing keyed the caches)."""
    from streamlit.testing.v1 import AppTest
    from tests_paths import ROOT

    made = import_one(snapshot_file(tmp_path, "a-2024-03-01.geojson"))
    assert made.created
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
        at.query_params["date"] = "2024-03-01"
        scans.clear()
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert "If the lines froze on 2024\\-03\\-01" in "\n".join(m.value for m in at.markdown)
        assert len(scans) <= 1, scans
        scans.clear()
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert scans == []
    finally:
        for item in store.history("2024-03-01", "deepstate"):
            store.remove(item)
