"""AppTest for the Lines page and for the map following an imported date (`?date=`)."""

from __future__ import annotations

import json

import pytest
from deepstate_reference import fixture
from streamlit.testing.v1 import AppTest
from tests_paths import ROOT

from geo.figures import change
from geo.lines import store
from geo.lines.ingest import import_one

APP = str(ROOT / "app.py")


@pytest.fixture()
def snapshots(empty_store):
    for d in ("2023-01-15", "2025-08-03"):
        assert import_one(fixture(d)).ok
    yield empty_store
    for item in store.listing():
        store.remove(item)


def run(params=None, page=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def body(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_lines_page_with_an_empty_store_shows_the_authored_date():
    at = run(page="pages/lines.py")
    assert "If the lines froze on" in body(at)
    assert at.selectbox(key="freeze_date").options == ["2022-11-17"]
    assert "110,760 km²" in body(at)


def test_lines_page_timeline_freeze_and_change(snapshots):
    at = run(page="pages/lines.py")
    assert at.selectbox(key="freeze_date").value == "2025-08-03"
    text = body(at)
    assert "112,752 km²" in text and "Zaporizhzhia Nuclear Power Plant" in text and "Melitopol" in text
    assert "2025-08-03__deepstate__" in text  # the figures cite the stored file
    assert "What changed since the essay" in text
    assert len(at.get("vega_lite_chart")) == 1  # the altair timeline
    at.selectbox(key="freeze_date").set_value("2023-01-15").run()
    assert "107,216 km²" in body(at)


def test_map_follows_a_date_in_the_link(snapshots):
    at = run({"date": "2025-08-03", "place": "melitopol"})
    assert at.select_slider(key="lines_date").value == "2025-08-03"
    assert at.get("button_group")[0].value == ["lines-held", "lines-unknown"]  # the pills; no dispute on this date
    assert "Held by Russia on 2025-08-03 (deepstate)" in body(at)  # the legend
    text = body(at)
    assert "Status on 3 Aug 2025 (deepstate)" in text and "held by Russia" in text
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    assert '"key":"lines-held"' in args["feature_group"] and "/app/static/dated/lines-held." in args["feature_group"]
    assert '"outline":["held-2022-11-17"]' in args["feature_group"]  # the essay's line stays as a dashed reference
    assert at.query_params["date"] == "2025-08-03"


def test_unknown_date_in_the_link_is_dropped_with_a_notice(snapshots):
    at = run({"date": "2031-01-01"})
    assert any("No lines for the date" in t.value for t in at.toast)
    assert "date" not in at.query_params


def test_import_errors_are_one_line_and_escaped(tmp_path):
    # the page shows what geo.lines.ingest returns; a hostile file name must come out as text
    from geo.lines.ingest import import_one as imp

    p = tmp_path / "<img src=x onerror=alert(1)>-2022-06-01.geojson"
    p.write_text("{broken", encoding="utf-8")
    r = imp(p)
    assert not r.ok and "not valid JSON" in r.error and "\n" not in r.error


def test_lines_page_change_is_like_for_like(snapshots):
    at = run(page="pages/lines.py")
    assert at.selectbox(key="change_from").value == "2022-11-17"  # the essay's date…
    assert at.selectbox(key="change_to").value == "2025-08-03"  # …to the latest
    # no source has both dates: the nearest same-source pair, said so, with gains and losses
    assert any("nearest same-source pair" in i.value.replace("\\", "") for i in at.info)  # md_text backslashes "-"
    assert not at.warning
    text = body(at)
    gains = f"Russian gains **{change.compare('2023-01-15', '2025-08-03').gained_km2:,.0f} km²**"  # the one function
    assert gains in text and "deepstate 2023\\-01\\-15, file 2023\\-01\\-15\\_\\_deepstate" in text
    at.selectbox(key="change_from").set_value("2023-01-15").run()
    assert not at.info and not at.warning
    assert gains in body(at)


@pytest.fixture()
def one_snapshot(empty_store):
    assert import_one(fixture("2025-08-03")).ok
    yield empty_store
    for item in store.listing():
        store.remove(item)


def test_lines_page_between_sources_is_never_gains(one_snapshot):
    at = run(page="pages/lines.py")
    assert len(at.warning) == 1 and "Not like for like" in at.warning[0].value
    text = body(at)
    assert "Differences between sources (not gains or losses)" in text and "Russian gains" not in text


def test_map_change_layers_and_panel_between_sources(one_snapshot):
    from geo.web import webdated

    titles = {d["key"]: (d["title"], d["short"]) for d in webdated.dated_layers("2025-08-03")}
    assert titles["change-gained"][0].startswith("Differences between sources") and titles["change-gained"][1] == "Only deepstate"
    assert titles["change-lost"][0].startswith("Differences between sources") and titles["change-lost"][1] == "Only authored"
    at = run({"date": "2025-08-03", "place": "melitopol"})
    text = body(at)
    assert "Change since the essay" in text and "held by Russia on 2022-11-17 (authored) → held by Russia on 2025-08-03" in text
    assert "two different sources" in text and "held-2022-11-17.geojson; 2025-08-03__deepstate__" in text


def test_map_change_layers_and_panel_like_for_like(snapshots):
    from geo.web import webdated

    titles = {d["key"]: d["title"] for d in webdated.dated_layers("2025-08-03")}
    assert titles["change-gained"] == "Russian gains, 2023-01-15 → 2025-08-03 (deepstate; nearest same-source pair)"
    assert titles["change-lost"] == "Lost by Russia, 2023-01-15 → 2025-08-03 (deepstate; nearest same-source pair)"
    at = run({"date": "2025-08-03", "place": "melitopol"})
    text = body(at)
    assert "held by Russia on 2023-01-15 (deepstate) → held by Russia on 2025-08-03 (deepstate)" in text
    assert "2023-01-15__deepstate__208a37092790.geojson; 2025-08-03__deepstate__b3afdad68805.geojson" in text
