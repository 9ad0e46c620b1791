"""Where things live in the repository, in one place so scripts and tests agree."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
AUTHORED = DATA / "authored"
REGIONS = DATA / "regions"
BASEMAP = DATA / "basemap"
PLACES = DATA / "places"
CONTROL = DATA / "control"
ESSAYS = DATA / "essays"
SEED_ESSAY = ROOT.parent / "shared" / "seed" / "essay-2022-11-17-the-case-against-negotiations-with-russia.txt"


def rel(path: Path) -> str:
    """Path relative to the repository root, with forward slashes (for catalogues and messages)."""
    return Path(path).resolve().relative_to(ROOT).as_posix()
