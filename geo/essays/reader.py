"""Read an essay file we did not write (.txt, .md, .html/.htm, .docx) into numbered paragraphs.

Everything here is untrusted input. The file is bounded before it is parsed (size, and for .docx
the zip's members, unzipped size and compression ratio, and no DTDs), decoded strictly (UTF-8 with
or without a BOM, or UTF-16 with a BOM: anything else is refused, never guessed), parsed with real
parsers that never execute anything (markdown-it-py; lxml's HTML parser (libxml2), with scripts, styles,
frames, SVG and page furniture dropped; python-docx), and checked once more as text: not empty, not
too long, and English. Every refusal is an ``EssayInputError`` whose message is ONE line naming
the file (``NAME: problem``), printable (control characters shown as ``\\xNN``).

Limits (environment variables raise them):

==============================  =================================  ===========
limit                           variable                           default
==============================  =================================  ===========
file size (as given)            ``BRIEFMAP_MAX_ESSAY_MB``          5 MB
words                           ``BRIEFMAP_MAX_ESSAY_WORDS``       50,000
paragraphs                      ``BRIEFMAP_MAX_ESSAY_PARAGRAPHS``  2,000
.docx: members                  (fixed)                            1,000
.docx: unzipped size, in all    (fixed)                            50 MB
.docx: compression ratio        (fixed, members over 1 MB)         100
HTML elements                   (fixed)                            200,000
HTML nesting                    (libxml2)                          256 levels
Markdown markup characters      (fixed: ``[ ] ( ) * _ ` < >``)     20,000
Markdown parse time             (fixed, a safety net)              5 s
==============================  =================================  ===========

Cost, not only size: a text or Markdown file with more than twice the word limit is refused from a
plain count before it is parsed; splitting stops as soon as the paragraph limit is passed; the
Markdown parser (pure Python, superlinear on some markup) gets the markup cap and a time budget. Any
file under the 5 MB cap is read or refused in under 10 s on a 2-core machine (the worst measured:
~6 s, 5 MB of backslashes as .md).

The essay's date is looked for where real documents put it, never guessed (HTML meta, itemprop and
JSON-LD read as data, the article's ``<time>``; Markdown front matter read by a tiny ``key: value``
parser, never a YAML loader; a date line under the title; a news dateline, with a warning): see
``DATE_SOURCES`` for every place, in the order of trust, and ``check_essay_date`` for the range
(24 August 1991 to tomorrow; anything else ignored with a warning). A .docx's ``created`` property is
when the file was made, not the essay's date: never used.

English or not: a cheap, deterministic test. Letters: at least half must be Latin (else the text
"looks like Russian (Cyrillic)", "… (Arabic)" …, by the most frequent script). Words: at least 15 %
of the words must be among the ~70 commonest English function words ("the", "of", "and", "to" …;
English prose runs at 40-50 %, French or German prose under 5 %); else the language whose own
function words score best is named when it scores 15 % or more. Both tests apply from 20 words on.
"""

from __future__ import annotations

import io
import os
import re
import stat
import time
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import date as _date
from datetime import datetime, timedelta, timezone
from pathlib import Path

from geo.essays.model import Paragraph

__all__ = [
    "DATE_SOURCES",
    "Document",
    "EssayInputError",
    "check_essay_date",
    "date_source_text",
    "FORMATS",
    "read",
    "read_bytes",
    "read_file",
    "limits",
    "parse_date",
    "printable",
    "shown_name",
]

FORMATS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".docx": "docx"}
DEFAULT_MAX_MB = 5.0
DEFAULT_MAX_WORDS = 50_000
DEFAULT_MAX_PARAGRAPHS = 2_000
DOCX_MAX_MEMBERS = 1_000
DOCX_MAX_UNZIPPED = 50_000_000  # bytes, all members together
DOCX_MAX_RATIO = 100.0  # uncompressed / compressed, for members over 1 MB unzipped
PARSE_BUDGET_S = 5.0  # a safety net: real files parse in well under a second
HTML_MAX_ELEMENTS = 200_000
MARKDOWN_MARKUP = "[]()*_`<>"
MARKDOWN_MAX_MARKUP = 20_000  # a 50,000-word essay with 1,000 links has ~6,000
ENGLISH_MIN_SHARE = 0.15  # share of words that are common English function words
LATIN_MIN_SHARE = 0.5  # share of letters that are Latin
LANGUAGE_MIN_WORDS = 20  # shorter texts are not tested for their language
TITLE_MAX = 200
ARTEFACT = re.compile(r"^\s*(?:\{\{.*\}\}|\{%.*%\}|\$\{.*\})\s*$")  # template placeholders scraped with a page


class EssayInputError(ValueError):
    """A file that cannot be added as an essay; the message is one line naming the file."""


class _OverBudget(Exception):
    """A parse that ran past its time budget."""


class _TooMany(Exception):
    """More paragraphs than the limit: raised while splitting, so a huge file stops early."""


def _room(out: list) -> None:
    if len(out) > limits()["max_paragraphs"] + 8:  # (+8: the header lines a title, date and author may take)
        raise _TooMany


@dataclass(frozen=True)
class Document:
    """What a file holds: its metadata (empty when unknown) and its paragraphs in reading order.

    ``title``, ``date`` (YYYY-MM-DD) and ``author`` come from the file's own metadata (HTML meta and
    JSON-LD, Markdown front matter, .docx core title and author) or its first lines; ``text`` is the paragraphs
    joined by blank lines (its sha256 identifies the essay's text). ``warnings`` are one-line notes
    for the analyst (e.g. what was dropped from an HTML page).
    """

    title: str
    date: str
    author: str
    paragraphs: tuple[Paragraph, ...]
    text: str
    format: str = ""
    warnings: tuple[str, ...] = ()
    date_source: str = ""  # where the date was found, e.g. "meta article:published_time" (see DATE_SOURCES)


