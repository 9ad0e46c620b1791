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


def test_docx_template_author_is_not_the_author():
    doc = read(docx_bytes(["November 17, 2022", ENGLISH]), "t.docx")  # python-docx's blank template says "python-docx"
    assert doc.author == ""


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


# ---------------------------------------------------------------------------------------------- the essay's date: where real documents put it

BODY = f"<p>{ENGLISH}</p>"


def html_doc(head: str = "", article: str = BODY, extra: str = "") -> bytes:
    return f"<html><head>{head}</head><body>{extra}<article>{article}</article></body></html>".encode()


@pytest.mark.parametrize(
    ("head", "iso", "source", "phrase"),
    [
        (
            "<meta property='article:published_time' content='2025-03-14T09:30:00+00:00'>",
            "2025-03-14",
            "meta article:published_time",
            "the HTML's article:published_time",
        ),
        ("<meta name='date' content='2025-03-14'>", "2025-03-14", "meta date", "the HTML's <meta name=date>"),
        ("<meta name='dc.date' content='2025-03-14'>", "2025-03-14", "meta dc.date", "the HTML's <meta name=dc.date>"),
        (
            "<meta name='DC.date.issued' content='2025-03-14'>",
            "2025-03-14",
            "meta dc.date.issued",
            "the HTML's <meta name=DC.date.issued>",
        ),
        ("<meta name='pubdate' content='20250314'>", "", "", ""),  # not a date form we read: ignored (warned below)
        (
            "<meta name='publish-date' content='March 14, 2025'>",
            "2025-03-14",
            "meta publish-date",
            "the HTML's <meta name=publish-date>",
        ),
        (
            "<meta name='article.published' content='2025-03-14 08:00'>",
            "2025-03-14",
            "meta article.published",
            "the HTML's <meta name=article.published>",
        ),
        (
            "<meta itemprop='datePublished' content='2025-03-14'>",
            "2025-03-14",
            "meta itemprop datePublished",
            "the HTML's itemprop=datePublished",
        ),
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
            '"datePublished": "2025-03-14T06:00:00Z", "author": {"@type": "Person", "name": "O. Writer"}}</script>',
            "2025-03-14",
            "json-ld datePublished",
            "the HTML's JSON-LD datePublished",
        ),
    ],
)
def test_html_date_sources(head, iso, source, phrase):
    doc = read(html_doc(head), "d.html")
    assert (doc.date, doc.date_source, reader.date_source_text(doc.date_source)) == (iso, source, phrase)
    assert texts(doc) == [ENGLISH]  # no metadata, no JSON-LD becomes essay text
    if not iso:
        assert doc.warnings == ("ignored the date '20250314' in the HTML's <meta name=pubdate>: not a real calendar date",)


def test_html_meta_order_of_trust_and_json_ld_graph():
    head = (
        "<meta name='date' content='2025-01-02'>"
        "<meta property='article:published_time' content='2025-03-14'>"
        '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
        '{"@type": "Article", "datePublished": "2024-12-31", "author": [{"name": "A. One"}, {"name": "B. Two"}]}]}</script>'
    )
    doc = read(html_doc(head), "d.html")
    assert (doc.date, doc.date_source, doc.author) == ("2025-03-14", "meta article:published_time", "A. One, B. Two")
    assert doc.warnings == ()  # JSON-LD is data, not a script that was removed
    assert "A. One" not in " ".join(texts(doc)) and "@graph" not in " ".join(texts(doc))


def test_html_time_in_the_article_pubdate_wins():
    article = (
        "<header><h1>A headline</h1><p>By A. Byline <time datetime='2025-03-10'>10 March</time></p></header>"
        f"<p>{ENGLISH}</p><p>Updated <time datetime='2025-03-20' pubdate>20 March 2025</time>.</p>"
    )
    doc = read(html_doc(article=article, extra="<div><time datetime='2020-01-01'>elsewhere</time></div>"), "t.html")
    assert (doc.title, doc.date, doc.date_source) == ("A headline", "2025-03-20", "time pubdate")
    doc = read(html_doc(article=article.replace(" pubdate", "")), "t.html")
    assert (doc.date, doc.date_source) == ("2025-03-10", "time")
    # a <time> outside the article or its header is not the essay's date
    doc = read(html_doc(article=BODY, extra="<div><time datetime='2025-03-10'>x</time></div>"), "t.html")
    assert (doc.date, doc.date_source) == ("", "")


