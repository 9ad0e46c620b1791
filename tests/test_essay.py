from geo.data import essay


def test_artefact_dropped_and_paragraphs_numbered():
    e = essay.load()
    assert e.title == "The Case Against Negotiations with Russia"
    assert e.date == "2022-11-17"
    assert len(e.paragraphs) == 12
    assert [p.id for p in e.paragraphs] == [f"p{i}" for i in range(1, 13)]
    assert essay.ARTEFACT not in e.text
    assert e.paragraphs[0].text.startswith("Negotiations cannot end the Russian war")
    assert e.paragraphs[6].text.startswith("That consideration is extremely important")


def test_clean_seed_only_drops_the_artefact_line():
    raw = "{{currentView.title}}\nNovember 17, 2022\nTitle\nBody “quoted”.\n"
    assert essay.clean_seed(raw) == "November 17, 2022\nTitle\nBody “quoted”.\n"
    assert essay.clean_seed("November 17, 2022\nT\nB") == "November 17, 2022\nT\nB\n"


def test_committed_text_matches_seed_file():
    from tests_paths import shared_fixture

    from geo.core.paths import SEED_ESSAY

    seed = shared_fixture(f"seed/{SEED_ESSAY.name}")  # skipped, with the reason, when ../shared is not there
    cleaned = essay.clean_seed(seed.read_text(encoding="utf-8"))
    meta = essay._meta()["essay"][0]
    assert essay.sha256(cleaned) == meta["sha256"]
    assert (essay.ESSAYS / meta["file"]).read_text(encoding="utf-8") == cleaned


def test_unknown_paragraph_names_the_range():
    e = essay.load()
    try:
        e.paragraph("p99")
    except KeyError as exc:
        assert "p1..p12" in str(exc)
    else:
        raise AssertionError("p99 should not exist")