def limits() -> dict[str, float]:
    """The limits in force (read from the environment at each call).

    Returns
    -------
    dict
        ``max_mb``, ``max_words``, ``max_paragraphs``.

    Examples
    --------
    >>> sorted(limits())
    ['max_mb', 'max_paragraphs', 'max_words']
    """
    return {
        "max_mb": _env_number("BRIEFMAP_MAX_ESSAY_MB", DEFAULT_MAX_MB),
        "max_words": int(_env_number("BRIEFMAP_MAX_ESSAY_WORDS", DEFAULT_MAX_WORDS)),
        "max_paragraphs": int(_env_number("BRIEFMAP_MAX_ESSAY_PARAGRAPHS", DEFAULT_MAX_PARAGRAPHS)),
    }


def _env_number(name: str, default: float) -> float:
    try:
        v = float(os.environ.get(name, "") or default)
    except ValueError:
        return default
    return v if v > 0 else default


def shown_name(filename: str | os.PathLike) -> str:
    """A file's base name, safe to print or show: control and invisible characters as ``\\xNN``.

    Parameters
    ----------
    filename : str or PathLike
        The name as given (a path is cut to its last part).

    Returns
    -------
    str
        At most 120 characters, one line.

    Examples
    --------
    >>> shown_name("/tmp/x/essay\\n.txt")
    'essay\\\\n.txt'
    """
    name = os.path.basename(os.fspath(filename).replace("\\", "/")) or "(unnamed)"
    return printable(name, 120)


def printable(text: str, limit: int = 200) -> str:
    """Text safe to print or show as one line: control and invisible characters (escape codes,
    newlines, bidi overrides) as ``\\xNN`` / ``\\uNNNN``, cut to ``limit`` characters.

    Parameters
    ----------
    text : str
    limit : int

    Returns
    -------
    str

    Examples
    --------
    >>> printable("a\\x1b[31mb")
    'a\\\\x1b[31mb'
    """
    text = str(text).encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    out = "".join(c if c.isprintable() and unicodedata.category(c) != "Cf" else repr(c)[1:-1] for c in text)
    return out if len(out) <= limit else out[: limit - 1] + "…"


def _fail(name: str, problem: str) -> EssayInputError:
    return EssayInputError(" ".join(f"{name}: {problem}".split()))


# ---------------------------------------------------------------------------------------------------
# entry points


