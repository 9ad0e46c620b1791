"""A user essay in a test store (issue 14), written by the tests themselves (never copied from
../shared/fixtures): the analytical piece below, its places as the finder would report them, and
one way to put it in a store (`add_user_essay`; switched to ``geo.essays.store`` once it lands).

The essay is ours, written for these tests. Its places: Melitopol and Zaporizhzhia (gazetteer), Tokmak
and Orikhiv (GeoNames settlements, "gn-…"), Kharkiv (gazetteer), and a name with markup in a sentence
so that the pages are seen to escape it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from geo.essays import model

ESSAY_ID = "the-southern-front-after-the-b-summer-b-offensive-2024-03-01"  # the store's slug of title and date
TITLE = "The southern front after the <b>summer</b> offensive"
DATE = "2024-03-01"
AUTHOR = "A. Analyst & <i>Co</i>"

PARAGRAPHS = (
    "The 2023 offensive aimed at Melitopol, the hub of the land bridge to Crimea. Its planners expected to cut the "
    "road within weeks.",
    "Russian defences around Tokmak held through August. Further north, the line at Orikhiv barely moved "
    "<script>alert(1)</script> despite heavy losses.",
    "Zaporizhzhia stayed within artillery range of the front. Its factories moved west.",
    "Far to the north, Kharkiv kept its power only through repairs made every night.",
)


def _sentence(pid: str, text: str, name: str) -> model.Mention:
    para = PARAGRAPHS[int(pid[1:]) - 1]
    for s in [x.strip() + ("." if not x.strip().endswith(".") else "") for x in para.split(". ")]:
        if name in s and s in para:
            i = s.index(name)
            return model.Mention(pid, s, name, i, i + len(name))
    raise AssertionError(f"{name!r} not in {pid}")


def _place(pid, name, kind, lat, lon, source, mentions, **kw) -> model.FoundPlace:
    return model.FoundPlace(pid, name, kind, lat, lon, source, 0.95, tuple(mentions), **kw)


def essay(decisions: tuple[model.Decision, ...] = ()) -> model.Essay:
    """The test essay as the store holds it."""
    gaz = "gazetteer (data/authored/places.toml)"
    places = (
        _place("melitopol", "Melitopol", "city", 46.8489, 35.3675, gaz, [_sentence("p1", "p1", "Melitopol")]),
        _place(
            "gn-691469",
            "Tokmak",
            "settlement",
            47.25554,
            35.70836,
            "GeoNames 691469 (data/places/names.json.gz)",
            [_sentence("p2", "p2", "Tokmak")],
            population=29573,
            country="UA",
            admin1="zaporizhzhia-oblast",
        ),
        _place(
            "gn-698428",
            "Orikhiv",
            "settlement",
            47.57613,
            35.78333,
            "GeoNames 698428 (data/places/names.json.gz)",
            [_sentence("p2", "p2", "Orikhiv")],
            population=14479,
            country="UA",
            admin1="zaporizhzhia-oblast",
        ),
        _place("zaporizhzhia", "Zaporizhzhia", "city", 47.8388, 35.1396, gaz, [_sentence("p3", "p3", "Zaporizhzhia")]),
        _place("kharkiv", "Kharkiv", "city", 49.9935, 36.2304, gaz, [_sentence("p4", "p4", "Kharkiv")]),
    )
    return model.Essay(
        id=ESSAY_ID,
        title=TITLE,
        date=DATE,
        author=AUTHOR,
        source_name="southern-front.txt",
        sha256="0" * 64,
        paragraphs=tuple(model.Paragraph(f"p{i}", t) for i, t in enumerate(PARAGRAPHS, 1)),
        places=places,
        unresolved=(),
        decisions=decisions,
    )


def add_user_essay(store: Path, e: model.Essay | None = None) -> model.Essay:
    """Put an essay in a store and return it as stored.

    Through ``geo.essays.store.add`` (helper A) when it exists, with a finder that reports this
    essay's places (so the test does not depend on the finder's choices), then its decisions with
    ``save_decisions``; until then as ``<store>/essays/<id>/essay.json`` (``model.Essay.as_dict()``),
    written atomically like the store writes it."""
    e = e or essay()
    try:
        from geo.essays import store as essay_store
    except ImportError:
        essay_store = None
    if essay_store is None or not hasattr(essay_store, "add"):
        folder = Path(store) / "essays" / e.id
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / ".essay.json.tmp"
        tmp.write_text(json.dumps(e.as_dict(), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, folder / "essay.json")
        return e

    def finder(paragraphs):
        got = [p.text for p in paragraphs]
        assert got == [p.text for p in e.paragraphs], f"the reader split the test essay differently: {got}"
        return e.places, e.unresolved

    raw = "\n\n".join(p.text for p in e.paragraphs).encode("utf-8")
    added = essay_store.add(raw, e.source_name, title=e.title, date=e.date, author=e.author, store=store, finder=finder)
    assert added.essay.id == e.id, added.essay.id
    if e.decisions:
        essay_store.save_decisions(e.id, e.decisions, store=store)
    return essay_store.load(e.id, store=store)
