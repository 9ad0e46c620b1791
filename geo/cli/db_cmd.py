"""``python -m geo db init|migrate|status``: the shared database's schema (``BRIEFMAP_DATABASE_URL``).

- ``status``: the database (URL masked), the server's and PostGIS's versions, the schema version
  against this code's, and the migrations not applied yet;
- ``init``: create the schema in an empty database (PostGIS included), or bring it up to date;
- ``migrate``: apply the pending migrations (safe while servers run, and from several at once).

``--database URL`` overrides ``BRIEFMAP_DATABASE_URL``. Exit status: 0 done (``status``: the schema
is current); 1 ``status`` found migrations pending; 2 the database cannot be used: no setting, not a
``postgresql://`` URL, unreachable, refused login, no PostGIS, a schema newer than this code, a
migration that failed. Each failure is one line on stderr, the URL masked, never a traceback.
psycopg is imported only here, when the command runs (``python -m geo --help`` stays fast).
"""

from __future__ import annotations

import argparse
import logging
import sys


class DbCommandError(RuntimeError):
    """A failure of ``python -m geo db``: one line, the URL in it masked."""


def register(sub, parser: argparse.ArgumentParser) -> None:
    """Add the ``db`` command and its subcommands to ``python -m geo``.

    Parameters
    ----------
    sub : argparse._SubParsersAction
        The top-level subparsers.
    parser : argparse.ArgumentParser
        The top-level parser (its one-line error handler is reused).

    Returns
    -------
    None

    Examples
    --------
    >>> p = argparse.ArgumentParser(); s = p.add_subparsers(dest="cmd")
    >>> register(s, p); p.parse_args(["db", "status"]).db_cmd
    'status'
    """
    db = sub.add_parser("db", help="the shared PostgreSQL/PostGIS database (BRIEFMAP_DATABASE_URL): init, migrate, status")
    dsub = db.add_subparsers(dest="db_cmd", required=True)
    helps = {
        "init": "create the schema in an empty database (PostGIS included), or bring it up to date",
        "migrate": "apply the migrations this code has and the database has not",
        "status": "the database, its PostGIS, the schema version against this code's, pending migrations",
    }
    subs = [db]
    for name, text in helps.items():
        p = dsub.add_parser(name, help=text)
        p.add_argument(
            "--database", metavar="URL", help="postgresql://USER:PASSWORD@HOST:PORT/DB (default: $BRIEFMAP_DATABASE_URL)"
        )
        p.set_defaults(fn=run)
        subs.append(p)
    for p in subs:
        p.error = lambda message, p=p: parser.exit(2, f"geo db: {message} (usage: {' '.join(p.format_usage().split()[1:])})\n")


def resolve_url(given: str | None) -> str:
    """The database to use: ``--database`` if given, else ``BRIEFMAP_DATABASE_URL``, validated.

    Parameters
    ----------
    given : str or None
        The ``--database`` value.

    Returns
    -------
    str
        A ``postgresql://`` URL.

    Raises
    ------
    DbCommandError
        Nothing is set, or the value is not a ``postgresql://`` URL (shown masked).

    Examples
    --------
    >>> resolve_url("postgresql://u:pw@localhost/briefmap")
    'postgresql://u:pw@localhost/briefmap'
    >>> resolve_url("mysql://u:pw@localhost/x")
    Traceback (most recent call last):
    ...
    geo.cli.db_cmd.DbCommandError: --database must be a postgresql:// URL (e.g. postgresql://user:password@host:5432/briefmap), not 'mysql://u:***@localhost/x'
    """
    import os

    from geo.db.settings import ENV, MAX_URL, SCHEMES

    what = "--database" if given is not None else ENV
    raw = (given if given is not None else os.environ.get(ENV, "")).strip()
    if not raw:
        if given is not None:
            raise DbCommandError("--database is empty; give a postgresql:// URL")
        raise DbCommandError(
            f"no database is configured: set {ENV}=postgresql://user:password@host:5432/briefmap or pass --database URL"
        )
    if len(raw) > MAX_URL:
        raise DbCommandError(f"{what} is {len(raw)} characters long; at most {MAX_URL} are accepted")
    scheme = raw.split("://", 1)[0].lower() if "://" in raw else ""
    if scheme not in SCHEMES:
        raise DbCommandError(
            f"{what} must be a postgresql:// URL (e.g. postgresql://user:password@host:5432/briefmap), not {_shown(raw)}"
        )
    return raw


