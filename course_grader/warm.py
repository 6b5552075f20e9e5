"""``course warm start|stop|status``: a warm grader, so that one submission is graded in under a second.

Grading one submission from a fresh ``course autograde`` process pays for two interpreters' imports before the
notebook's first cell runs: the grader's (nbgrader, nbconvert, SQLAlchemy) and the kernel's (IPython, NumPy,
Matplotlib, ``course_utils``), ~0.7 s each on two cores, then the notebook itself (~0.6 s for unit 1).  What
grades one submission at a time, over and over (a grade-on-submit service, ``course validate`` while a student
works), can keep those imports warm:

* ``course warm start`` starts a *warm grader*: a background process of this user that has imported all of it
  and nothing else (no course, no gradebook, no submission ever reaches it), listening on a socket in a private
  folder (``$TMPDIR/course-warm-<uid>/``, mode 0700; only this user's processes are served).
* While it runs, ``course autograde`` and ``course validate`` hand their command line, working folder,
  environment and terminal to it and wait: it forks a copy of itself that first forks the kernels' fork server
  from its still pristine image (so every kernel starts as from :mod:`course_grader.forkserver`'s own server),
  then reads the request and runs the very same command (``course_grader.cli``) with the caller's output.
  Results, files written and exit status are those of the command run cold; Ctrl-C is passed on.
* It serves only the code it imported: its socket is named by a fingerprint of this interpreter and of the
  installed files of ``course_grader``, ``course_utils`` and the libraries it preloads.  Edit any of them and
  commands run cold again until the next ``course warm start``.  It stops after ``--idle`` seconds without a
  request (default 1800) or with ``course warm stop``.
* ``COURSE_WARM=0`` makes a command ignore a running warm grader.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import sys
import time
from pathlib import Path

#: the commands a running warm grader serves
SERVED = ("autograde", "validate")
#: libraries whose installed versions the fingerprint covers (besides course_grader and course_utils themselves)
LIBRARIES = ("nbgrader", "nbconvert", "nbclient", "nbformat", "jupyter_client", "ipykernel", "IPython", "traitlets",
             "sqlalchemy", "numpy", "matplotlib", "zmq", "jsonschema")
DEFAULT_IDLE = 1800.0


# ------------------------------------------------------------------------------------------------ where it lives

def state_dir(create: bool = True) -> Path | None:
    """``$TMPDIR/course-warm-<uid>``: this user's warm graders (0700); None if it is not safely ours."""
    import stat
    import tempfile

    path = Path(tempfile.gettempdir()) / f"course-warm-{os.getuid()}"
    try:
        if create:
            path.mkdir(mode=0o700, exist_ok=True)
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return None   # a link, someone else's folder, or open to others: never trust it
    return path


def _package_dir(name: str) -> str | None:
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    if spec.submodule_search_locations:
        return list(spec.submodule_search_locations)[0]
    return os.path.dirname(spec.origin) if spec.origin else None


