"""Metadata of authored lines and control layers (data/authored/lines.toml), validated on load."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.core.paths import AUTHORED

LINES_FILE = AUTHORED / "lines.toml"
LINE_KINDS = {"river", "route", "front"}


@dataclass(frozen=True)
class LineMeta:
    id: str
    kind: str
    title: str
    source: str
    accuracy: str


@dataclass(frozen=True)
class ControlSpec:
    id: str
    title: str
    date: str
    source: str
    accuracy: str
    lines: tuple[str, ...] = ()
    include_units: tuple[str, ...] = ()
    held_seeds: tuple[int, ...] = ()
    minuend: str | None = None  # derived layers: minuend minus subtrahend
    subtrahend: str | None = None

    @property
    def derived(self) -> bool:
        return self.minuend is not None


@dataclass(frozen=True)
class LinesSpec:
    lines: tuple[LineMeta, ...]
    controls: tuple[ControlSpec, ...]

    def line(self, line_id: str) -> LineMeta:
        for m in self.lines:
            if m.id == line_id:
                return m
        raise KeyError(f"unknown line {line_id!r}; known: {[m.id for m in self.lines]}")

    def control(self, layer_id: str) -> ControlSpec:
        for c in self.controls:
            if c.id == layer_id:
                return c
        raise KeyError(f"unknown control layer {layer_id!r}; known: {[c.id for c in self.controls]}")


def _require(row: dict, keys: tuple[str, ...], what: str) -> None:
    for k in keys:
        if k not in row or row[k] in ("", None):
            raise ValueError(f"{LINES_FILE.name}: {what} {row.get('id', '?')!r} lacks {k!r}")


@lru_cache(maxsize=1)
def load(path: Path = LINES_FILE) -> LinesSpec:
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    metas = []
    for row in raw.get("line", []):
        _require(row, ("id", "kind", "title", "source", "accuracy"), "line")
        if row["kind"] not in LINE_KINDS:
            raise ValueError(f"{path.name}: line {row['id']!r} has kind {row['kind']!r}, expected one of {sorted(LINE_KINDS)}")
        metas.append(LineMeta(**{k: row[k] for k in ("id", "kind", "title", "source", "accuracy")}))
    controls = []
    for row in raw.get("control", []):
        _require(row, ("id", "title", "date", "source", "accuracy"), "control layer")
        controls.append(
            ControlSpec(
                id=row["id"],
                title=row["title"],
                date=row["date"],
                source=row["source"],
                accuracy=row["accuracy"],
                lines=tuple(row.get("lines", [])),
                include_units=tuple(row.get("include_units", [])),
                held_seeds=tuple(int(s) for s in row.get("held_seeds", [])),
            )
        )
    for row in raw.get("derived", []):
        _require(row, ("id", "title", "date", "source", "accuracy", "minuend", "subtrahend"), "derived layer")
        controls.append(
            ControlSpec(
                id=row["id"],
                title=row["title"],
                date=row["date"],
                source=row["source"],
                accuracy=row["accuracy"],
                minuend=row["minuend"],
                subtrahend=row["subtrahend"],
            )
        )
    ids = [m.id for m in metas] + [c.id for c in controls]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"{path.name}: duplicate ids {dupes!r}")
    return LinesSpec(lines=tuple(metas), controls=tuple(controls))
