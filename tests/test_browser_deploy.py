"""deploy/nginx.conf, run: two `streamlit run app.py` servers sharing one database behind nginx.

The config is rendered for free ports into a temporary nginx prefix (its own pid, logs and temp
folders), nginx serves it, and Chromium opens the app through nginx: the Map page draws (so the
WebSocket upgrade works), every request of that browser went to one server (sticky), and both
servers answer /_stcore/health directly and through nginx.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from harness import ROOT, free_port, server_pair, wait_for_map

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

NGINX = Path("/usr/sbin/nginx")
CONF = ROOT / "deploy" / "nginx.conf"


def render(conf: str, listen: int, upstreams: tuple[int, int]) -> str:
    """deploy/nginx.conf for these ports (only the two upstream ports and the listen port change)."""
    assert conf.count("127.0.0.1:8501") == 1 and conf.count("127.0.0.1:8502") == 1 and conf.count("listen 80;") == 1
    return (
        conf.replace("127.0.0.1:8501", f"127.0.0.1:{upstreams[0]}")
        .replace("127.0.0.1:8502", f"127.0.0.1:{upstreams[1]}")
        .replace("listen 80;", f"listen 127.0.0.1:{listen};")
    )


def main_conf(prefix: Path) -> str:
    """The nginx.conf around it, everything inside the temporary prefix (as Debian's includes conf.d/)."""
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "".join(f"    {k}_temp_path {prefix / 'tmp' / k};\n" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (
        f"{user}worker_processes 1;\ndaemon off;\npid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        "    log_format upstream '$request_uri $status $upstream_addr';\n"
        f"    access_log {prefix / 'access.log'} upstream;\n"
        f"{temp}"
        f"    include {prefix / 'briefmap.conf'};\n"
        "}\n"
    )


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.read().strip()


@pytest.fixture(scope="module")
def nginx_binary():
    if not NGINX.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{NGINX} is missing in CI (.ci/run installs nginx)")
        pytest.skip(f"{NGINX} is not installed (apt-get install nginx; .ci/run does)")
    return NGINX


@pytest.fixture(scope="module")
def database():
    """One database both servers share (a fresh one with the schema; dropped afterwards)."""
    import pgtest

    with pgtest.fresh_database("deploy") as url:
        yield url


@pytest.fixture(scope="module")
def servers(database, tmp_path_factory):
    store = tmp_path_factory.mktemp("store")  # one namespace in the one database, as a deployment has
    env = {"BRIEFMAP_DATABASE_URL": database, "BRIEFMAP_STORE": str(store)}
    with server_pair(env) as pair:
        yield pair


@pytest.fixture(scope="module")
def server(servers):
    """The `page` fixture's server: here the first of the two (no third server is started)."""
    return servers[0]


@pytest.fixture(scope="module")
def nginx(nginx_binary, servers, tmp_path_factory):
    prefix = tmp_path_factory.mktemp("nginx")
    for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / k).mkdir(parents=True)
    port = free_port()
    (prefix / "briefmap.conf").write_text(render(CONF.read_text(encoding="utf-8"), port, (servers[0].port, servers[1].port)))
    (prefix / "nginx.conf").write_text(main_conf(prefix))
    cmd = [str(nginx_binary), "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")]
    check = subprocess.run([*cmd, "-t"], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(f"http://127.0.0.1:{port}/_stcore/health") == (200, b"ok"):
                    break
            except OSError:
                pass
            assert proc.poll() is None, proc.stderr.read().decode(errors="replace")
            assert time.monotonic() < deadline, (prefix / "error.log").read_text(errors="replace")
            time.sleep(0.2)
        yield port, prefix
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_the_config_renders_only_the_ports():
    conf = CONF.read_text(encoding="utf-8")
    out = render(conf, 9000, (9001, 9002))
    assert "hash $remote_addr consistent;" in out  # sticky sessions
    assert "location /_stcore/stream" in out and "proxy_set_header Upgrade $http_upgrade;" in out
    assert re.search(r"proxy_read_timeout\s+12h;", out)
    assert "127.0.0.1:9001" in out and "127.0.0.1:9002" in out and "listen 127.0.0.1:9000;" in out


def test_two_servers_behind_nginx(page, nginx, servers):
    port, prefix = nginx
    for s in servers:  # both upstreams answer, directly and (the one nginx picks) through nginx
        assert get(f"http://127.0.0.1:{s.port}/_stcore/health") == (200, b"ok")
    assert get(f"http://127.0.0.1:{port}/_stcore/health") == (200, b"ok")

    page.goto(f"http://127.0.0.1:{port}/")
    wait_for_map(page, timeout=60000)  # the page's WebSocket went through nginx's upgrade
    assert page.locator('[data-testid="stAlert"]').count() == 0
    page.goto(f"http://127.0.0.1:{port}/lines")
    page.get_by_text("If the lines froze on", exact=False).wait_for(timeout=60000)

    log = (prefix / "access.log").read_text(encoding="utf-8").splitlines()
    used = {line.rsplit(" ", 1)[-1] for line in log if "/_stcore/stream" in line or line.startswith("/ ")}
    assert len(used) == 1, f"one browser reached more than one server: {used}"
    assert used <= {f"127.0.0.1:{s.port}" for s in servers}
    assert not [line for line in log if line.split()[1:2] in (["502"], ["504"])], log[-10:]