def fingerprint(roots: list[str] | None = None) -> str:
    """A digest of the code a warm grader would run: this interpreter, every ``.py`` file of ``course_grader`` and
    ``course_utils`` (path, size, modification time) and the installed libraries' package files."""
    import hashlib

    h = hashlib.sha256()
    h.update(os.path.realpath(sys.executable).encode())
    h.update(sys.version.encode())
    if roots is None:
        roots = [str(Path(__file__).resolve().parent), _package_dir("course_utils") or ""]
        libraries = [_package_dir(name) for name in LIBRARIES]
    else:
        libraries = []
    for root in roots:
        if not root:
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    st = os.stat(os.path.join(folder, name))
                    h.update(f"{folder}/{name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    for lib in libraries:   # a reinstall or upgrade rewrites the package's folder and its __init__
        for path in (lib, os.path.join(lib or "", "__init__.py")):
            try:
                st = os.stat(path)
                h.update(f"{path}:{st.st_size}:{st.st_mtime_ns}\n".encode())
            except (OSError, TypeError):
                h.update(f"{path}:-\n".encode())
    return h.hexdigest()[:24]


def socket_path(folder: Path | None = None) -> Path | None:
    folder = folder or state_dir()
    return None if folder is None else folder / f"{fingerprint()}.sock"


def _served(argv: list[str]) -> bool:
    words = iter(argv)
    for word in words:
        if word == "--course-dir":
            next(words, None)
        elif not word.startswith("-"):
            return word in SERVED
    return False


# ------------------------------------------------------------------------------------------------ the caller

def _send(sock: socket.socket, obj: dict) -> None:
    sock.sendall(json.dumps(obj).encode() + b"\n")


class _Lines:
    def __init__(self, sock: socket.socket):
        self.sock, self.buf = sock, b""

    def read(self) -> dict | None:
        while b"\n" not in self.buf:
            try:
                chunk = self.sock.recv(65536)
            except InterruptedError:   # pragma: no cover - retried by Python itself (PEP 475)
                continue
            if not chunk:
                return None
            self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\n")
        try:
            return json.loads(line)
        except ValueError:
            return None


def run_client(argv: list[str]) -> int | None:
    """Run ``course ARGV`` in this user's warm grader for the current code; None when there is none (run it here)."""
    if os.environ.get("COURSE_WARM") == "0" or not _served(argv) or not hasattr(socket, "send_fds"):
        return None
    path = socket_path()
    if path is None or not path.exists():
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(str(path))
        fds = [fd for fd in (0, 1, 2)]
        for fd in fds:
            os.fstat(fd)   # a closed standard stream: run cold
        socket.send_fds(sock, [json.dumps({"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}).encode()
                               + b"\n"], fds)
    except OSError:
        sock.close()
        return None
    lines = _Lines(sock)
    hello = lines.read()
    if not hello or "pid" not in hello:   # it went away before starting the command: run it here
        sock.close()
        return None
    pid = int(hello["pid"])

    def forward(signum, frame):
        try:
            os.kill(pid, signum)
        except OSError:
            pass

    previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        done = lines.read()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        sock.close()
    if not done or "rc" not in done:
        print("course: the warm grader stopped before the command finished (course warm stop; run it again)",
              file=sys.stderr)
        return 1
    return int(done["rc"])


# ------------------------------------------------------------------------------------------------ the server

def _preload() -> dict:
    """Import what the served commands and their kernels need; return the environment the imports changed."""
    before = dict(os.environ)
    from . import autograde, cli, forkserver, validate  # noqa: F401

    autograde.preload_grading()
    cli.build_parser(only=list(SERVED))
    import nbgrader.coursedir  # noqa: F401
    import nbgrader.utils  # noqa: F401
    import nbgrader.validator  # noqa: F401
    _warm_caches()
    forkserver._preload()   # the kernels' libraries, then the guard's structure cache (guard.prepare)
    return {k: v for k, v in os.environ.items() if before.get(k) != v}


def _warm_caches() -> None:
    """Build what the libraries build on first use, once for every request: nbformat's compiled notebook schemas,
    SQLAlchemy's mapper configuration of nbgrader's gradebook, the checker of nbgrader's cell metadata, and what
    this machine lets the sandbox enforce (a throw-away child tries the namespaces).  Library and machine state
    only: no course file is read."""
    import nbformat
    from nbformat import validator

    from . import sandbox

    sandbox.probe()

    for minor in range(nbformat.current_nbformat_minor + 1):
        for relax in (False, True):   # (nbgrader's reads ask for the relaxed one)
            try:
                validator.get_validator(version=nbformat.current_nbformat, version_minor=minor,
                                        relax_add_props=relax)
            except Exception:   # noqa: BLE001 - a schema this nbformat does not ship
                pass
    try:
        from sqlalchemy.orm import configure_mappers

        import nbgrader.api  # noqa: F401
        configure_mappers()
    except Exception:   # noqa: BLE001
        pass
    try:
        from nbgrader.nbgraderformat import MetadataValidator

        from .autograde import _fast_metadata_checks

        _fast_metadata_checks()
        MetadataValidator().validate_nb(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
            metadata={"nbgrader": {"schema_version": MetadataValidator.schema_version, "grade": False,
                                   "solution": True, "locked": False, "task": False, "grade_id": "warm"}})]))
    except Exception:   # noqa: BLE001
        pass


def _log(msg: str) -> None:
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} [{os.getpid()}] {msg}", flush=True)


