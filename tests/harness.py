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
from geo.briefing.headless import CHROMIUM, CHROMIUM_ARGS, LOCAL_PREFIXES, block_external, launch_chromium, outside  # noqa: F401 (re-exported)


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


# ---- The browser tests' Chromium: one on-disk profile, and the network refused by the browser itself ----
#
# A page load costs Chromium mostly Streamlit's own frontend: about 100 JavaScript chunks to fetch,
# parse and compile. A fresh incognito context per test, with the network guard as a Playwright route
# (which switches the page's HTTP cache off), paid all of it on every load. Here every test's pages
# live in one persistent profile: the HTTP cache and V8's code cache carry over from test to test
# (`python bench/bench_browser_profile.py`, with STILL and the kept renderer below: 0.54x CPU per map load). The guard stays: Chromium
# sends every request that is not to this machine to a dead proxy (refused at once, nothing leaves),
# and `guard` records those requests, so a test still fails on any of them.
VIEW = {"width": 1280, "height": 720}

# The tests' pages do not animate: CSS animations and transitions are off in every frame (as
# Playwright's own screenshots do with animations="disabled"), so Chromium stops drawing frames of
# spinners and fades nobody looks at (about 12 % of a map load's CPU). A test sees each end state.
STILL = """document.addEventListener('DOMContentLoaded', () => {
  const s = document.createElement('style');
  s.textContent = '*, *::before, *::after { animation: none !important; transition: none !important; }';
  document.head.appendChild(s);
});"""


_COUNT_RUNS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__bmRuns = 0;  // runs that ended: a change away from 'running' (however brief the run was)
  new MutationObserver((records) => {
    for (const r of records) if (r.oldValue === 'running') window.__bmRuns += 1;
  }).observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']});
}"""
_RAN = """() => window.__bmRuns > 0
  && document.querySelector('[data-testid="stApp"]').getAttribute('data-test-script-state') === 'notRunning'"""


@contextlib.contextmanager
def script_run(page, timeout: float = 30000) -> Iterator[None]:
    """Wait, after the block, until Streamlit has run the page's script for what the block did and
    is idle again. For a file upload: the uploader sends the file, then asks for a run; a button
    pressed before that run may find no file, or its click may be lost in the page's re-render."""
    page.evaluate(_COUNT_RUNS)
    yield
    page.wait_for_function(_RAN, timeout=timeout)


def offline_args(port: int) -> list[str]:
    """Chromium's command line with every non-loopback request sent to 127.0.0.1:`port`, where
    nothing listens: the browser refuses it (net::ERR_PROXY_CONNECTION_FAILED)."""
    return [*CHROMIUM_ARGS, f"--proxy-server=http://127.0.0.1:{port}", "--proxy-bypass-list=localhost;127.0.0.1"]


KEEP_URL = "http://localhost/briefmap-test-profile-keeps-its-renderer"


def guard(page, record: list[str], allowed: tuple[str, ...] = LOCAL_PREFIXES) -> None:
    """Record every request and web socket of `page` that is not to one of the `allowed` URL prefixes
    (the same test as `block_external`: geo.briefing.headless.outside). In a `Profile` the browser
    refuses those that would leave the machine; unlike a route, listening leaves the page's HTTP
    cache on."""
    leaves = outside(allowed)
    page.on("request", lambda r: record.append(r.url) if leaves.match(r.url) else None)
    page.on("websocket", lambda ws: record.append(ws.url) if leaves.match(ws.url) else None)


class PageGroup:
    """What a test gets for `browser.new_context(viewport=…)` in a `Profile`: its pages open at that
    size in the shared profile, and `close()` closes them and clears the profile's cookies and
    permissions (the HTTP and code caches stay: that is the point)."""

    def __init__(self, context, viewport: dict[str, int]) -> None:
        self._context = context
        self._viewport = dict(viewport)
        self._granted = False
        self.pages: list = []

    def new_page(self):
        page = self._context.new_page()
        page.set_viewport_size(self._viewport)
        page.group = self
        self.pages.append(page)
        return page

    def grant_permissions(self, permissions: list[str], origin: str | None = None) -> None:
        self._context.grant_permissions(permissions, origin=origin)
        self._granted = True

    def close(self) -> None:
        for page in self.pages:
            if not page.is_closed():
                page.close()
        self._context.clear_cookies()
        if self._granted:
            self._context.clear_permissions()


class Profile:
    """Stands in for a Playwright `Browser` in the browser tests: Debian's Chromium with one on-disk
    profile (`user_data_dir`, shared by the session's modules) and the network refused (`offline_args`).

    `new_context(viewport=…)` (or no options) gives a `PageGroup` in the profile; other options (a
    phone's `is_mobile`, `has_touch`, `device_scale_factor`) and `fresh_context` give a real incognito
    context of the same browser: empty caches, the same refused network."""

    def __init__(self, playwright, user_data_dir: str, keep_renderer: bool = True) -> None:
        # the dead proxy's port stays bound, never listening, while the browser runs: a connection is
        # refused, and no server started meanwhile can be given the port
        self._dead = socket.socket()
        self._dead.bind(("127.0.0.1", 0))
        try:
            self.context = playwright.chromium.launch_persistent_context(
                user_data_dir,
                executable_path=CHROMIUM,
                args=[*offline_args(self._dead.getsockname()[1]), *(["--process-per-site"] if keep_renderer else [])],
                viewport=VIEW,
            )
            self.context.add_init_script(STILL)
            if keep_renderer:  # False: only for bench/bench_browser_profile.py's comparison
                self._keep_renderer_alive()
        except BaseException:
            with contextlib.suppress(Exception):
                self.context.close()
            self._dead.close()
            raise

    def _keep_renderer_alive(self) -> None:
        # With --process-per-site, every localhost page of the profile shares one renderer process
        # (a site is scheme and host: the servers' ports do not count). One page held open on a
        # localhost URL keeps that process alive between tests, so a test's new page does not pay for
        # starting a renderer and warming its caches again (bench/bench_browser_profile.py). The
        # page's one request is answered by a route on that page alone, with no server.
        keep = self.context.pages[0] if self.context.pages else self.context.new_page()
        keep.route(KEEP_URL, lambda route: route.fulfill(status=200, content_type="text/plain", body=""))
        keep.goto(KEEP_URL)

    def new_context(self, **options):
        if not options.get("has_touch") and set(options) <= {"viewport", "has_touch"}:
            return PageGroup(self.context, options.get("viewport") or VIEW)
        return self.fresh_context(**options)

    def new_page(self):
        """A page in a `PageGroup` of its own (as `Browser.new_page`)."""
        return self.new_context().new_page()

    def fresh_context(self, **options):
        ctx = self.context.browser.new_context(**{"viewport": VIEW, **options})
        ctx.add_init_script(STILL)
        return ctx

    def close(self) -> None:
        try:
            self.context.close()
        finally:
            self._dead.close()


def close_page(page) -> None:
    """Close a test's page with everything opened beside it: its `PageGroup`, or its own context."""
    group = getattr(page, "group", None)
    (group if group is not None else page.context).close()
