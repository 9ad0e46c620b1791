"""One stored snapshot, as either backend of the snapshot store returns it.

`Stored(date, source, sha12, ...)` names an import of a file for a date. Its identity is `name`,
``date__source__sha12.geojson`` on both backends; `path` is the file (file backend only) and `ref`
the row (database backend only). `metadata()` and `geo.lines.store.load` work for both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})__([a-z0-9-]+)__([0-9a-f]{12})\.geojson$")
SOURCE_PREFERENCE = ("deepstate", "isw")  # when several sources share a date and none is asked for


def slug(text: str) -> str:
    """A source name as the store keys it: lower-case letters, digits and dashes, at most 40.

    Parameters
    ----------
    text : str
        The source as given.

    Returns
    -------
    str
        The slug ("source" when nothing is left).

    Examples
    --------
    >>> slug("DeepStateMap (UA)")
    'deepstatemap-ua'
    >>> slug("'; DROP TABLE snapshots; --")
    'drop-table-snapshots'
    """
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:40] or "source"


@dataclass(frozen=True)
class DbRef:
    """Where a snapshot row is: the database (a digest of its URL, never the URL), namespace, row id."""

    database: str
    store: str
    id: int


@dataclass(frozen=True)
class Stored:
    """A stored snapshot: an import of one file (sha12) for a date and source.

    Examples
    --------
    >>> s = Stored("2024-03-01", "deepstate", "0123456789ab", Path("/s/2024-03-01__deepstate__0123456789ab.geojson"))
    >>> s.name
    '2024-03-01__deepstate__0123456789ab.geojson'
    """

    date: str
    source: str
    sha12: str
    path: Path | None = None  # the file (file backend)
    ref: DbRef | None = None  # the row (database backend)
    current: bool = field(default=True, compare=False)  # database backend: the current import of its (date, source)
    recency_key: tuple[str, str] = field(default=("", ""), compare=False)  # database backend: (imported_at, promoted_at)

    @property
    def name(self) -> str:
        """The snapshot's identity on both backends: ``date__source__sha12.geojson``."""
        return f"{self.date}__{self.source}__{self.sha12}.geojson"

    def metadata(self) -> dict:
        """The snapshot's metadata object (as `Snapshot.metadata()` made it at import)."""
        if self.ref is not None:
            from geo.lines import store_pg

            return store_pg.metadata(self)
        from geo.lines import store_files

        return store_files._metadata(self.path, self.path.stat().st_mtime_ns)

    @property
    def superseded(self) -> bool:
        """True for an earlier import kept in the history."""
        if self.ref is not None:
            return not self.current
        from geo.lines.store_files import SUPERSEDED

        return self.path.parent.name == SUPERSEDED

    def recency(self) -> tuple:
        """The larger is the newer import: (imported_at, mtime_ns) for a file, (imported_at, promoted_at) for a row."""
        if self.ref is not None:
            return self.recency_key
        from geo.lines import store_files

        try:
            mtime = self.path.stat().st_mtime_ns
        except OSError:
            return ("", 0)
        return (str(store_files._metadata(self.path, mtime).get("imported_at") or ""), mtime)


def pick_for_date(items, date: str, source: str | None = None):
    """Of a store's current snapshots, the one to use for `date`: the asked source, else DeepStateMap,
    else ISW, else the first by source name; None if there is none (both backends' ``for_date``).

    Parameters
    ----------
    items : iterable of Stored
        The current snapshots (a listing).
    date : str
        The date, YYYY-MM-DD.
    source : str, optional
        The source wanted (slugged as stored).

    Returns
    -------
    Stored or None
        The snapshot.

    Examples
    --------
    >>> a, b = Stored("2023-06-01", "isw", "0" * 12), Stored("2023-06-01", "deepstate", "1" * 12)
    >>> pick_for_date([a, b], "2023-06-01").source
    'deepstate'
    """
    items = [s for s in items if s.date == date and (source is None or s.source == slug(source))]
    if not items:
        return None
    rank = {name: i for i, name in enumerate(SOURCE_PREFERENCE)}
    return sorted(items, key=lambda s: (rank.get(s.source, len(rank)), s.source))[0]