def read_bytes(path: str | os.PathLike) -> bytes:
    """A file's bytes for ``read``, refused before reading when it is over the size cap, has an
    unknown extension, or is not a regular file (a folder, a FIFO, a device).

    Parameters
    ----------
    path : str or PathLike
        The file.

    Returns
    -------
    bytes
        At most the size cap (a file that grows while it is read is cut there, and ``read`` refuses it).

    Raises
    ------
    EssayInputError
        One line naming the file.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "note.pdf"
    >>> _ = p.write_bytes(b"%PDF-1.7")
    >>> try:
    ...     read_bytes(p)
    ... except EssayInputError as exc:
    ...     print(exc)
    note.pdf: unknown extension (.pdf); an essay must be .txt, .md, .html, .htm or .docx
    """
    path = Path(path)
    name = shown_name(path.name)
    _extension(path.name, name)
    try:
        st = path.stat()
    except OSError as exc:
        raise _fail(name, f"cannot read the file ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a special file"
        raise _fail(name, f"is {kind}, not a file; refused")
    _check_size(st.st_size, name)
    try:
        with open(path, "rb") as fh:
            return fh.read(int(limits()["max_mb"] * 1e6) + 1)  # never more than the cap, even if it grew
    except OSError as exc:
        raise _fail(name, f"cannot read the file ({exc.strerror or exc})") from None


def read_file(path: str | os.PathLike) -> Document:
    """Read an essay from disk: the size cap is checked before a byte is read (see ``read_bytes``).

    Parameters
    ----------
    path : str or PathLike
        The file.

    Returns
    -------
    Document
        As ``read``.

    Raises
    ------
    EssayInputError
        One line naming the file.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "note.txt"
    >>> _ = p.write_text("Kherson was liberated on 11 November. " * 3, encoding="utf-8")
    >>> read_file(p).paragraphs[0].id
    'p1'
    """
    return read(read_bytes(path), Path(path).name)


def read(raw: bytes, filename: str) -> Document:
    """Turn a file's bytes into a Document (metadata and paragraphs), or refuse it in one line.

    Parameters
    ----------
    raw : bytes
        The file as given (an upload, a paste encoded as UTF-8, a file's contents).
    filename : str
        Its name: the extension picks the format (.txt, .md, .html, .htm, .docx; any case).

    Returns
    -------
    Document
        Paragraph ids p1..pN in reading order; each text as extracted, whitespace collapsed to
        single spaces; title, date and author when the file says them.

    Raises
    ------
    EssayInputError
        Empty, binary, undecodable, too big, a zip bomb, an unknown extension, no text left after
        the markup, too long, not English: one line naming the file.

    Examples
    --------
    >>> doc = read(b"November 17, 2022\\nA Title\\nKyiv stands. Kherson is free.\\n", "a.txt")
    >>> doc.date, doc.title, [p.text for p in doc.paragraphs]
    ('2022-11-17', 'A Title', ['Kyiv stands. Kherson is free.'])
    """
    name = shown_name(filename)
    ext = _extension(filename, name)
    _check_size(len(raw), name)
    if not raw.strip():
        raise _fail(name, "is empty (no text at all)" if not raw else "is empty (only whitespace)")
    fmt = FORMATS[ext]
    try:
        title, (date, date_source), author, blocks, warnings = _extract(raw, fmt, name)
    except _TooMany:
        blocks = ["-"] * (limits()["max_paragraphs"] + 9)
        title = date = date_source = author = ""
        warnings = []
    blocks = [_collapse(b) for b in blocks]
    blocks = [b for b in blocks if b]
    h_title, h_date, h_author, used = _header(blocks, want_title=not title, warnings=warnings, fmt=fmt)
    blocks = blocks[used:]
    if title and blocks and blocks[0] == title:
        blocks = blocks[1:]  # the title repeated as the first paragraph (a .docx Title style, an <h1>)
    if not date and h_date:
        date, date_source = h_date
    if not date:
        date, date_source = _dateline(blocks, warnings)
    title, author = title or h_title, author or h_author
    if not blocks:
        what = "no text left after removing the markup and scripts" if fmt == "html" else "no paragraphs of text"
        raise _fail(name, f"has {what}")
    lim = limits()
    if len(blocks) > lim["max_paragraphs"]:
        raise _fail(
            name,
            f"has more than {lim['max_paragraphs']:,} paragraphs, the limit (set BRIEFMAP_MAX_ESSAY_PARAGRAPHS to raise it)",
        )
    words = sum(len(b.split()) for b in blocks)
    if words > lim["max_words"]:
        raise _fail(
            name, f"has {words:,} words, above the limit of {lim['max_words']:,} (set BRIEFMAP_MAX_ESSAY_WORDS to raise it)"
        )
    _check_english(blocks, name)
    paragraphs = tuple(Paragraph(id=f"p{i}", text=t) for i, t in enumerate(blocks, start=1))
    return Document(
        title=_collapse(title)[:TITLE_MAX],
        date=date,
        author=_collapse(author)[:TITLE_MAX],
        paragraphs=paragraphs,
        text="\n\n".join(blocks),
        format=fmt,
        warnings=tuple(warnings),
        date_source=date_source if date else "",
    )


def _extract(raw: bytes, fmt: str, name: str) -> tuple[str, tuple[str, str], str, list[str], list[str]]:
    if fmt == "docx":
        return _read_docx(raw, name)
    text = _decode(raw, name)
    if not text.strip():
        raise _fail(name, "is empty (only whitespace)")
    if fmt != "html":  # a cheap early count: a text far above the word limit is not parsed at all
        cap = limits()["max_words"]
        n = len(text.split())
        if n > 2 * cap:
            raise _fail(name, f"has about {n:,} words, above the limit of {cap:,} (set BRIEFMAP_MAX_ESSAY_WORDS to raise it)")
    if fmt == "html":
        return _read_html(text, name)
    if fmt == "markdown":
        return _read_markdown(text, name)
    return "", ("", ""), "", _text_blocks(text), []


def _extension(filename: str, name: str) -> str:
    ext = os.path.splitext(os.fspath(filename))[1].lower()
    if ext not in FORMATS:
        shown = shown_name(ext) if ext else "none"
        raise _fail(name, f"unknown extension ({shown}); an essay must be .txt, .md, .html, .htm or .docx")
    return ext


def _check_size(size: int, name: str) -> None:
    cap = limits()["max_mb"]
    if size > cap * 1e6:
        raise _fail(
            name, f"is {size / 1e6:,.1f} MB, above the {cap:g} MB limit for essays (set BRIEFMAP_MAX_ESSAY_MB to raise it)"
        )


# ---------------------------------------------------------------------------------------------------
# bytes to text

_MAGIC = (
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a zip archive (a .docx must be named .docx)"),
    (b"\xd0\xcf\x11\xe0", "an old-format Office file (.doc or .xls)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program (ELF)"),
    (b"{\\rtf", "an RTF file"),
)


def _decode(raw: bytes, name: str) -> str:
    """UTF-8 (BOM or not) or UTF-16 with a BOM; anything else refused with the first bad byte."""
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise _fail(name, f"looks like {what}, not text; refused")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise _fail(name, "starts with a UTF-16 byte-order mark but is not valid UTF-16; refused") from None
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if b"\x00" in raw[:8192]:
                raise _fail(name, "contains binary data (NUL bytes), not text; refused") from None
            raise _fail(
                name,
                f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start:,} cannot be decoded); "
                "save it as UTF-8 (it may be Windows-1252 or another legacy encoding)",
            ) from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise _fail(name, "contains binary data (NUL bytes), not text; refused")
    controls = len(_CONTROLS.findall(text))
    if controls > max(8, len(text) // 100):
        raise _fail(name, f"contains binary data ({controls:,} control characters), not text; refused")
    return text


_WS = re.compile(r"\s+")
_CONTROLS = re.compile(r"[\x01-\x08\x0e-\x1f\x7f-\x9f]")  # Cc less tab, newlines, form feed (and NUL, refused before)


def _collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()


# ---------------------------------------------------------------------------------------------------
# plain text


def _text_blocks(text: str) -> list[str]:
    """Paragraphs of a plain text: blocks between blank lines; inside a block, hard-wrapped lines
    (every line but the last between 30 and 100 characters) are joined, else each line is one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for block in re.split(r"\n[ \t\f\v\u00a0]*\n", text):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        if len(lines) >= 2 and all(30 <= len(ln.strip()) <= 100 for ln in lines[:-1]):
            out.append(" ".join(ln.strip() for ln in lines))
        else:
            out.extend(lines)
        _room(out)
    return out


# ---------------------------------------------------------------------------------------------------
# metadata from the first lines

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_LEAD = r"^\s*(?:(?:published|posted|dated|updated)(?:\s+on)?:?\s+)?" + _WEEKDAY
_DATE_FORMS = (
    re.compile(_LEAD + r"(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})\s*$", re.I),
    re.compile(_LEAD + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\s*$", re.I),
    re.compile(_LEAD + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\s*$", re.I),
)
_AUTHOR = re.compile(r"^\s*by\s+(?P<who>[A-Z][^!?:;]{0,98}[^.!?:;\s])\s*$", re.I)


def parse_date(text: str) -> str:
    """A date line as YYYY-MM-DD, or "" when the line is not (only) a real date.

    Parameters
    ----------
    text : str
        "November 17, 2022", "Nov. 17, 2022", "17 November 2022", "2022-11-17", "Thursday,
        November 17, 2022", "Published: 17 Nov 2022".

    Returns
    -------
    str
        ISO date, or "".

    Examples
    --------
    >>> parse_date("November 17, 2022"), parse_date("17 November 2022"), parse_date("2022-02-30")
    ('2022-11-17', '2022-11-17', '')
    """
    text = text.strip()
    if len(text) > 60:
        return ""
    for form in _DATE_FORMS:
        m = form.match(text)
        if not m:
            continue
        g = m.groupdict()
        month = int(g["mnum"]) if g.get("mnum") else _MONTHS.get(g["month"].lower())
        if not month:
            return ""
        try:
            return _date(int(g["year"]), month, int(g["day"])).isoformat()
        except ValueError:
            return ""
    return ""


def _looks_like_title(text: str) -> bool:
    return (
        0 < len(text) <= TITLE_MAX
        and len(text.split()) <= 30
        and text[-1] not in ".,;:"
        and any(c.isalpha() for c in text)
        and not parse_date(text)
    )


def _header(
    blocks: list[str], want_title: bool, warnings: list[str] | None = None, fmt: str = ""
) -> tuple[str, tuple[str, str] | None, str, int]:
    """Title, date and author from the first lines: template artefacts dropped, a date line, a
    "By NAME" line and (if wanted) a title line, in any order among the first six blocks. The date
    comes back as (ISO date, its source), or None; a date line outside the essay range is consumed
    (it is metadata, not prose) but ignored with a warning."""
    title = author = ""
    date: tuple[str, str] | None = None
    seen_date = False
    i = 0
    while i < len(blocks) and i < 6:
        t = blocks[i]
        if ARTEFACT.match(t):
            i += 1
            continue
        if not seen_date and (d := parse_date(t)):
            seen_date = True
            source = "date line under the title" if (title or fmt in ("markdown", "html", "docx")) else "date line"
            if check_essay_date(d, f"the {source} {printable(t, 60)!r}", warnings if warnings is not None else []):
                date = (d, source)
            i += 1
            continue
        if not seen_date and _bad_date_line(t):
            seen_date = True
            if warnings is not None:
                warnings.append(f"ignored the date line {printable(t, 60)!r}: not a real calendar date")
            i += 1
            continue
        if not author and (m := _AUTHOR.match(t)) and len(m["who"].split()) <= 8:
            author = m["who"].strip()
            i += 1
            continue
        if want_title and not title and i + 1 < len(blocks) and _looks_like_title(t):
            title = t
            i += 1
            continue
        break
    return title, date, author, i


# ---------------------------------------------------------------------------------------------------
# the essay's date: where it came from, and the range a date of this war can have

FIRST_DATE = _date(1991, 8, 24)  # Ukraine's declaration of independence: no essay about this war is older
DATE_SOURCES = {
    "meta article:published_time": "the HTML's article:published_time",
    "meta date": "the HTML's <meta name=date>",
    "meta dc.date": "the HTML's <meta name=dc.date>",
    "meta dc.date.issued": "the HTML's <meta name=DC.date.issued>",
    "meta pubdate": "the HTML's <meta name=pubdate>",
    "meta publish-date": "the HTML's <meta name=publish-date>",
    "meta article.published": "the HTML's <meta name=article.published>",
    "meta itemprop datePublished": "the HTML's itemprop=datePublished",
    "json-ld datePublished": "the HTML's JSON-LD datePublished",
    "time pubdate": "the HTML's <time pubdate> in the article",
    "time": "the HTML's first <time> in the article",
    "front matter date": "the Markdown front matter's date:",
    "date line": "the date line at the top of the text",
    "date line under the title": "the date line under the title",
    "dateline": "the dateline of the report",
    "given": "given by the analyst",
}


def date_source_text(source: str) -> str:
    """Where a date came from, in words for the analyst.

    Parameters
    ----------
    source : str
        A ``Document.date_source`` / ``Essay.date_source`` key ("meta article:published_time" …).

    Returns
    -------
    str
        "the HTML's article:published_time" …; "" for an empty or unknown key.

    Examples
    --------
    >>> date_source_text("meta article:published_time")
    "the HTML's article:published_time"
    """
    return DATE_SOURCES.get(source, "")


def check_essay_date(iso: str, where: str, warnings: list[str]) -> bool:
    """Whether a found date can be the essay's: a real calendar date from 24 August 1991 to
    tomorrow (UTC). A date outside is not used, and a warning naming ``where`` says so.

    Parameters
    ----------
    iso : str
        YYYY-MM-DD (already a real calendar date).
    where : str
        Where it was found, for the warning ("the HTML's article:published_time").
    warnings : list of str
        Appended to when the date is refused.

    Returns
    -------
    bool

    Examples
    --------
    >>> w = []
    >>> check_essay_date("1990-05-01", "the date line", w), w
    (False, ["ignored the date 1990-05-01 in the date line: before 24 August 1991 (Ukraine's independence)"])
    """
    d = _date.fromisoformat(iso)
    last = datetime.now(timezone.utc).date() + timedelta(days=1)
    if d < FIRST_DATE:
        warnings.append(f"ignored the date {iso} in {where}: before 24 August 1991 (Ukraine's independence)")
        return False
    if d > last:
        warnings.append(f"ignored the date {iso} in {where}: it is in the future")
        return False
    return True


_ISO_PREFIX = re.compile(r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?=$|[T\s+Z])")
_BAD_ISO_LINE = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}\s*$")


def _bad_date_line(text: str) -> bool:
    """A line shaped like an ISO date that is not a real one ("2023-02-30", "9999-99-99")."""
    return bool(_BAD_ISO_LINE.match(text))


def _found_date(value: str, source: str, warnings: list[str]) -> str:
    """A metadata value (an ISO timestamp or a date line) as the essay's date, or "" with a
    warning naming ``source`` when it is not a real calendar date in range."""
    value = _collapse(value or "")
    if not value:
        return ""
    where = DATE_SOURCES.get(source, source)
    m = _ISO_PREFIX.match(value)
    iso = ""
    if m:
        try:
            iso = _date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
        except ValueError:
            iso = ""
    else:
        iso = parse_date(value)
    if not iso:
        warnings.append(f"ignored the date {printable(value, 40)!r} in {where}: not a real calendar date")
        return ""
    return iso if check_essay_date(iso, where, warnings) else ""


_DL_DATE = (
    r"(?:(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>[A-Za-z]{3,9})\.?,?\s+(?P<year2>\d{4})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))"
)
_DATELINE = re.compile(
    r"^(?P<line>(?P<place>[A-Z][A-Z'’.\- ]{1,40}(?:,\s*[A-Z][A-Za-z'’.\- ]{1,40})?),\s+" + _DL_DATE + r")"
    r"\s*(?:\([^()]{1,60}\)\s*)?(?:—|–|--|-)\s"
)


def _dateline(blocks: list[str], warnings: list[str]) -> tuple[str, str]:
    """A news report's dateline in one of the first five paragraphs ("KYIV, Nov. 18, 2025 (Wire) —",
    "KYIV, 18 November 2025 —"): its date, with a warning naming where it came from."""
    for i, text in enumerate(blocks[:5], start=1):
        m = _DATELINE.match(text)
        if not m:
            continue
        g = m.groupdict()
        if g["y3"]:
            y, mo, d = int(g["y3"]), int(g["m3"]), int(g["d3"])
        else:
            y = int(g["year"] or g["year2"])
            mo = _MONTHS.get((g["month"] or g["month2"]).lower(), 0)
            d = int(g["day"] or g["day2"])
        line = printable(m["line"], 80)
        try:
            iso = _date(y, mo, d).isoformat()
        except ValueError:
            warnings.append(f"ignored the date in the dateline {line!r} (paragraph p{i}): not a real calendar date")
            return "", ""
        if not check_essay_date(iso, f"the dateline {line!r} (paragraph p{i})", warnings):
            return "", ""
        warnings.append(f"date {iso} taken from the dateline {line!r} (paragraph p{i}); check it, or give --date")
        return iso, "dateline"
    return "", ""


# ---------------------------------------------------------------------------------------------------
# Markdown

_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FOOTREF = re.compile(r"\[\^[^\]\s]{1,40}\]")
_FOOTDEF = re.compile(r"^[ ]{0,3}\[\^(?P<id>[^\]\s]{1,40})\]:[ \t]*", re.M)


def _read_markdown(text: str, name: str) -> tuple[str, str, str, list[str], list[str]]:
    from markdown_it import MarkdownIt

    markup = sum(text.count(c) for c in MARKDOWN_MARKUP)
    if markup > MARKDOWN_MAX_MARKUP:  # link labels and emphasis runs cost more than linear time in any parser
        raise _fail(
            name,
            f"has {markup:,} Markdown markup characters ({' '.join(MARKDOWN_MARKUP)}), above the limit of "
            f"{MARKDOWN_MAX_MARKUP:,}; save it as .txt",
        )

    title = author = ""
    date = ("", "")
    warnings: list[str] = []
    m = _FRONT.match(text)
    if m:  # YAML front matter, read by a tiny safe parser: "key: value" lines, no tags, no objects
        front = _front_matter(m["body"], warnings)
        title, author = front.get("title", ""), front.get("author", "")
        if front.get("date"):
            d = _found_date(front["date"], "front matter date", warnings)
            date = (d, "front matter date") if d else ("", "")
        text = text[m.end() :]
    # Footnotes (the common "[^id]" extension): a definition keeps its text, shown as "[id] ...";
    # a marker in a sentence is dropped, so it never becomes a word.
    text = _FOOTDEF.sub(lambda d: f"\n\\[{d['id']}\\] ", text)  # each its own paragraph
    text = _FOOTREF.sub("", text)
    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    deadline = time.monotonic() + PARSE_BUDGET_S

    def budget(state, *args) -> bool:  # a rule that matches nothing and stops a parse over its time budget
        if time.monotonic() > deadline:
            raise _OverBudget
        return False

    md.block.ruler.before("table", "budget", budget)
    md.inline.ruler.before("text", "budget", budget)
    try:
        tokens = md.parse(text)
    except _OverBudget:
        raise _fail(
            name, f"took more than {PARSE_BUDGET_S:g} s to parse as Markdown (pathological markup?); save it as .txt"
        ) from None
    blocks: list[str] = []
    heading = ""
    row: list[str] | None = None
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            heading = tok.tag
        elif tok.type == "heading_close":
            heading = ""
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            if row and any(row):
                blocks.append(" | ".join(c for c in row))
                _room(blocks)
            row = None
        elif tok.type == "html_block":
            try:
                blocks.extend(_html_blocks_of_fragment(tok.content))
            except EssayInputError as exc:
                raise _fail(name, str(exc)) from None
        elif tok.type == "inline":
            s = _md_inline_text(tok)
            if row is not None:
                row.append(_collapse(s))
                continue
            if heading == "h1" and not title:
                title = _collapse(s)
                continue
            blocks.append(s)
            _room(blocks)
    return title, date, author, blocks, warnings


_FRONT_KEYS = {"title": "title", "date": "date", "published": "date", "author": "author", "authors": "author"}
_FRONT_MAX_LINES = 200


def _front_matter(body: str, warnings: list[str]) -> dict[str, str]:
    """``title``, ``date`` and ``author`` from a YAML front matter block, by a tiny parser that
    reads only plain ``key: value`` lines (quoted or not), ``[a, b]`` and ``- item`` lists of
    authors. No YAML library: a tagged value (``!!python/object …``, ``!tag``), an anchor or an
    alias is never interpreted: it is ignored with a warning. Other keys are skipped."""
    out: dict[str, str] = {}
    lines = body.split("\n")[:_FRONT_MAX_LINES]
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip() or line.lstrip().startswith("#") or line[:1] in (" ", "\t", "-"):
            continue
        k, sep, v = line.partition(":")
        key = _FRONT_KEYS.get(k.strip().lower())
        if not sep or not key or key in out:
            continue
        v = v.strip()
        if v.startswith(("!", "&", "*")):
            shown = printable(v.split()[0] if v.split() else v, 40)
            warnings.append(
                f"ignored the front matter's {k.strip().lower()}: a YAML tag, anchor or alias ({shown!r}) is never interpreted"
            )
            out[key] = ""
            continue
        items: list[str] = []
        if key == "author" and v.startswith("[") and v.endswith("]"):
            items = [x.strip().strip("'\"").strip() for x in v[1:-1].split(",")]
        elif key == "author" and not v:
            while i < len(lines) and lines[i].lstrip().startswith("- "):
                items.append(lines[i].lstrip()[2:].strip().strip("'\"").strip())
                i += 1
        if items:
            if any(x.startswith(("!", "&", "*")) for x in items):
                warnings.append(
                    f"ignored the front matter's {k.strip().lower()}: a YAML tag, anchor or alias is never interpreted"
                )
                out[key] = ""
                continue
            v = ", ".join(x for x in items if x)
        elif len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
            v = v[1:-1].strip()
        out[key] = _collapse(v)
    return out


_HIDDEN_INLINE = re.compile(r"<(?P<close>/)?\s*(?:script|style|noscript|template|iframe|textarea|svg)\b", re.I)


def _md_inline_text(tok) -> str:
    """The words of an inline token: link text without its URL, no images, no raw HTML, no
    footnote markers; line breaks as spaces."""
    parts: list[str] = []
    autolink = 0
    hidden = 0  # inside an inline <script>, <style> …: its text is not the essay's
    for child in tok.children or ():
        t = child.type
        if t == "html_inline":
            m = _HIDDEN_INLINE.match(child.content)
            if m:
                hidden = max(0, hidden + (-1 if m["close"] else 1))
            continue
        if hidden:
            continue
        if t == "link_open":
            autolink += child.markup == "autolink" or child.markup == "linkify"
        elif t == "link_close":
            autolink = max(0, autolink - (child.markup in ("autolink", "linkify")))
        elif t in ("text", "code_inline"):
            if not autolink:
                parts.append(child.content)
        elif t in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------------
# HTML

_DROP = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "svg",
    "math",
    "canvas",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "textarea",
    "input",
    "head",
    "meta",
    "link",
    "img",
    "picture",
    "video",
    "audio",
    "map",
    "dialog",
)
_BLOCKS = frozenset(
    "p li blockquote h1 h2 h3 h4 h5 h6 dd dt figcaption pre td th caption div section article main address "
    "ul ol dl table tr tbody thead tfoot body html figure details summary hr center".split()
)


_HIDDEN_ANCESTORS = frozenset({"template", "noscript", "nav", "footer", "aside", "svg", "iframe", "script", "style", "form"})


def _parse_html(text: str):
    """An lxml HTML tree (libxml2: no network, no DTD, comments and processing instructions
    dropped, nesting capped at 256 levels), or None for a document with nothing in it."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True, huge_tree=False, recover=True
    )
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.ParserError, ValueError):  # "Document is empty"
        return None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise EssayInputError("nests HTML elements more than 256 levels deep (text beyond that would be lost); refused")
    n = 0
    for _ in root.iter():
        n += 1
        if n > HTML_MAX_ELEMENTS:
            raise EssayInputError(f"has more than {HTML_MAX_ELEMENTS:,} HTML elements, the limit; refused")
    return root


