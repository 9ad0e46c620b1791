"""geo.essays.split: sentences that survive real texts (quotes, abbreviations, initials, dates,
decimals, ellipses, footnote markers, closing quotes and brackets), and fast enough."""

from __future__ import annotations

import time

import pytest

from geo.essays.split import sentence_texts, sentences


def split(text: str) -> list[str]:
    return sentence_texts(text)


CASES = [
    # quotes: a comma inside the quote, the sentence goes on to "he said."
    ("“We will not retreat,” he said. Next came the shelling.", ["“We will not retreat,” he said.", "Next came the shelling."]),
    ('"We will not retreat," he said. Next came the shelling.', ['"We will not retreat," he said.', "Next came the shelling."]),
    # a question or exclamation inside a quote followed by a lower-case word: one sentence
    ("“Why now?” she asked. It was late.", ["“Why now?” she asked.", "It was late."]),
    ("“Hold Bakhmut!” was the order. It held.", ["“Hold Bakhmut!” was the order.", "It held."]),
    # sentence ending inside a closing quote or a bracket
    ("He called it a “ceasefire.” Then the shelling resumed.", ["He called it a “ceasefire.”", "Then the shelling resumed."]),
    ("(The bridge was hit twice.) Traffic stopped.", ["(The bridge was hit twice.)", "Traffic stopped."]),
    ("Forces withdrew [see map.] Kherson was free.", ["Forces withdrew [see map.]", "Kherson was free."]),
    # abbreviations
    ("The U.S. Army sent HIMARS. They arrived in June.", ["The U.S. Army sent HIMARS.", "They arrived in June."]),
    ("Aid came from the U.S. The Kremlin objected.", ["Aid came from the U.S.", "The Kremlin objected."]),
    ("The U.K. Defence Ministry said so. It was right.", ["The U.K. Defence Ministry said so.", "It was right."]),
    ("Gen. Zaluzhnyi spoke. Col. Smith agreed.", ["Gen. Zaluzhnyi spoke.", "Col. Smith agreed."]),
    ("Lt. Gen. Hodges said it. Mr. Putin did not.", ["Lt. Gen. Hodges said it.", "Mr. Putin did not."]),
    (
        "Dr. Kofman and Mrs. Jones met in St. Petersburg. Nothing came of it.",
        ["Dr. Kofman and Mrs. Jones met in St. Petersburg.", "Nothing came of it."],
    ),
    (
        "Cities, e.g. Kherson, were retaken. Others, i.e. Melitopol, were not.",
        ["Cities, e.g. Kherson, were retaken.", "Others, i.e. Melitopol, were not."],
    ),
    ("Cities, e.g. Kherson and Izium. Others remained.", ["Cities, e.g. Kherson and Izium.", "Others remained."]),
    ("See Resolution No. 5 of the UN. It passed.", ["See Resolution No. 5 of the UN.", "It passed."]),
    (
        "He has secured almost exactly what he had before. No. Putin saves no face.",
        ["He has secured almost exactly what he had before.", "No.", "Putin saves no face."],
    ),
    (
        "It began on Jan. 3 and ended in Feb. The rest is history.",
        ["It began on Jan. 3 and ended in Feb.", "The rest is history."],
    ),
    # initials
    ("J. R. R. Tolkien wrote it. George W. Bush read it.", ["J. R. R. Tolkien wrote it.", "George W. Bush read it."]),
    ("They called it Plan B. The plan failed.", ["They called it Plan B.", "The plan failed."]),
    # dates
    (
        "The essay is dated Nov. 17, 2022. It argues against talks.",
        ["The essay is dated Nov. 17, 2022.", "It argues against talks."],
    ),
    (
        "On Sept. 30, 2022, Putin announced annexations. Kyiv refused.",
        ["On Sept. 30, 2022, Putin announced annexations.", "Kyiv refused."],
    ),
    ("Kherson was freed in 2022. 2023 began with Bakhmut.", ["Kherson was freed in 2022.", "2023 began with Bakhmut."]),
    # decimals and numbers
    ("The front moved 1.5 km. Then it stopped at 3.25 km.", ["The front moved 1.5 km.", "Then it stopped at 3.25 km."]),
    ("About 7.5 million people fled. Most went west.", ["About 7.5 million people fled.", "Most went west."]),
    # ellipses
    (
        "He has secured…almost exactly what he had before. No one believes it.",
        ["He has secured…almost exactly what he had before.", "No one believes it."],
    ),
    ("Wait... and see. That was the advice.", ["Wait... and see.", "That was the advice."]),
    ("They waited… Then the offensive began.", ["They waited…", "Then the offensive began."]),
    ("They waited... Then the offensive began.", ["They waited...", "Then the offensive began."]),
    # footnote markers after the full stop
    ("Russia renewed the offensive.[3] The line held.", ["Russia renewed the offensive.[3]", "The line held."]),
    ("Russia renewed the offensive.[12][13] The line held.", ["Russia renewed the offensive.[12][13]", "The line held."]),
    ("Russia renewed the offensive.³ The line held.", ["Russia renewed the offensive.³", "The line held."]),
    ("Russia renewed the offensive[3]. The line held.", ["Russia renewed the offensive[3].", "The line held."]),
    ("“It is over.”[4] Then silence.", ["“It is over.”[4]", "Then silence."]),
    # question and exclamation marks
    (
        "How can that reality come about? The West should help. Now!",
        ["How can that reality come about?", "The West should help.", "Now!"],
    ),
    ("Is it over?! Nobody knows.", ["Is it over?!", "Nobody knows."]),
    # a sentence starting with an opening quote
    ("Kyiv refused. “Never,” said Zelensky.", ["Kyiv refused.", "“Never,” said Zelensky."]),
    # no break before a lower-case word, a dash or a comma
    ("The plant at Enerhodar, etc. remains occupied.", ["The plant at Enerhodar, etc. remains occupied."]),
    ("Hostilities ended at 5 p.m. on Monday.", ["Hostilities ended at 5 p.m. on Monday."]),
    ("Hostilities ended at 5 p.m. The next day was quiet.", ["Hostilities ended at 5 p.m.", "The next day was quiet."]),
    # web addresses and U.S.-led
    ("A U.S.-led coalition formed. It grew.", ["A U.S.-led coalition formed.", "It grew."]),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:40] for c in CASES])
