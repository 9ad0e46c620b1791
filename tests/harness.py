"""Start `streamlit run` on a free localhost port and drive Debian's Chromium with Playwright.

Shared by the browser tests and the bench scripts. The server is polled until /_stcore/health
answers (never a fixed sleep), and its log is shown when it fails.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from geo.briefing.headless import CHROMIUM, CHROMIUM_ARGS, LOCAL_PREFIXES, block_external, launch_chromium  # noqa: F401 (re-exported)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, app: str, port: int, log: Path, proc: subprocess.Popen):
        self.app, self.port, self.log, self.proc = app, port, log, proc

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""


@contextlib.contextmanager
def streamlit_server(
    app: str = "app.py",
    timeout: float = 90.0,
    cwd: Path = ROOT,
    env_extra: dict[str, str] | None = None,
    port: int | None = None,
    extra_args: list[str] | None = None,
) -> Iterator[Server]:
    """A `streamlit run` process on `port` (default: a free one); yields once /_stcore/health says ok.

    `env_extra` is added to the environment (e.g. BRIEFMAP_DATABASE_URL for a server of a shared
    database); `extra_args` to the command line (e.g. another ``--server.fileWatcherType``). A test may kill the process itself (``server.proc.kill()``: SIGKILL) and start another
    on the same port. Stopped on exit (SIGTERM, then SIGKILL), unless already gone."""
    port = port or free_port()
    log = Path(tempfile.mkstemp(prefix="streamlit-", suffix=".log")[1])
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", **(env_extra or {}))
    with open(log, "w") as fh:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                app,
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                *(extra_args or []),
            ],
            cwd=cwd,
            stdout=fh,
            stderr=subprocess.STDOUT,
            env=env,
        )
    server = Server(app, port, log, proc)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}; log:\n{server.log_text()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer within {timeout}s; log:\n{server.log_text()}")
            time.sleep(0.2)
        yield server
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@contextlib.contextmanager
def server_pair(env: dict[str, str]) -> Iterator[tuple[Server, Server]]:
    """Servers A and B: two `streamlit run` on two free ports with the same settings (a deployment's
    two servers on one database, when `env` names one)."""
    with streamlit_server(env_extra=env) as a, streamlit_server(env_extra=env) as b:
        yield a, b


MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def wait_for_map(page, timeout: float = 30000):
    """Wait until the map iframe has drawn its layers; returns (iframe element, frame)."""
    el = page.wait_for_selector(MAP_IFRAME, timeout=timeout)
    frame = el.content_frame()
    frame.wait_for_selector("path.leaflet-interactive", state="attached", timeout=timeout)
    frame.wait_for_function("window.__briefmap && window.__briefmap.pending === 0", timeout=timeout)
    return el, frame


# The map's card (briefmap.js) shows the selected place's quotes over a corner of the map; a point
# under it is reached as a user would: close the card (its × button), then click the map.
UNCOVER = """([x, y]) => {
  const m = window.map.getContainer().getBoundingClientRect();
  const e = document.elementFromPoint(m.left + x, m.top + y), card = e && e.closest('.bm-card');
  if (card) card.querySelector('.bm-card-close').click();
  return !!card;
}"""


def click_latlng(page, el, frame, lat: float, lng: float) -> None:
    """Click the map where a lat/lng is drawn (the iframe's own projection, plus its offset); if the
    map's card covers that point, close the card first."""
    x, y = frame.evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lng}]); return [p.x, p.y]; }}")
    frame.evaluate(UNCOVER, [x, y])
    box = el.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
