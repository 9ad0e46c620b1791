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


def _session_values(at) -> dict:
    state = at.session_state._state
    return {k: state[k] for k in state.filtered_state}


def _assert_small_and_plain(values: dict) -> None:
    """Every session's own state is a few plain values: no geometry, frame, folium map or figure
    (those are shared by every session from the caches in geo/ and ui/loaders.py)."""
    import pickle

    plain = (str, int, float, bool, type(None), list, tuple, dict)
    for key, value in values.items():
        assert isinstance(value, plain), f"session_state[{key!r}] holds a {type(value).__name__}"
        size = len(pickle.dumps(value))
        assert size < 4096, f"session_state[{key!r}] is {size} bytes"


def test_a_map_session_holds_no_geometry_and_only_small_values():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["place"] = "melitopol"
    at.run()
    at.session_state["bm_map"] = {
        "last_object_clicked": {"lat": 47.1, "lng": 37.55, "id": "mariupol"},
        "zoom": 6,
        "center": {"lat": 47.9, "lng": 34.6},
    }
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["selected"] == "mariupol"
    _assert_small_and_plain(_session_values(at))


def test_a_briefing_session_holds_no_geometry_and_only_small_values():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["scene"] = "2"
    at.switch_page("pages/briefing.py")
    at.run()
    assert not at.exception, at.exception
    _assert_small_and_plain(_session_values(at))
