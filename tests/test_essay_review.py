"""geo.essays.review: decisions applied to a stored essay, every value checked, "add a place" search."""

from __future__ import annotations

import dataclasses

import pytest

from geo.essays import model, review

KHERSON_CITY = model.Candidate("kherson", "Kherson", "city", 46.6354, 32.6169, "gazetteer (data/authored/places.toml)")
KHERSON_OBLAST = model.Candidate(
    "kherson-oblast", "Kherson Oblast", "region", 46.75, 33.5, "gazetteer (data/authored/places.toml)"
)


def mention(pid: str, sentence: str, name: str) -> model.Mention:
    at = sentence.index(name)
    return model.Mention(pid, sentence, name, at, at + len(name))


def essay(**kw) -> model.Essay:
    s1 = "Russian troops left Kherson on Friday."
    s2 = "Kherson's people cheered, and Hola Prystan waited."
    s3 = "Shelling hit Melitopol again."
    s4 = "Hola Prystan's mayor spoke; later, near Hola Prystan, more shelling."
    paragraphs = (model.Paragraph("p1", f"{s1} {s2}"), model.Paragraph("p2", s3), model.Paragraph("p3", s4))
    kherson = model.FoundPlace(
        "kherson",
        "Kherson",
        "city",
        46.6354,
        32.6169,
        "gazetteer (data/authored/places.toml)",
        0.8,
        (mention("p1", s1, "Kherson"), mention("p1", s2, "Kherson's")),
        why="the city: 'left Kherson' names a town",
        alternatives=(KHERSON_OBLAST,),
    )
    melitopol = model.FoundPlace(
        "melitopol",
        "Melitopol",
        "city",
        46.8474,
        35.3820,
        "gazetteer (data/authored/places.toml)",
        1.0,
        (mention("p2", s3, "Melitopol"),),
    )
    unresolved = (model.Unresolved("Hola Prystan", "p1", s2), model.Unresolved("Hola Prystan", "p3", s4))
    base = model.Essay(
        "test-2024-01-05", "Test", "2024-01-05", "", "t.txt", "0" * 64, paragraphs, (kherson, melitopol), unresolved
    )
    return dataclasses.replace(base, **kw)


# ---- reviewed_places ---------------------------------------------------------------------------


def test_places_not_reviewed_stay_as_found():
    e = essay()
    assert review.reviewed_places(e) == list(e.places)
    assert review.status_of(e, "kherson") == ""


def test_rejected_place_is_left_out_and_accepted_stays():
    e = review.decide(review.decide(essay(), "kherson", "rejected"), "melitopol", "accepted")
    assert [p.id for p in review.reviewed_places(e)] == ["melitopol"]
    assert review.counts(e) == {"found": 2, "accepted": 1, "rejected": 1, "pending": 0, "added": 0, "unresolved": 1}


def test_the_other_candidate_replaces_the_place_and_keeps_its_sentences():
    e = review.decide(essay(), "kherson", "accepted", chosen="kherson-oblast")
    places = review.reviewed_places(e)
    oblast = places[0]
    assert (oblast.id, oblast.name, oblast.kind, oblast.lat, oblast.lon) == (
        "kherson-oblast",
        "Kherson Oblast",
        "region",
        46.75,
        33.5,
    )
    assert oblast.mentions == essay().places[0].mentions  # the essay's sentences, verbatim
    assert oblast.why == "the analyst chose Kherson Oblast instead of Kherson"
    assert [a.id for a in oblast.alternatives] == ["kherson"]  # the found one, to go back to
    assert [p.id for p in places] == ["kherson-oblast", "melitopol"]


def test_added_place_has_the_analysts_name_and_every_sentence_that_names_it_verbatim():
    gid = review.search_candidates("Hola Prystan")[0].id
    e = review.decide(essay(), gid, "added", name="Hola Prystan")
    added = review.reviewed_places(e)[-1]
    assert added.id == gid and added.name == "Hola Prystan" and added.kind == "settlement"
    assert added.why == "added by the analyst" and added.confidence == 1.0
    assert [(m.paragraph, m.text, m.name, m.start, m.end) for m in added.mentions] == [
        ("p1", "Kherson's people cheered, and Hola Prystan waited.", "Hola Prystan", 30, 42),
        ("p3", "Hola Prystan's mayor spoke; later, near Hola Prystan, more shelling.", "Hola Prystan", 0, 12),
    ]
    assert review.added_names(e) == {"Hola Prystan"}
    assert review.status_of(e, gid) == "added"
    # taken back: rejecting an added place removes it
    back = review.decide(e, gid, "rejected")
    assert back.decisions == () and review.reviewed_places(back) == list(essay().places)


def test_names_are_matched_verbatim_as_whole_words():
    e = essay()
    assert review.find_name(e, "Prystan") != ()
    assert review.find_name(e, "hola prystan") == ()  # as written, not case-folded
    assert review.find_name(e, "Kher") == ()  # whole words only
    assert review.find_name(e, "") == ()


def test_sentences_keep_abbreviations_inside():
    e = essay(paragraphs=(model.Paragraph("p1", "Gen. Zaluzhnyi said the U.S. would help. Kyiv agreed."),))
    assert review.sentences(e) == [("p1", "Gen. Zaluzhnyi said the U.S. would help."), ("p1", "Kyiv agreed.")]


# ---- decide: every value checked ------------------------------------------------------------


