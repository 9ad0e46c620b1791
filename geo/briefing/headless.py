"""Debian's Chromium driven by Playwright: shared by the briefing export, the tests and the benches.
Never downloads a browser; never lets a page reach the network."""

from __future__ import annotations

import os

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


def block_external(page, record: list[str], allowed: tuple[str, ...] = LOCAL_PREFIXES) -> None:
    """Abort (and record) every request that would leave the machine."""

    def handle(route):
        url = route.request.url
        if url.startswith(allowed):
            route.continue_()
        else:
            record.append(url)
            route.abort()

    page.route("**/*", handle)
