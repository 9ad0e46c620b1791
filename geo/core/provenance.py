"""Which files a figure was computed from.

Every loader that hands out data (a control layer, Ukraine's outline, the admin units, a place's
geometry, an imported snapshot, the population table) calls `note()` with the file it came from,
on every call, cached or not. A figure is computed inside `recording()`, and its citation is what
was noted there: exactly the layers and files that computed it, never a list typed by hand.
`tests/test_citations.py` checks this against the files really opened with every cache cleared.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

_ACTIVE: contextvars.ContextVar[list[set[str]] | None] = contextvars.ContextVar("briefmap_provenance", default=None)


def note(*refs: str) -> None:
    """Record that the data of these files (repo paths, store file names or dataset names) is in use."""
    stack = _ACTIVE.get()
    if stack:
        for used in stack:
            used.update(r for r in refs if r)


@contextmanager
def recording() -> Iterator[set[str]]:
    """Collect every `note()` made inside the block (nested recordings each see their own and inner notes)."""
    used: set[str] = set()
    stack = _ACTIVE.get() or []
    token = _ACTIVE.set([*stack, used])
    try:
        yield used
    finally:
        _ACTIVE.reset(token)


def order(refs: set[str] | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Citations in a stable, readable order: lines first, then regions, places, authored tables, datasets."""
    rank = ("data/user", "data/control", "data/regions", "data/places", "data/authored", "data/")

    def key(r: str) -> tuple[int, str]:
        for i, prefix in enumerate(rank):
            if r.startswith(prefix):
                return i, r
        return (0 if r.endswith(".geojson") else len(rank)), r  # store files (by name) with the lines

    return tuple(sorted(set(refs), key=key))


@dataclass(frozen=True)
class Fact:
    """One figure as shown: label, value and the files that computed it."""

    label: str
    value: str
    sources: tuple[str, ...] = ()
    key: str = ""

    @property
    def source(self) -> str:
        return "; ".join(self.sources)


def fact(label: str, compute: Callable[[], str], key: str = "", extra: tuple[str, ...] = ()) -> Fact:
    """Compute a value while recording what it read; the Fact cites exactly that (plus `extra` notes
    for sources that are not files, such as an official figure's publisher).

    Examples
    --------
    >>> from geo.figures.stats import control_geometry
    >>> from geo.core.measure import area_km2
    >>> f = fact("Held", lambda: f"{area_km2(control_geometry('held-2022-11-17')):,.0f} km²")
    >>> f.sources
    ('data/control/held-2022-11-17.geojson',)
    """
    with recording() as used:
        value = compute()
    return Fact(label, value, order(used) + tuple(e for e in extra if e not in used), key)
