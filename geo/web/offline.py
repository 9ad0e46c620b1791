"""Offline assets: Leaflet comes from the installed `xstatic-leaflet` package, copied into
./static/vendor so Streamlit's static serving hands it to the map iframe. No CDN at run time.

Every file the map loads is published under a name carrying a hash of its content
(``leaflet.<10 hex>.js``, ``layers/ukraine-admin1.<10 hex>.geojson``): such a name never changes
content, so :class:`CacheHeaders` lets browsers keep it for a year without asking again; any other
file under ``/app/static/`` is sent with ``no-cache`` (the browser revalidates it with its ETag).
"""

from __future__ import annotations

import filecmp
import hashlib
import os
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Awaitable, Callable

from geo.core.geojson_io import atomic_write_text
from geo.core.paths import ROOT

STATIC = ROOT / "static"
STATIC_URL = "/app/static"
VENDOR = STATIC / "vendor"
LEAFLET_JS = f"{STATIC_URL}/vendor/leaflet/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/vendor/leaflet/leaflet.css"
BRIEFMAP_JS = f"{STATIC_URL}/vendor/briefmap/briefmap.js"
BRIEFMAP_CSS = f"{STATIC_URL}/vendor/briefmap/briefmap.css"
COMPARE_JS = f"{STATIC_URL}/vendor/briefmap/compare.js"  # compare two dates: the swipe (geo/web/assets/compare.js)
COMPARE_CSS = f"{STATIC_URL}/vendor/briefmap/compare.css"
ASSETS = Path(__file__).resolve().parent / "assets"


def _copy_if_changed(src: Path, dest: Path) -> bool:
    if dest.exists() and filecmp.cmp(src, dest, shallow=False):
        return False
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")  # unique: threads may race
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return True


def ensure_vendor(static_dir: Path = STATIC) -> list[Path]:
    """Copy Leaflet's JS, CSS and images into static/vendor (real files: Streamlit refuses symlinks)."""
    import xstatic.pkg.leaflet as xleaflet

    src = Path(xleaflet.BASE_DIR)
    dest = static_dir / "vendor" / "leaflet"
    copied = []
    for name in ("leaflet.js", "leaflet.css"):
        if _copy_if_changed(src / name, dest / name):
            copied.append(dest / name)
    for img in sorted((src / "images").glob("*.png")):
        if _copy_if_changed(img, dest / "images" / img.name):
            copied.append(dest / "images" / img.name)
    for name in ("briefmap.js", "briefmap.css"):  # our own map code, kept as real files in geo/assets
        if _copy_if_changed(ASSETS / name, static_dir / "vendor" / "briefmap" / name):
            copied.append(static_dir / "vendor" / "briefmap" / name)
    for name in ("compare.js", "compare.css"):  # compare two dates (geo.web.webcompare): our own swipe, no plugin
        if _copy_if_changed(ASSETS / name, static_dir / "vendor" / "briefmap" / name):
            copied.append(static_dir / "vendor" / "briefmap" / name)
    return copied


HASHED_NAME = re.compile(r"\.[0-9a-f]{10}\.[A-Za-z0-9]+$")  # x.<10 hex>.geojson: see content_hashed_name
IMMUTABLE = "public, max-age=31536000, immutable"  # one year: a hashed name never changes content
REVALIDATE = "no-cache"  # may be stored, but asked again (ETag / Last-Modified) before each use


def content_hashed_name(name: str, data: bytes) -> str:
    """``name`` with the first 10 hex digits of its content's SHA-256 before the suffix.

    Parameters
    ----------
    name : str
        A file name with a suffix, e.g. ``"leaflet.js"``.
    data : bytes
        The file's content.

    Returns
    -------
    str
        E.g. ``"leaflet.0123456789.js"``: the form :class:`CacheHeaders` serves as immutable.

    Examples
    --------
    >>> content_hashed_name("a.js", b"x")
    'a.2d711642b7.js'
    >>> bool(HASHED_NAME.search(content_hashed_name("a.js", b"x")))
    True
    """
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{suffix}"


def _publish_hashed(src: Path, folder: Path) -> str:
    """Copy ``src`` into ``folder`` under its content-hashed name; drop older hashed copies of it."""
    data = src.read_bytes()
    name = content_hashed_name(src.name, data)
    _copy_if_changed(src, folder / name)
    stem, _, suffix = src.name.rpartition(".")
    for old in folder.glob(f"{stem}.*.{suffix}"):
        if old.name != name and HASHED_NAME.search(old.name) and old.name.count(".") == name.count("."):
            old.unlink(missing_ok=True)
    return name


