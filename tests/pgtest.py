"""Test databases: a fresh PostgreSQL database per use, made from a template that holds the schema.

The server is the throw-away cluster ``.ci/run`` starts (``tools/pgcluster.py``), named by
``BRIEFMAP_TEST_DATABASE_URL``. Outside CI, with that unset, tests marked ``postgres`` skip with
the reason; in CI (``CI`` set) they fail instead, so a missing database is never a silent pass.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
from urllib.parse import urlsplit, urlunsplit

ENV = "BRIEFMAP_TEST_DATABASE_URL"
# One template per backend run: .ci/run runs the files and the postgres runs at the same time on one
# cluster, and each run drops and remakes its template when it starts.
TEMPLATE = "briefmap_template" + ("_pg" if os.environ.get("BRIEFMAP_TEST_BACKEND", "").strip() == "postgres" else "")
_LOCK = threading.Lock()
_TEMPLATE_READY: set[str] = set()


def server_url() -> str | None:
    """The test cluster's URL (its default database), or None."""
    return os.environ.get(ENV, "").strip() or None


def missing_reason() -> str:
    return f"no PostgreSQL for tests: {ENV} is not set (.ci/run starts a throw-away cluster: python tools/pgcluster.py start DIR)"


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _admin(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True, connect_timeout=5)


def _ensure_template(url: str) -> None:
    from geo.db import schema

    with _LOCK:
        if url in _TEMPLATE_READY:
            return
        with _admin(url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}"')
            conn.execute(f'CREATE DATABASE "{TEMPLATE}"')
        schema.init(with_database(url, TEMPLATE))
        from geo.db.connect import close_all

        close_all()  # no connection may stay open to a template
        _TEMPLATE_READY.add(url)


def create_database(prefix: str = "t") -> str:
    """A new database with the current schema; returns its URL. Dropped by `drop_database`."""
    url = server_url()
    if url is None:
        raise RuntimeError(missing_reason())
    _ensure_template(url)
    name = f"{prefix}_{secrets.token_hex(6)}"
    with _admin(url) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
    return with_database(url, name)


def drop_database(db_url: str) -> None:
    from geo.db.connect import close_all

    close_all()
    name = urlsplit(db_url).path.lstrip("/")
    with _admin(server_url()) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def fresh_database(prefix: str = "t"):
    """A fresh database with the schema for a test or a module (dropped afterwards). Without a test
    PostgreSQL the test skips with the reason, or fails in CI (a missing database is never a silent pass)."""
    import pytest

    if server_url() is None:
        if os.environ.get("CI"):
            pytest.fail(missing_reason())
        pytest.skip(missing_reason())
    url = create_database(prefix)
    try:
        yield url
    finally:
        drop_database(url)