def serve(idle: float = DEFAULT_IDLE) -> int:  # pragma: no cover - runs in the background process
    """The warm grader's loop (``python -m course_grader.warm serve``)."""
    import fcntl

    from . import forkserver

    folder = state_dir()
    if folder is None:
        _log("no private state folder: not started")
        return 1
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    key = fingerprint()
    lock = open(folder / f"{key}.lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        _log("another warm grader serves this code already")
        return 0
    forkserver._PRELOAD_ENV.update(_preload())
    if forkserver._threads() != 1:
        _log("threads were started while importing: cannot fork safely; not started")
        return 1
    path = folder / f"{key}.sock"
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    os.chmod(path, 0o600)
    listener.listen(16)
    (folder / f"{key}.pid").write_text(f"{os.getpid()}\n")
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _log(f"ready: {path} (idle timeout {idle:g} s)")
    children: set[int] = set()
    last = time.monotonic()
    served = 0
    try:
        while True:
            for pid in list(children):
                try:
                    done, _ = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    done = pid
                if done:
                    children.discard(pid)
                    last = time.monotonic()
            if not children and time.monotonic() - last > idle:
                _log(f"idle for {idle:g} s: stopping after {served} request(s)")
                return 0
            if fingerprint() != key or not path.exists():
                _log("the code changed (or the socket was removed): stopping")
                return 0
            listener.settimeout(1.0)
            try:
                conn, _ = listener.accept()
            except socket.timeout:
                continue
            creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
            peer_uid = int.from_bytes(creds[4:8], sys.byteorder)
            if peer_uid != os.getuid():
                _log(f"refused a request of user id {peer_uid}")
                conn.close()
                continue
            served += 1
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    listener.close()
                    lock.close()
                    code = _handle(conn)
                except BaseException:   # noqa: BLE001 - the grader's own failure: into its log
                    import traceback

                    traceback.print_exc(file=sys.__stderr__)
                finally:
                    os._exit(code)
            conn.close()
            children.add(pid)
            last = time.monotonic()
    finally:
        if path.exists() and (folder / f"{key}.pid").read_text().strip() == str(os.getpid()):
            path.unlink(missing_ok=True)
            (folder / f"{key}.pid").unlink(missing_ok=True)


def _handle(conn: socket.socket) -> int:  # pragma: no cover - runs in a forked copy of the warm grader
    """Serve one request: fork the kernels' fork server first (from the pristine image), then run the command."""
    from . import cli, forkserver

    forkserver.SERVER.start_forked()
    try:
        msg, fds, _flags, _addr = socket.recv_fds(conn, 1 << 20, 3)
        buf = msg
        while buf and not buf.endswith(b"\n"):
            chunk = conn.recv(1 << 20)
            if not chunk:
                break
            buf += chunk
        req = json.loads(buf)
        if len(fds) != 3 or not isinstance(req.get("argv"), list):
            raise ValueError("not a request")
    except (OSError, ValueError):   # a caller that went away, or something else than `course`
        forkserver.SERVER.stop()
        return 1
    _log("course " + " ".join(req["argv"]))
    for target, fd in zip((0, 1, 2), fds):
        os.dup2(fd, target)
        os.close(fd)
    for name, fd in (("stdin", 0), ("stdout", 1), ("stderr", 2)):   # text streams on the caller's terminal or pipes
        stream = open(fd, "r" if fd == 0 else "w", buffering=1 if fd and (fd == 2 or os.isatty(fd)) else -1,
                      encoding="utf-8", errors="backslashreplace" if fd == 2 else "strict", closefd=False)
        setattr(sys, name, stream)
    os.chdir(req["cwd"])
    os.environ.clear()
    os.environ.update(req["env"])
    sys.argv = ["course", *req["argv"]]
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    _send(conn, {"pid": os.getpid()})
    code = 1
    try:
        code = int(cli.main(req["argv"], warm=False) or 0)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:
        code = 130
    except BaseException:   # noqa: BLE001 - reported on the caller's terminal as a cold run would
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        forkserver.SERVER.stop()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:   # noqa: BLE001
                pass
    try:
        _send(conn, {"rc": code})
    except OSError:
        pass
    return code


# ------------------------------------------------------------------------------------------------ the command

def running(folder: Path | None = None) -> list[dict]:
    """This user's warm graders: ``{"pid", "key", "current", "socket"}`` each."""
    folder = folder or state_dir(create=False)
    if folder is None or not folder.is_dir():
        return []
    key = fingerprint()
    out = []
    for pid_file in sorted(folder.glob("*.pid")):
        try:
            pid = int(pid_file.read_text().strip())
            os.kill(pid, 0)
        except (OSError, ValueError):
            continue
        out.append({"pid": pid, "key": pid_file.stem, "current": pid_file.stem == key,
                    "socket": str(pid_file.with_suffix(".sock"))})
    return out


def start(idle: float = DEFAULT_IDLE, wait: float = 120.0) -> dict:
    """Start a warm grader for the current code (unless one runs); return it once it serves requests."""
    import subprocess
    import tempfile

    folder = state_dir()
    if folder is None:
        raise RuntimeError(f"no private folder for the warm grader (course-warm-{os.getuid()} in the temporary "
                           f"folder is not this user's, or is open to others)")
    current = [w for w in running(folder) if w["current"]]
    if current:
        return {**current[0], "started": False}
    from . import sandbox

    log = open(folder / "warm.log", "a")
    home = folder / "home"
    home.mkdir(mode=0o700, exist_ok=True)
    # the environment the kernels' fork server starts with (one thread per numerical library, no bytecode
    # written, ...): what the preloaded libraries add to it is what a kernel gets on top of its own
    # environment, exactly as from course_grader.forkserver; a request runs in its caller's environment
    env = sandbox.kernel_env(str(home))
    env["TMPDIR"] = tempfile.gettempdir()   # (where this folder is found again)
    for key in ("PYTHONPATH", "VIRTUAL_ENV"):
        if key in os.environ:
            env[key] = os.environ[key]
    proc = subprocess.Popen([sys.executable, "-m", "course_grader.warm", "serve", "--idle", str(idle)],
                            stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd=str(folder), env=env,
                            start_new_session=True)
    end = time.monotonic() + wait
    while time.monotonic() < end:   # it writes its pid file once it listens
        current = [w for w in running(folder) if w["current"]]
        if current:
            return {**current[0], "started": True}
        if proc.poll() is not None:
            raise RuntimeError(f"the warm grader stopped at start (exit {proc.returncode}); see {folder / 'warm.log'}")
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"the warm grader did not start within {wait:g} s; see {folder / 'warm.log'}")