def _tag(el) -> str:
    t = el.tag
    return t.lower() if isinstance(t, str) else ""


_META_DATES = (  # in order of trust: the first found wins
    "article:published_time",
    "date",
    "dc.date",
    "dc.date.issued",
    "pubdate",
    "publish-date",
    "article.published",
)
JSONLD_MAX = 200_000  # characters of one <script type="application/ld+json"> read as data
JSONLD_MAX_BLOCKS = 20


def _read_html(text: str, name: str) -> tuple[str, tuple[str, str], str, list[str], list[str]]:
    try:
        root = _parse_html(text)
    except EssayInputError as exc:
        raise _fail(name, str(exc)) from None
    if root is None:
        return "", ("", ""), "", [], []
    warnings: list[str] = []
    meta_dates: dict[str, str] = {}
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        content = meta.get("content")
        if content is None:
            continue
        if (meta.get("itemprop") or "").strip() == "datePublished":
            meta_dates.setdefault("meta itemprop datePublished", content)
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        if key in _META_DATES:
            meta_dates.setdefault(f"meta {key}", content)
        elif key:
            metas.setdefault(key, content)
    ld = _json_ld(root, warnings)
    date = ("", "")
    candidates = [(f"meta {k}", meta_dates.get(f"meta {k}")) for k in _META_DATES]
    candidates += [
        ("meta itemprop datePublished", meta_dates.get("meta itemprop datePublished")),
        ("json-ld datePublished", ld.get("date")),
        *_time_dates(root),
    ]
    for source, value in candidates:
        if value is None:
            continue
        d = _found_date(value, source, warnings)
        if d:
            date = (d, source)
            break
    author = ""
    for key in ("author", "article:author", "dc.creator"):
        v = _collapse(metas.get(key, ""))
        if v and not v.lower().startswith(("http:", "https:", "/")):
            author = v
            break
    if not author:
        author = ld.get("author", "")
    if not author:
        for a in root.iter("a"):
            if "author" in (a.get("rel") or "").lower().split() and _collapse(a.text_content()):
                author = _collapse(a.text_content())
                break
    t = root.find(".//title")
    page_title = _collapse(t.text_content()) if t is not None else ""
    site = _collapse(metas.get("og:site_name", ""))
    if site:
        for sep in (" | ", " - ", " – ", " — ", " :: "):
            if page_title.lower().endswith((sep + site).lower()) and len(page_title) > len(sep + site):
                page_title = page_title[: -len(sep + site)].strip()
                break
    title = _collapse(metas.get("og:title", "")) or _collapse(metas.get("dc.title", ""))
    if site and title.lower().endswith((" | " + site).lower()):
        title = title[: -len(" | " + site)].strip()
    scripts = sum(1 for el in root.iter("script") if not _is_json_ld(el))
    for h1 in root.iter("h1"):  # before furniture is dropped: an article's <header> often holds it
        if any(_tag(a) in _HIDDEN_ANCESTORS for a in h1.iterancestors()):
            continue
        h1_text = _collapse(h1.text_content())
        if h1_text:
            title = title or h1_text
            h1.drop_tree()  # (keeps the text after it)
            break
    _drop_furniture(root)
    articles = root.findall(".//article")
    body = root.find("body")
    base = articles[0] if len(articles) == 1 else (root.find(".//main") if root.find(".//main") is not None else body)
    blocks = _html_blocks(base if base is not None else root)
    if scripts:
        warnings.append(f"{scripts} script element(s) removed (never run)")
    return title or page_title, date, author, blocks, warnings