def test_html_time_with_script_inside_is_read_as_text_never_run():
    article = f"<p class='byline'><time><script>document.write('2001-01-01')</script>14 March 2025</time></p><p>{ENGLISH}</p>"
    doc = read(html_doc(article=article), "t.html")
    assert (doc.date, doc.date_source) == ("2025-03-14", "time")
    assert "document.write" not in doc.text and "2001" not in doc.text
    assert doc.warnings == ("1 script element(s) removed (never run)",)
    only_script = "<p><time><script>'2025-03-14'</script></time></p>" + BODY
    doc = read(html_doc(article=only_script), "t.html")
    assert doc.date == "" and doc.warnings == ("1 script element(s) removed (never run)",)


def test_html_impossible_and_out_of_range_dates_are_ignored_with_a_warning():
    head = (
        "<meta property='article:published_time' content='9999-99-99'>"
        "<meta name='date' content='1990-05-01'>"
        "<meta name='dc.date' content='2999-01-01T00:00:00Z'>"
        "<meta itemprop='datePublished' content='2025-02-30'>"
    )
    doc = read(html_doc(head, article="<p><time datetime='2025-03-14'>14 March 2025</time></p>" + BODY), "x.html")
    assert (doc.date, doc.date_source) == ("2025-03-14", "time")
    assert doc.warnings == (
        "ignored the date '9999-99-99' in the HTML's article:published_time: not a real calendar date",
        "ignored the date 1990-05-01 in the HTML's <meta name=date>: before 24 August 1991 (Ukraine's independence)",
        "ignored the date 2999-01-01 in the HTML's <meta name=dc.date>: it is in the future",
        "ignored the date '2025-02-30' in the HTML's itemprop=datePublished: not a real calendar date",
    )


def test_html_json_ld_of_10_mb_is_not_parsed(monkeypatch):
    monkeypatch.setenv("BRIEFMAP_MAX_ESSAY_MB", "20")
    big = '{"datePublished": "2025-03-14", "pad": "' + "x" * 10_000_000 + '"}'
    head = f'<script type="application/ld+json">{big}</script>'
    doc = read(html_doc(head), "big.html")
    assert (doc.date, doc.date_source) == ("", "")
    assert doc.warnings == ("a JSON-LD block of 10.0 MB was not read (above the 0.2 MB limit)",)
    assert texts(doc) == [ENGLISH]


def test_html_json_ld_broken_or_deep_is_a_warning_not_a_crash():
    deep = "[" * 50_000 + "]" * 50_000
    for payload in ("{not json", deep, "NaN-ish }"):
        doc = read(html_doc(f'<script type="application/ld+json">{payload}</script>'), "j.html")
        assert doc.date == "" and doc.warnings == ("a JSON-LD block is not valid JSON; not read",)
        assert texts(doc) == [ENGLISH]


def test_html_author_from_meta_json_ld_rel_author():
    assert read(html_doc("<meta name='author' content='M. Author'>"), "a.html").author == "M. Author"
    assert (
        read(html_doc("<meta property='article:author' content='https://example.org/me'>"), "a.html").author == ""
    )  # a URL is not a name
    assert read(html_doc("<meta property='article:author' content='P. Author'>"), "a.html").author == "P. Author"
    ld = '<script type="application/ld+json">{"author": {"name": "J. Ld"}}</script>'
    assert read(html_doc(ld), "a.html").author == "J. Ld"
    rel = f"<p>{ENGLISH}</p><p>Written by <a rel='author' href='/r'>R. Rel</a>.</p>"
    assert read(html_doc(article=rel), "a.html").author == "R. Rel"


def test_html_title_og_title_h1_title_with_site_suffix():
    og = "<meta property='og:title' content='The og title'><meta property='og:site_name' content='Review'>"
    doc = read(html_doc(og + "<title>Page | Review</title>", article="<h1>The h1</h1>" + BODY), "t.html")
    assert doc.title == "The og title" and texts(doc) == [ENGLISH]  # the <h1> headline is not a paragraph
    doc = read(html_doc("<title>Page | Review</title>", article="<h1>The h1</h1>" + BODY), "t.html")
    assert doc.title == "The h1"
    site = "<meta property='og:site_name' content='Review'>"
    assert read(html_doc(site + "<title>Kherson now | Review</title>"), "t.html").title == "Kherson now"
    # a suffix that is not the site's name stays
    assert read(html_doc(site + "<title>Kherson | Odesa</title>"), "t.html").title == "Kherson | Odesa"
    assert read(html_doc("<title>Kherson now | Review</title>"), "t.html").title == "Kherson now | Review"


