"""The three essays we wrote for issue 14 (tests/essays/) and their hand annotations, for the finder's tests and bench.

``read(path)`` gives an essay's paragraphs: through helper A's ``geo.essays.reader`` when it is present,
else through the small local reader below (blank-line paragraphs for .txt/.md, the <article>'s blocks
for .html, scripts, styles and navigation skipped). Annotations name paragraphs as the local reader
numbers them; ``local_paragraph`` maps a found sentence back to that numbering, so the figures do not
depend on which reader made the paragraphs.
"""

from __future__ import annotations

import html.parser
import re
import tomllib
from pathlib import Path

from geo.essays import model

ESSAYS = Path(__file__).resolve().parent / "essays"
NAMES = ("news-report.txt", "analysis-footnotes.md", "page.html")
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "li"}
_SKIP = {"script", "style", "nav", "noscript", "template"}


def _squash(s: str) -> str:
    return " ".join(s.split())


class _Article(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.skip = 0
        self.article = 0
        self.buf: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag == "article":
            self.article += 1
        elif tag in _BLOCKS and self.article and not self.skip:
            self.buf = []

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip -= 1
        elif tag == "article":
            self.article -= 1
        elif tag in _BLOCKS and self.buf is not None:
            text = _squash("".join(self.buf))
            if text:
                self.blocks.append(text)
            self.buf = None

    def handle_data(self, data):
        if self.buf is not None and not self.skip:
            self.buf.append(data)


def local_read(path: Path) -> list[model.Paragraph]:
    """Paragraphs p1..pN of one of our essays, by the local reader."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        p = _Article()
        p.feed(raw)
        blocks = p.blocks
    else:
        blocks = [_squash(b) for b in re.split(r"\n\s*\n", raw) if b.strip()]
        if path.suffix == ".md":
            blocks = [re.sub(r"^#+\s*", "", b).replace("*", "") for b in blocks]
    return [model.Paragraph(f"p{i}", t) for i, t in enumerate(blocks, 1)]


def read(path: Path) -> list[model.Paragraph]:
    """Paragraphs by helper A's reader when it exists, else by the local one."""
    try:
        from geo.essays import reader  # type: ignore[attr-defined]
    except ImportError:
        return local_read(path)
    got = reader.read(path.read_bytes(), path.name)
    return [model.Paragraph(p.id, p.text) for p in got.paragraphs]


def local_paragraph(local: list[model.Paragraph], sentence: str) -> str:
    """The local paragraph id holding a found sentence (by containment, else by shared words)."""
    s = _squash(sentence)
    for p in local:
        if s in p.text:
            return p.id
    words = set(re.findall(r"\w+", s))
    return max(local, key=lambda p: len(words & set(re.findall(r"\w+", p.text)))).id


def expected(name: str) -> list[tuple[str, str, str]]:
    """The hand annotation: (paragraph, text as written, place id) for every intended mention."""
    with open(ESSAYS / f"{Path(name).stem}.expected.toml", "rb") as fh:
        raw = tomllib.load(fh)
    return [(m["paragraph"], m["text"], m["place"]) for m in raw["mention"]]