def _is_json_ld(el) -> bool:
    return (el.get("type") or "").strip().lower().split(";")[0].strip() == "application/ld+json"


def _json_ld(root, warnings: list[str]) -> dict[str, str]:
    """``date`` (datePublished) and ``author`` (author.name) from the page's JSON-LD, read as DATA
    with ``json.loads`` (never executed), each block under ``JSONLD_MAX`` characters; the script's
    text never becomes essay text (scripts are dropped with the page furniture)."""
    import json

    out: dict[str, str] = {}
    for n, el in enumerate(el for el in root.iter("script") if _is_json_ld(el)):
        if n >= JSONLD_MAX_BLOCKS or ("date" in out and "author" in out):
            break
        raw = el.text or ""
        if len(raw) > JSONLD_MAX:
            warnings.append(f"a JSON-LD block of {len(raw) / 1e6:,.1f} MB was not read (above the {JSONLD_MAX / 1e6:g} MB limit)")
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            warnings.append("a JSON-LD block is not valid JSON; not read")
            continue
        items = data if isinstance(data, list) else [data]
        flat: list = []
        for it in items[:100]:
            if isinstance(it, dict):
                flat.append(it)
                graph = it.get("@graph")
                if isinstance(graph, list):
                    flat.extend(g for g in graph[:100] if isinstance(g, dict))
        for it in flat:
            if "date" not in out and isinstance(it.get("datePublished"), str):
                out["date"] = it["datePublished"][:100]
            if "author" not in out:
                who = _ld_author(it.get("author"))
                if who:
                    out["author"] = who
    return out