# Markdown


def test_markdown_front_matter_date_title_author():
    md = f"---\ntitle: 'Front: a title'\ndate: 2025-03-14T10:00:00Z\nauthors:\n  - A. One\n  - B. Two\nlayout: post\n---\n\n{ENGLISH}\n"
    doc = read(md.encode(), "f.md")
    assert (doc.title, doc.date, doc.date_source, doc.author) == (
        "Front: a title",
        "2025-03-14",
        "front matter date",
        "A. One, B. Two",
    )
    assert texts(doc) == [ENGLISH] and doc.warnings == ()
    doc = read(f'---\ndate: "March 14, 2025"\nauthor: [C. Three, D. Four]\n---\n# T\n\n{ENGLISH}\n'.encode(), "f.md")
    assert (doc.date, doc.author) == ("2025-03-14", "C. Three, D. Four")


def test_markdown_front_matter_yaml_tags_are_never_interpreted(tmp_path):
    marker = tmp_path / "pwned"
    md = (
        "---\n"
        f"title: !!python/object/apply:os.system ['touch {marker}']\n"
        "date: !!python/object:datetime.date 2025-03-14\n"
        "author: &a A. Anchor\n"
        "---\n\n"
        f"# Real title\n\n{ENGLISH}\n"
    )
    doc = read(md.encode(), "y.md")
    assert not marker.exists()
    assert (doc.title, doc.date, doc.author) == ("Real title", "", "")
    assert doc.warnings == (
        "ignored the front matter's title: a YAML tag, anchor or alias ('!!python/object/apply:os.system') is never interpreted",
        "ignored the front matter's date: a YAML tag, anchor or alias ('!!python/object:datetime.date') is never interpreted",
        "ignored the front matter's author: a YAML tag, anchor or alias ('&a') is never interpreted",
    )


def test_markdown_front_matter_bad_dates_warned():
    doc = read(f"---\ndate: 9999-99-99\n---\n# T\n\n{ENGLISH}\n".encode(), "b.md")
    assert doc.date == "" and doc.warnings == (
        "ignored the date '9999-99-99' in the Markdown front matter's date:: not a real calendar date",
    )
    doc = read(f"---\ndate: 1990-01-01\n---\n# T\n\n{ENGLISH}\n".encode(), "b.md")
    assert doc.date == "" and doc.warnings == (
        "ignored the date 1990-01-01 in the Markdown front matter's date:: before 24 August 1991 (Ukraine's independence)",
    )


@pytest.mark.parametrize(
    "line", ["*14 March 2025*", "Published: 14 March 2025", "March 14, 2025", "2025-03-14", "_Friday, March 14, 2025_"]
)
def test_markdown_date_line_under_the_title(line):
    doc = read(f"# The title\n\n{line}\n\n{ENGLISH}\n".encode(), "l.md")
    assert (doc.title, doc.date, doc.date_source) == ("The title", "2025-03-14", "date line under the title")
    assert texts(doc) == [ENGLISH]


def test_markdown_date_line_beyond_the_first_lines_is_not_the_date():
    paras = "\n\n".join(f"Paragraph {i} about Kyiv and Kherson, the two cities." for i in range(6))
    doc = read(f"# T\n\n{paras}\n\n14 March 2025\n".encode(), "late.md")
    assert doc.date == ""


# plain text and news reports


