"""Same date, same source: the newest import wins, earlier ones stay in the history and can be re-promoted."""

from __future__ import annotations

import json
import os
import time

import pytest
from importfiles import KHERSON_BOX, box, deepstate_like, write_json
from streamlit.testing.v1 import AppTest
from tests_paths import ROOT

from geo.lines import store, timeline
from geo.lines.ingest import import_one

APP = str(ROOT / "app.py")


def version(tmp_path, name: str, extra_box=None):
    obj = deepstate_like("2025")
    if extra_box:  # a "corrected" file: one more occupied box
        obj["features"].append({"type": "Feature", "properties": {"name": "Окуповано /// Occupied"}, "geometry": box(extra_box)})
    return write_json(tmp_path / name, obj)


def test_newest_import_wins_with_a_warning_and_history(tmp_path):
    st = tmp_path / "store"
    first = import_one(version(tmp_path, "a-2024-03-01.geojson"), store_path=st)
    assert first.ok and first.created and not any("replaces" in w for w in first.summary["warnings"])
    second = import_one(version(tmp_path, "b-2024-03-01.geojson", (33.5, 47.0, 34.0, 47.3)), store_path=st)
    assert second.ok and second.created
    assert (
        "replaces the earlier import of a-2024-03-01.geojson for 2024-03-01/deepstate (kept in history)"
        in second.summary["warnings"]
    )
    current = store.listing(st)
    assert [s.name for s in current] == [os.path.basename(second.stored)]
    assert store.dates(st) == ["2024-03-01"]
    assert store.for_date("2024-03-01", None, st).name == os.path.basename(second.stored)
    assert store.load(store.for_date("2024-03-01", "deepstate", st)).source_file == "b-2024-03-01.geojson"
    hist = store.history("2024-03-01", "deepstate", st)
    assert [h.metadata()["source_file"] for h in hist] == ["b-2024-03-01.geojson", "a-2024-03-01.geojson"]
    assert [h.superseded for h in hist] == [False, True]
    if store.backend() == "files":
        assert (st / store.SUPERSEDED / os.path.basename(first.stored)).exists()
    rows = timeline.series(st)
    assert [r["file"] for r in rows if r["source"] == "deepstate"] == [os.path.basename(second.stored)]


def test_same_file_again_is_a_no_op(tmp_path):
    st = tmp_path / "store"
    p = version(tmp_path, "a-2024-03-01.geojson")
    assert import_one(p, store_path=st).created
    again = import_one(p, store_path=st)
    assert again.ok and not again.created
    assert len(store.history("2024-03-01", "deepstate", st)) == 1
    assert not (st / store.SUPERSEDED).exists()
    # an earlier file already in the history: also a no-op (History re-promotes it)
    assert import_one(version(tmp_path, "b-2024-03-01.geojson", KHERSON_BOX), store_path=st).created
    again = import_one(p, store_path=st)
    assert again.ok and not again.created
    assert store.load(store.for_date("2024-03-01", None, st)).source_file == "b-2024-03-01.geojson"


def test_other_sources_and_dates_are_not_superseded(tmp_path):
    st = tmp_path / "store"
    assert import_one(version(tmp_path, "a-2024-03-01.geojson"), store_path=st).created
    assert import_one(version(tmp_path, "b-2024-03-01.geojson", KHERSON_BOX), source="isw", store_path=st).created
    assert import_one(version(tmp_path, "c-2024-03-02.geojson", KHERSON_BOX), store_path=st).created
    assert len(store.listing(st)) == 3
    assert not (st / store.SUPERSEDED).exists()


def test_promote_reverts(tmp_path):
    st = tmp_path / "store"
    a = import_one(version(tmp_path, "a-2024-03-01.geojson"), store_path=st)
    b = import_one(version(tmp_path, "b-2024-03-01.geojson", (33.5, 47.0, 34.0, 47.3)), store_path=st)
    held_b = store.history("2024-03-01", "deepstate", st)[0].metadata()["figures"]["held_km2"]
    old = store.history("2024-03-01", "deepstate", st)[1]
    promoted = store.promote(old, st)
    assert not promoted.superseded
    hist = store.history("2024-03-01", "deepstate", st)
    assert [h.metadata()["source_file"] for h in hist] == ["a-2024-03-01.geojson", "b-2024-03-01.geojson"]
    assert store.for_date("2024-03-01", None, st).name == os.path.basename(a.stored)
    assert hist[0].metadata()["figures"]["held_km2"] < held_b
    assert [s.name for s in store.listing(st)] == [os.path.basename(a.stored)]
    assert hist[1].name == os.path.basename(b.stored) and hist[1].superseded
    if store.backend() == "files":
        assert hist[1].path == st / store.SUPERSEDED / os.path.basename(b.stored)


@pytest.mark.files_only  # edits snapshot files by hand (database: tests/test_store_pg.py, one current row per date and source)
def test_newest_by_imported_at_then_mtime(tmp_path):
    st = tmp_path / "store"
    a = import_one(version(tmp_path, "a-2024-03-01.geojson"), store_path=st)
    b = import_one(version(tmp_path, "b-2024-03-01.geojson", KHERSON_BOX), store_path=st)
    older = st / store.SUPERSEDED / os.path.basename(a.stored)
    os.replace(older, st / older.name)  # both current again, as after a crash
    for path, stamp in (
        (st / older.name, "2030-01-01T00:00:00+00:00"),
        (st / os.path.basename(b.stored), "2024-01-01T00:00:00+00:00"),
    ):
        obj = json.loads(path.read_text(encoding="utf-8"))
        obj["metadata"]["imported_at"] = stamp
        path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    assert store.for_date("2024-03-01", None, st).name == older.name  # imported_at decides, not the hash order
    obj = json.loads((st / older.name).read_text(encoding="utf-8"))
    obj["metadata"]["imported_at"] = "2024-01-01T00:00:00+00:00"  # a tie: the later-written file wins
    (st / older.name).write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    later = time.time_ns() + 10**10
    os.utime(st / os.path.basename(b.stored), ns=(later, later))
    assert store.for_date("2024-03-01", None, st).name == os.path.basename(b.stored)


@pytest.fixture()
def two_versions(empty_store, tmp_path):
    a = import_one(version(tmp_path, "first-2024-03-01.geojson"))
    b = import_one(version(tmp_path, "second-2024-03-01.geojson", (33.5, 47.0, 34.0, 47.3)))
    assert a.created and b.created
    yield a, b
    for item in store.history("2024-03-01", "deepstate"):
        store.remove(item)


def test_lines_page_history_lists_and_reverts(two_versions):
    a, b = two_versions
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("pages/lines.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = next(df.value for df in at.dataframe if "sha" in df.value.columns)
    assert list(table["file"]) == ["second-2024-03-01.geojson", "first-2024-03-01.geojson"]
    assert list(table["current"]) == ["yes", ""]
    assert table["held km²"].iloc[0] > table["held km²"].iloc[1] > 0
    assert set(table["sha"]) == {os.path.basename(a.stored).split("__")[2][:12], os.path.basename(b.stored).split("__")[2][:12]}
    at.button(key="history_promote").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.load(store.for_date("2024-03-01")).source_file == "first-2024-03-01.geojson"
    table = next(df.value for df in at.dataframe if "sha" in df.value.columns)
    assert list(table["file"]) == ["first-2024-03-01.geojson", "second-2024-03-01.geojson"]
