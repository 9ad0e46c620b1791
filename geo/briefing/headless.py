"""Debian's Chromium driven by Playwright: shared by the briefing export, the tests and the benches.
Never downloads a browser; never lets a page reach the network."""

from __future__ import annotations

import os
import re

CHROMIUM = os.environ.get("BRIEFMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_PREFIXES = ("http://localhost", "http://127.0.0.1", "ws://localhost", "ws://127.0.0.1", "data:", "blob:", "about:")


def available() -> str | None:
    """None if Chromium and Playwright are usable, else why not (one line)."""
    if not os.path.exists(CHROMIUM):
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -r requirements.txt)"
    return None


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def outside(allowed: tuple[str, ...] = LOCAL_PREFIXES) -> re.Pattern:
    """A regular expression matching every URL that does not start with one of `allowed`.

    A prefix with a host (``http://localhost``) must end where the host ends, so that
    ``http://localhost.example.net`` is outside. The pattern is also valid JavaScript: Playwright
    matches it in its driver, so requests to allowed URLs never make a round trip to Python.

    Parameters
    ----------
    allowed : tuple of str
        URL prefixes that may be requested.

    Returns
    -------
    re.Pattern
        Matches the URLs to block.

    Examples
    --------
    >>> bool(outside().match("https://example.invalid/tile.png"))
    True
    >>> bool(outside().match("http://localhost:8501/static/js/index.js")), bool(outside().match("http://localhost.example.net/"))
    (False, True)
    """
    alternatives = []
    for prefix in allowed:
        alternatives.append(re.escape(prefix) + (r"(?=[:/?#]|$)" if "://" in prefix else ""))
    return re.compile("^(?!(?:" + "|".join(alternatives) + "))")


def block_external(page, record: list[str], allowed: tuple[str, ...] = LOCAL_PREFIXES) -> None:
    """Abort (and record) every request that would leave the machine; the allowed ones go untouched.

    Parameters
    ----------
    page : playwright.sync_api.Page
        The page to guard.
    record : list of str
        Each blocked URL is appended to it.
    allowed : tuple of str
        URL prefixes that may be requested (default: this machine, and data:, blob:, about:).

    Returns
    -------
    None

    Examples
    --------
    >>> block_external(page, blocked := [])  # doctest: +SKIP
    """

    def handle(route):
        record.append(route.request.url)
        route.abort()

    page.route(outside(allowed), handle)
