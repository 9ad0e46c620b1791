"""Connections to the database: one psycopg_pool per process and URL, and one clear error.

Every query goes through ``connection()`` (a pooled connection, checked before it is handed out, so
a database that restarted is reconnected to transparently) and uses parameters (``%s``), never
string formatting. Anything that means "the database cannot be used right now" (refused, timed out,
dropped mid-query, pool exhausted) is raised as ``DatabaseUnavailable``: one line, the URL masked,
no traceback for a page to show. When the database comes back, the next call works again.

Once a call has found the database unusable, the next calls first try one direct connection (a
refused connection fails at once) instead of waiting for the pool's timeout: a page that shows the
"cannot be reached" line shows it at once on every later run, not after 5 s each time. The first
call that succeeds hands back to the pool.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator

from geo.db.settings import DatabaseConfigError, database_url, masked

__all__ = ["DatabaseUnavailable", "DatabaseConfigError", "connection", "pool", "close_all", "unavailable_message"]

_log = logging.getLogger(__name__)
CONNECT_TIMEOUT_S = 3
POOL_TIMEOUT_S = 5.0
_POOLS: dict[str, object] = {}
_LOCK = threading.Lock()
_DOWN: set[str] = set()  # URLs whose last call found the database unusable: probed directly next time


class DatabaseUnavailable(RuntimeError):
    """The database cannot be used right now (one line, URL masked). Retrying later may work."""


def unavailable_message(url: str, exc: BaseException | None = None) -> str:
    """The one line shown when the database cannot be used.

    Parameters
    ----------
    url : str
        The database URL (shown masked).
    exc : BaseException, optional
        The error behind it (its first line, masked, is appended).

    Returns
    -------
    str
        One line.

    Examples
    --------
    >>> unavailable_message("postgresql://u:pw@db/briefmap")
    'The database postgresql://u:***@db/briefmap cannot be reached; the app retries on every page and resumes when it is back.'
    """
    why = ""
    if exc is not None:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        first = first.replace(url, masked(url))[:200]
        why = f" ({first})" if first else ""
    return f"The database {masked(url)} cannot be reached{why}; the app retries on every page and resumes when it is back."


def pool(url: str | None = None):
    """The process's connection pool for ``url`` (default: ``BRIEFMAP_DATABASE_URL``), opened on first use.

    Parameters
    ----------
    url : str, optional
        A database URL.

    Returns
    -------
    psycopg_pool.ConnectionPool
        The pool.

    Raises
    ------
    DatabaseConfigError
        No database is configured.

    Examples
    --------
    >>> pool("postgresql://u:pw@127.0.0.1:1/none")  # doctest: +SKIP
    <psycopg_pool.ConnectionPool ...>
    """
    from psycopg_pool import ConnectionPool

    url = url or database_url()
    if not url:
        raise DatabaseConfigError("no database is configured (BRIEFMAP_DATABASE_URL is not set)")
    with _LOCK:
        p = _POOLS.get(url)
        if p is None:
            p = ConnectionPool(
                url,
                min_size=0,
                max_size=8,
                timeout=POOL_TIMEOUT_S,
                open=True,
                check=ConnectionPool.check_connection,
                kwargs={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "briefmap", "autocommit": False},
                name="briefmap",
            )
            _POOLS[url] = p
        return p


@contextlib.contextmanager
def connection(url: str | None = None) -> Iterator[object]:
    """A pooled connection inside one transaction (committed on success, rolled back on error).

    Parameters
    ----------
    url : str, optional
        A database URL (default: ``BRIEFMAP_DATABASE_URL``).

    Yields
    ------
    psycopg.Connection
        The connection.

    Raises
    ------
    DatabaseUnavailable
        The database cannot be reached or dropped the connection (one line, URL masked).

    Examples
    --------
    >>> with connection() as conn:  # doctest: +SKIP
    ...     conn.execute("SELECT 1").fetchone()
    (1,)
    """
    import psycopg
    from psycopg_pool import PoolTimeout

    url = url or database_url()
    try:
        if url in _DOWN:
            _probe(url)  # refused or timed out: raised here at once, without the pool's wait
            _DOWN.discard(url)
        with pool(url).connection() as conn:
            yield conn
    except (psycopg.OperationalError, psycopg.InterfaceError, PoolTimeout) as exc:
        if url:
            _DOWN.add(url)
        _log.warning("%s", unavailable_message(url or "", exc))
        raise DatabaseUnavailable(unavailable_message(url or "", exc)) from None


def _probe(url: str) -> None:
    """One direct connection, closed at once: raises psycopg.OperationalError when it cannot be made."""
    import psycopg

    with psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, application_name="briefmap-probe"):
        pass


def close_all() -> None:
    """Close every pool of this process (tests; a server's shutdown)."""
    with _LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    _DOWN.clear()
    for p in pools:
        with contextlib.suppress(Exception):
            p.close(timeout=1.0)
