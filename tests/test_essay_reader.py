"""geo.essays.reader: each format to paragraphs and metadata, and every hostile file refused in one
line naming it (files generated here: tests/essayfiles.py)."""

from __future__ import annotations

import os

import pytest
from essayfiles import ENGLISH, HOSTILE_HTML, docx_bytes, hostile

from geo.essays import reader
from geo.essays.reader import EssayInputError, parse_date, read, read_bytes, read_file


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


# ---------------------------------------------------------------------------------------------- text


def test_seed_essay_paragraphs_equal_the_curated_ones():
    from geo.core.paths import SEED_ESSAY
    from geo.data.essay import load

    if not SEED_ESSAY.exists():
        pytest.skip(f"the seed essay is not here ({SEED_ESSAY})")
    doc = read_file(SEED_ESSAY)
    curated = load()
    assert (doc.title, doc.date, doc.author) == (curated.title, curated.date, "")
    assert texts(doc) == [p.text for p in curated.paragraphs]
    assert [p.id for p in doc.paragraphs] == [f"p{i}" for i in range(1, len(curated.paragraphs) + 1)]
    assert doc.format == "text"


def test_txt_header_lines_in_any_order_and_an_author():
    raw = f"{{{{page.title}}}}\nThe Melitopol Question\nBy Jane Q. Analyst\n17 November 2022\n\n{ENGLISH}\n".encode()
    doc = read(raw, "a.txt")
    assert (doc.title, doc.date, doc.author) == ("The Melitopol Question", "2022-11-17", "Jane Q. Analyst")
    assert texts(doc) == [ENGLISH]


def test_txt_hard_wrapped_lines_are_joined_and_blank_lines_split():
    wrapped = (
        "Russian forces still hold Melitopol, the hub between Crimea and\n"
        "the Dnipro River. If they keep it, they can threaten Zaporizhzhia\n"
        "again.\n\n"
        "The second   paragraph\tstands alone.\r\n"
    )
    doc = read(wrapped.encode(), "w.txt")
    assert texts(doc) == [
        "Russian forces still hold Melitopol, the hub between Crimea and the Dnipro River. If they keep it, they can threaten Zaporizhzhia again.",
        "The second paragraph stands alone.",
    ]
    assert doc.title == "" and doc.date == ""


def test_typographic_quotes_kept_and_bom_dropped():
    raw = "\ufeff“Kherson’s bridge,” he said — it fell.".encode()
    assert texts(read(raw, "q.txt")) == ["“Kherson’s bridge,” he said — it fell."]
    raw16 = "“Kherson’s bridge,” he said.".encode("utf-16")  # with its BOM
    assert texts(read(raw16, "q16.txt")) == ["“Kherson’s bridge,” he said."]


@pytest.mark.parametrize(
    "line, iso",
    [
        ("November 17, 2022", "2022-11-17"),
        ("Nov. 17, 2022", "2022-11-17"),
        ("17 November 2022", "2022-11-17"),
        ("17th of November, 2022", "2022-11-17"),
        ("2022-11-17", "2022-11-17"),
        ("Thursday, November 17, 2022", "2022-11-17"),
        ("Published: 3 Sept 2023", "2023-09-03"),
        ("February 30, 2022", ""),
        ("2022-13-01", ""),
        ("In November 17, 2022 things changed", ""),
        ("Smarch 3, 2022", ""),
    ],
)
def test_date_lines(line, iso):
    assert parse_date(line) == iso


# ---------------------------------------------------------------------------------------------- Markdown


def test_markdown_title_footnotes_links_and_markup():
    md = (
        "---\ntitle: Front matter title\ndate: 2023-06-06\nauthor: A. Writer\n---\n"
        "# The Kakhovka Dam\n\n"
        "The dam at [Nova Kakhovka](https://en.wikipedia.org/wiki/Nova_Kakhovka) was destroyed.[^1] "
        "Water flooded **Kherson** and *Oleshky*.[^2]\n"
        "See <https://example.com/report> and ![a map](map.png) for the map.\n\n"
        "## Consequences\n\n"
        "- Farms near Kherson lost their irrigation.\n- The Crimea canal ran dry.\n\n"
        "```\ncode_is_not_prose()\n```\n\n"
        "<div><script>alert(1)</script><p>Raw HTML paragraph about Enerhodar.</p></div>\n\n"
        "[^1]: ISW, Russian Offensive Campaign Assessment, June 6, 2023.\n"
        "[^2]: Reuters report.\n"
    )
    doc = read(md.encode(), "k.md")
    assert (doc.title, doc.date, doc.author) == ("Front matter title", "2023-06-06", "A. Writer")
    body = texts(doc)
    assert body == [
        "The Kakhovka Dam",  # the front matter gave another title: the h1 stays a paragraph
        "The dam at Nova Kakhovka was destroyed. Water flooded Kherson and Oleshky. See and for the map.",
        "Consequences",
        "Farms near Kherson lost their irrigation.",
        "The Crimea canal ran dry.",
        "Raw HTML paragraph about Enerhodar.",
        "[1] ISW, Russian Offensive Campaign Assessment, June 6, 2023.",
        "[2] Reuters report.",
    ]
    joined = " ".join(body)
    for leaked in ("https://", "wikipedia", "[^", "alert", "code_is_not_prose", "map.png", "a map"):
        assert leaked not in joined