@lru_cache(maxsize=4)
def vendor_links(static_dir: Path = STATIC) -> dict[str, str]:
    """Publish Leaflet's and the map's own JS and CSS under content-hashed names; return their URLs.

    The hashed copies sit beside the plain ones (``ensure_vendor``), so Leaflet's CSS still finds
    its ``images/`` folder. Computed once per process: a changed ``briefmap.js`` gets a new name
    at the next server start, and browsers fetch it then.

    Parameters
    ----------
    static_dir : Path
        The folder Streamlit serves at ``/app/static`` (``STATIC``).

    Returns
    -------
    dict of str to str
        ``leaflet_js``, ``leaflet_css``, ``briefmap_js``, ``briefmap_css``, ``compare_js``, ``compare_css``
        -> their ``/app/static/...`` URL.

    Examples
    --------
    >>> links = vendor_links()
    >>> links["leaflet_js"].startswith("/app/static/vendor/leaflet/leaflet.")
    True
    """
    import xstatic.pkg.leaflet as xleaflet

    ensure_vendor(static_dir)
    out = {}
    leaflet = Path(xleaflet.BASE_DIR)
    for key, src, sub in (
        ("leaflet_js", leaflet / "leaflet.js", "leaflet"),
        ("leaflet_css", leaflet / "leaflet.css", "leaflet"),
        ("briefmap_js", ASSETS / "briefmap.js", "briefmap"),
        ("briefmap_css", ASSETS / "briefmap.css", "briefmap"),
        ("compare_js", ASSETS / "compare.js", "briefmap"),  # compare two dates: the swipe (geo.web.webcompare)
        ("compare_css", ASSETS / "compare.css", "briefmap"),
    ):
        out[key] = f"{STATIC_URL}/vendor/{sub}/{_publish_hashed(src, static_dir / 'vendor' / sub)}"
    return out


class CacheHeaders:
    """ASGI middleware: long-lived caching for content-hashed static files, revalidation for the rest.

    A successful response under ``/app/static/`` whose file name carries a content hash
    (``HASHED_NAME``) gets ``Cache-Control: public, max-age=31536000, immutable``; any other
    response there gets ``no-cache``. Nothing else is touched. Streamlit's own static serving sends
    no ``Cache-Control`` at all (ETag and Last-Modified only), so browsers ask again on every load.

    Parameters
    ----------
    app : ASGI application
        The application to wrap (in ``st.App(..., middleware=[Middleware(CacheHeaders)])``).

    Examples
    --------
    >>> CacheHeaders.policy("/app/static/layers/places.0123456789.geojson", 200) == IMMUTABLE
    True
    >>> CacheHeaders.policy("/app/static/vendor/leaflet/leaflet.js", 200)
    'no-cache'
    >>> CacheHeaders.policy("/app/static/layers/gone.0123456789.geojson", 404)
    'no-cache'
    >>> CacheHeaders.policy("/_stcore/health", 200) is None
    True
    """

    def __init__(self, app: Callable[..., Awaitable[Any]]):
        self.app = app

    @staticmethod
    def policy(path: str, status: int) -> str | None:
        """The Cache-Control value for a response to ``path`` with ``status`` (None: leave it alone)."""
        if not re.search(r"(^|/)app/static/", path):
            return None
        return IMMUTABLE if status == 200 and HASHED_NAME.search(path) else REVALIDATE

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope.get("type") != "http" or "/app/static/" not in scope.get("path", ""):
            await self.app(scope, receive, send)
            return
        path = scope["path"]

        async def send_with_policy(message: dict) -> None:
            if message.get("type") == "http.response.start":
                value = self.policy(path, int(message.get("status", 0)))
                if value is not None:
                    headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                    headers.append((b"cache-control", value.encode("latin-1")))
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_policy)


def write_static_text(rel_path: str, text: str, static_dir: Path = STATIC) -> str:
    """Write a generated file under static/ (atomically, only if changed); returns its URL."""
    dest = static_dir / rel_path
    if not dest.exists() or dest.read_text(encoding="utf-8") != text:
        atomic_write_text(dest, text)
    return f"{STATIC_URL}/{rel_path}"
