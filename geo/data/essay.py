"""The essay as data: the input document, split into numbered paragraphs with stable ids.

The text under data/essays is the seed file with its scraping artefact (a first line
`{{currentView.title}}`) removed, and nothing else changed, so quotes can be checked verbatim.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.core.geojson_io import atomic_write_text
from geo.core.paths import ESSAYS

META_FILE = ESSAYS / "essays.toml"
ARTEFACT = "{{currentView.title}}"


@dataclass(frozen=True)
class Paragraph:
    id: str  # "p1" .. "pN": stable as long as the text is
    number: int
    text: str


@dataclass(frozen=True)
class Essay:
    id: str
    title: str
    date: str
    attribution: str
    source_file: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def text(self) -> str:
        """The body as one string, paragraphs separated by blank lines (for substring checks)."""
        return "\n\n".join(p.text for p in self.paragraphs)

    def paragraph(self, pid: str) -> Paragraph:
        for p in self.paragraphs:
            if p.id == pid:
                return p
        raise KeyError(f"essay {self.id!r} has no paragraph {pid!r} (has p1..p{len(self.paragraphs)})")


@dataclass(frozen=True)
class EssayMeta:
    """An essay's row in essays.toml: what the app briefs from (its date and its layers)."""

    id: str
    title: str
    date: str
    file: str
    held_layer: str  # our authored held layer for the essay's date (data/control/)
    liberated_layer: str
    claimed_not_held_layer: str


def _read_meta() -> tuple[EssayMeta, ...]:
    rows = tomllib.loads(META_FILE.read_text(encoding="utf-8"))["essay"]
    return tuple(
        EssayMeta(
            id=r["id"],
            title=r["title"],
            date=str(r["date"]),
            file=r["file"],
            held_layer=r["held_layer"],
            liberated_layer=r["liberated_layer"],
            claimed_not_held_layer=r["claimed_not_held_layer"],
        )
        for r in rows
    )


ESSAYS_META = _read_meta()
CURRENT = ESSAYS_META[0]  # the first essay listed: the one the app briefs from
ESSAY_DATE = CURRENT.date
HELD_LAYER = CURRENT.held_layer
LIBERATED_LAYER = CURRENT.liberated_layer
CLAIMED_NOT_HELD_LAYER = CURRENT.claimed_not_held_layer


def essay_date() -> str:
    """The essay's date, as essays.toml gives it (the first essay: the one the app briefs from)."""
    return ESSAY_DATE


def clean_seed(raw: str) -> str:
    """Drop the scraping artefact line; keep every other character as it is."""
    lines = raw.replace("\r\n", "\n").split("\n")
    if lines and lines[0].strip() == ARTEFACT:
        lines = lines[1:]
    return "\n".join(lines).strip("\n") + "\n"


def parse(text: str, essay_id: str, attribution: str, source_file: str) -> Essay:
    """Date line, title line, then one paragraph per non-empty line."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 3:
        raise ValueError(f"essay {essay_id!r}: expected a date line, a title and paragraphs, got {len(lines)} lines")
    from datetime import datetime

    date = datetime.strptime(lines[0].strip(), "%B %d, %Y").date().isoformat()
    paras = tuple(Paragraph(id=f"p{i}", number=i, text=ln) for i, ln in enumerate(lines[2:], start=1))
    return Essay(
        id=essay_id, title=lines[1].strip(), date=date, attribution=attribution, source_file=source_file, paragraphs=paras
    )


def _meta() -> dict:
    with open(META_FILE, "rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=4)
def load(essay_id: str | None = None) -> Essay:
    """Load an essay from data/essays (the first one listed if no id is given)."""
    meta = _meta()
    rows = meta["essay"]
    row = rows[0] if essay_id is None else next((r for r in rows if r["id"] == essay_id), None)
    if row is None:
        raise KeyError(f"no essay {essay_id!r} in {META_FILE.name}; known: {[r['id'] for r in rows]}")
    path = ESSAYS / row["file"]
    essay = parse(path.read_text(encoding="utf-8"), row["id"], row["attribution"], row["file"])
    if essay.date != row["date"] or essay.title != row["title"]:
        raise ValueError(
            f"{row['file']}: text says {essay.title!r} of {essay.date}, essays.toml says {row['title']!r} of {row['date']}"
        )
    return essay


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def import_seed(seed: Path, dest: Path) -> str:
    """Write the cleaned seed to dest; returns the cleaned text's sha256 (recorded in essays.toml)."""
    cleaned = clean_seed(seed.read_text(encoding="utf-8"))
    atomic_write_text(dest, cleaned)
    return sha256(cleaned)