def test_markdown_h1_is_the_title_without_front_matter():
    doc = read(f"# Melitopol matters\n\n*November 17, 2022*\n\n{ENGLISH}\n".encode(), "m.md")
    assert (doc.title, doc.date) == ("Melitopol matters", "2022-11-17")
    assert texts(doc) == [ENGLISH]


# ---------------------------------------------------------------------------------------------- HTML


def test_html_scripts_and_furniture_dropped_text_kept():
    doc = read(HOSTILE_HTML, "page.html")
    assert doc.title == "Kherson after the retreat"
    assert texts(doc) == [
        "Ukrainian troops entered Kherson on 11 November, and the city celebrated & cheered — loudly.",
        "The Antonivskyi Bridge was destroyed as the Russians left the right bank of the Dnipro.",
    ]
    joined = " ".join(texts(doc))
    for leaked in ("alert", "injected", "Home", "About us", "Copyright", "Enable JavaScript", "color", "onerror", "Page title"):
        assert leaked not in joined
    assert doc.warnings == ("2 script element(s) removed (never run)",)


def test_html_meta_article_and_br_paragraphs():
    html = (
        "<html><head><title>Site | Essay</title><meta name='author' content='K. Writer'>"
        "<meta property='article:published_time' content='2023-02-24T08:00:00Z'></head><body>"
        "<div class='sidebar'>Subscribe now</div>"
        "<article><header><h1>A year of war</h1></header>"
        "<p>Kyiv stood.</p><blockquote><p>Mariupol fell in May.</p></blockquote>"
        "<div>Loose text in a div<br><br>after two breaks<br>and one.</div>"
        "<ul><li>Izium</li><li>Lyman</li></ul><h2>What next</h2><p>Bakhmut&#8217;s fate.</p></article>"
        "</body></html>"
    )
    doc = read(html.encode(), "y.htm")
    assert (doc.title, doc.date, doc.author) == ("A year of war", "2023-02-24", "K. Writer")
    assert texts(doc) == [
        "Kyiv stood.",
        "Mariupol fell in May.",
        "Loose text in a div",
        "after two breaks and one.",
        "Izium",
        "Lyman",
        "What next",
        "Bakhmut’s fate.",
    ]


def test_html_title_from_title_tag_when_no_h1():
    doc = read(b"<title>Only a title</title><p>" + ENGLISH.encode() + b"</p>", "t.html")
    assert doc.title == "Only a title" and texts(doc) == [ENGLISH]


def test_html_nesting_is_bounded():
    html = "<div>" * 200 + "<p>Deep text about Kyiv.</p>" + "</div>" * 200
    assert texts(read(html.encode(), "deep.html")) == ["Deep text about Kyiv."]
    with pytest.raises(EssayInputError) as e:
        read(("<div>" * 5000 + "<p>Deeper.</p>").encode(), "deeper.html")
    assert str(e.value) == "deeper.html: nests HTML elements more than 256 levels deep (text beyond that would be lost); refused"


# ---------------------------------------------------------------------------------------------- .docx


def test_docx_paragraphs_title_author_and_table():
    raw = docx_bytes(
        ["November 17, 2022", ENGLISH, "", "Second paragraph   on   Kherson."],
        title="Core title",
        author="Core Author",
        styled_title="Styled title",
        table=[["Place", "Status"], ["Melitopol", "occupied"]],
    )
    doc = read(raw, "essay.docx")
    assert (doc.title, doc.date, doc.author) == ("Core title", "2022-11-17", "Core Author")
    assert texts(doc) == [ENGLISH, "Second paragraph on Kherson.", "Place | Status", "Melitopol | occupied"]
    assert doc.format == "docx"


def test_docx_styled_title_when_no_core_title():
    doc = read(docx_bytes([ENGLISH], styled_title="The Styled Title"), "s.docx")
    assert doc.title == "The Styled Title" and texts(doc) == [ENGLISH]


