"""`python -m geo db init|migrate|status`: what it reports, and every failure as one line (URL masked, exit 2)."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from harness import free_port
from tests_paths import ROOT

from geo.cli.main import main
from geo.db import schema
from geo.db.settings import masked


def run(capsys, *argv: str) -> tuple[int, str, str]:
    rc = main(["db", *argv])
    out, err = capsys.readouterr()
    return rc, out, err


def password(url: str) -> str:
    return urlsplit(url).password or ""


def assert_one_line_failure(rc: int, out: str, err: str, secret: str = "") -> str:
    assert rc == 2, (rc, out, err)
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    if secret:
        assert secret not in err
    return lines[0]


@pytest.fixture()
def empty_db():
    """A new database with nothing in it (no PostGIS, no schema), dropped afterwards."""
    import pgtest

    if pgtest.server_url() is None:
        if os.environ.get("CI"):
            pytest.fail(pgtest.missing_reason())
        pytest.skip(pgtest.missing_reason())
    import secrets

    name = f"empty_{secrets.token_hex(6)}"
    with pgtest._admin(pgtest.server_url()) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = pgtest.with_database(pgtest.server_url(), name)
    yield url
    pgtest.drop_database(url)


@pytest.mark.postgres
def test_status_of_a_current_database(pg_url, capsys):
    rc, out, err = run(capsys, "status", "--database", pg_url)
    latest = schema.migrations()[-1].version
    assert rc == 0, err
    assert err == ""
    assert f"database: {masked(pg_url)}" in out
    assert password(pg_url) not in out
    assert "server:   PostgreSQL " in out
    assert "PostGIS:  3." in out
    assert f"schema:   version {latest} of {latest} (current)" in out
    assert "pending" not in out
    for m in schema.migrations():
        assert f"applied  {m.version:04d}_{m.name}" in out


@pytest.mark.postgres
def test_init_then_migrate_then_status_on_an_empty_database(empty_db, capsys):
    ours = schema.migrations()
    rc, out, _ = run(capsys, "status", "--database", empty_db)
    assert rc == 1  # pending migrations: reported, not a failure of the command
    assert "PostGIS:  not installed yet" in out
    assert f"schema:   version 0 of {ours[-1].version} ({len(ours)} migration(s) pending: run `python -m geo db migrate`)" in out
    assert [ln.split()[1] for ln in out.splitlines() if ln.startswith("  pending")] == [f"{m.version:04d}_{m.name}" for m in ours]

    rc, out, err = run(capsys, "init", "--database", empty_db)
    assert rc == 0, err
    assert [ln for ln in out.splitlines() if ln.startswith("applied")] == [f"applied {m.version:04d}_{m.name}" for m in ours]
    assert f"init: schema of {masked(empty_db)} is now at version {ours[-1].version} of {ours[-1].version}" in out
    assert password(empty_db) not in out

    rc, out, _ = run(capsys, "migrate", "--database", empty_db)
    assert (rc, out) == (0, f"schema of {masked(empty_db)} is current (version {ours[-1].version}): nothing to apply\n")
    rc, out, _ = run(capsys, "status", "--database", empty_db)
    assert rc == 0 and "PostGIS:  3." in out and "(current)" in out


@pytest.mark.postgres
def test_the_setting_is_used_and_database_overrides_it(pg_url, capsys, monkeypatch):
    monkeypatch.setenv("BRIEFMAP_DATABASE_URL", pg_url)
    rc, out, _ = run(capsys, "status")
    assert rc == 0 and f"database: {masked(pg_url)}" in out
    monkeypatch.setenv("BRIEFMAP_DATABASE_URL", f"postgresql://nobody:pw@127.0.0.1:{free_port()}/none")
    rc, out, _ = run(capsys, "migrate", "--database", pg_url)
    assert rc == 0 and "nothing to apply" in out


def test_no_setting(capsys, monkeypatch):
    monkeypatch.delenv("BRIEFMAP_DATABASE_URL", raising=False)
    for cmd in ("status", "init", "migrate"):
        line = assert_one_line_failure(*run(capsys, cmd))
        assert line.startswith(f"geo db {cmd}: no database is configured: set BRIEFMAP_DATABASE_URL=postgresql://")


@pytest.mark.parametrize("value", ["sqlite:///tmp/x.db", "mysql://root:hunter2@db/x", "hunter2", "http://u:hunter2@h/x"])
def test_not_a_postgresql_url(capsys, monkeypatch, value):
    monkeypatch.setenv("BRIEFMAP_DATABASE_URL", value)
    line = assert_one_line_failure(*run(capsys, "status"), secret="hunter2")
    assert "BRIEFMAP_DATABASE_URL must be a postgresql:// URL" in line
    line = assert_one_line_failure(*run(capsys, "init", "--database", value), secret="hunter2")
    assert "--database must be a postgresql:// URL" in line


def test_unreachable_server(capsys):
    url = f"postgresql://briefmap:hunter2@127.0.0.1:{free_port()}/briefmap"
    for cmd in ("status", "init", "migrate"):
        line = assert_one_line_failure(*run(capsys, cmd, "--database", url), secret="hunter2")
        assert line.startswith(f"geo db {cmd}: cannot reach the database {masked(url)} (")
        assert "Connection refused" in line


def test_unreachable_server_through_the_real_command():
    """The command as typed: one line on stderr, exit 2, no traceback, no password (also not in a log line)."""
    url = f"postgresql://briefmap:hunter2@127.0.0.1:{free_port()}/briefmap"
    env = dict(os.environ, BRIEFMAP_DATABASE_URL=url)
    r = subprocess.run(
        [sys.executable, "-m", "geo", "db", "status"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1, r.stderr
    assert r.stderr.startswith("geo db status: cannot reach the database postgresql://briefmap:***@127.0.0.1:")
    assert "hunter2" not in r.stderr and "Traceback" not in r.stderr


@pytest.mark.postgres
def test_wrong_password(pg_url, capsys):
    parts = urlsplit(pg_url)
    wrong = pg_url.replace(f":{parts.password}@", ":not-the-password@", 1)
    for cmd in ("status", "migrate"):
        line = assert_one_line_failure(*run(capsys, cmd, "--database", wrong), secret="not-the-password")
        assert line.startswith(f"geo db {cmd}: the database {masked(wrong)} refused the login: wrong user or password")
        assert parts.password not in line


@pytest.mark.postgres
def test_schema_newer_than_the_code(pg_url, capsys):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("INSERT INTO briefmap_schema (version, name, checksum) VALUES (9999, 'from_the_future', 'x')")
    latest = schema.migrations()[-1].version
    for cmd in ("status", "migrate", "init"):
        line = assert_one_line_failure(*run(capsys, cmd, "--database", pg_url), secret=password(pg_url))
        assert line == (
            f"geo db {cmd}: {masked(pg_url)}: the database's schema is at version 9999, newer than this code's {latest}; upgrade the app"
        )


@pytest.mark.postgres
def test_postgis_dropped_from_a_database_with_the_schema(pg_url, capsys):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP EXTENSION postgis CASCADE")
    line = assert_one_line_failure(*run(capsys, "status", "--database", pg_url), secret=password(pg_url))
    assert line.startswith(f"geo db status: PostGIS is not installed in {masked(pg_url)} although its schema is at version")


@pytest.mark.postgres
def test_postgis_not_on_the_server(empty_db, capsys, monkeypatch):
    """A server without the PostGIS package (here: the catalogue query answers as such a server does)."""
    from geo.cli import db_cmd

    real = db_cmd.probe
    monkeypatch.setattr(db_cmd, "probe", lambda url: (real(url)[0], None, None))
    for cmd in ("init", "migrate", "status"):
        line = assert_one_line_failure(*run(capsys, cmd, "--database", empty_db), secret=password(empty_db))
        assert line.startswith(f"geo db {cmd}: PostGIS is not available on the server of {masked(empty_db)}: install it there")
    import psycopg

    with psycopg.connect(empty_db, autocommit=True) as conn:  # nothing was applied
        assert conn.execute("SELECT to_regclass('briefmap_schema')").fetchone()[0] is None


def test_help_does_not_import_psycopg():
    code = "import sys; from geo.cli.main import main\ntry:\n    main(['db', '--help'])\nexcept SystemExit:\n    pass\nprint('psycopg' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.stdout.strip().splitlines()[-1] == "False", r.stdout + r.stderr
