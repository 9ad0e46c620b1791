"""geo.db: the setting and its masking, the pooled connection's one-line error, the versioned schema."""

from __future__ import annotations

import socket
import threading

import pytest

from geo.db import connect, schema, settings


@pytest.mark.parametrize(
    "url, shown",
    [
        ("postgresql://briefmap:s3cr3t@db:5432/briefmap", "postgresql://briefmap:***@db:5432/briefmap"),
        ("postgres://u:p%40ss@127.0.0.1/x", "postgres://u:***@127.0.0.1/x"),
        ("postgresql://db/x?user=u&password=s3cr3t&sslmode=require", "postgresql://db/x?user=u&password=***&sslmode=require"),
        ("postgresql://u:a:b@c@db/x", "postgresql://u:***@db/x"),
        ("postgresql://u@x:p/w@db/x", "postgresql://***@db/x"),
        ("postgresql://db/briefmap", "postgresql://db/briefmap"),
    ],
)
def test_masked_hides_the_password(url, shown):
    assert settings.masked(url) == shown
    assert "s3cr3t" not in settings.masked(url)


def test_a_url_that_is_not_postgresql_is_refused_with_the_value_masked():
    with pytest.raises(settings.DatabaseConfigError) as e:
        settings.database_url({"BRIEFMAP_DATABASE_URL": "mysql://root:hunter2@db/x"})
    assert str(e.value) == (
        "BRIEFMAP_DATABASE_URL must be a postgresql:// URL (e.g. postgresql://user:password@host:5432/briefmap), "
        "not 'mysql://root:***@db/x'"
    )
    assert settings.database_url({"BRIEFMAP_DATABASE_URL": "  "}) is None
    assert not settings.enabled({})


def test_namespaces_follow_the_store_rule(tmp_path):
    assert settings.namespace(None, {}) == "default"
    assert settings.namespace(None, {"BRIEFMAP_STORE": str(tmp_path)}) == str(tmp_path)
    assert settings.namespace(tmp_path / "x", {}) == str(tmp_path / "x")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_database_is_one_line_with_the_password_masked():
    url = f"postgresql://briefmap:topsecret@127.0.0.1:{_closed_port()}/briefmap"
    with pytest.raises(connect.DatabaseUnavailable) as e:
        with connect.connection(url) as conn:
            conn.execute("SELECT 1")
    text = str(e.value)
    assert "\n" not in text and "topsecret" not in text
    assert text.startswith(f"The database {settings.masked(url)} cannot be reached (")
    assert text.endswith("; the app retries on every page and resumes when it is back.")
    connect.close_all()


def test_once_found_down_the_next_calls_do_not_wait_for_the_pool(monkeypatch):
    """A page run shows the line at once after the first failure: a direct connection attempt, not
    the pool's 5 s wait, decides; and the same one line comes out of it."""
    url = f"postgresql://briefmap:topsecret@127.0.0.1:{_closed_port()}/briefmap"
    with pytest.raises(connect.DatabaseUnavailable) as first:
        with connect.connection(url):
            pass

    def no_pool(*args, **kwargs):
        raise AssertionError("the pool was waited on for a database known to be down")

    monkeypatch.setattr(connect, "pool", no_pool)
    with pytest.raises(connect.DatabaseUnavailable) as again:
        with connect.connection(url):
            pass
    assert str(again.value).split(" (")[0] == str(first.value).split(" (")[0]
    assert "topsecret" not in str(again.value) and "\n" not in str(again.value)
    connect.close_all()


@pytest.mark.postgres
def test_a_database_found_down_is_used_through_the_pool_again_once_it_answers(pg_url, monkeypatch):
    connect._DOWN.add(pg_url)  # as after a failed call
    with connect.connection(pg_url) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    assert pg_url not in connect._DOWN
    probes = []
    monkeypatch.setattr(connect, "_probe", probes.append)
    with connect.connection(pg_url) as conn:
        conn.execute("SELECT 1")
    assert probes == [], "a healthy database is probed on every call"
    connect.close_all()


def test_shipped_migrations_are_ordered_and_unique():
    ms = schema.migrations()
    assert [m.version for m in ms] == sorted({m.version for m in ms})
    assert ms[0].name == "core" and "CREATE EXTENSION IF NOT EXISTS postgis" in ms[0].sql


@pytest.mark.postgres
def test_init_is_idempotent_and_status_reports_it(pg_url):
    st = schema.status(pg_url)  # the test database is made from a template that holds the schema
    assert st.up_to_date and st.current == st.latest == schema.migrations()[-1].version
    assert schema.migrate(pg_url) == []
    schema.ensure_current(pg_url)
    with connect.connection(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM briefmap_schema").fetchone()[0] == len(schema.migrations())
        assert conn.execute("SELECT postgis_version()").fetchone()[0].startswith("3.")


@pytest.mark.postgres
def test_a_fresh_database_is_migrated_once_by_concurrent_servers(pg_url):
    with connect.connection(pg_url) as conn:  # back to an empty database
        for table in ("briefmap_schema",):
            conn.execute(f"DROP TABLE {table}")  # noqa: S608 (a constant)
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    assert schema.status(pg_url).current == 0
    errors, applied = [], []

    def run():
        try:
            applied.append(len(schema.migrate(pg_url)))
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(applied) == len(schema.migrations())  # each migration applied exactly once
    assert schema.status(pg_url).up_to_date


@pytest.mark.postgres
def test_a_newer_or_edited_schema_is_refused_in_one_line(pg_url):
    with connect.connection(pg_url) as conn:
        conn.execute("INSERT INTO briefmap_schema (version, name, checksum) VALUES (%s, %s, %s)", (9999, "future", "x"))
    with pytest.raises(
        schema.SchemaError, match=r"^the database's schema is at version 9999, newer than this code's \d+; upgrade the app$"
    ):
        schema.status(pg_url)
    with connect.connection(pg_url) as conn:
        conn.execute("DELETE FROM briefmap_schema WHERE version = 9999")
        conn.execute("UPDATE briefmap_schema SET checksum = 'edited' WHERE version = 1")
    with pytest.raises(
        schema.SchemaError, match=r"^migration 0001_core in the database differs from 0001_core.sql in this code$"
    ):
        schema.status(pg_url)
