"""A real, throw-away PostgreSQL server on loopback for the tests that need one (Debian's packages).

``with postgres_server() as url:`` initialises a cluster in a fresh folder under /tmp (trust authentication,
listening only on 127.0.0.1 at a free port), starts it, creates the database ``gradebook`` and yields its
SQLAlchemy URL. The server is stopped on exit. As root, the server runs as the ``postgres`` user (PostgreSQL
refuses to run as root).
"""
from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def find_bindir() -> str | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` holding ``initdb``, or None."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    return os.path.dirname(candidates[-1]) if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextlib.contextmanager
def postgres_server():
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
    # pytest's tmp_path lives under a root-only folder the postgres user cannot enter: use /tmp directly
    base = Path(tempfile.mkdtemp(prefix="course-pg-"))
    data, sock = base / "pgdata", base / "pgsock"
    data.mkdir(parents=True)
    sock.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(data, "postgres")
        shutil.chown(sock, "postgres")
    port = _free_port()
    run = dict(check=True, capture_output=True, text=True, timeout=120)
    subprocess.run(_as_server_user([f"{bindir}/initdb", "-D", str(data), "--auth=trust", "-U", "postgres",
                                    "--encoding=UTF8", "--no-instructions"]), **run)
    log = base / "server.log"
    if os.geteuid() == 0:
        log.touch()
        shutil.chown(log, "postgres")
    opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {sock} -c fsync=off -c max_connections=100"
    subprocess.run(_as_server_user([f"{bindir}/pg_ctl", "-D", str(data), "-l", str(log), "-o", opts,
                                    "-w", "-t", "60", "start"]), **run)
    try:
        subprocess.run([f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                        "gradebook"], **run)
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/gradebook"
    finally:
        subprocess.run(_as_server_user([f"{bindir}/pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop"]),
                       capture_output=True, text=True, timeout=120)
        shutil.rmtree(base, ignore_errors=True)
