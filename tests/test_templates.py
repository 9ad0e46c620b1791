"""The HTML templates (geo/web/templates/): one autoescaping environment, the one escape path for
HTML. Hostile text in a quote, a label, a source or a title comes out escaped from every template
(markup as text, template syntax not evaluated), and every template renders with the real data."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup, escape

import ui
from geo.briefing import export, scene_view, scenes
from geo.core.provenance import Fact
from geo.data import arguments, layers
from geo.figures import facts
from geo.web import essay_view, styles, templates, webdated

HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{7*7}}",
    "{% raw %}",
)


def assert_escaped(out: str, value: str) -> None:
    """`value` shows as text: escaped once, never as markup, its template syntax not run."""
    assert str(escape(value)) in out, (value, out[:400])
    if escape(value) != value:
        assert value not in out
    assert "<script>alert" not in out and "<img src=x" not in out
    assert "{{7*7}}" not in value or "49" not in out


def quote(text: str) -> arguments.Quote:
    return arguments.Quote("p7", text)


def scene_with(evil: str) -> scenes.Scene:
    real = scenes.load().scenes[0]
    return scenes.Scene(
        number=1,
        title=evil,
        bounds=real.bounds,
        layers=real.layers,
        places=real.places,
        quotes=(quote(evil),),
        points=(evil,),
        figures=(),
        notes=evil,
    )


def test_one_environment_escapes_every_template():
    env = templates.environment()
    assert env is templates.environment()
    names = sorted(p.name for p in templates.TEMPLATES.glob("*.html"))
    assert names and all(env.autoescape(n) for n in names)
    assert templates.render("quote.html", quotes=[quote("a & b")]).count("a &amp; b") == 1


@pytest.mark.parametrize("evil", HOSTILE)
def test_quote(evil):
    out = ui.quote_html(quote(evil))
    assert out.startswith('<div class="bm-quote"><span class="bm-para">¶7</span>“')
    assert_escaped(out, evil)


@pytest.mark.parametrize("evil", HOSTILE)
def test_facts_label_value_and_source(evil):
    out = ui.facts_html((Fact(evil, evil, (evil,)),))
    assert out.count(str(escape(evil))) == 3
    assert_escaped(out, evil)


@pytest.mark.parametrize("evil", HOSTILE)
def test_legend_title_date_and_source(evil):
    row = {
        "swatch": templates.swatch("held-2022-11-17"),
        "title": evil,
        "date": evil,
        "looks": evil,
        "source": evil,
        "accuracy": evil,
    }
    out = templates.render("legend.html", rows=[row], outline_note=False)
    assert out.startswith('<div class="bm-legend"><svg ') and out.count(str(escape(evil))) == 5
    assert_escaped(out, evil)
    spec = {"key": "lines-held", "title": evil, "style": "held", "source": evil}
    dated = ui.dated_legend_html([spec])
    assert "dashed outline for comparison" in dated
    assert_escaped(dated, evil)


def test_a_swatch_is_trusted_only_when_built_from_our_constants():
    with pytest.raises(ValueError):
        templates.swatch('held"><script>alert(1)</script>')
    with pytest.raises(ValueError):
        templates.swatch("lines-held", style={"color": '"><script>', "weight": 2})
    assert isinstance(templates.swatch("lines-held", style=styles.SNAPSHOT["held"]), Markup)


@pytest.mark.parametrize("evil", HOSTILE)
def test_panel_name_kind_quotes_summary_and_themes(evil):
    arg = arguments.Argument(place="x", summary=evil, themes=(evil,), related=(), quotes=(quote(evil),))
    p = facts.Panel(id="x", name=evil, kind=evil, discussed=True, argument=arg, facts=(), related=())
    out = ui.panel_head_html(p)
    assert out.count(str(escape(evil))) == 5
    assert_escaped(out, evil)


@pytest.mark.parametrize("evil", HOSTILE)
def test_scene_text_in_the_app_and_the_deck(evil):
    s = scene_with(evil)
    out = ui.scene_text_html(s, [Fact(evil, evil, (evil,))], evil)
    assert_escaped(out, evil)
    assert out.count(str(escape(evil))) == 7  # title, stamp, quote, point, figure label, value, source
    audience = ui.scene_text_html(s, [], "stamp", with_points=False)
    assert "bm-ours" not in audience
    assert_escaped(export.scene_html(s), evil)


@pytest.mark.parametrize("evil", HOSTILE)
def test_presenter_notes_and_next(evil):
    for which in ("notes", "next"):
        assert_escaped(ui.presenter_html(which, evil), evil)


@pytest.mark.parametrize("evil", HOSTILE)
def test_data_table(evil):
    out = ui.table_html([evil], [[evil, None]])  # the head's label also labels its cells (data-label, for phones)
    assert out.count(str(escape(evil))) == 3 and '<td data-label="">–</td>' in out
    assert_escaped(out, evil)


@pytest.mark.parametrize("evil", HOSTILE)
def test_essay_text_and_mention(evil):
    seg = [{"text": evil, "place": None, "name": None}, {"text": evil, "place": evil, "name": evil}]
    out = templates.render("essay.html", paragraphs=[(1, seg)])
    assert 'href="./?place=' in out and "javascript" not in out
    assert_escaped(out.replace(f'href="./?place={templates.environment().filters["urlencode"](evil)}"', ""), evil)


@pytest.mark.parametrize("evil", HOSTILE)
def test_deck_title_and_scene_data(evil):
    out = templates.render(
        "deck.html",
        title=evil,
        css=[templates.static("#text { color: #111; }")],
        scripts=[templates.static("var a = '</script>';", script=True)],
        deck={"scenes": [{"title": evil, "html": export.scene_html(scene_with(evil))}]},
        deck_js=templates.static("show(1);", script=True),
    )
    assert f"<title>{escape(evil)}</title>" in out
    assert out.count("<script>") == out.count("</script>") == 3  # nothing in the data or our JS ends a script early
    assert "<img src=x" not in out and "<script>alert" not in out


@pytest.mark.parametrize("evil", HOSTILE)
def test_handout_page(evil):
    out = templates.render("handout.html", css=templates.static(""), pages=[{"number": 1, "png": "AA==", "text": evil}])
    assert_escaped(out, evil)


def test_templates_render_the_real_data():
    b = scenes.load()
    s = b.scenes[0]
    quoted = [q for a in arguments.load().arguments.values() for q in a.quotes]
    assert ui.quotes_html(quoted).count('class="bm-quote"') == len(quoted)
    p = facts.panel("melitopol")
    head = ui.panel_head_html(p)
    assert '<h3 class="bm-panel-head">Melitopol ' in head and "It still controls the vital hub of Melitopol" in head
    assert ui.facts_html(p.facts).count("<tr>") == len(p.facts)
    legend = ui.legend_html([c.id for c in layers.catalogue()])
    shown = [c.id for c in layers.catalogue()]
    assert legend.count('class="bm-legend"') == len(ui.legend_rows(shown))
    symbols = len([lid for lid in styles.LOOKS if lid in shown]) + sum(len(ui.render.BASE_ROWS[k]) for k in ui.render.BASE_ROWS)
    assert legend.count('class="bm-legend"') == symbols + 1 + len(ui.render.ALWAYS_ROWS)  # + the selection's highlight
    assert legend.count("Accuracy: ") == legend.count('class="bm-legend"')
    keys = [{"key": k, "title": k, "style": st, "source": "x"} for k, st in webdated.STYLE.items()]
    assert ui.dated_legend_html(keys).count("<svg") == len(keys)
    text = ui.scene_text_html(s, [], scene_view.stamp(s))
    assert f'<h2>{escape(s.title)}</h2><div class="bm-stamp">{escape(scene_view.stamp(s))}</div>' in text
    assert "const start = 1700000000000;" in ui.timer_html(1_700_000_000)
    essay = essay_view.essay_html()
    assert len(re.findall(r'<p id="p\d+">', essay)) >= 12 and 'href="./?place=melitopol"' in essay
    handout = export.handout_html([b"png"] * len(b.scenes))
    assert handout.count('<section class="page">') == len(b.scenes)
    deck = export.deck_html()
    assert deck == export.deck_html() and deck.endswith("</html>\n")
    assert f"<title>Briefing: {escape(s.title)}" in deck and deck.count("<script>") == deck.count("</script>")
