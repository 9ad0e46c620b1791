"""One dated-lines service per snapshot store: the lines at a date, the change between two dates,
the disagreement between two sources, the freeze figures and the timeline, each computed once per
store revision.

`DatedLines.for_store(path)` returns the one instance for a store folder (the default store, or any
other: `--store`, a test's folder). Every result is kept until the store's revision
(geo.lines.store.revision: a cheap stamp that changes on every write, and when files are added or
removed by hand) changes; then everything is dropped and computed again on demand. The app's warm-up
thread and its sessions share an instance: a lock per result makes each one computed once, while
other results are served meanwhile.

The figures themselves come from the plain functions (geo.lines.timeline, geo.figures.change,
geo.figures.disagreement, geo.figures.freeze); the service only decides when to compute them again.
Kept results do not note their files in geo.core.provenance a second time: code that records
citations calls the plain functions.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from geo.core.provenance import Fact
from geo.figures import change as _change
from geo.figures import disagreement as _disagreement
from geo.figures import facts as _facts
from geo.figures import freeze as _freeze
from geo.figures import headline
from geo.lines import store, timeline

T = TypeVar("T")
MAX_KEPT = 1024  # results kept per revision, the oldest dropped first (a panel's facts per place and date are the many)


class DatedLines:
    """The dated lines of one store, with every result kept per store revision.

    Parameters
    ----------
    path : Path
        The store folder (use `DatedLines.for_store`, which keeps one instance per folder).

    Examples
    --------
    >>> svc = DatedLines.for_store()
    >>> svc is DatedLines.for_store()
    True
    >>> "2022-11-17" in svc.dates()
    True
    >>> svc.lines_at("2022-11-17").kind in ("authored", "imported")
    True
    """

    _instances: dict[Path, DatedLines] = {}
    _instances_lock = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._rev: str | None = None
        self._kept: dict[Hashable, Any] = {}
        self._filling: dict[Hashable, threading.Lock] = {}

    @classmethod
    def for_store(cls, path: str | Path | None = None) -> DatedLines:
        """The one service for a store folder.

        Parameters
        ----------
        path : str or Path, optional
            The store folder; by default geo.lines.store.store_dir() (--store, $BRIEFMAP_STORE, data/user/).

        Returns
        -------
        DatedLines
            The same instance for every spelling of the same folder.

        Examples
        --------
        >>> import tempfile
        >>> folder = tempfile.mkdtemp()
        >>> DatedLines.for_store(folder) is DatedLines.for_store(Path(folder) / ".")
        True
        >>> DatedLines.for_store(folder) is DatedLines.for_store()
        False
        """
        folder = store.store_dir(path)
        key = folder.resolve()
        with cls._instances_lock:
            if key not in cls._instances:
                cls._instances[key] = cls(folder)
            return cls._instances[key]

    @property
    def revision(self) -> str:
        """The store's revision now (geo.lines.store.revision)."""
        return store.revision(self.path)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, kept under `key` until the store's revision changes.

        For results derived from this store's lines (the map's dated layers, a panel's dated facts):
        name the key after what is computed, e.g. ``("dated_layers", date)``. An exception is not kept.

        Parameters
        ----------
        key : hashable
            What is computed, with its arguments.
        compute : callable
            Computes it from this store (called at most once per key and revision).

        Returns
        -------
        object
            What `compute` returned, now or at an earlier call in the same revision.

        Examples
        --------
        >>> svc = DatedLines.for_store()
        >>> svc.memo(("answer",), lambda: 42)
        42
        >>> svc.memo(("answer",), lambda: 0)  # kept: the store did not change
        42
        """
        rev = store.revision(self.path)
        with self._lock:
            if rev != self._rev:
                self._rev, self._kept, self._filling = rev, {}, {}
            if key in self._kept:
                return self._kept[key]
            while len(self._kept) >= MAX_KEPT:  # the oldest result goes first
                oldest = next(iter(self._kept))
                del self._kept[oldest]
                self._filling.pop(oldest, None)
            filling = self._filling.setdefault(key, threading.Lock())
        with filling:  # one computation per key; other keys are served meanwhile
            with self._lock:
                if rev == self._rev and key in self._kept:
                    return self._kept[key]
            value = compute()
            with self._lock:
                if rev == self._rev:
                    self._kept[key] = value
            return value

    # --- what the pages, the map and the CLI ask -------------------------------------------------

    def listing(self) -> list[store.Stored]:
        """The store's current snapshots (geo.lines.store.listing)."""
        return list(self.memo(("listing",), lambda: tuple(store.listing(self.path))))

    def dates(self) -> list[str]:
        """Every date with lines: the store's snapshots and our authored layers (geo.lines.timeline.available_dates).

        Returns
        -------
        list of str
            ISO dates, oldest first.

        Examples
        --------
        >>> DatedLines.for_store().dates()[0] <= "2022-11-17"
        True
        """
        return list(self.memo(("dates",), lambda: tuple(timeline.available_dates(self.path))))

    def stored_dates(self) -> list[str]:
        """The dates the store has snapshots for (not our authored ones)."""
        return sorted({s.date for s in self.listing()})

    def lines_at(self, date: str, source: str | None = None) -> timeline.LinesAt:
        """The lines for a date (geo.lines.timeline.lines_at): imported first, else our authored layer.

        Parameters
        ----------
        date : str
            ISO date.
        source : str, optional
            A source ("deepstate", "isw", "authored", ...); by default the store's preference.

        Returns
        -------
        LinesAt
            The date's lines; raises geo.data.layers.UnknownDate if there are none.

        Examples
        --------
        >>> DatedLines.for_store().lines_at("2022-11-17", "authored").source
        'authored'
        """
        return self.memo(("lines_at", date, source), lambda: timeline.lines_at(date, source, self.path))

    def change(self, d1: str, d2: str) -> _change.Change:
        """What changed from d1 to d2, like for like (geo.figures.change.compare).

        Parameters
        ----------
        d1, d2 : str
            ISO dates with lines, d1 before d2.

        Returns
        -------
        Change
            Gains and losses, or differences between sources, per oblast and essay place.

        Examples
        --------
        >>> DatedLines.for_store().change("2022-03-21", "2022-11-17").comparison  # doctest: +SKIP
        'same source'
        """
        return self.memo(("change", d1, d2), lambda: _change.compare(d1, d2, self.path))

    def disagreement(self, date: str, source_a: str, source_b: str) -> _disagreement.Disagreement:
        """Where two sources' held areas differ on one date (geo.figures.disagreement.disagreement).

        Parameters
        ----------
        date : str
            ISO date both sources have a snapshot for.
        source_a, source_b : str
            The two sources.

        Returns
        -------
        Disagreement
            The area each source alone counts as held, and how far apart their lines are.

        Examples
        --------
        >>> DatedLines.for_store().disagreement("2025-08-03", "deepstate", "isw").disputed_km2  # doctest: +SKIP
        1234.5
        """
        return self.memo(
            ("disagreement", date, source_a, source_b),
            lambda: _disagreement.disagreement(date, source_a, source_b, self.path),
        )

    def sources_on(self, date: str) -> list[str]:
        """The store's sources with a snapshot on `date` (geo.figures.disagreement.sources_on)."""
        return list(self.memo(("sources_on", date), lambda: tuple(_disagreement.sources_on(date, self.path))))

    def dates_with_several_sources(self) -> list[str]:
        """Dates on which two or more sources have snapshots (geo.figures.disagreement.dates_with_several_sources)."""
        return list(self.memo(("several",), lambda: tuple(_disagreement.dates_with_several_sources(self.path))))

    def freeze(self, date: str, source: str | None = None) -> _freeze.Freeze:
        """The freeze scenario's figures for a date (geo.figures.freeze.freeze).

        Parameters
        ----------
        date : str
            ISO date with lines.
        source : str, optional
            A source; by default the store's preference.

        Returns
        -------
        Freeze
            The figures, each citing its files, and the essay's claim checked.

        Examples
        --------
        >>> DatedLines.for_store().freeze("2022-11-17", "authored").lines.source
        'authored'
        """
        return self.memo(("freeze", date, source), lambda: _freeze.freeze(date, source, self.path))

    def claim(self) -> tuple[Fact, ...]:
        """The essay's "nearly half liberated", by our layers and by DeepStateMap once imported (geo.figures.headline.claim)."""
        return self.memo(("claim",), lambda: headline.claim(self.path))

    def dated_facts(self, place_id: str, date: str) -> tuple[Fact, ...]:
        """A place's status and residents on a date's lines (geo.figures.facts.build, without the date-independent facts)."""
        return self.memo(("dated_facts", place_id, date), lambda: _facts.build(place_id, self.lines_at(date), static=False))

    def series(self) -> list[dict]:
        """One row per snapshot and per authored date: held, unknown and liberated km² (geo.lines.timeline.series).

        Returns
        -------
        list of dict
            Rows with date, source, held_km2, unknown_km2, liberated_km2 and file, by date.

        Examples
        --------
        >>> rows = DatedLines.for_store().series()
        >>> {"date", "source", "held_km2", "file"} <= set(rows[0])
        True
        """
        return [dict(r) for r in self.memo(("series",), lambda: timeline.series(self.path))]
