"""A throw-away PostgreSQL + PostGIS cluster on a free local port, for tests and CI.

    python tools/pgcluster.py start DIR   # prints the database URL (postgresql://briefmap:…@127.0.0.1:PORT/briefmap)
    python tools/pgcluster.py stop DIR
    python tools/pgcluster.py down DIR    # stop the server at once (a crash, -m immediate), keep its data
    python tools/pgcluster.py up DIR      # start it again on the same port (same URL)

The cluster lives in DIR (made here, removed by ``stop``), listens on 127.0.0.1 only, on a port
that was free, with password (scram-sha-256) authentication for a role made here with a random
password. As root, the server runs as the ``postgres`` system user (PostgreSQL refuses root).
Needs Debian's ``postgresql`` and ``postgresql-15-postgis-3`` (or another version's pair).
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROLE = "briefmap"
DATABASE = "briefmap"


def bindir() -> Path:
    """The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/N/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise SystemExit("pgcluster: PostgreSQL is not installed (apt-get install postgresql postgresql-15-postgis-3)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def start(folder: Path) -> str:
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "data"
    password = secrets.token_urlsafe(18)
    pwfile = folder / "pw"
    pwfile.write_text(password + "\n")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(pwfile, "postgres")
    b = bindir()
    subprocess.run(
        _as_owner(
            [
                str(b / "initdb"),
                "-D",
                str(data),
                "-U",
                ROLE,
                "--pwfile",
                str(pwfile),
                "-A",
                "scram-sha-256",
                "-E",
                "UTF8",
                "--no-instructions",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    pwfile.unlink()
    port = free_port()
    _pg_ctl_start(folder, port)
    (folder / "port").write_text(str(port))
    url = f"postgresql://{ROLE}:{password}@127.0.0.1:{port}/{DATABASE}"
    env = dict(os.environ, PGPASSWORD=password)
    for _ in range(50):
        r = subprocess.run(
            [str(b / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", ROLE, DATABASE],
            env=env,
            capture_output=True,
            text=True,
        )
        if r.returncode == 0:
            break
        time.sleep(0.2)
    else:
        raise SystemExit(f"pgcluster: createdb failed: {r.stderr.strip()}")
    (folder / "url").write_text(url)
    return url


def _pg_ctl_start(folder: Path, port: int) -> None:
    opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    subprocess.run(
        _as_owner(
            [
                str(bindir() / "pg_ctl"),
                "-D",
                str(folder / "data"),
                "-l",
                str(folder / "log"),
                "-o",
                opts,
                "-w",
                "-t",
                "60",
                "start",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def down(folder: Path) -> None:
    """Stop the cluster's server at once (``pg_ctl stop -m immediate``: what a crash looks like to
    clients), keeping its data so that `up` starts it again on the same port."""
    folder = folder.resolve()
    subprocess.run(
        _as_owner([str(bindir() / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "-w", "stop"]),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def up(folder: Path) -> str:
    """Start a cluster stopped by `down` again, on the port it had; returns its URL."""
    folder = folder.resolve()
    _pg_ctl_start(folder, int((folder / "port").read_text()))
    return (folder / "url").read_text()


def stop(folder: Path) -> None:
    folder = folder.resolve()
    data = folder / "data"
    if data.is_dir():
        subprocess.run(
            _as_owner([str(bindir() / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]), stdout=subprocess.DEVNULL
        )
    shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "stop", "down", "up"):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "start":
        print(start(Path(argv[1])))
    elif argv[0] == "up":
        print(up(Path(argv[1])))
    elif argv[0] == "down":
        down(Path(argv[1]))
    else:
        stop(Path(argv[1]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
