"""geo.web.essay_review_view: the review step's HTML escapes everything from the essay, marks the names,
colours the markers by status and keeps folium's tooltip literal closed."""

from __future__ import annotations

import folium

from geo.essays import model, review
from geo.web import essay_review_view as view

EVIL = "<b>Kyiv</b><script>alert(1)</script>"


def evil_essay() -> model.Essay:
    sentence = f"Shelling hit {EVIL} and `${{x}}` again."
    at = sentence.index(EVIL)
    m = model.Mention("p2", sentence, EVIL, at, at + len(EVIL))
    kyiv = model.FoundPlace("kyiv", EVIL, "city", 50.45, 30.52, "<i>src</i>", 0.5, (m,), why="<img src=x onerror=alert(1)>")
    melitopol = model.FoundPlace(
        "melitopol",
        "Melitopol",
        "city",
        46.85,
        35.38,
        "gazetteer",
        1.0,
        (model.Mention("p1", "Melitopol held.", "Melitopol", 0, 9),),
        alternatives=(model.Candidate("zaporizhzhia-oblast", "Zaporizhzhia Oblast", "region", 47.5, 35.5, "gazetteer"),),
    )
    paragraphs = (model.Paragraph("p1", "Melitopol held."), model.Paragraph("p2", sentence))
    return model.Essay(
        "evil-2024-01-01",
        EVIL,
        "2024-01-01",
        "",
        "x.txt",
        "",
        paragraphs,
        (kyiv, melitopol),
        (model.Unresolved(EVIL, "p2", sentence),),
    )


def test_place_html_escapes_everything_and_marks_the_name():
    e = review.decide(evil_essay(), "kyiv", "accepted", summary="<u>mine</u> & ours")
    html = view.place_html(e, e.places[0])
    assert "<script" not in html and "<b>" not in html and "<img" not in html and "<u>" not in html
    assert '<mark class="bm-rv-name">&lt;b&gt;Kyiv&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;</mark>' in html
    assert "Your summary (typed by the analyst):</span> &lt;u&gt;mine&lt;/u&gt; &amp; ours" in html
    assert "¶2" in html and "Accepted" in html and "confidence 50%" in html


def test_the_other_candidate_is_said_and_coloured():
    e = review.decide(evil_essay(), "melitopol", "accepted", chosen="zaporizhzhia-oblast")
    v = view.place_view(e, e.places[1])
    assert v["chosen"] == "Zaporizhzhia Oblast (region)" and v["status_label"] == "Accepted as another place"
    marks = {m["name"]: m for m in view.markers(e)}
    assert marks["Zaporizhzhia Oblast"]["colour"] == view.STATUS_COLOURS["other"][0]
    assert (marks["Zaporizhzhia Oblast"]["lat"], marks["Zaporizhzhia Oblast"]["lon"]) == (47.5, 35.5)


def test_unresolved_and_text_escape_and_link_to_the_map_for_the_essay():
    e = evil_essay()
    u = view.unresolved_html(EVIL, e.unresolved)
    assert "<script" not in u and "&lt;script&gt;" in u
    text = view.text_html(e)
    assert "<script" not in text and "<b>" not in text
    assert 'href="./?essay=evil-2024-01-01&amp;place=melitopol"' in text
    assert 'href="./?essay=evil-2024-01-01&amp;place=kyiv"' in text
    rejected = review.decide(e, "kyiv", "rejected")
    assert "place=kyiv" not in view.text_html(rejected)  # a rejected place is not marked


def test_markers_and_legend_count_by_status():
    e = review.decide(evil_essay(), "kyiv", "rejected")
    assert [(m["status"], m["number"]) for m in view.markers(e)] == [("rejected", 1), ("", 2)]
    legend = view.legend_html(e)
    assert "Not reviewed (1)" in legend and "Rejected (1)" in legend and "Accepted (0)" in legend
    assert view.bounds(view.markers(e)) == ((46.25, 29.92), (51.05, 35.98))
    assert view.bounds([]) is None


def test_tooltips_cannot_leave_their_javascript_literal():
    evil = "a`);alert(1);(`${x}\\"
    points = [{"lat": 47.0, "lon": 35.0, "colour": "#009E73", "name": evil, "label": evil, "status": "accepted", "number": 3}]
    m = folium.Map(tiles=None)
    view.marker_group(points).add_to(m)
    js = m.get_root().render()
    assert "alert(1);(`" not in js and "${x}" not in js
    assert "3. a&#96;);alert(1);(&#96;&#36;{x}&#92;" in js
    assert 'data-status=\\"accepted\\"' in js and "\\u003e3\\u003c/div" in js  # the pin: our constants and its number