def _ld_author(value) -> str:
    """A JSON-LD author (a name, an object with ``name``, or a list of them) as "A, B"."""
    items = value if isinstance(value, list) else [value]
    names = []
    for it in items[:10]:
        name = it.get("name") if isinstance(it, dict) else it
        if isinstance(name, str) and _collapse(name) and not name.strip().lower().startswith(("http:", "https:")):
            names.append(_collapse(name))
    return ", ".join(names)[:TITLE_MAX]


def _time_dates(root) -> list[tuple[str, str]]:
    """The <time> of the article or its header: one with a ``pubdate`` attribute wins, else the
    first; its ``datetime`` attribute, else its own text (never a script's inside it)."""
    times = [
        el
        for el in root.iter("time")
        if any(_tag(a) in ("article", "header") for a in el.iterancestors())
        and not any(_tag(a) in _HIDDEN_ANCESTORS for a in el.iterancestors())
    ]
    if not times:
        return []
    chosen = next((el for el in times if el.get("pubdate") is not None), times[0])
    source = "time pubdate" if chosen.get("pubdate") is not None else "time"
    value = chosen.get("datetime")
    if value is None:
        import copy

        clone = copy.deepcopy(chosen)
        for el in list(clone.iter(*_DROP)):
            el.drop_tree()
        value = clone.text_content()
    return [(source, value)]


