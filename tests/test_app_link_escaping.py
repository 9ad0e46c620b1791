"""No link parameter is ever rendered as Markdown or HTML: every notice about the link carries the raw
value apart from its wording (geo.web.urlstate.Notice), and every page shows it escaped exactly once.

AppTest sees the Markdown source Streamlit is given; a notice is safe when that source has every
Markdown/HTML character escaped and, unescaped, reads exactly as the notice's plain text."""

from __future__ import annotations

import html
import re

import pytest
from streamlit.testing.v1 import AppTest
from tests_paths import ROOT

import ui
from geo.web import urlstate

APP = str(ROOT / "app.py")
PAYLOADS = [
    "![t](http://198.51.100.7/track.png)",
    '<img src="http://198.51.100.7/i.png">',
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "[x](http://198.51.100.7/l)",
    "<http://198.51.100.7/x>",
    "www.example.com a@b.example :red[x] $x^2$",
]
SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:")


def unescaped_specials(md: str) -> list[str]:
    """Markdown/HTML characters in `md` that are not backslash-escaped (an escaped one is text)."""
    out, i = [], 0
    while i < len(md):
        c = md[i]
        if c == "\\" and i + 1 < len(md) and md[i + 1] in SPECIAL:
            i += 2
            continue
        if c in SPECIAL or c in "<>":
            out.append(c)
        i += 1
    return out


def shown_as(md: str) -> str:
    """What the escaped Markdown reads as: backslash escapes and HTML entities undone, invisible word
    joiners (they keep bare URLs from becoming links) dropped."""
    return html.unescape(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\1", md)).replace(ui.WORD_JOINER, "")


def assert_plain(md: str) -> None:
    assert unescaped_specials(md) == [], md
    assert "<" not in md and ">" not in md, md
    bare = md.replace("\\", "")  # GFM links bare URLs and e-mail addresses whatever the escapes
    assert not re.search(r"(?i)https?://|www\.|[\w.+-]@\w", bare), md


def test_notices_keep_the_value_apart_from_the_wording():
    for payload in PAYLOADS:
        state = urlstate.parse(
            {"place": payload, "layers": payload, "view": payload, "date": payload, payload: "1"},
            frozenset({"kyiv"}),
            ["places"],
            ("places",),
            ["2022-11-17"],
        )
        assert [n.param for n in state.notices] == ["place", "layers", "view", "date", payload[:20]]
        for n in state.notices:
            assert n.value and n.value in payload
            assert payload[:10] not in n.message  # our wording never holds the link's value
            assert n.text() == n.message.replace("{value}", repr(n.value))
            md = ui.notice_md(n)
            assert_plain(md)
            assert shown_as(md) == n.text()  # escaped once: the reader sees the value as typed


def run(page: str | None, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("payload", PAYLOADS)
def test_map_page_toasts_are_escaped(payload):
    at = run(None, {"place": payload, "layers": payload, "view": payload, "date": payload, "zz" + payload: "1"})
    toasts = [t.value for t in at.toast]
    assert len(toasts) == 5, toasts
    for t in toasts:
        assert_plain(t)
    assert any(payload[:10] in shown_as(t) for t in toasts)
    assert at.query_params["layers"] == "" and "place" not in at.query_params and "date" not in at.query_params


@pytest.mark.parametrize("payload", [PAYLOADS[0], PAYLOADS[3]])
def test_briefing_page_toasts_are_escaped(payload):
    at = run("pages/briefing.py", {"scene": payload, "mode": payload, "place": payload, "layers": payload})
    toasts = [t.value for t in at.toast]
    assert len(toasts) == 4, toasts  # scene, place, layers, mode
    for t in toasts:
        assert_plain(t)
    assert any("There is no scene" in shown_as(t) for t in toasts) and any("Unknown mode" in shown_as(t) for t in toasts)


@pytest.mark.parametrize("mode", ["presenter", "audience"])
def test_briefing_room_and_key_are_never_echoed(mode):
    payload = PAYLOADS[0]
    at = run("pages/briefing.py", {"mode": mode, "room": payload, "key": payload, "scene": "2"})
    shown = (
        [e.value for e in at.error] + [m.value for m in at.markdown] + [i.value for i in at.info] + [t.value for t in at.toast]
    )
    assert len(at.error) == 1
    assert not any("198.51.100.7" in s for s in shown), shown