def _shown(raw: str) -> str:
    """A rejected setting as it may be shown: masked if it looks like a URL, else not at all (it may be a bare password)."""
    from geo.db.settings import masked

    return repr(masked(raw)) if "://" in raw else f"a value of {len(raw)} characters that is not a URL"


def _first_line(exc: BaseException, url: str) -> str:
    from geo.db.settings import masked

    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    text = lines[0] if lines else type(exc).__name__
    return text.replace(url, masked(url))[:300]


def probe(url: str):
    """Connect once, directly (not through the pool), to tell apart why a database cannot be used.

    Parameters
    ----------
    url : str
        The database URL.

    Returns
    -------
    tuple of (str, str or None, str or None)
        The server's version, PostGIS's version in this database (None: not installed) and the
        version the server could install (None: PostGIS is not on the server).

    Raises
    ------
    DbCommandError
        Unreachable, refused login, no such database: one line, URL masked.

    Examples
    --------
    >>> probe("postgresql://u:pw@127.0.0.1:1/none")  # doctest: +SKIP
    Traceback (most recent call last):
    geo.cli.db_cmd.DbCommandError: cannot reach the database postgresql://u:***@127.0.0.1:1/none (...)
    """
    import psycopg

    from geo.db.connect import CONNECT_TIMEOUT_S
    from geo.db.settings import masked

    try:
        with psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, autocommit=True, application_name="briefmap-cli") as conn:
            server = conn.execute("SHOW server_version").fetchone()[0]
            installed = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'postgis'").fetchone()
            available = conn.execute("SELECT default_version FROM pg_available_extensions WHERE name = 'postgis'").fetchone()
    except psycopg.OperationalError as exc:
        why = _first_line(exc, url)
        if "password authentication failed" in why or "no password supplied" in why:
            raise DbCommandError(f"the database {masked(url)} refused the login: wrong user or password ({why})") from None
        if "does not exist" in why:
            raise DbCommandError(f"the database {masked(url)} does not exist on that server ({why})") from None
        raise DbCommandError(f"cannot reach the database {masked(url)} ({why})") from None
    except psycopg.Error as exc:
        raise DbCommandError(f"the database {masked(url)} cannot be used ({_first_line(exc, url)})") from None
    return server, installed[0] if installed else None, available[0] if available else None


def _postgis_missing(url: str) -> DbCommandError:
    from geo.db.settings import masked

    return DbCommandError(
        f"PostGIS is not available on the server of {masked(url)}: install it there "
        "(Debian: apt-get install postgresql-NN-postgis-3 for the server's major version NN), then run `python -m geo db init`"
    )


def _name(m) -> str:
    return f"{m.version:04d}_{m.name}"


def cmd_status(url: str, out=None) -> int:
    """Print the database's state; 0 when its schema is current, 1 when migrations are pending.

    Parameters
    ----------
    url : str
        The database URL (printed masked).
    out : file, optional
        Where to print (default stdout).

    Returns
    -------
    int
        The exit status.

    Raises
    ------
    DbCommandError
        The database cannot be used (one line).

    Examples
    --------
    >>> cmd_status("postgresql://u:pw@localhost/briefmap")  # doctest: +SKIP
    database: postgresql://u:***@localhost/briefmap
    ...
    """
    from geo.db import schema
    from geo.db.connect import DatabaseUnavailable
    from geo.db.settings import masked

    out = out or sys.stdout
    server, installed, available = probe(url)
    try:
        st = schema.status(url)
    except (schema.SchemaError, DatabaseUnavailable) as exc:
        raise DbCommandError(f"{masked(url)}: {exc}") from None
    if installed is None and available is None:
        raise _postgis_missing(url)
    if installed is None and st.current:
        raise DbCommandError(
            f"PostGIS is not installed in {masked(url)} although its schema is at version {st.current}: "
            "run CREATE EXTENSION postgis; as a superuser there"
        )
    postgis = installed or f"not installed yet ({available} available; `python -m geo db init` installs it)"
    state = "current" if st.up_to_date else f"{len(st.pending)} migration(s) pending: run `python -m geo db migrate`"
    print(f"database: {masked(url)}", file=out)
    print(f"server:   PostgreSQL {server}", file=out)
    print(f"PostGIS:  {postgis}", file=out)
    print(f"schema:   version {st.current} of {st.latest} ({state})", file=out)
    for version, name, at in st.applied:
        print(f"  applied  {version:04d}_{name}  {at}", file=out)
    for m in st.pending:
        print(f"  pending  {_name(m)}", file=out)
    return 0 if st.up_to_date else 1


