"""The package layering of geo/ (README, "How the code is laid out"): a package imports only the
packages below it, nothing in geo/ imports Streamlit, and every package says what it owns."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import geo

GEO = Path(geo.__file__).parent
ORDER = ("core", "db", "data", "essays", "lines", "figures", "web", "briefing", "cli")


def _imports(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in a file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("geo",) + path.relative_to(root).parent.parts)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod in ("geo",) + tuple(f"geo.{p}" for p in ORDER):  # `from geo.figures import stats` names modules
                out += [(node.lineno, f"{mod}.{a.name}") for a in node.names]
            else:
                out.append((node.lineno, mod))
    return out


def _package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "geo" and parts[1] in ORDER else None


def layering_violations(root: Path = GEO) -> list[str]:
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        own = rel.parts[0] if len(rel.parts) > 1 else None
        for line, mod in _imports(path, root):
            if mod.split(".")[0] == "streamlit":
                out.append(f"geo/{rel.as_posix()}:{line} imports {mod} (geo/ never imports Streamlit)")
            pkg = _package(mod)
            if own is None or pkg is None:
                continue
            if ORDER.index(pkg) > ORDER.index(own):
                out.append(f"geo/{rel.as_posix()}:{line} imports {mod}: geo.{own} may not import geo.{pkg}, which is above it")
    return out


def test_no_package_imports_one_above_it():
    assert layering_violations() == []


def test_the_check_catches_an_upward_import(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "bad.py").write_text("from geo.figures import stats\nimport streamlit as st\n")
    found = layering_violations(tmp_path)
    assert found == [
        "geo/data/bad.py:1 imports geo.figures.stats: geo.data may not import geo.figures, which is above it",
        "geo/data/bad.py:2 imports streamlit (geo/ never imports Streamlit)",
    ]


def test_only_packages_below_geo():
    loose = sorted(p.name for p in GEO.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert loose == [], f"modules outside a package: {loose}"
    assert sorted(p.name for p in GEO.iterdir() if p.is_dir() and (p / "__init__.py").exists()) == sorted(ORDER)


@pytest.mark.parametrize("package", ORDER)
def test_each_package_says_what_it_owns_and_may_import(package):
    doc = ast.get_docstring(ast.parse((GEO / package / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "May import" in doc, f"geo/{package}/__init__.py needs a docstring saying what it owns and what it may import"
    for path in (GEO / package).glob("*.py"):
        if path.name != "__init__.py":
            assert path.stem in doc, f"geo/{package}/__init__.py does not mention its module {path.stem}"
