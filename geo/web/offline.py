"""Offline assets: Leaflet comes from the installed `xstatic-leaflet` package, copied into
./static/vendor so Streamlit's static serving hands it to the map iframe. No CDN at run time."""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from pathlib import Path

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


def write_static_text(rel_path: str, text: str, static_dir: Path = STATIC) -> str:
    """Write a generated file under static/ (atomically, only if changed); returns its URL."""
    dest = static_dir / rel_path
    if not dest.exists() or dest.read_text(encoding="utf-8") != text:
        atomic_write_text(dest, text)
    return f"{STATIC_URL}/{rel_path}"
