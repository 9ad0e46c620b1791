"""The database setting: ``BRIEFMAP_DATABASE_URL``, validated, and masked wherever it is shown.

The URL carries a password, so it is never printed, logged or put on a page as given: ``masked``
replaces the password (and any ``password=`` query parameter) with ``***``. Every message that
names the database uses ``masked``.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

ENV = "BRIEFMAP_DATABASE_URL"
SCHEMES = ("postgresql", "postgres")
MAX_URL = 2048


class DatabaseConfigError(ValueError):
    """The database setting cannot be used (one line; the URL in it is masked)."""


def masked(url: object) -> str:
    """The URL with its password replaced by ``***`` (safe to show or log).

    Parameters
    ----------
    url : object
        A database URL (anything else is shown as ``'<not a URL>'``).

    Returns
    -------
    str
        The URL, password masked, at most 200 characters.

    Examples
    --------
    >>> masked("postgresql://briefmap:s3cret@db.example:5432/briefmap")
    'postgresql://briefmap:***@db.example:5432/briefmap'
    >>> masked("postgresql://db/briefmap?user=u&password=s3cret")
    'postgresql://db/briefmap?user=u&password=***'
    """
    if not isinstance(url, str):
        return "<not a URL>"
    text = re.sub(r"(?i)(password=)[^&\s#]*", r"\1***", url)
    head, sep, rest = text.partition("://")
    if sep:
        before_query = rest.split("?", 1)[0]
        at = before_query.rfind("@")  # the last @ ends the user info, whatever the password holds
        if at >= 0:
            userinfo = rest[:at]
            user = userinfo.split(":", 1)[0] if ":" in userinfo else userinfo
            shown = f"{user}:***" if ":" in userinfo and "@" not in user and "/" not in user else "***"
            text = f"{head}://{shown}{rest[at:]}"
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 200 else text[:199] + "…"


def database_url(env: dict[str, str] | None = None) -> str | None:
    """The configured database URL, or None for the embedded file stores.

    Parameters
    ----------
    env : dict, optional
        The environment to read (default ``os.environ``).

    Returns
    -------
    str or None
        ``BRIEFMAP_DATABASE_URL`` if set and not blank.

    Raises
    ------
    DatabaseConfigError
        The value is not a ``postgresql://`` URL (the message shows it masked).

    Examples
    --------
    >>> database_url({}) is None
    True
    >>> database_url({"BRIEFMAP_DATABASE_URL": "postgresql://u:pw@localhost/briefmap"})
    'postgresql://u:pw@localhost/briefmap'
    """
    raw = (os.environ if env is None else env).get(ENV, "").strip()
    if not raw:
        return None
    if len(raw) > MAX_URL:
        raise DatabaseConfigError(f"{ENV} is {len(raw)} characters long; at most {MAX_URL} are accepted")
    try:
        scheme = urlsplit(raw).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme not in SCHEMES:
        raise DatabaseConfigError(
            f"{ENV} must be a postgresql:// URL (e.g. postgresql://user:password@host:5432/briefmap), not {masked(raw)!r}"
        )
    return raw


def enabled(env: dict[str, str] | None = None) -> bool:
    """True when ``BRIEFMAP_DATABASE_URL`` is set (the stores and rooms live in PostgreSQL).

    Examples
    --------
    >>> enabled({})
    False
    """
    return bool((os.environ if env is None else env).get(ENV, "").strip())


def namespace(store: str | os.PathLike | None = None, env: dict[str, str] | None = None) -> str:
    """The store namespace in the database: what the folder is to the file stores.

    No store given (or the configured store given explicitly) and no ``BRIEFMAP_STORE``:
    ``"default"`` (every server of a deployment shares it, wherever its checkout is). Otherwise the store's absolute path as text, so a store given as
    a folder (``--store``, ``BRIEFMAP_STORE``, a test's temporary folder) is its own namespace.

    Parameters
    ----------
    store : str or PathLike, optional
        The store as the file backend would be given it.
    env : dict, optional
        The environment to read (default ``os.environ``).

    Returns
    -------
    str
        The namespace.

    Examples
    --------
    >>> namespace(None, {})
    'default'
    >>> namespace("/srv/briefmap/store", {})
    '/srv/briefmap/store'
    >>> from geo.core.paths import DATA
    >>> namespace(DATA / "user", {})
    'default'
    """
    from geo.core.paths import DATA

    configured = (os.environ if env is None else env).get("BRIEFMAP_STORE", "").strip() or None
    if store is not None and os.path.abspath(os.fspath(store)) == os.path.abspath(configured or DATA / "user"):
        store = None  # the deployment's store passed explicitly (as the UI does) is the same namespace
    given = store if store is not None else configured
    return "default" if given is None else os.path.abspath(os.fspath(given))
