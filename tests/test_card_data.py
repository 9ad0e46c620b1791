"""The map card's data (``webmap.publish_arguments``): the panel's quotes, summary label and names for
every place, published once as a small content-hashed JSON file; strings stay strings (the card sets
them as text: tests/test_browser_instant.py checks that in a browser)."""

from __future__ import annotations

import json
import re

from geo.data import arguments, gazetteer
from geo.figures import facts
from geo.web import templates, webmap
from geo.web.offline import ASSETS, STATIC, STATIC_URL

HOSTILE = '<img src=x onerror="alert(1)"></script><script>alert(2)</script>'


def _panel_quotes(html: str) -> list[str]:
    return re.findall(r'<div class="bm-quote">.*?</div>', html, flags=re.S)


def test_for_every_place_the_card_has_the_panels_name_quotes_and_summary():
    import ui.render

    data = webmap.arguments_data()
    assert set(data["places"]) == set(gazetteer.load().places)
    assert data["summary_label"] == arguments.SUMMARY_LABEL
    for pid, entry in data["places"].items():
        panel = facts.panel(pid)
        assert entry["name"] == panel.name and entry["kind"] == panel.kind
        card = templates.render(
            "quote.html", quotes=[arguments.Quote(q["paragraph"], q["text"]) for q in entry.get("quotes", [])]
        )
        head = ui.render.panel_head_html(panel)
        assert _panel_quotes(card) == _panel_quotes(head), pid
        assert [q["number"] for q in entry.get("quotes", [])] == [
            q.number for q in (panel.argument.quotes if panel.argument else ())
        ]
        if panel.argument:
            assert entry["summary"] == panel.argument.summary and entry["quotes"]
        else:
            assert "summary" not in entry and "quotes" not in entry


def test_published_once_content_hashed_and_small():
    url = webmap.publish_arguments()
    assert re.fullmatch(rf"{STATIC_URL}/arguments/arguments\.[0-9a-f]{{10}}\.json", url)
    path = STATIC / url.removeprefix(STATIC_URL + "/")
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == webmap.arguments_data()
    assert len(text.encode("utf-8")) < 30_000
    assert [p.name for p in path.parent.glob("arguments.*.json")] == [path.name]  # earlier builds' files removed


def test_publishing_the_seeds_card_leaves_the_essays_cards_alone():
    from geo.essays import model
    from geo.web import essay_map

    e = model.Essay("card-test-2024-01-01", "T", "2024-01-01", "", "x.txt", "0", (), (), ())
    url = essay_map.publish_card(e)
    path = STATIC / url.removeprefix(STATIC_URL + "/")
    webmap.publish_arguments()  # every seed map build does this
    assert path.exists()
    older = path.with_name("essay-card-test-2024-01-01.0000000000.json")  # this essay's card of an earlier review
    other = path.with_name("essay-card-test-2024-01-01-b.0000000000.json")  # another essay's
    older.write_text("{}", encoding="utf-8")
    other.write_text("{}", encoding="utf-8")
    assert essay_map.publish_card(e) == url
    assert path.exists() and not older.exists() and other.exists()
    path.unlink()
    other.unlink()


def test_hostile_text_stays_a_plain_string():
    amap = arguments.ArgumentMap(
        essay_id="x",
        themes=(),
        arguments={"melitopol": arguments.Argument("melitopol", HOSTILE, (), (), (arguments.Quote("p7", HOSTILE),))},
    )
    data = json.loads(json.dumps(webmap.arguments_data(amap), ensure_ascii=False))
    assert data["places"]["melitopol"]["summary"] == HOSTILE
    assert data["places"]["melitopol"]["quotes"] == [{"paragraph": "p7", "number": 7, "text": HOSTILE}]
    assert "quotes" not in data["places"]["kyiv"]


def test_the_card_code_never_parses_html():
    """briefmap.js builds the card from nodes: no innerHTML, outerHTML, insertAdjacentHTML or document.write in it."""
    js = (ASSETS / "briefmap.js").read_text(encoding="utf-8")
    start = js.index("// ---- The card:")
    end = js.index("// ---- Keyboard:")
    card = js[start:end]
    assert "textContent" in card
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "DOMParser", "createContextualFragment"):
        assert sink not in card, sink