def _drop_furniture(root) -> None:
    for el in list(root.iter(*_DROP)):
        if el.getparent() is not None:
            el.drop_tree()
        else:
            el.clear()


def _html_blocks(root) -> list[str]:
    """Text in reading order, a new paragraph at every block element; <br><br> also splits."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            for piece in re.split(r"\n\s*\n", "".join(buf)):
                piece = _collapse(piece)
                if piece:
                    out.append(piece)
            _room(out)
            buf.clear()

    stack: list[tuple[str, object]] = [("open", root)]
    while stack:  # iterative: deep nesting cannot overflow the stack
        kind, item = stack.pop()
        if kind == "text":
            buf.append(_WS.sub(" ", item))  # source line breaks are spaces; only <br> breaks
            continue
        if kind == "close":
            flush()
            continue
        el = item
        name = _tag(el)
        if name == "br":
            buf.append("\n")
            continue
        if name in _BLOCKS:
            flush()
            stack.append(("close", el))
        for child in reversed(el):
            if child.tail:
                stack.append(("text", child.tail))
            if isinstance(child.tag, str):
                stack.append(("open", child))
        if el.text and isinstance(el.tag, str):
            stack.append(("text", el.text))
    flush()
    return out


def _html_blocks_of_fragment(fragment: str) -> list[str]:
    root = _parse_html(fragment)
    if root is None:
        return []
    _drop_furniture(root)
    return _html_blocks(root)


# ---------------------------------------------------------------------------------------------------
# .docx


# Authors that are the default of the tool that wrote the file (python-docx's blank template says
# "python-docx"; Word's own default is the user's account name, which we cannot tell from a person's).
_TEMPLATE_AUTHORS = frozenset({"python-docx", "python-docx-template", "docx4j", "apache poi", "unknown", "author"})


def _read_docx(raw: bytes, name: str) -> tuple[str, str, str, list[str], list[str]]:
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise _fail(name, "is an encrypted or old-format Word file (.doc); save it as .docx")
    if not raw.startswith(b"PK\x03\x04"):
        raise _fail(name, "is not a Word .docx file (not a zip archive); refused")
    _check_zip(raw, name)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph as DocxParagraph

        doc = docx.Document(io.BytesIO(raw))
        style_names = {st.style_id: st.name for st in doc.styles}
        blocks: list[str] = []
        styled_title = ""
        first_heading = ""
        for item in doc.iter_inner_content():
            if isinstance(item, DocxParagraph):
                style = style_names.get(item._p.style or "", "")  # (Paragraph.style scans every style: slow)
                text = item.text
                if style == "Title" and not styled_title and text.strip():
                    styled_title = _collapse(text)
                    continue
                if style == "Heading 1" and not first_heading and text.strip():
                    first_heading = _collapse(text)
                blocks.append(text)
                _room(blocks)
            elif isinstance(item, Table):
                for row in item.rows:
                    cells = []
                    for cell in row.cells:
                        t = _collapse(cell.text)
                        if t and t not in cells:
                            cells.append(t)
                    if cells:
                        blocks.append(" | ".join(cells))
                        _room(blocks)
        props = doc.core_properties
        title = _collapse(props.title or "") or styled_title
        if not title and first_heading and blocks and _collapse(blocks[0]) == first_heading:
            title = first_heading
        author = _collapse(props.author or "")
        if author.casefold() in _TEMPLATE_AUTHORS:  # the writing tool's name, not a person's
            author = ""
    except (EssayInputError, _TooMany):
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged package
        reason = _collapse(str(exc))[:120] or type(exc).__name__
        raise _fail(name, f"could not be read as a Word document ({reason})") from None
    return title, ("", ""), author, blocks, []  # core_properties.created is when the file was made, not the essay's date


def _check_zip(raw: bytes, name: str) -> None:
    """Bound the archive before python-docx opens it: members, real unzipped size (decompressed
    here, in chunks, never trusting the sizes the headers declare), ratio, paths, no DTDs."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _fail(name, "is a damaged zip archive, not a readable .docx; refused") from None
    if len(infos) > DOCX_MAX_MEMBERS:
        raise _fail(name, f"has {len(infos):,} parts, above the limit of {DOCX_MAX_MEMBERS:,} for a .docx; refused")
    names = {i.filename for i in infos}
    for info in infos:
        n = info.filename
        parts = n.replace("\\", "/").split("/")
        if n.startswith(("/", "\\")) or "\\" in n or ".." in parts or ":" in n or "\x00" in n:
            raise _fail(name, f"has a part with a path outside the archive ('{printable(n, 80)}'); refused")
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise _fail(name, "is a zip archive but not a Word document (no word/document.xml); refused")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _fail(name, "is encrypted; refused")
        seen = 0
        tail = b""
        xml = info.filename.endswith((".xml", ".rels"))
        try:
            with zf.open(info) as fh:
                while chunk := fh.read(1 << 20):
                    seen += len(chunk)
                    total += len(chunk)
                    if total > DOCX_MAX_UNZIPPED or seen > info.file_size:
                        raise _fail(
                            name,
                            f"unzips to more than {DOCX_MAX_UNZIPPED / 1e6:g} MB (a zip bomb?); refused",
                        )
                    if seen > 1_000_000 and seen > DOCX_MAX_RATIO * max(info.compress_size, 1):
                        raise _fail(
                            name,
                            f"has a part compressed more than {DOCX_MAX_RATIO:g} times (a zip bomb?); refused",
                        )
                    if xml:
                        window = tail + chunk
                        if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                            raise _fail(name, "contains an XML DTD or entity declaration; refused")
                        tail = chunk[-16:]
        except EssayInputError:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
            reason = _collapse(str(exc))[:80] or type(exc).__name__
            raise _fail(name, f"is a damaged zip archive ({reason}); refused") from None
        if info.file_size > 1_000_000 and info.file_size > DOCX_MAX_RATIO * max(info.compress_size, 1):
            raise _fail(name, f"has a part compressed more than {DOCX_MAX_RATIO:g} times (a zip bomb?); refused")


