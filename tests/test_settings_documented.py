"""Every setting the app, its tools and its tests read from the environment is documented in README.md
(data files have theirs in data/README.md: test_provenance.py)."""

from __future__ import annotations

import re

from tests_paths import ROOT

# Where a setting is read: os.environ.get("X"…), os.environ["X"], os.getenv("X"…), setenv("X"…), or a
# module's ENV = "X" (geo.db.settings, tests/pgtest.py).
READ = re.compile(r"""(?:environ\.get\(|environ\[|getenv\(|ENV\s*=\s*)["'](BRIEFMAP_[A-Z0-9_]+)["']""")
SOURCES = ["app.py", "geo", "ui", "pages", "tools", "bench", "tests/conftest.py", "tests/pgtest.py", "tests/tests_paths.py"]


def settings() -> dict[str, str]:
    found: dict[str, str] = {}
    for src in SOURCES:
        path = ROOT / src
        for f in [path] if path.is_file() else sorted(path.rglob("*.py")):
            for name in READ.findall(f.read_text(encoding="utf-8")):
                found.setdefault(name, str(f.relative_to(ROOT)))
    return found


def test_the_scan_finds_the_settings():
    found = settings()
    for name in ("BRIEFMAP_STORE", "BRIEFMAP_DATABASE_URL", "BRIEFMAP_TEST_DATABASE_URL", "BRIEFMAP_TEST_BACKEND"):
        assert name in found


def test_every_setting_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = {name: where for name, where in settings().items() if not re.search(rf"\b{name}\b", readme)}
    assert not missing, f"settings read but not documented in README.md (name: where it is read): {missing}"