def test_decide_replaces_the_earlier_decision_in_place_and_leaves_the_essay_as_it_was():
    e0 = essay()
    e1 = review.decide(e0, "kherson", "accepted", summary="The city fell back to Ukraine.")
    e2 = review.decide(e1, "melitopol", "rejected")
    e3 = review.decide(e2, "kherson", "rejected")
    assert e0.decisions == ()
    assert e3.decisions == (model.Decision("kherson", "rejected"), model.Decision("melitopol", "rejected"))
    assert e1.decisions == (model.Decision("kherson", "accepted", summary="The city fell back to Ukraine."),)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("kherson", "maybe"), {}, 'status "maybe" is not one of accepted, rejected, added'),
        (("kherson", "<b>x</b>\n"), {}, 'status "<b>x</b>\\n" is not one of accepted, rejected, added'),
        (("kyiv", "accepted"), {}, 'place "kyiv" is not one of this essay\'s places'),
        (("kherson", "accepted"), {"chosen": "mykolaiv"}, 'chosen place "mykolaiv" is not one of the alternatives for Kherson'),
        (
            ("kherson", "rejected"),
            {"chosen": "kherson-oblast"},
            'chosen place "kherson-oblast": a rejected place has no other candidate',
        ),
        (("kherson", "accepted"), {"summary": "x" * 201}, f'summary "{"x" * 50}…" is 201 characters long: at most 200'),
        (("kherson", "accepted"), {"summary": "two\nlines"}, 'summary "two\\nlines" has a line break: it must be one line'),
        (("kherson", "accepted"), {"summary": "bell\x07"}, 'summary "bell\\x07" has a control character'),
        (("kherson", "accepted"), {"summary": "rtl\u202eevil"}, 'summary "rtl\\u202eevil" has a control character'),
        (("kherson", "accepted"), {"name": "Kherson"}, 'name "Kherson" is only for an added place'),
        (("gn-1", "added"), {}, 'place "gn-1" is neither a gazetteer place nor a GeoNames settlement'),
        (("kherson", "added"), {}, 'place "kherson" is already among the essay\'s places: accept it there'),
        (("mykolaiv", "added"), {"name": "a\rb"}, 'name "a\\rb" has a line break: it must be one line'),
        (("mykolaiv", "added"), {"chosen": "kyiv"}, 'chosen place "kyiv" must be empty or the added place itself'),
        ((f"gn-{'9' * 40}", "added"), {}, f'place "gn-{"9" * 40}" is neither a gazetteer place nor a GeoNames settlement'),
        (("k" * 80, "rejected"), {}, f'place "{"k" * 50}…" is not one of this essay\'s places'),
    ],
)
def test_bad_values_raise_one_line_quoting_the_value(args, kwargs, message):
    e = essay()
    with pytest.raises(ValueError) as err:
        review.decide(e, *args, **kwargs)
    assert str(err.value) == message
    assert "\n" not in str(err.value)
    assert e == essay()  # nothing changed


def test_summary_of_200_characters_is_kept_stripped():
    e = review.decide(essay(), "kherson", "accepted", summary="  " + "y" * 200 + " ")
    assert e.decisions[0].summary == "y" * 200


def test_choosing_the_found_place_itself_is_no_choice():
    e = review.decide(essay(), "kherson", "accepted", chosen="kherson")
    assert e.decisions == (model.Decision("kherson", "accepted"),)


# ---- search_candidates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Zaporozhye", "zaporizhzhia"),
        ("Kiev", "kyiv"),
        ("kyiv", "kyiv"),
        ("the Kremlin", "moscow"),
        ("Energodar", "enerhodar"),
        ("Melitopol", "melitopol"),
    ],
)
def test_search_finds_the_gazetteer_place_first_in_any_spelling(query, first):
    assert review.search_candidates(query)[0].id == first


def test_search_finds_geonames_settlements_and_prefers_an_exact_name():
    lviv = review.search_candidates("Lviv")
    assert lviv[0].kind == "settlement" and lviv[0].name == "Lviv" and lviv[0].id.startswith("gn-")
    assert "lviv-oblast" in [c.id for c in lviv]
    ivanivka = [c for c in review.search_candidates("Ivanivka") if c.name == "Ivanivka"]
    assert len(ivanivka) > 5  # a name shared by many villages: each one, the largest first
    pops = [c.population for c in ivanivka]
    assert pops == sorted(pops, reverse=True)
    assert len({c.admin1 for c in ivanivka}) > 3
    assert review.candidate(ivanivka[0].id) == ivanivka[0]


def test_search_never_lists_a_gazetteer_place_twice():
    ids = [c.id for c in review.search_candidates("Melitopol", limit=50)]
    assert len(ids) == len(set(ids))
    assert all(review.candidate(i).name != "Melitopol" or i == "melitopol" for i in ids)


def test_search_is_bounded_and_safe():
    assert review.search_candidates("") == []
    assert review.search_candidates("   ") == []
    assert review.search_candidates(None) == []  # type: ignore[arg-type]
    assert len(review.search_candidates("a" * 100_000)) <= review.SEARCH_LIMIT
    assert len(review.search_candidates("Ivan", limit=3)) == 3
    assert [c.id for c in review.search_candidates("<b>Kyiv</b>")][:1] == ["kyiv"]
    assert review.search_candidates("zzqxj") == []


def test_candidate_by_id():
    assert review.candidate("melitopol").kind == "city"
    assert review.candidate("nowhere") is None
    assert review.candidate("gn-0") is None
    assert review.candidate(42) is None  # type: ignore[arg-type]


def test_quote_cuts_and_escapes():
    assert review.quote("x" * 51) == '"' + "x" * 50 + '…"'
    assert review.quote("x" * 50) == '"' + "x" * 50 + '"'
    assert review.quote("a\tb\x1b[31m") == '"a\\tb\\x1b[31m"'