# ---------------------------------------------------------------------------------------------------
# language

_ENGLISH = frozenset(
    "the of and to in a is that for it as with was on be by not he this are or his from at which but have an "
    "they will has its were their would been there we can more if than who into had our all also only no she "
    "her them these those what when after before while must should could because about over between against "
    "my your i you may so do does did any".split()
)
_OTHERS = {
    "French": frozenset("le la les de des du et est une un dans que qui pour pas sur avec ce cette sont au aux ne".split()),
    "German": frozenset("der die das und ist nicht ein eine zu den mit von im dem des sich auf für auch es".split()),
    "Spanish": frozenset("el la los las de del y que en un una es por para con no se su al lo como".split()),
    "Italian": frozenset("il lo la gli le di del della e che non un una per con si sono al nel è".split()),
    "Portuguese": frozenset("o a os as de do da e que em um uma para com não se por no na é".split()),
    "Dutch": frozenset("de het een en van is dat niet te zijn op met voor er aan ook als".split()),
    "Polish": frozenset("i w na nie z się że do to jest o jak po ale przez od za".split()),
    "Ukrainian (Latin transliteration)": frozenset("i ta na ne z u do ye shcho yak vid za".split()),
}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _script(c: str) -> str:
    try:
        first = unicodedata.name(c).split(" ", 1)[0]
    except ValueError:
        return "other"
    return {"CJK": "Chinese or Japanese (CJK)", "HIRAGANA": "Japanese", "KATAKANA": "Japanese", "HANGUL": "Korean"}.get(
        first, first.title()
    )


def _check_english(blocks: list[str], name: str) -> None:
    sample = " ".join(blocks)[:400_000]
    words = _WORD.findall(sample)
    if len(words) < LANGUAGE_MIN_WORDS:
        return
    letters = [c for c in sample if c.isalpha()]
    latin = sum(1 for c in letters if c < "\u0250")
    if latin < LATIN_MIN_SHARE * len(letters):
        scripts = Counter(_script(c) for c in letters if c >= "\u0250")
        script = scripts.most_common(1)[0][0]
        if script == "Cyrillic":
            lower = sample.lower()
            uk = sum(lower.count(c) for c in "іїєґ")
            ru = sum(lower.count(c) for c in "ыэъё")
            lang = "Ukrainian (Cyrillic)" if uk > ru else "Russian (Cyrillic)" if ru else "a Cyrillic-script language"
        else:
            lang = f"a language written in {script} script" if script not in ("Japanese", "Korean") else script
        raise _fail(name, f"looks like {lang}, not English; only English texts can be added")
    lowered = [w.lower() for w in words]
    share = sum(1 for w in lowered if w in _ENGLISH) / len(lowered)
    if share >= ENGLISH_MIN_SHARE:
        return
    best, best_share = "", 0.0
    for lang, vocab in _OTHERS.items():
        s = sum(1 for w in lowered if w in vocab) / len(lowered)
        if s > best_share:
            best, best_share = lang, s
    pct = (
        f"{share:.0%} of its words are common English words such as 'the', 'of', 'and'; at least {ENGLISH_MIN_SHARE:.0%} expected"
    )
    if best and best_share >= ENGLISH_MIN_SHARE:
        raise _fail(name, f"looks like {best}, not English ({pct}); only English texts can be added")
    raise _fail(name, f"does not look like English ({pct}); only English texts can be added")