def test_docx_total_unzipped_size_is_bounded(monkeypatch):
    monkeypatch.setattr(reader, "DOCX_MAX_UNZIPPED", 20_000)
    with pytest.raises(EssayInputError) as e:
        read(docx_bytes([ENGLISH]), "big.docx")
    assert str(e.value) == "big.docx: unzips to more than 0.02 MB (a zip bomb?); refused"


# ---------------------------------------------------------------------------------------------- hostile


@pytest.mark.parametrize("name, raw, message", hostile(), ids=[h[0] for h in hostile()])
def test_hostile_files_one_line_naming_the_file(name, raw, message):
    with pytest.raises(EssayInputError) as e:
        read(raw, name)
    assert str(e.value) == message
    assert "\n" not in str(e.value)


def test_fifty_mb_file_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "fifty.txt"
    with open(big, "wb") as fh:  # 50 MB of text on disk
        chunk = (ENGLISH + "\n").encode() * 1000
        while fh.tell() < 50_000_000:
            fh.write(chunk)
        fh.truncate(50_000_000)
    opened = []
    real_open = open
    monkeypatch.setattr(reader, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k), raising=False)
    with pytest.raises(EssayInputError) as e:
        read_file(big)
    assert str(e.value) == "fifty.txt: is 50.0 MB, above the 5 MB limit for essays (set BRIEFMAP_MAX_ESSAY_MB to raise it)"
    assert opened == []  # refused from its size alone: not a byte was read


def test_size_cap_from_the_environment(monkeypatch):
    monkeypatch.setenv("BRIEFMAP_MAX_ESSAY_MB", "0.001")
    with pytest.raises(EssayInputError) as e:
        read((ENGLISH * 10).encode(), "c.txt")
    assert str(e.value) == "c.txt: is 0.0 MB, above the 0.001 MB limit for essays (set BRIEFMAP_MAX_ESSAY_MB to raise it)"


def test_folders_and_fifos_refused_without_reading(tmp_path):
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    with pytest.raises(EssayInputError) as e:
        read_bytes(folder)
    assert str(e.value) == "dir.txt: is a folder, not a file; refused"
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(EssayInputError) as e:
        read_bytes(fifo)  # would block forever if it were opened
    assert str(e.value) == "pipe.txt: is a FIFO, not a file; refused"


def test_english_with_a_foreign_quote_is_accepted():
    text = ENGLISH + " The sign read: «Мелітополь — це Україна». " + ENGLISH
    assert len(read(text.encode(), "mixed.txt").paragraphs) == 1


def test_short_texts_are_not_tested_for_language():
    assert texts(read("Київ.".encode(), "short.txt")) == ["Київ."]


# ---------------------------------------------------------------------------------------------- cost


def test_markdown_markup_and_time_are_bounded(monkeypatch):
    with pytest.raises(EssayInputError) as e:
        read(b"[" * 20_001, "brackets.md")
    assert str(e.value) == (
        "brackets.md: has 20,001 Markdown markup characters ([ ] ( ) * _ ` < >), above the limit of 20,000; save it as .txt"
    )
    monkeypatch.setattr(reader, "PARSE_BUDGET_S", -1.0)  # every parse is over budget
    with pytest.raises(EssayInputError) as e:
        read(ENGLISH.encode(), "slow.md")
    assert str(e.value) == "slow.md: took more than -1 s to parse as Markdown (pathological markup?); save it as .txt"


def test_html_elements_are_bounded(monkeypatch):
    monkeypatch.setattr(reader, "HTML_MAX_ELEMENTS", 100)
    with pytest.raises(EssayInputError) as e:
        read(b"<b>x</b>" * 200, "tags.html")
    assert str(e.value) == "tags.html: has more than 100 HTML elements, the limit; refused"


def test_far_too_many_words_refused_before_parsing():
    with pytest.raises(EssayInputError) as e:
        read(b"word " * 100_001, "huge.md")
    assert (
        str(e.value) == "huge.md: has about 100,001 words, above the limit of 50,000 (set BRIEFMAP_MAX_ESSAY_WORDS to raise it)"
    )


def test_too_many_paragraphs_stops_early_in_every_format():
    for name, raw in [
        ("p.html", b"<p>Kyiv held the line.</p>" * 2100),
        ("p.md", b"Kyiv held the line.\n\n" * 2100),
        ("p.docx", docx_bytes(["Kyiv held the line."] * 2100)),
    ]:
        with pytest.raises(EssayInputError) as e:
            read(raw, name)
        assert (
            str(e.value) == f"{name}: has more than 2,000 paragraphs, the limit (set BRIEFMAP_MAX_ESSAY_PARAGRAPHS to raise it)"
        )