def cmd_apply(url: str, verb: str, out=None) -> int:
    """``init`` / ``migrate``: apply what is pending and print each migration applied.

    Parameters
    ----------
    url : str
        The database URL (printed masked).
    verb : str
        ``"init"`` or ``"migrate"`` (the same work; init is for an empty database).
    out : file, optional
        Where to print (default stdout).

    Returns
    -------
    int
        0.

    Raises
    ------
    DbCommandError
        The database cannot be used or a migration failed (one line, naming it).

    Examples
    --------
    >>> cmd_apply("postgresql://u:pw@localhost/briefmap", "migrate")  # doctest: +SKIP
    schema of postgresql://u:***@localhost/briefmap is current (version 4): nothing to apply
    """
    import psycopg

    from geo.db import schema
    from geo.db.connect import DatabaseUnavailable
    from geo.db.settings import masked

    out = out or sys.stdout
    _, installed, available = probe(url)
    if installed is None and available is None:
        raise _postgis_missing(url)
    try:
        before = schema.status(url)
    except (schema.SchemaError, DatabaseUnavailable) as exc:
        raise DbCommandError(f"{masked(url)}: {exc}") from None
    try:
        done = schema.migrate(url)
    except (schema.SchemaError, DatabaseUnavailable) as exc:
        raise DbCommandError(f"{masked(url)}: {exc}") from None
    except psycopg.Error as exc:
        try:
            applied = {v for v, *_ in schema.status(url).applied}
        except (schema.SchemaError, DatabaseUnavailable, psycopg.Error):
            applied = set()
        failed = next((m for m in before.pending if m.version not in applied), None)
        what = f"migration {_name(failed)}" if failed else "a migration"
        raise DbCommandError(f"{what} failed on {masked(url)}: {_first_line(exc, url)} (nothing of it was applied)") from None
    latest = before.latest
    if not done:
        print(f"schema of {masked(url)} is current (version {latest}): nothing to apply", file=out)
        return 0
    for m in done:
        print(f"applied {_name(m)}", file=out)
    print(f"{verb}: schema of {masked(url)} is now at version {done[-1].version} of {latest}", file=out)
    return 0


def run(args: argparse.Namespace) -> int:
    """Run ``python -m geo db SUBCOMMAND`` (the parsed arguments); failures are one line on stderr.

    Parameters
    ----------
    args : argparse.Namespace
        ``db_cmd`` and ``database``.

    Returns
    -------
    int
        The exit status (see the module's docstring).

    Examples
    --------
    >>> run(argparse.Namespace(db_cmd="status", database="sqlite:///x"))  # doctest: +SKIP
    2
    """
    # psycopg_pool logs each failed connection attempt: not on a command's terminal (the one line says it).
    logging.getLogger("psycopg").addHandler(logging.NullHandler())
    logging.getLogger("psycopg").propagate = False
    logging.getLogger("geo.db").addHandler(logging.NullHandler())
    logging.getLogger("geo.db").propagate = False
    from geo.db.connect import close_all

    try:
        url = resolve_url(args.database)
        if args.db_cmd == "status":
            return cmd_status(url)
        return cmd_apply(url, args.db_cmd)
    except DbCommandError as exc:
        print(f"geo db {args.db_cmd}: {exc}", file=sys.stderr)
        return 2
    finally:
        close_all()
