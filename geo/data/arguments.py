"""The argument map: verbatim quotes (with paragraph ids), our summaries, themes, related places."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.core.paths import AUTHORED
from geo.data import essay as essay_mod
from geo.data import gazetteer

ARGUMENTS_FILE = AUTHORED / "arguments.toml"
SUMMARY_LABEL = "Our summary (not the essay's words)"


@dataclass(frozen=True)
class Quote:
    paragraph: str
    text: str

    @property
    def number(self) -> int:
        return int(self.paragraph[1:])


@dataclass(frozen=True)
class Argument:
    place: str
    summary: str
    themes: tuple[str, ...]
    related: tuple[str, ...]
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class ArgumentMap:
    essay_id: str
    themes: tuple[str, ...]
    arguments: dict[str, Argument]

    def get(self, place_id: str) -> Argument | None:
        return self.arguments.get(place_id)


@lru_cache(maxsize=1)
def load(path: Path = ARGUMENTS_FILE) -> ArgumentMap:
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    args: dict[str, Argument] = {}
    for row in raw.get("argument", []):
        if row["place"] in args:
            raise ValueError(f"{path.name}: two arguments for place {row['place']!r}")
        args[row["place"]] = Argument(
            place=row["place"],
            summary=row["summary"],
            themes=tuple(row.get("themes", [])),
            related=tuple(row.get("related", [])),
            quotes=tuple(Quote(paragraph=q["paragraph"], text=q["text"]) for q in row.get("quote", [])),
        )
    return ArgumentMap(essay_id=raw["essay"], themes=tuple(raw["themes"]), arguments=args)


def problems(amap: ArgumentMap | None = None) -> list[str]:
    """Everything wrong with the argument map: non-verbatim quotes, unknown places/themes/paragraphs."""
    amap = amap or load()
    gaz = gazetteer.load()
    essay = essay_mod.load(amap.essay_id)
    out: list[str] = []
    for a in amap.arguments.values():
        if a.place not in gaz:
            out.append(f"argument for unknown place {a.place!r}")
        if not a.quotes:
            out.append(f"{a.place}: no quote")
        if not a.summary.strip():
            out.append(f"{a.place}: empty summary")
        for t in a.themes:
            if t not in amap.themes:
                out.append(f"{a.place}: theme {t!r} is not in the theme list {amap.themes}")
        for r in a.related:
            if r not in gaz:
                out.append(f"{a.place}: related place {r!r} is not in the gazetteer")
        for q in a.quotes:
            try:
                para = essay.paragraph(q.paragraph)
            except KeyError as exc:
                out.append(f"{a.place}: {exc.args[0]}")
                continue
            if q.text not in para.text:
                where = next((p.id for p in essay.paragraphs if q.text in p.text), None)
                hint = f" (it is in {where})" if where else " (not found anywhere in the essay)"
                out.append(f"{a.place}: quote is not verbatim in {q.paragraph}{hint}: {q.text[:70]!r}")
    return out


def coverage_problems(amap: ArgumentMap | None = None) -> list[str]:
    """Every place the essay mentions (by gazetteer name, alias or phrase) must have an argument."""
    amap = amap or load()
    gaz = gazetteer.load()
    essay = essay_mod.load(amap.essay_id)
    out = []
    for p in essay.paragraphs:
        for m in gaz.mentions(p.text, p.id):
            for pid in m.places:
                if pid not in amap.arguments:
                    out.append(f"{p.id}: {m.text!r} refers to {pid!r}, which has no entry in {ARGUMENTS_FILE.name}")
    return out
