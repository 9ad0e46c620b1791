"""Untrusted text for Streamlit's own elements that render Markdown (`md_text`), and link notices
shown as plain text. HTML is built only from the templates in geo/web/templates/ (ui.render)."""

from __future__ import annotations

import html
import re

import streamlit as st

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")

WORD_JOINER = "\u2060"
# GFM turns bare "http://…", "www.…" and "a@b.c" into links after the escapes are read, so a
# backslash does not stop them; an invisible word joiner before ':' and '@' (and in "www.") does.

_AUTOLINK_BREAK = re.compile(r"(?=\\:)|(?=@)|(?i:(?<=www)(?=\\\.))")


def md_text(value: object) -> str:
    """Untrusted text (link parameters, file names, import messages) for Streamlit's
    markdown-rendering elements (st.toast, st.error, st.success, st.markdown): HTML-escaped, every
    markdown character backslashed and bare URLs and e-mail addresses broken with an invisible word
    joiner, so `[x](javascript:…)`, `![t](http://…)`, `<img …>` or `http://…` stay text."""
    return _AUTOLINK_BREAK.sub(WORD_JOINER, _MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False)))


def notice_md(notice) -> str:
    """A link notice (geo.web.urlstate.Notice) for st.toast / st.warning: the whole plain text escaped
    once, so the link's value inside it shows as typed and is never rendered as Markdown or HTML."""
    return md_text(notice.text())


def show_notices(notices) -> None:
    """Every notice about the link, as a toast that stays until closed (plain text: see notice_md).

    A link that was partly dropped must be read: a toast that fades in four seconds was gone before a
    slow first map had drawn (and before a briefer had looked up from the projector)."""
    for n in notices:
        st.toast(notice_md(n), duration="infinite")