def stop(folder: Path | None = None, wait: float = 10.0) -> list[int]:
    """Stop every warm grader of this user; return their pids."""
    stopped = []
    for w in running(folder):
        try:
            os.kill(w["pid"], signal.SIGTERM)
            stopped.append(w["pid"])
        except OSError:
            pass
    end = time.monotonic() + wait
    for pid in stopped:
        while time.monotonic() < end:
            try:
                os.kill(pid, 0)
            except OSError:
                break
            time.sleep(0.02)
    return stopped


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("warm", help="keep a warm grader running: one submission graded in under a second",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("action", choices=["start", "stop", "status"], help="start, stop or list this user's warm graders")
    p.add_argument("--idle", type=float, default=DEFAULT_IDLE, metavar="SECONDS",
                   help=f"stop after this long without a request (default {DEFAULT_IDLE:g})")
    p.set_defaults(func=_run)


def _run(args) -> int:
    if args.action == "start":
        try:
            w = start(args.idle)
        except RuntimeError as exc:
            print(f"course warm: {exc}", file=sys.stderr)
            return 1
        verb = "started" if w["started"] else "already running"
        print(f"warm grader {verb} (pid {w['pid']}, {w['socket']}): course autograde and course validate use it; "
              f"it stops after {args.idle:g} s without a request, or with `course warm stop`")
        return 0
    if args.action == "stop":
        pids = stop()
        print(f"stopped {len(pids)} warm grader(s)" + (f": {', '.join(map(str, pids))}" if pids else ""))
        return 0
    ws = running()
    if not ws:
        print("no warm grader running (course warm start)")
    for w in ws:
        state = "serves the current code" if w["current"] else "stale: serves code that has changed since (unused)"
        print(f"warm grader pid {w['pid']}: {state} ({w['socket']})")
    return 0


if __name__ == "__main__":  # pragma: no cover
    import argparse

    parser = argparse.ArgumentParser(prog="python -m course_grader.warm")
    parser.add_argument("command", choices=["serve"])
    parser.add_argument("--idle", type=float, default=DEFAULT_IDLE)
    a = parser.parse_args()
    from course_grader import warm as _module   # the package's module (its globals), not this __main__ copy

    sys.exit(_module.serve(a.idle))
