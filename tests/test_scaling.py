"""What lets many viewers share one server (bench/bench_viewers.py measures it; nothing here is timed)."""

from __future__ import annotations

import subprocess
import sys

from tests_paths import ROOT

# The app's warm-up (ui.loaders.warm_up: a background thread at the first run), in a fresh interpreter;
# then how many objects the per-run full collection (Streamlit's runner.postScriptGC) still scans.
_WARM = """
import gc, threading
import ui.loaders as L

L.warm_up()
for t in threading.enumerate():
    if t.name == "briefmap-warm-up":
        t.join()
print(gc.get_freeze_count(), len(gc.get_objects()))
"""


def test_the_warm_up_leaves_its_objects_out_of_the_per_run_collection():
    """Streamlit collects garbage after every script run, holding the GIL: the warmed caches (layers,
    geometry, panels, figures) are frozen, so that scan covers only what a run itself made."""
    r = subprocess.run([sys.executable, "-c", _WARM], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    frozen, tracked = map(int, r.stdout.split()[-2:])
    assert frozen > 50_000, "the warm-up froze nothing"
    assert tracked < frozen / 10, f"{tracked} objects still scanned after every run ({frozen} frozen)"


def test_freezing_keeps_objects_alive_and_collectable_by_reference():
    import gc
    import weakref

    from ui.loaders import freeze_long_lived

    class Big:
        pass

    kept = Big()
    try:
        assert freeze_long_lived() > 0
        ref = weakref.ref(kept)
        del kept
        assert ref() is None  # a frozen object without references is still freed
    finally:
        gc.unfreeze()
