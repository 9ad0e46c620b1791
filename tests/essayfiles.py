"""Essay files for the tests, generated here (never copied from ../shared/fixtures): good ones in each
format and the hostile ones, each with the exact one-line message it must get."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

from geo.essays import model
from geo.essays.split import sentences

ENGLISH = (
    "Russian forces still hold Melitopol, the hub between Crimea and the Dnipro River. "
    "If they keep it, they can threaten Zaporizhzhia again. The front near Bakhmut has not moved since the summer, "
    "and the Kremlin is preparing a new offensive in Donetsk Oblast."
)
FRENCH = (
    "La guerre en Ukraine continue. Les forces russes occupent encore une partie du territoire, et le gouvernement de Kiev "
    "refuse toute négociation qui ne serait pas fondée sur le retrait des troupes. Pour la France, la question est de savoir "
    "comment soutenir l'Ukraine dans la durée sans provoquer une escalade avec la Russie."
)
RUSSIAN = (
    "Война в Украине продолжается. Российские войска всё ещё занимают часть территории, а правительство в Киеве отказывается "
    "от любых переговоров, которые не основаны на выводе войск. Вопрос в том, как поддерживать Украину долгое время."
)
UKRAINIAN = (
    "Війна в Україні триває. Російські війська досі займають частину території, а уряд у Києві відмовляється від будь-яких "
    "переговорів, які не ґрунтуються на виведенні військ. Питання в тому, як підтримувати Україну тривалий час."
)
HOSTILE_HTML = (
    b"<!DOCTYPE html><html><head><title>Page title</title><script>alert(1)</script>"
    b"<style>p { color: red }</style></head><body>"
    b"<nav><a href='/'>Home</a> <a href='/about'>About us</a></nav>"
    b"<h1>Kherson after the retreat</h1>"
    b"<p>Ukrainian troops entered Kherson <img src=x onerror=\"alert('img')\">on 11 November, and the city "
    b"celebrated &amp; cheered &mdash; <b>loudly</b>.</p>"
    b"<script>document.write('<p>injected text</p>')</script>"
    b"<iframe src='https://example.com/ad'></iframe><noscript>Enable JavaScript</noscript>"
    b"<p onclick='alert(2)'>The Antonivskyi Bridge was destroyed as the Russians left the right bank of the Dnipro.</p>"
    b"<footer>Copyright 2022 Example Media</footer></body></html>"
)


def docx_bytes(paragraphs: list[str], *, title: str = "", author: str = "", styled_title: str = "", table=None) -> bytes:
    """A real .docx built with python-docx."""
    import docx

    doc = docx.Document()
    if styled_title:
        doc.add_paragraph(styled_title, style="Title")
    for p in paragraphs:
        doc.add_paragraph(p)
    if table:
        t = doc.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    doc.core_properties.title = title
    doc.core_properties.author = author
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def zip_bomb_docx() -> bytes:
    """A .docx whose document.xml is 60 MB of spaces that compress to ~60 KB (ratio ~1000)."""
    doc = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": doc + b" " * 60_000_000 + b"</w:document>"})


def many_parts_docx() -> bytes:
    members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
    members.update({f"word/media/p{i}.bin": b"x" for i in range(1000)})
    return _zip(members, zipfile.ZIP_STORED)


def hostile() -> list[tuple[str, bytes, str]]:
    """(file name, bytes, the exact message) for every hostile file the reader and the store refuse."""
    junk = random.Random(14).randbytes(4096)
    return [
        ("empty.txt", b"", "empty.txt: is empty (no text at all)"),
        ("blank.md", b" \n\t\r\n  ", "blank.md: is empty (only whitespace)"),
        ("junk.txt", junk, "junk.txt: contains binary data (NUL bytes), not text; refused"),
        ("junk.html", junk, "junk.html: contains binary data (NUL bytes), not text; refused"),
        ("paper.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "paper.txt: looks like a PDF file, not text; refused"),
        (
            "win.txt",
            "Kyiv\u2019s answer was no.".encode("cp1252"),
            "win.txt: is not UTF-8 text (byte 0x92 at offset 4 cannot be decoded); save it as UTF-8 (it may be Windows-1252 or another legacy encoding)",
        ),
        ("essay.pdf", b"%PDF-1.7", "essay.pdf: unknown extension (.pdf); an essay must be .txt, .md, .html, .htm or .docx"),
        ("essay", ENGLISH.encode(), "essay: unknown extension (none); an essay must be .txt, .md, .html, .htm or .docx"),
        ("fake.docx", ENGLISH.encode(), "fake.docx: is not a Word .docx file (not a zip archive); refused"),
        ("bomb.docx", zip_bomb_docx(), "bomb.docx: has a part compressed more than 100 times (a zip bomb?); refused"),
        ("parts.docx", many_parts_docx(), "parts.docx: has 1,002 parts, above the limit of 1,000 for a .docx; refused"),
        (
            "slip.docx",
            _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>", "../../evil.xml": b"<x/>"}),
            "slip.docx: has a part with a path outside the archive ('../../evil.xml'); refused",
        ),
        (
            "notword.docx",
            _zip({"content.xml": b"<office/>"}),
            "notword.docx: is a zip archive but not a Word document (no word/document.xml); refused",
        ),
        (
            "laughs.docx",
            _zip(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><w:document>&lol;</w:document>',
                }
            ),
            "laughs.docx: contains an XML DTD or entity declaration; refused",
        ),
        (
            "scripts.html",
            b"<html><head><script>alert(1)</script><style>p{}</style></head><body><script>alert(2)</script></body></html>",
            "scripts.html: has no text left after removing the markup and scripts",
        ),
        (
            "russian.txt",
            RUSSIAN.encode(),
            "russian.txt: looks like Russian (Cyrillic), not English; only English texts can be added",
        ),
        (
            "ukrainian.md",
            UKRAINIAN.encode(),
            "ukrainian.md: looks like Ukrainian (Cyrillic), not English; only English texts can be added",
        ),
        (
            "french.txt",
            FRENCH.encode(),
            "french.txt: looks like French, not English (0% of its words are common English words such as 'the', 'of', 'and'; at least 15% expected); only English texts can be added",
        ),
        (
            "long.txt",
            ("the war " * 25_000 + "ends").encode(),
            "long.txt: has 50,001 words, above the limit of 50,000 (set BRIEFMAP_MAX_ESSAY_WORDS to raise it)",
        ),
        (
            "many.txt",
            "Kyiv held the line.\n\n".join([""] * 2002).encode(),
            "many.txt: has more than 2,000 paragraphs, the limit (set BRIEFMAP_MAX_ESSAY_PARAGRAPHS to raise it)",
        ),
        (
            "big.txt",
            b"a" * 5_000_001,
            "big.txt: is 5.0 MB, above the 5 MB limit for essays (set BRIEFMAP_MAX_ESSAY_MB to raise it)",
        ),
        ("\x1b[31mred\u202e.txt", b"", "\\x1b[31mred\\u202e.txt: is empty (no text at all)"),
    ]


# A stand-in place finder for the store and CLI tests, and a file with its places.

KNOWN = {"Melitopol": (46.85, 35.37), "Kherson": (46.64, 32.61), "Bakhmut": (48.59, 38.0), "Izium": (49.21, 37.26)}


def finder(paragraphs):
    """Each KNOWN name found in a paragraph becomes a place with its sentence; "Xyzville" is unresolved."""
    found: dict[str, list[model.Mention]] = {}
    unresolved = []
    for p in paragraphs:
        for a, b in sentences(p.text):
            s = p.text[a:b]
            for name in KNOWN:
                i = s.find(name)
                if i >= 0:
                    found.setdefault(name, []).append(model.Mention(p.id, s, name, i, i + len(name)))
            if "Xyzville" in s:
                unresolved.append(model.Unresolved("Xyzville", p.id, s))
    places = tuple(
        model.FoundPlace(
            id=name.lower(),
            name=name,
            kind="city",
            lat=KNOWN[name][0],
            lon=KNOWN[name][1],
            source="test finder",
            confidence=0.9,
            mentions=tuple(ms),
        )
        for name, ms in found.items()
    )
    return places, tuple(unresolved)


TEXT = (
    "November 17, 2022\nThe Melitopol Question\n"
    "Russian forces still hold Melitopol. Ukraine retook Kherson last week.\n"
    "Nobody has heard of Xyzville. Bakhmut is under attack.\n"
).encode()


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder (relative path -> bytes): the store's whole state."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