def test_cases(text, expected):
    assert split(text) == expected


def test_offsets_are_verbatim_and_cover_the_text():
    text = "  Kyiv held.  Kherson was freed.\n“Why?” Nobody knows…   "
    spans = sentences(text)
    assert [text[a:b] for a, b in spans] == ["Kyiv held.", "Kherson was freed.", "“Why?”", "Nobody knows…"]
    covered = "".join(text[a:b] for a, b in spans)
    assert "".join(covered.split()) == "".join(text.split())  # every non-space character, once
    # spans are ordered, disjoint, without surrounding whitespace
    for (a, b), (c, _d) in zip(spans, spans[1:]):
        assert a < b <= c
    assert all(not text[a].isspace() and not text[b - 1].isspace() for a, b in spans)


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_blank(text):
    assert sentences(text) == []


def test_no_terminal_punctuation_is_one_sentence():
    assert split("Kherson, Mykolaiv and Odesa") == ["Kherson, Mykolaiv and Odesa"]


def test_seed_essay_sentences():
    """The seed essay's paragraphs split into the sentences a reader sees (a few pinned)."""
    from geo.data.essay import load

    essay = load()
    p2 = split(essay.paragraph("p2").text)
    assert "No." in p2 and "Putin saves no face by doing that." in p2
    p7 = split(essay.paragraph("p7").text)
    assert len(p7) == 9
    assert p7[1].startswith("Russia still controls the Zaporizhzhia Nuclear Power Plant")
    total = sum(len(split(p.text)) for p in essay.paragraphs)
    assert total == 60


def test_fast_enough():
    """5,000 words (about 250 sentences with every hard case) split well under a second."""
    text = " ".join(c[0] for c in CASES)
    words = len(text.split())
    reps = 5000 // words + 1
    para = " ".join([text] * reps)
    t = time.perf_counter()
    spans = sentences(para)
    took = time.perf_counter() - t
    assert len(para.split()) >= 5000
    assert len(spans) > 250
    assert took < 0.5, f"{took:.3f} s for {len(para.split())} words"
