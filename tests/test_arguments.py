from dataclasses import replace

from geo.data import arguments, essay


def test_all_quotes_verbatim_and_coverage_complete():
    assert arguments.problems() == []
    assert arguments.coverage_problems() == []


def test_a_changed_quote_is_caught():
    amap = arguments.load()
    mel = amap.arguments["melitopol"]
    bad_quote = replace(mel.quotes[0], text=mel.quotes[0].text.replace("vital hub", "vital centre"))
    bad = replace(amap, arguments={**amap.arguments, "melitopol": replace(mel, quotes=(bad_quote,))})
    problems = arguments.problems(bad)
    assert any("not verbatim" in p and "melitopol" in p for p in problems)


def test_a_quote_in_the_wrong_paragraph_says_where_it_is():
    amap = arguments.load()
    mel = amap.arguments["melitopol"]
    moved = replace(mel.quotes[0], paragraph="p2")
    bad = replace(amap, arguments={**amap.arguments, "melitopol": replace(mel, quotes=(moved,))})
    assert any("it is in p7" in p for p in arguments.problems(bad))


def test_a_missing_entry_fails_coverage():
    amap = arguments.load()
    without = replace(amap, arguments={k: v for k, v in amap.arguments.items() if k != "mariupol"})
    assert any("'mariupol'" in p for p in arguments.coverage_problems(without))


def test_key_places_have_quotes_from_paragraph_seven():
    amap = arguments.load()
    for pid in ("melitopol", "zaporizhzhia-npp", "mariupol", "dnipro-river", "western-kherson"):
        assert any(q.paragraph == "p7" for q in amap.arguments[pid].quotes), pid
    p7 = essay.load().paragraph("p7").text
    assert "vital hub of Melitopol" in p7
