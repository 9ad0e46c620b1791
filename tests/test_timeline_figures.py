"""Timeline, freeze scenario, change since the essay, two-source disagreement, the stats CLI on the
store, and the opt-in online refresh against a local HTTP server serving the fixtures."""

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import shapely
from deepstate_reference import fixture
from importfiles import MELITOPOL_BOX, box, fc, feat, write_json
from tests_paths import ROOT

from geo.core.measure import area_km2
from geo.figures import change, disagreement, freeze
from geo.lines import store, timeline
from geo.lines.deepstate_api import fetch_and_import
from geo.lines.ingest import import_one
from geo.lines.untrusted import ImportFailure


@pytest.fixture(scope="module")
def filled_store(tmp_path_factory):
    s = tmp_path_factory.mktemp("store")
    for d in ("2023-01-15", "2025-08-03"):
        assert import_one(fixture(d), store_path=s).ok
    return s


def test_lines_at_prefers_imported_and_falls_back_to_authored(filled_store):
    assert timeline.available_dates(filled_store) == ["2022-11-17", "2023-01-15", "2025-08-03"]
    assert timeline.lines_at("2025-08-03", store_path=filled_store).kind == "imported"
    assert timeline.lines_at("2022-11-17", store_path=filled_store).kind == "authored"
    with pytest.raises(LookupError, match="imported dates"):
        timeline.lines_at("2024-01-01", store_path=filled_store)
    rows = timeline.series(filled_store)
    assert [(r["date"], r["source"]) for r in rows] == [
        ("2022-11-17", "authored"),
        ("2023-01-15", "deepstate"),
        ("2025-08-03", "deepstate"),
    ]
    assert all(r["held_km2"] > 100_000 for r in rows)


def test_freeze_figures_for_an_imported_date(filled_store):
    f = freeze.freeze("2025-08-03", store_path=filled_store)
    snap = store.load(store.for_date("2025-08-03", store=filled_store))
    assert f.figures.held_km2 == pytest.approx(area_km2(snap.held), rel=1e-6)
    assert 17 < f.figures.held_pct_of_ukraine < 21
    held_ids = {i for i, _ in f.places_held}
    assert {"zaporizhzhia-npp", "melitopol", "mariupol", "donetsk", "luhansk"} <= held_ids
    assert not held_ids & {"kyiv", "kherson", "zaporizhzhia", "dnipro"}
    assert 5_000_000 < f.people.low <= f.people.held <= f.people.high < 15_000_000
    j = f.as_json()
    assert j["source"]["kind"] == "imported" and j["source"]["source"] == "deepstate"
    assert 0 < j["liberated_share_of_seized_by_source"] < j["liberated_share_of_seized"]


def test_stats_cli_uses_the_store_and_says_so(filled_store):
    r = subprocess.run(
        [sys.executable, "-m", "geo", "stats", "--date", "2023-01-15", "--json", "--store", str(filled_store)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["source"]["kind"] == "imported" and d["source"]["file"].endswith(".geojson")
    assert d["held_km2"] == pytest.approx(106_896, rel=0.01)
    authored = subprocess.run(
        [sys.executable, "-m", "geo", "stats", "--date", "2022-11-17", "--json", "--store", str(filled_store)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(authored.stdout)["source"]["kind"] == "authored"


def test_change_since_the_essay(filled_store):
    c = change.compare("2022-11-17", "2025-08-03", store_path=filled_store)
    # like for like: no source has both dates, so DeepState 2023-01-15 -> 2025-08-03, never authored against DeepState
    assert c.comparison == change.NEAREST and c.same_source and (c.then.date, c.now.date) == ("2023-01-15", "2025-08-03")
    regions = {r[0]: r for r in c.by_region}
    assert regions["donetsk-oblast"][2] > 2_000  # Russia's 2023-2025 gains in Donetsk Oblast
    assert regions["donetsk-oblast"][2] == max(r[2] for r in c.by_region)
    assert (
        regions["zaporizhzhia-oblast"][3] < 100 and regions["kherson-oblast"][3] < 200
    )  # not the 887 / 721 km² of mixed sources
    statuses = {pid: (then, now) for pid, _, then, now in c.places}
    assert statuses["melitopol"] == ("held by Russia", "held by Russia")
    assert statuses["kyiv"] == ("not held by Russia", "not held by Russia")
    assert c.gained_km2 == pytest.approx(sum(r[2] for r in c.by_region), rel=0.02)


def test_two_sources_one_date(tmp_path, ukraine):
    a = write_json(tmp_path / "a-2023-03-03.geojson", fc([feat("Окуповано", box(MELITOPOL_BOX))] * 3))
    x0, y0, x1, y1 = MELITOPOL_BOX
    b = write_json(tmp_path / "b.geojson", fc([feat("x", box((x0, y0, x1 + 0.2, y1)), status="Russian-controlled")]))
    from geo.lines.classify import Mapping

    assert import_one(a, store_path=tmp_path / "s").ok
    assert import_one(
        b,
        date="2023-03-03",
        source="isw",
        mapping=Mapping(field="status", held=("Russian-controlled",)),
        store_path=tmp_path / "s",
    ).ok
    assert disagreement.dates_with_several_sources(tmp_path / "s") == ["2023-03-03"]
    assert disagreement.sources_on("2023-03-03", tmp_path / "s") == ["deepstate", "isw"]
    d = disagreement.disagreement("2023-03-03", "deepstate", "isw", tmp_path / "s")
    strip = shapely.box(x1, y0, x1 + 0.2, y1).intersection(ukraine)
    assert d.disputed_km2 == pytest.approx(area_km2(strip), rel=0.01)
    assert d.only_a.is_empty or area_km2(d.only_a) < 1


class _Api(BaseHTTPRequestHandler):
    entries = [{"id": 1673800000, "datetime": "2023-01-15T18:00:00Z"}, {"id": 1754200000, "datetime": "2025-08-03T20:00:00Z"}]
    files = {1673800000: "2023-01-15", 1754200000: "2025-08-03"}
    hits: list = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        _Api.hits.append(self.path)
        if self.path == "/api/history/public":
            body = json.dumps(self.entries).encode()
        elif self.path.startswith("/api/history/") and self.path.endswith("/geojson"):
            body = fixture(self.files[int(self.path.split("/")[3])]).read_bytes()
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def api():
    for date in _Api.files.values():
        fixture(date)  # skip here, with the reason, if a fixture is missing (not inside the server's thread)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Api)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    _Api.hits.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/history"
    server.shutdown()


def test_online_refresh_fetches_caches_and_imports(api, tmp_path):
    r, downloaded = fetch_and_import("2025-08-03", tmp_path, api)
    assert downloaded and r.ok and r.summary["date"] == "2025-08-03"
    assert r.summary["held_km2"] == pytest.approx(112_505, rel=0.01)
    n = len(_Api.hits)
    r2, downloaded2 = fetch_and_import("2025-08-03", tmp_path, api)
    assert not downloaded2 and len(_Api.hits) == n and not r2.created  # from the cache, and a no-op import
    with pytest.raises(ImportFailure, match="no snapshot dated 2024-01-01; nearest: 2023-01-15, 2025-08-03"):
        fetch_and_import("2024-01-01", tmp_path, api)


def test_online_refresh_unreachable_is_one_line(tmp_path):
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "fetch",
            "--date",
            "2025-08-03",
            "--store",
            str(tmp_path),
            "--api",
            "http://127.0.0.1:9/api/history",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2 and "cannot connect" in r.stderr and "Traceback" not in r.stderr
