"""Paths the tests share, and the one way to reach third-party fixtures in ../shared."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout (read-only, not in the repository); BRIEFMAP_SHARED points elsewhere,
# e.g. at an empty folder to see which tests need it.
SHARED = Path(os.environ.get("BRIEFMAP_SHARED") or ROOT.parent / "shared")


def shared_path(name: str) -> Path:
    """Where a file under ../shared would be (it may be missing: see `shared_fixture`).

    Parameters
    ----------
    name : str
        Path below the shared folder, e.g. ``"fixtures/deepstate/deepstate-2025-08-03.geojson"``.

    Returns
    -------
    Path
        The path, whether or not the file exists.

    Examples
    --------
    >>> shared_path("seed").name
    'seed'
    """
    return SHARED / name


def shared_missing(name: str) -> str | None:
    """The skip reason when a file under ../shared is missing, else None (for ``pytest.mark.skipif``).

    Parameters
    ----------
    name : str
        Path below the shared folder.

    Returns
    -------
    str or None
        ``"../shared/NAME is missing: third-party fixtures are not in the repository"`` (naming
        BRIEFMAP_SHARED's folder instead when it is set), or None when the file is there.

    Examples
    --------
    >>> shared_missing("no/such/file.geojson").endswith("is missing: third-party fixtures are not in the repository")
    True
    """
    path = shared_path(name)
    if path.exists():
        return None
    shown = f"../shared/{name}" if "BRIEFMAP_SHARED" not in os.environ else str(path)
    return f"{shown} is missing: third-party fixtures are not in the repository"


def shared_fixture(name: str) -> Path:
    """A file under ../shared, or skip the calling test (or fixture) with the reason when it is missing.

    Parameters
    ----------
    name : str
        Path below the shared folder, e.g. ``"fixtures/deepstate/deepstate-2025-08-03.geojson"``.

    Returns
    -------
    Path
        The existing file or folder.

    Examples
    --------
    >>> shared_fixture("fixtures/deepstate/deepstate-2025-08-03.geojson").name  # doctest: +SKIP
    'deepstate-2025-08-03.geojson'
    """
    reason = shared_missing(name)
    if reason:
        pytest.skip(reason)
    return shared_path(name)
