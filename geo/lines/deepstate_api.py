"""Opt-in online refresh: fetch a DeepStateMap snapshot by date from its public history API.

Never called unless asked (`python -m geo fetch`, or the Lines page with BRIEFMAP_ONLINE=1). The
API lists snapshots at {base}/public and serves each at {base}/{id}/geojson; the base is
configurable (BRIEFMAP_DEEPSTATE_API) so tests and closed networks can point it at a mirror.
Downloads are cached under the store's cache/ folder, so a date is fetched once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import urllib.error
import urllib.request
from pathlib import Path

from geo.core.geojson_io import atomic_write_text
from geo.lines.ingest import Result, import_one
from geo.lines.store import store_dir
from geo.lines.untrusted import MAX_FILE_MB, ImportFailure

DEFAULT_API = "https://deepstatemap.live/api/history"
TIMEOUT_S = 30


def api_base() -> str:
    return os.environ.get("BRIEFMAP_DEEPSTATE_API", DEFAULT_API).rstrip("/")


def online_enabled() -> bool:
    return os.environ.get("BRIEFMAP_ONLINE", "").lower() in ("1", "true", "yes")


def _get(url: str, limit_bytes: int) -> bytes:
    req = urllib.request.Request(url, headers={"User-Agent": "briefmap/1 (+offline briefing map)", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp:
            data = resp.read(limit_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise ImportFailure(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ImportFailure(f"{url}: cannot connect ({reason})") from None
    if len(data) > limit_bytes:
        raise ImportFailure(f"{url}: response larger than {limit_bytes / 1e6:g} MB; refused")
    return data


def _when(entry: dict) -> dt.datetime | None:
    raw = entry.get("datetime") or entry.get("createdAt") or entry.get("date")
    if raw is None and isinstance(entry.get("id"), (int, float)):
        return dt.datetime.fromtimestamp(entry["id"], dt.timezone.utc)
    try:
        return dt.datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        return None


def pick(entries: list, date: str) -> dict:
    """The last snapshot published on `date` (UTC), or a message naming the nearest dates."""
    on_day = [(w, e) for e in entries if isinstance(e, dict) and (w := _when(e)) is not None and w.date().isoformat() == date]
    if on_day:
        return max(on_day, key=lambda we: we[0])[1]
    days = sorted({w.date().isoformat() for e in entries if isinstance(e, dict) and (w := _when(e)) is not None})
    before = [d for d in days if d < date][-1:]
    after = [d for d in days if d > date][:1]
    raise ImportFailure(f"DeepStateMap has no snapshot dated {date}; nearest: {', '.join(before + after) or 'none listed'}")


def cache_dir(store: Path | None = None) -> Path:
    return store_dir(store) / "cache"


def fetch(date: str, store: Path | None = None, base: str | None = None) -> tuple[Path, bool]:
    """Download (or reuse the cached) snapshot for a date; returns (file, downloaded?)."""
    folder = cache_dir(store)
    cached = sorted(folder.glob(f"deepstate-{date}-*.geojson")) if folder.is_dir() else []
    if cached:
        return cached[-1], False
    base = (base or api_base()).rstrip("/")
    listing = _get(f"{base}/public", 20_000_000)
    try:
        entries = json.loads(listing)
    except json.JSONDecodeError:
        raise ImportFailure(f"{base}/public did not return JSON") from None
    if isinstance(entries, dict):
        entries = entries.get("data") or entries.get("items") or []
    entry = pick(entries, date)
    data = _get(f"{base}/{entry['id']}/geojson", int(MAX_FILE_MB * 1e6))
    try:
        text = data.decode("utf-8")
        json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ImportFailure(f"{base}/{entry['id']}/geojson is not UTF-8 JSON") from None
    dest = folder / f"deepstate-{date}-{entry['id']}.geojson"
    atomic_write_text(dest, text)
    return dest, True


def fetch_and_import(date: str, store: Path | None = None, base: str | None = None) -> tuple[Result, bool]:
    path, downloaded = fetch(date, store, base)
    return import_one(path, fmt="deepstate", date=date, source="deepstate", store_path=store), downloaded