@pytest.mark.parametrize(
    ("first", "iso"),
    [
        ("KYIV, Nov. 18, 2025 (Wire) — Ukrainian forces", "2025-11-18"),
        ("KYIV, 18 November 2025 — Ukrainian forces", "2025-11-18"),
        ("KYIV, Ukraine, Dec. 13, 2022 (Briefmap Wire) — Ukrainian forces", "2022-12-13"),
        ("ZAPORIZHZHIA, 2025-03-14 -- Ukrainian forces", "2025-03-14"),
    ],
)
def test_text_dateline_is_used_with_a_warning(first, iso):
    text = f"A headline about the front\n\n{first} held the line near Kupiansk on Tuesday, the General Staff said. {ENGLISH}\n"
    doc = read(text.encode(), "wire.txt")
    line = first.split(" (")[0].split(" —")[0].split(" --")[0]
    assert (doc.title, doc.date, doc.date_source) == ("A headline about the front", iso, "dateline")
    assert doc.warnings == (f"date {iso} taken from the dateline {line!r} (paragraph p1); check it, or give --date",)
    assert texts(doc)[0].startswith(first)  # the dateline stays in the text: it is the report's


def test_text_dateline_impossible_or_out_of_range_is_ignored():
    doc = read(f"KYIV, Feb. 30, 2025 (Wire) — {ENGLISH}\n".encode(), "w.txt")
    assert doc.date == "" and doc.warnings == (
        "ignored the date in the dateline 'KYIV, Feb. 30, 2025' (paragraph p1): not a real calendar date",
    )
    doc = read(f"KYIV, Nov. 18, 2099 (Wire) — {ENGLISH}\n".encode(), "w.txt")
    assert doc.date == "" and doc.warnings == (
        "ignored the date 2099-11-18 in the dateline 'KYIV, Nov. 18, 2099' (paragraph p1): it is in the future",
    )


def test_text_date_line_own_line_and_out_of_range():
    doc = read(f"Published: 14 March 2025\nA title\n{ENGLISH}\n".encode(), "t.txt")
    assert (doc.title, doc.date, doc.date_source) == ("A title", "2025-03-14", "date line")
    doc = read(f"A title\nMarch 14, 1989\n{ENGLISH}\n".encode(), "t.txt")
    assert doc.date == "" and texts(doc) == [ENGLISH]
    assert doc.warnings == (
        "ignored the date 1989-03-14 in the date line under the title 'March 14, 1989': before 24 August 1991 (Ukraine's independence)",
    )
    doc = read(f"A title\n2025-13-45\n{ENGLISH}\n".encode(), "t.txt")
    assert doc.date == "" and doc.warnings == ("ignored the date line '2025-13-45': not a real calendar date",)


def test_a_date_line_wins_over_a_dateline():
    doc = read(f"March 14, 2025\nKYIV, Nov. 18, 2025 (Wire) — {ENGLISH}\n".encode(), "t.txt")
    assert (doc.date, doc.date_source, doc.warnings) == ("2025-03-14", "date line", ())


# .docx


def _docx(paragraphs: list[str], created=None) -> bytes:
    import io

    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.core_properties.author = ""  # (python-docx's template says "python-docx")
    if created is not None:
        d.core_properties.created = created
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_created_is_not_the_essays_date():
    from datetime import datetime

    doc = read(_docx(["A title", ENGLISH], created=datetime(2024, 5, 6, 7, 8)), "c.docx")
    assert (doc.title, doc.date, doc.date_source) == ("A title", "", "")


def test_docx_date_line_in_the_first_paragraphs():
    from datetime import datetime

    raw = _docx(["A title", "By D. Writer", "14 March 2025", ENGLISH], created=datetime(2024, 5, 6))
    doc = read(raw, "d.docx")
    assert (doc.title, doc.date, doc.date_source, doc.author) == (
        "A title",
        "2025-03-14",
        "date line under the title",
        "D. Writer",
    )
    assert texts(doc) == [ENGLISH]


# our three test essays carry their dates where such documents do


@pytest.mark.parametrize(
    ("name", "iso", "source", "warnings"),
    [
        ("page.html", "2022-09-30", "meta article:published_time", ("1 script element(s) removed (never run)",)),
        ("analysis-footnotes.md", "2023-02-14", "date line under the title", ()),
        (
            "news-report.txt",
            "2022-12-13",
            "dateline",
            ("date 2022-12-13 taken from the dateline 'KYIV, Ukraine, Dec. 13, 2022' (paragraph p1); check it, or give --date",),
        ),
    ],
)
def test_our_essays_are_dated(name, iso, source, warnings):
    from essay_corpus import ESSAYS

    doc = read_file(ESSAYS / name)
    assert (doc.date, doc.date_source, doc.warnings) == (iso, source, warnings)
