"""The versioned schema: ``migrations/NNNN_name.sql`` applied in order, recorded in ``briefmap_schema``.

Each migration runs in its own transaction, under a transaction-level advisory lock, so two
servers (or a server and ``python -m geo db migrate``) starting together apply each one once. The
table ``briefmap_schema`` holds one row per applied migration (version, name, checksum, when). A
database whose schema is newer than this code, or whose applied migration differs from the file of
the same version, is refused with one line rather than used.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from geo.db.connect import connection

MIGRATIONS = Path(__file__).with_name("migrations")
_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
LOCK_KEY = 0x6272_6D61_7000  # pg_advisory_xact_lock key for schema changes ("brmap")


class SchemaError(RuntimeError):
    """The database's schema cannot be used by this code (one line)."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Status:
    """What ``status`` reports: the database's version, this code's, and what is pending."""

    current: int
    latest: int
    pending: tuple[Migration, ...]
    applied: tuple[tuple[int, str, str], ...]  # (version, name, applied_at)

    @property
    def up_to_date(self) -> bool:
        return self.current == self.latest and not self.pending


@functools.lru_cache(maxsize=4)
def migrations(folder: Path = MIGRATIONS) -> tuple[Migration, ...]:
    """The migrations shipped with the code, in version order (read once per process: every page
    run's schema check compares against them).

    Parameters
    ----------
    folder : Path
        Where the ``NNNN_name.sql`` files are.

    Returns
    -------
    tuple of Migration
        Ascending versions, each once.

    Examples
    --------
    >>> [m.version for m in migrations()][:1]
    [1]
    """
    out = []
    for p in sorted(folder.glob("*.sql")):
        m = _FILE.match(p.name)
        if m:
            out.append(Migration(int(m[1]), m[2], p.read_text(encoding="utf-8")))
    seen = [m.version for m in out]
    if len(set(seen)) != len(seen):
        raise SchemaError(f"two migrations share a version in {folder}: {sorted(seen)}")
    return tuple(out)


_TABLE = """
CREATE TABLE IF NOT EXISTS briefmap_schema (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    checksum   text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)"""


def _applied(conn) -> list[tuple[int, str, str, str]]:
    exists = conn.execute("SELECT to_regclass('briefmap_schema') IS NOT NULL").fetchone()[0]
    if not exists:
        return []
    rows = conn.execute("SELECT version, name, checksum, applied_at::text FROM briefmap_schema ORDER BY version").fetchall()
    return [tuple(r) for r in rows]


def status(url: str | None = None) -> Status:
    """The database's schema version against this code's.

    Parameters
    ----------
    url : str, optional
        The database (default ``BRIEFMAP_DATABASE_URL``).

    Returns
    -------
    Status
        Current and latest versions, pending migrations.

    Raises
    ------
    SchemaError
        The database is newer than this code, or an applied migration differs from its file.

    Examples
    --------
    >>> status().up_to_date  # doctest: +SKIP
    True
    """
    ours = migrations()
    with connection(url) as conn:
        applied = _applied(conn)
    _check(applied, ours)
    current = applied[-1][0] if applied else 0
    done = {v for v, *_ in applied}
    return Status(
        current,
        ours[-1].version if ours else 0,
        tuple(m for m in ours if m.version not in done),
        tuple((v, n, at) for v, n, _, at in applied),
    )


def _check(applied, ours: tuple[Migration, ...]) -> None:
    by_version = {m.version: m for m in ours}
    for version, name, checksum, _ in applied:
        m = by_version.get(version)
        if m is None:
            raise SchemaError(
                f"the database's schema is at version {applied[-1][0]}, newer than this code's {ours[-1].version if ours else 0}; upgrade the app"
            )
        if m.checksum != checksum:
            raise SchemaError(
                f"migration {version:04d}_{name} in the database differs from {version:04d}_{m.name}.sql in this code"
            )


def migrate(url: str | None = None) -> list[Migration]:
    """Apply the pending migrations, each in its own transaction (safe to run from several servers).

    Parameters
    ----------
    url : str, optional
        The database (default ``BRIEFMAP_DATABASE_URL``).

    Returns
    -------
    list of Migration
        Those applied now (empty when the schema was up to date).

    Examples
    --------
    >>> migrate()  # doctest: +SKIP
    []
    """
    ours = migrations()
    done = []
    for m in ours:
        with connection(url) as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            conn.execute(_TABLE)
            applied = _applied(conn)
            _check(applied, ours)
            if any(v == m.version for v, *_ in applied):
                continue
            conn.execute(m.sql)
            conn.execute(
                "INSERT INTO briefmap_schema (version, name, checksum) VALUES (%s, %s, %s)", (m.version, m.name, m.checksum)
            )
            done.append(m)
    return done


def init(url: str | None = None) -> list[Migration]:
    """Create the schema in an empty database (PostGIS included), or bring it up to date.

    Examples
    --------
    >>> init()  # doctest: +SKIP
    [Migration(version=1, ...)]
    """
    return migrate(url)


def ensure_current(url: str | None = None) -> None:
    """Refuse a database whose schema this code cannot use: one line saying what to run.

    Raises
    ------
    SchemaError
        Pending migrations (run ``python -m geo db migrate``), or a newer schema.

    Examples
    --------
    >>> ensure_current()  # doctest: +SKIP
    """
    st = status(url)
    if not st.up_to_date:
        raise SchemaError(
            f"the database's schema is at version {st.current}, this code needs {st.latest}"
            f" ({len(st.pending)} migration(s) pending): run `python -m geo db migrate`"
        )
