"""The sandbox every graded notebook's kernel runs in (issue 7), and the kernel wrapper that builds it.

``course autograde`` runs nbgrader's own autograder, but with :class:`SandboxExecute` in place of nbgrader's
``Execute``: its kernels are started by :class:`SandboxKernelManager` through this module's wrapper::

    python -m course_grader.sandbox SPEC.json -- python -m ipykernel_launcher -f kernel.json ...

What the wrapper enforces, where the operating system allows it (detected at run time, see :func:`probe`):

* a fresh working folder holding only the notebook and the assignment's data files (every platform);
* resource limits set with ``setrlimit`` in the kernel process: address space (``RLIMIT_AS``), CPU seconds
  (``RLIMIT_CPU``), file size (``RLIMIT_FSIZE``), processes (``RLIMIT_NPROC``) (POSIX; macOS ignores
  ``RLIMIT_AS``); the wall-clock budget per notebook and the per-cell timeout are kept by the grader itself;
* Linux namespaces (``unshare``): the kernel gets no network (a network namespace of its own: only a down
  loopback; Jupyter talks to it over IPC sockets in its folder), its own process tree (``/proc`` shows only
  the kernel; when the kernel ends, every process it forked ends too) and its own mounts, in which the
  course's private paths (``solutions/``, ``units/``, ``tests/``, ``submitted/``, ``autograded/``, ``feedback/``, the
  exchange, the gradebook) and the temporary folders (other students' sandboxes) are hidden;
* as root: the kernel runs as a dedicated unprivileged user id of its own (no account needed; a fresh id per
  kernel, so ``RLIMIT_NPROC`` caps each kernel separately and kernels cannot signal one another).

The kernel's environment is reduced to a few harmless variables (no credentials, no ``COURSE_DB_URL``).
Limits come from the ``c.Course`` section of ``nbgrader_config.py`` (:func:`limits_from_config`).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import json
import math
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import tracebacks as _tracebacks

MiB = 1024 ** 2
GiB = 1024 ** 3


@dataclass
class Limits:
    """Per-kernel limits (``c.Course.*`` in ``nbgrader_config.py``); 0 or None switches one off."""

    memory: int = 2 * GiB          # RLIMIT_AS, bytes of address space
    cpu: int = 120                 # RLIMIT_CPU, CPU seconds for the whole notebook
    file_size: int = 50 * MiB      # RLIMIT_FSIZE, largest file the kernel may write
    processes: int = 64            # RLIMIT_NPROC, processes and threads of the kernel's user
    notebook_timeout: float = 300  # wall-clock seconds for all cells of one notebook
    sandbox: str = "auto"          # "auto": everything the platform allows; "off": working folder + limits only
    warm_kernels: bool = True      # fork kernels from a warm interpreter (forkserver.py); False: a fresh one each

    def describe(self) -> dict[str, str]:
        """Human-readable limit names, as used in messages."""
        return {"memory": f"{_size(self.memory)} address space", "cpu": f"{self.cpu:g} s of CPU time",
                "file_size": f"{_size(self.file_size)} per file", "processes": f"{self.processes} processes",
                "notebook_timeout": f"{self.notebook_timeout:g} s per notebook"}


def _size(n: int | None) -> str:
    if not n:
        return "unlimited"
    for unit, k in (("GiB", GiB), ("MiB", MiB)):
        if n >= k and n % (k // 4) == 0:
            return f"{n / k:g} {unit}"
    return f"{n} bytes"


def parse_size(value) -> int:
    """``"2 GiB"``, ``"512M"``, ``"50MiB"`` or a number of bytes -> bytes."""
    if value is None:
        return 0
    if isinstance(value, (int, float)):
        return int(value)
    text = str(value).strip().replace(" ", "").upper().rstrip("B").rstrip("I")
    units = {"K": 1024, "M": MiB, "G": GiB, "T": 1024 * GiB}
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(float(text)) if text else 0


def limits_from_config(cfg) -> Limits:
    """Read the limits from the ``c.Course`` section of a loaded config (missing keys: the defaults)."""
    sec = cfg.get("Course", {}) if "Course" in cfg else {}
    d = Limits()
    return Limits(memory=parse_size(sec.get("memory_limit", d.memory)), cpu=int(sec.get("cpu_limit", d.cpu) or 0),
                  file_size=parse_size(sec.get("file_size_limit", d.file_size)),
                  processes=int(sec.get("process_limit", d.processes) or 0),
                  notebook_timeout=float(sec.get("notebook_timeout", d.notebook_timeout) or 0),
                  sandbox=str(sec.get("sandbox", d.sandbox)),
                  warm_kernels=_flag(sec.get("warm_kernels", d.warm_kernels)))


def _flag(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "no", "off")
    return bool(value)


# --------------------------------------------------------------------------------------------- Linux helpers

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x00020000, 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 1, 2, 4, 8, 32
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
PR_SET_PDEATHSIG = 1
#: first of the user ids the kernels run as when grading as root (one fresh id per kernel, no account needed)
UID_BASE = 300000

_libc = None


def _lib():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    return _libc


def _check(rc: int, what: str) -> None:
    if rc != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _unshare(flags: int) -> None:
    _check(_lib().unshare(ctypes.c_int(flags)), "unshare")


def _mount(src, target, fstype, flags, data=None) -> None:
    enc = lambda s: None if s is None else str(s).encode()  # noqa: E731
    _check(_lib().mount(enc(src), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)),
           f"mount {target}")


def _pdeathsig(sig=signal.SIGKILL) -> None:
    if sys.platform.startswith("linux"):
        _lib().prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)


def _write(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


# --------------------------------------------------------------------------------------------- what is possible

_PROBE: dict | None = None


def probe(refresh: bool = False) -> dict:
    """What this machine lets the sandbox enforce (measured in a throw-away child process, cached).

    Keys: ``platform``, ``root``, ``rlimits`` (bool), ``namespaces`` ("root" | "user" | None),
    ``drop_user`` (bool).
    """
    global _PROBE
    if _PROBE is not None and not refresh:
        return _PROBE
    info = {"platform": sys.platform, "root": hasattr(os, "geteuid") and os.geteuid() == 0,
            "rlimits": False, "namespaces": None, "drop_user": False}
    try:
        import resource  # noqa: F401
        info["rlimits"] = True
    except ImportError:
        pass
    info["drop_user"] = bool(info["root"] and hasattr(os, "setuid"))
    if sys.platform.startswith("linux"):
        for mode in (("root", "user") if info["root"] else ("user",)):
            if _try_namespaces(mode):
                info["namespaces"] = mode
                break
    _PROBE = info
    return info


def _try_namespaces(mode: str) -> bool:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        code = 1
        try:
            _enter_namespaces(mode)
            child = os.fork()   # the first child of a new pid namespace is its init
            if child == 0:
                _mount("tmpfs", tempfile.gettempdir(), "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=1m")
                _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
                os._exit(0 if os.getpid() == 1 else 1)
            _, status = os.waitpid(child, 0)
            code = os.waitstatus_to_exitcode(status)
        except BaseException:
            code = 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def _enter_namespaces(mode: str) -> None:
    flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID
    if mode == "user":
        uid, gid = os.geteuid(), os.getegid()
        _unshare(CLONE_NEWUSER | flags)
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")
    else:
        _unshare(flags)
    _mount(None, "/", None, MS_REC | MS_PRIVATE)


def enforced(limits: Limits, info: dict | None = None) -> list[str]:
    """What the sandbox enforces here with these limits, one phrase each (for the summary and the README)."""
    info = probe() if info is None else info
    out = ["a fresh working folder per notebook (only the notebook and the assignment's data files)",
           f"wall-clock budget {limits.notebook_timeout:g} s per notebook"]
    if info["rlimits"]:
        d = limits.describe()
        names = [d[k] for k in ("memory", "cpu", "file_size", "processes") if getattr(limits, k)]
        if info["platform"] == "darwin":
            names = [n for n in names if "address space" not in n]
        out.append("limits per kernel: " + ", ".join(names))
    if limits.sandbox != "off" and info["namespaces"]:
        out.append("no network, own process tree, course's private paths and temporary folders hidden")
    if limits.sandbox != "off" and info["drop_user"]:
        out.append("kernel runs as an unprivileged user id of its own")
    return out


# --------------------------------------------------------------------------------------------- the wrapper

SAFE_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TERM")


def kernel_env(home: str) -> dict[str, str]:
    """The kernel's environment: a few harmless variables, one thread per numerical library."""
    env = {k: os.environ[k] for k in SAFE_ENV if k in os.environ}
    env.update(HOME=home, USER="student", LOGNAME="student", IPYTHONDIR=os.path.join(home, ".ipython"),
               MPLCONFIGDIR=os.path.join(home, ".matplotlib"), MPLBACKEND="agg", PYTHONDONTWRITEBYTECODE="1",
               JUPYTER_RUNTIME_DIR=os.path.join(home, ".runtime"), XDG_CACHE_HOME=os.path.join(home, ".cache"),
               OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", NUMEXPR_NUM_THREADS="1",
               PYDEVD_DISABLE_FILE_VALIDATION="1", NBGRADER_EXECUTION="autograde")
    return env


def _set_limits(spec: dict) -> list[str]:
    import resource

    done = []
    lim = spec["limits"]
    for key, name, slack in (("memory", "RLIMIT_AS", 0), ("cpu", "RLIMIT_CPU", 2), ("file_size", "RLIMIT_FSIZE", 0),
                             ("processes", "RLIMIT_NPROC", 0)):
        value = lim.get(key)
        if not value or not hasattr(resource, name):
            continue
        which = getattr(resource, name)
        try:
            soft, hard = resource.getrlimit(which)
            new_hard = int(value) + slack
            if hard != resource.RLIM_INFINITY:
                new_hard = min(new_hard, hard)
            resource.setrlimit(which, (min(int(value), new_hard), new_hard))
            done.append(key)
        except (ValueError, OSError):
            pass
    return done


def _blocking_ancestor(path: str) -> str | None:
    """The top-most folder on the way to ``path`` that other users cannot enter (e.g. a 0700 ``/root``)."""
    parts = Path(path).parts
    for i in range(2, len(parts) + 1):
        p = os.path.join(*parts[:i])
        try:
            if os.path.isdir(p) and not os.stat(p).st_mode & 0o001:
                return p
        except OSError:
            return None
    return None


def _hide(spec: dict, work_fd: int) -> None:
    """In the kernel's own mount namespace: hide private paths, then bring the sandbox folder back.

    Paths the kernel needs (the Python installation, the virtual environment, course_utils) that sit under a
    folder other users cannot enter (pyenv in ``/root``) are shown again on their own, read-only, over an
    empty folder: the rest of that folder stays invisible.
    """
    box = spec["box"]
    exposed = []
    if spec.get("uid") is not None:
        for path in spec.get("expose", []):
            blocker = _blocking_ancestor(path)
            if blocker and os.path.isdir(path):
                exposed.append((path, blocker, os.open(path, os.O_RDONLY | os.O_DIRECTORY)))
    covered = set()
    for path, blocker, fd in exposed:
        if blocker not in covered:
            _mount("tmpfs", blocker, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m")
            covered.add(blocker)
        os.makedirs(path, mode=0o755, exist_ok=True)
        _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        try:
            _mount(None, path, None, MS_BIND | MS_REMOUNT | MS_RDONLY)
        except OSError:
            pass
        os.close(fd)
    # paths the kernel needs that lie inside a folder about to be hidden (e.g. a course cloned under /tmp):
    # keep a handle on them now, show them again, read-only, once the folder is covered
    hidden = sorted(set(spec.get("hide_dirs", [])), key=len)
    inside = [p for p in sorted(set(spec.get("expose", [])), key=len)
              if os.path.isdir(p) and any(p == h or p.startswith(h.rstrip("/") + "/") for h in hidden)]
    reexpose = []
    for path in inside:
        if not any(path.startswith(q.rstrip("/") + "/") for q, _ in reexpose):
            reexpose.append((path, os.open(path, os.O_RDONLY | os.O_DIRECTORY)))
    for path in hidden:
        if os.path.isdir(path) and not os.path.islink(path):
            try:
                _mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=256m")
            except OSError:
                pass
    for path in spec.get("hide_files", []):
        if os.path.isfile(path):
            try:
                _mount("/dev/null", path, None, MS_BIND)
            except OSError:
                pass
    for path, fd in reexpose:
        os.makedirs(path, mode=0o755, exist_ok=True)
        _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        try:
            _mount(None, path, None, MS_BIND | MS_REMOUNT | MS_RDONLY)
        except OSError:
            pass
        os.close(fd)
    if not os.path.isdir(box):
        os.makedirs(box, exist_ok=True)
        _mount(f"/proc/self/fd/{work_fd}", box, None, MS_BIND)


#: set by :mod:`.forkserver` when it is imported (this module never imports it: no import cycle):
#: ``WARM_LAUNCHER(spec_path, cmd) -> process or None`` forks a kernel from the warm server;
#: ``IN_PROCESS_KERNEL(spec, cmd)`` turns a process forked from the warm server into the kernel.
WARM_LAUNCHER = None
IN_PROCESS_KERNEL = None


def _exec_kernel(spec: dict, cmd: list[str], uid: int | None) -> None:  # pragma: no cover - runs in a child
    """Last steps in the kernel's own process: limits, user, folder, then exec the kernel.

    The kernel stays in the wrapper's process group: Jupyter interrupts and kills kernels through it."""
    _set_limits(spec)
    if uid is not None:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    _pdeathsig()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGXCPU, signal.SIGXFSZ):
        signal.signal(sig, signal.SIG_DFL)
    os.chdir(spec["work"])
    null = os.open(os.devnull, os.O_RDWR)   # nothing the kernel prints outside Jupyter reaches the grader's terminal
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    if spec.get("in_process") and IN_PROCESS_KERNEL is not None:   # forked from the warm fork server
        IN_PROCESS_KERNEL(spec, cmd)                                  # becomes the kernel here, never returns
    os.execve(cmd[0], cmd, spec["env"])


def _run_child(spec: dict, cmd: list[str], uid: int | None) -> int:
    """Fork the kernel process, wait for it, return its wait status (and write ``exit.json``)."""
    t0 = time.time()
    pid = os.fork()
    if pid == 0:  # pragma: no cover
        try:
            _exec_kernel(spec, cmd, uid)
        except BaseException as exc:
            try:
                _write(os.path.join(spec["box"], "start-error.txt"), f"cannot start the kernel: {exc!r}")
            except OSError:
                pass
        os._exit(127)

    def forward(signum, frame):
        try:
            os.kill(pid, signal.SIGKILL if signum == signal.SIGTERM else signum)
        except OSError:
            pass

    signal.signal(signal.SIGTERM, forward)
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except ChildProcessError:
            status = 0
            break
        except InterruptedError:
            continue
    usage = None
    try:
        import resource
        usage = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime + \
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime
    except Exception:
        pass
    report = {"signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
              "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
              "cpu": usage, "wall": time.time() - t0}
    try:
        _write(os.path.join(spec["box"], "exit.json"), json.dumps(report))
    except OSError:
        pass
    return status


def wrapper_main(argv: list[str]) -> int:  # pragma: no cover - runs as the kernel command
    """``python -m course_grader.sandbox SPEC -- CMD...``: build the sandbox, run the kernel in it."""
    _pdeathsig()                                 # the grader died: so do we (and with us the kernel)
    return run_wrapper(argv[0], argv[argv.index("--") + 1:])


def run_wrapper(spec_path: str, cmd: list[str], in_process: bool = False) -> int:  # pragma: no cover - kernel side
    """Build the sandbox described in ``spec_path`` and run ``cmd`` in it; return its exit code.

    ``in_process``: this process was forked from the warm fork server (:mod:`.forkserver`), and the kernel
    process becomes the kernel in-process instead of executing ``cmd``."""
    spec = json.loads(Path(spec_path).read_text())
    spec["in_process"] = in_process
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupts reach the kernel through its process group
    uid = spec.get("uid")
    mode = spec.get("namespaces")
    state = {"namespaces": None, "uid": uid}
    if mode:
        try:
            _enter_namespaces(mode)
            state["namespaces"] = mode
        except OSError as exc:
            state["namespace_error"] = str(exc)
    if uid is not None:
        for root, dirs, files in os.walk(spec["box"]):
            for name in [root, *(os.path.join(root, f) for f in files)]:
                try:
                    os.lchown(name, uid, uid)
                except OSError:
                    pass
    _write(os.path.join(spec["box"], "sandbox.json"), json.dumps(state))
    if not state["namespaces"]:
        status = _run_child(spec, cmd, uid)
        return os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
    init = os.fork()
    if init == 0:
        # pid 1 of the kernel's namespace: mounts, then the kernel as its child; when we exit, all its forks die
        code = 1
        try:
            _pdeathsig()
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            fd = os.open(spec["box"], os.O_RDONLY | os.O_DIRECTORY)
            _hide(spec, fd)
            try:
                _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
            except OSError:
                pass
            status = _run_child(spec, cmd, uid)
            code = os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
        except BaseException as exc:
            sys.stderr.write(f"sandbox: {exc}\n")
            code = 126
        os._exit(code)

    def kill_init(signum, frame):
        try:
            os.kill(init, signal.SIGKILL)
        except OSError:
            pass

    signal.signal(signal.SIGTERM, kill_init)
    while True:
        try:
            _, status = os.waitpid(init, 0)
            break
        except InterruptedError:
            continue
    return os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)


# --------------------------------------------------------------------------------------------- grader side

@dataclass
class Settings:
    """What the current worker asks of its kernels (set with :func:`configure` before nbgrader runs)."""

    limits: Limits = field(default_factory=Limits)
    hide_dirs: list = field(default_factory=list)
    hide_files: list = field(default_factory=list)
    #: ``course check`` only: the grade cells to run for this synthetic student (None: all). The others are not
    #: run (they keep no output and count as passed); set by the grader from the check's own configuration,
    #: never from anything in a submission.
    only_grade_cells: frozenset | None = None


SETTINGS = Settings()
#: what happened in the notebook SandboxExecute is running (or ran last) in this process
LAST_RUN: dict = {}
#: one such record per notebook since the grader last cleared the list (for the summary)
RUNS: list = []


def configure(limits: Limits, hide_dirs=(), hide_files=(), only_grade_cells=None) -> None:
    SETTINGS.only_grade_cells = frozenset(only_grade_cells) if only_grade_cells is not None else None
    SETTINGS.limits = limits
    SETTINGS.hide_dirs = [str(p) for p in hide_dirs]
    SETTINGS.hide_files = [str(p) for p in hide_files]


def private_paths(root, cfg, paths) -> tuple[list[str], list[str]]:
    """Folders and files of the course a kernel must not see (what exists of them)."""
    root = Path(root)
    dirs = [paths.source, paths.submitted, paths.autograded, paths.feedback, root / "tests", root / "exchange",
            root / "solutions", root / "units"]   # units/: the notebooks' Markdown sources, hidden tests included
    try:
        dirs.append(Path(cfg.Exchange.root))
    except Exception:
        pass
    dirs += [Path(tempfile.gettempdir()), Path("/tmp"), Path("/var/tmp"), Path("/dev/shm")]
    files = []
    if paths.db_url.startswith("sqlite:///"):
        files.append(Path(paths.db_url[len("sqlite:///"):]))
    files += [root / "gradebook.db", root / ".nbgrader.log"]
    dirs = sorted({str(Path(d).resolve()) for d in dirs if Path(d).is_dir()})
    files = sorted({str(Path(f).resolve()) for f in files if Path(f).is_file()})
    return dirs, files


def expose_paths() -> list[str]:
    """What a kernel must be able to read: the Python installation, the environment, course_utils and the
    grader (a warm kernel runs this package's code before it becomes the kernel)."""
    import course_utils

    paths = {sys.base_prefix, sys.prefix, os.path.dirname(os.path.realpath(sys.executable)),
             os.path.dirname(os.path.dirname(os.path.realpath(sys.executable))),
             os.path.dirname(os.path.abspath(course_utils.__file__)),
             os.path.dirname(os.path.abspath(__file__))}
    return sorted(os.path.realpath(p) for p in paths)


_OWNED = re.compile(r"^course-(autograde|check|kernel|forkserver)-(\d+)-")


def owned_tempdir(kind: str) -> str:
    """A new temporary folder ``course-<kind>-<pid>-XXXXXXXX`` of this process (mode 0700).

    The pid in the name lets :func:`sweep_stale` remove what a killed run (SIGKILL, power loss) left behind."""
    return tempfile.mkdtemp(prefix=f"course-{kind}-{os.getpid()}-")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # someone else's live process
        return True
    try:   # a zombie is dead too
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def sweep_stale(tmp: str | None = None) -> list[str]:
    """Remove the temporary folders of grading processes that no longer exist; return the removed paths.

    Only folders named by :func:`owned_tempdir` (``course-autograde-``, ``course-check-``, ``course-kernel-``,
    ``course-forkserver-`` followed by a pid) whose process is gone are touched: a run still going (another
    instructor's, another shard's) keeps its folders."""
    tmp = tmp or tempfile.gettempdir()
    removed = []
    try:
        names = os.listdir(tmp)
    except OSError:
        return removed
    for name in names:
        m = _OWNED.match(name)
        path = os.path.join(tmp, name)
        if not m or int(m.group(2)) == os.getpid() or _pid_alive(int(m.group(2))) or not os.path.isdir(path) \
                or os.path.islink(path):
            continue
        shutil.rmtree(path, ignore_errors=True)
        if not os.path.exists(path):
            removed.append(path)
    return removed


def _kernel_uid() -> int:
    return UID_BASE + (os.getpid() * 7919 + int(time.time() * 1000)) % 600000


#: the kernel manager and client classes, built on first use (:func:`kernel_classes`)
_KERNEL_CLASSES: dict = {}


def kernel_classes() -> dict:
    """``SandboxKernelClient``, ``FastKernelManager`` and ``SandboxKernelManager``, built on first use: importing
    jupyter_client costs 50-80 ms, and the fork server is started before anything needs it."""
    if _KERNEL_CLASSES:
        return _KERNEL_CLASSES
    import asyncio

    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync as run_sync_

    class SandboxKernelClient(AsyncKernelClient):
        """Jupyter's client, without the fixed 0.2 s of IOPub silence it waits for after a kernel's first reply.

        ``wait_for_ready`` is jupyter_client's: ask ``kernel_info`` until the kernel answers and IOPub carries its
        status; the messages left on IOPub are then dropped at once (nbclient ignores messages that do not answer
        its own requests anyway)."""

        async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
            from queue import Empty

            deadline = time.time() + (timeout if timeout is not None else 1e9)
            while True:
                self.kernel_info()
                try:
                    msg = await self.shell_channel.get_msg(timeout=1)
                except Empty:
                    pass
                else:
                    if msg["msg_type"] == "kernel_info_reply":
                        try:
                            await self.iopub_channel.get_msg(timeout=1)
                        except Empty:
                            pass
                        else:
                            self._handle_kernel_info_reply(msg)
                            break
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.time() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")
            while True:
                try:
                    await self.iopub_channel.get_msg(timeout=0)
                except Empty:
                    break

        wait_for_ready = _async_wait_for_ready

        def start_channels(self, *args, **kwargs):
            # the kernel binds its sockets a few ms after the client connects: retry after 10 ms, not ZeroMQ's 100 ms
            import zmq

            self.context.setsockopt(zmq.RECONNECT_IVL, 10)
            return super().start_channels(*args, **kwargs)


    class FastKernelManager(AsyncKernelManager):
        """Jupyter's kernel manager without its fixed waits: the client is :class:`SandboxKernelClient`, and the
        end of a kernel is polled every few milliseconds at first instead of every 0.1 s (``course validate``)."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.client_factory = SandboxKernelClient

        async def _async_wait(self, pollinterval: float = 0.1) -> None:
            # jupyter_client polls every 0.1 s for a kernel to end: poll sooner first, it usually ends at once
            delay = 0.002
            while await self._async_is_alive():
                await asyncio.sleep(delay)
                delay = min(pollinterval, delay * 2)


    class SandboxKernelManager(FastKernelManager):
        """A kernel manager that starts the kernel through the sandbox wrapper, talking over IPC sockets."""

        box: str | None = None

        async def _async_pre_start_kernel(self, **kw):
            info = probe()
            limits = SETTINGS.limits
            cwd = kw.get("cwd") or os.getcwd()
            box = owned_tempdir("kernel")
            os.chmod(box, 0o700)
            self.box = box
            work, home = os.path.join(box, "work"), os.path.join(box, "home")
            shutil.copytree(cwd, work, symlinks=False,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
            os.makedirs(home)
            use_ns = limits.sandbox != "off" and info["namespaces"]
            self._wrap = hasattr(os, "fork")           # POSIX: the wrapper; Windows: the kernel as it is, in its folder
            if self._wrap:
                self.transport = "ipc"
                self.ip = os.path.join(box, "ipc")
            self.connection_file = os.path.join(box, "kernel.json")
            uid = _kernel_uid() if (limits.sandbox != "off" and info["drop_user"]) else None
            spec = {"box": box, "work": work, "uid": uid, "namespaces": use_ns or None, "env": kernel_env(home),
                    "limits": {k: getattr(limits, k) for k in ("memory", "cpu", "file_size", "processes")}
                    if info["rlimits"] else {},
                    "hide_dirs": SETTINGS.hide_dirs, "hide_files": SETTINGS.hide_files, "expose": expose_paths()}
            self._spec_path = os.path.join(box, "spec.json")
            _write(self._spec_path, json.dumps(spec))
            kw["cwd"] = work
            kw["env"] = dict(spec["env"])
            LAST_RUN.update(box=box, uid=uid, namespaces=spec["namespaces"])
            return await super()._async_pre_start_kernel(**kw)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            """Fork the kernel from this worker's warm fork server when possible, else start it as usual."""
            proc = None
            if getattr(self, "_wrap", False) and SETTINGS.limits.warm_kernels and WARM_LAUNCHER is not None:
                inner = kernel_cmd[kernel_cmd.index("--") + 1:] if "--" in kernel_cmd else []
                proc = WARM_LAUNCHER(self._spec_path, inner)
            if proc is None:
                LAST_RUN["warm"] = False
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            LAST_RUN["warm"] = True
            prov = self.provisioner
            prov.process, prov.pid, prov.pgid = proc, proc.pid, proc.pid
            prov.cwd = kw.get("cwd")
            self._reconcile_connection_info(prov.connection_info)

        _launch_kernel = run_sync_(_async_launch_kernel)

        def format_kernel_cmd(self, extra_arguments=None):
            cmd = super().format_kernel_cmd(extra_arguments)
            if not getattr(self, "_wrap", False):
                return cmd
            return [sys.executable, "-m", "course_grader.sandbox", self._spec_path, "--", *cmd]

        def read_exit(self) -> dict | None:
            if not self.box:
                return None
            try:
                return json.loads(Path(self.box, "exit.json").read_text())
            except (OSError, ValueError):
                return None

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            try:
                await super()._async_cleanup_resources(restart=restart)
            finally:
                if self.box and not restart:
                    LAST_RUN["exit"] = self.read_exit()
                    try:
                        LAST_RUN["sandbox"] = json.loads(Path(self.box, "sandbox.json").read_text())
                    except (OSError, ValueError):
                        pass
                    shutil.rmtree(self.box, ignore_errors=True)
                    self.box = None

        cleanup_resources = _async_cleanup_resources

    for cls in (SandboxKernelClient, FastKernelManager, SandboxKernelManager):
        cls.__qualname__ = cls.__name__   # (named as the module's own classes: course_grader.sandbox.X)
    _KERNEL_CLASSES.update(SandboxKernelClient=SandboxKernelClient, FastKernelManager=FastKernelManager,
                           SandboxKernelManager=SandboxKernelManager)
    return _KERNEL_CLASSES


def explain_exit(report: dict | None, limits: Limits) -> str:
    """Why a kernel died, from the wrapper's ``exit.json``."""
    if not report:
        return "the kernel died"
    sig, code, cpu = report.get("signal"), report.get("code"), report.get("cpu") or 0
    d = limits.describe()
    if sig in (signal.SIGXCPU,) or (sig == signal.SIGKILL and limits.cpu and cpu >= limits.cpu - 1):
        return f"the kernel was stopped at the CPU time limit ({d['cpu']})"
    if sig == signal.SIGSEGV:
        return "the kernel crashed (segmentation fault)"
    if sig == signal.SIGXFSZ:
        return f"the kernel was stopped at the file size limit ({d['file_size']})"
    if sig == signal.SIGKILL:
        return "the kernel was killed (out of memory?)"
    if sig:
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = str(sig)
        return f"the kernel was killed by signal {name}"
    if code is not None:
        return f"the kernel exited with code {code} (os._exit or exit() from a thread?)"
    return "the kernel died"


def explain_error(ename: str, evalue: str, limits: Limits) -> str | None:
    """The limit an error output shows, if any (MemoryError, file too large, no more processes)."""
    d = limits.describe()
    text = f"{ename}: {evalue}"
    if ename == "MemoryError" or "Unable to allocate" in evalue or "Cannot allocate memory" in evalue:
        return f"memory limit reached ({d['memory']})"
    if "[Errno 27]" in text or "File too large" in text:
        return f"file size limit reached ({d['file_size']})"
    if ename in ("BlockingIOError",) and ("[Errno 11]" in text or "Resource temporarily unavailable" in text):
        return f"process limit reached ({d['processes']})"
    if ename == "NotebookTimeoutError":
        return f"wall-clock budget used up ({d['notebook_timeout']})"
    return None


# --------------------------------------------------------------------------------------------- the guard

#: the kernel side of the guard (issue 20) is course_grader/guard.py; the grader talks to it through user
#: expressions of silent requests, so a verdict is computed outside any cell and comes back sealed
GUARD_EVENT = "course_grader.guard"
#: what a grade cell that cannot be graded against pristine code shows (and scores zero with)
GUARD_ERROR = "GradingCodeModified"


def guard_expression(action: str, nonce: str) -> str:
    """The user expression that asks the kernel's guard for a verdict (a list holding one sealed string)."""
    return (f"(lambda b: (__import__('sys').audit({GUARD_EVENT!r}, {action!r}, {nonce!r}, b), b)[1])([])")


def guard_init_expression(key: str, nonce: str, imports: list[str], checks_path: str) -> str:
    """The user expression that installs the guard, then asks for its first verdict."""
    return (f"(lambda b: (__import__('course_grader.guard', fromlist=['install']).install({key!r}, {imports!r}, "
            f"{checks_path!r}), __import__('sys').audit({GUARD_EVENT!r}, 'installed', {nonce!r}, b), b)[2])([])")


def open_verdict(key: str, nonce: str, action: str, reply: dict | None) -> str | None:
    """The guard's verdict from a user-expression reply, or None unless it is sealed with ``key`` for ``nonce``."""
    import ast
    import hashlib
    import hmac

    try:
        if reply.get("status") != "ok":
            return None
        box = ast.literal_eval(reply["data"]["text/plain"])
        verdict, mac = box[0].rsplit("|", 1)
    except Exception:   # noqa: BLE001 - anything unexpected is no verdict
        return None
    good = hmac.new(key.encode(), f"{nonce}|{action}|{verdict}".encode(), hashlib.sha256).hexdigest()
    return verdict if hmac.compare_digest(good, mac) else None


def grade_cell_imports(nb) -> list[str]:
    """Every module the notebook's grade cells import (the guard imports them before any student code runs)."""
    import ast

    names = set()
    for c in nb.cells:
        meta = c.get("metadata", {}).get("nbgrader") or {}
        if c.cell_type != "code" or not meta.get("grade"):
            continue
        try:
            tree = ast.parse(c.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    return sorted(names)


def _checks_path() -> str:
    import course_utils

    return os.path.join(os.path.dirname(os.path.abspath(course_utils.__file__)), "checks.py")


def _hidden_secrets(nb) -> set[str]:
    from .notebooks import hidden_lines

    secrets = set()
    for c in nb.cells:
        if c.cell_type == "code" and (c.get("metadata", {}).get("nbgrader") or {}).get("grade"):
            secrets |= hidden_lines(c.source)
    return secrets


def scrub_outputs(nb) -> int:
    """Replace every output line that shows a hidden-test line (in any cell: an answer cell can print the
    grade cells' source) with ``[hidden test line]``; returns the number of outputs changed."""
    from .notebooks import scrub_text

    secrets = {x for x in _hidden_secrets(nb) if "HIDDEN TESTS" not in x}
    secrets |= {"### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"}
    changed = 0
    for c in nb.cells:
        for o in c.get("outputs", []) if c.cell_type == "code" else []:
            fields = [("text", o)] if o.get("output_type") == "stream" else []
            if o.get("output_type") == "error":
                fields = [("evalue", o)]
                new_tb = [scrub_text(t, secrets) for t in o.get("traceback", [])]
                if new_tb != o.get("traceback", []):
                    o["traceback"], changed = new_tb, changed + 1
            if o.get("output_type") in ("execute_result", "display_data"):
                fields = [(m, o.get("data", {})) for m in ("text/plain", "text/html", "text/markdown")
                          if isinstance(o.get("data", {}).get(m), str)]
            for key, holder in fields:
                text = holder.get(key)
                if isinstance(text, list):
                    text = "".join(text)
                if isinstance(text, str):
                    new = scrub_text(text, secrets)
                    if new != text:
                        holder[key], changed = new, changed + 1
    return changed


def _short_list(text: str, limit: int = 3) -> str:
    items = [t for t in text.split(", ") if t]
    return ", ".join(items[:limit]) + (f" and {len(items) - limit} more" if len(items) > limit else "")


def neutralise_results(cell) -> int:
    """Turn a grade cell's ``execute_result`` outputs into ``display_data``; return how many.

    nbgrader reads a grade cell's first ``execute_result`` as its score (any text that is not a number: full
    marks), even when an error follows; a tested function can publish one (``get_ipython().displayhook(...)``).
    The course's grade cells never score that way, so such an output is shown but never read as a score."""
    from nbformat import NotebookNode

    n = 0
    outputs = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "execute_result":
            o = NotebookNode(output_type="display_data", data=o.get("data", {}), metadata=o.get("metadata", {}))
            n += 1
        outputs.append(o)
    if n:
        cell.outputs = outputs
    return n


def _cell_label(cell, index: int) -> str:
    gid = (cell.get("metadata", {}).get("nbgrader") or {}).get("grade_id")
    return f"{gid!r}" if gid else f"#{index + 1}"


def _make_execute():
    from jupyter_core.utils import run_sync
    from nbclient.exceptions import DeadKernelError
    from nbformat import NotebookNode
    from nbgrader.preprocessors import Execute

    class SandboxExecute(Execute):
        """nbgrader's ``Execute`` with sandboxed kernels, a wall-clock budget and limit-aware messages."""

        def __init__(self, *args, **kwargs):
            kwargs.setdefault("kernel_manager_class", kernel_classes()["SandboxKernelManager"])
            super().__init__(*args, **kwargs)
            # the kernel and its folder are thrown away after the last cell: no polite shutdown to wait for
            self.shutdown_kernel = "immediate"

        def preprocess(self, nb, resources=None, km=None):
            global LAST_RUN
            import secrets

            LAST_RUN = {"t0": time.monotonic(), "events": [], "died": None, "over_budget": None,
                        "notebook": ((resources or {}).get("nbgrader") or {}).get("notebook")}
            RUNS.append(LAST_RUN)
            self._cell_timeout = self.timeout
            self._guard_key = secrets.token_hex(32)
            self._guard_imports = grade_cell_imports(nb)
            self._guarded = False
            self._restored_reported = False
            self._cell_names = _tracebacks.CellNames()   # names the student's frames in error outputs
            # course check's focus: nothing after the last focused grade cell can change its score
            focus = SETTINGS.only_grade_cells
            self._stop_after = None if focus is None else max(
                [i for i, c in enumerate(nb.cells)
                 if ((c.get("metadata", {}).get("nbgrader") or {}).get("grade_id")) in focus], default=-1)
            nb, resources = super().preprocess(nb, resources, km)
            scrub_outputs(nb)
            return nb, resources

        async def _ask_guard(self, action: str) -> str | None:
            """Ask the kernel's guard for a sealed verdict (None: no valid verdict came back)."""
            import secrets

            nonce = secrets.token_hex(16)
            if action == "installed":
                expr = guard_init_expression(self._guard_key, nonce, self._guard_imports, _checks_path())
            else:
                expr = guard_expression(action, nonce)
            try:
                msg_id = self.kc.execute("", silent=True, store_history=False, allow_stdin=False,
                                         user_expressions={"guard": expr})
                reply = await self.async_wait_for_reply(msg_id)
            except DeadKernelError:
                raise
            except Exception:   # noqa: BLE001 - a kernel that does not answer gives no verdict
                return None
            content = (reply or {}).get("content", {})
            return open_verdict(self._guard_key, nonce, action,
                                (content.get("user_expressions") or {}).get("guard"))

        def _error(self, cell, ename, evalue):
            cell.outputs = list(cell.get("outputs", [])) + [NotebookNode(
                output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])]

        async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
            limits = SETTINGS.limits
            label = _cell_label(cell, cell_index)
            if cell.cell_type != "code" or not cell.source.strip():
                return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
            if LAST_RUN.get("died"):
                self._error(cell, "KernelDied", f"not run: {LAST_RUN['died']['reason']} in cell "
                            f"{LAST_RUN['died']['cell']}")
                return cell
            budget = limits.notebook_timeout or 0
            if budget:
                left = budget - (time.monotonic() - LAST_RUN["t0"])
                if left <= 0:
                    self._error(cell, "NotebookTimeoutError",
                                f"not run: the notebook used up its wall-clock budget of {budget:g} s")
                    LAST_RUN["over_budget"] = LAST_RUN["over_budget"] or label
                    return cell
                self.timeout = int(max(1, math.ceil(min(self._cell_timeout or left, left))))
            meta = cell.get("metadata", {}).get("nbgrader") or {}
            # nbgrader's OverwriteCells has given every cell with a grade_id the source's metadata and code
            grade = bool(meta.get("grade") and meta.get("grade_id"))
            if SETTINGS.only_grade_cells is not None and (
                    cell_index > self._stop_after or grade and meta["grade_id"] not in SETTINGS.only_grade_cells):
                return cell   # course check: a planted mistake is judged on its own grade cells only
            setup = bool(meta.get("locked") and meta.get("grade_id") and not meta.get("grade")
                         and not meta.get("solution"))
            try:
                if not self._guarded:
                    self._guarded = True
                    if await self._ask_guard("installed") != "ok":
                        raise RuntimeError("the grader's guard could not be installed in the kernel")
                if setup:
                    await self._ask_guard("setup_begin")
                if grade:
                    verdict = await self._ask_guard("before")
                    if verdict is None or verdict.startswith("machinery"):
                        self._error(cell, GUARD_ERROR, "the grading code was modified: the kernel that runs the cells "
                                    "no longer answers as it should (code of the notebook's own took over how cells "
                                    "run), so this cell was not run and earns no points")
                        LAST_RUN["events"].append((label, "the grading code was modified (the kernel's machinery): "
                                                   "not graded"))
                        return cell
                    if verdict.startswith("restored") and not self._restored_reported:
                        self._restored_reported = True
                        what = verdict.partition(": ")[2]
                        LAST_RUN["events"].append((label, "the grading code was modified by an answer cell "
                                                   f"({_short_list(what)}): grade cells ran against the original"))
                    # a grade cell leaves no trace in In/Out/_ih for later answer cells to read
                    store_history = False
                out = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
                self._cell_names.after(cell, grade)
                if setup:
                    await self._ask_guard("setup_end")
                if grade:
                    neutralise_results(cell)
                    verdict = await self._ask_guard("after")
                    if verdict != "ok":
                        what = (verdict or "").partition(": ")[2] or "the kernel's machinery"
                        self._error(cell, GUARD_ERROR, f"the grading code was modified while this cell ran "
                                    f"({_short_list(what)}): this cell earns no points")
            except DeadKernelError:
                reason = explain_exit(self.km.read_exit() if hasattr(self.km, "read_exit") else None, limits)
                for _ in range(20):   # the wrapper writes exit.json just after the kernel ends
                    if hasattr(self.km, "read_exit") and self.km.read_exit():
                        reason = explain_exit(self.km.read_exit(), limits)
                        break
                    time.sleep(0.05)
                LAST_RUN["died"] = {"cell": label, "reason": reason}
                LAST_RUN["events"].append((label, reason))
                self._error(cell, "KernelDied", reason)
                return cell
            for o in cell.get("outputs", []):
                if o.get("output_type") != "error":
                    continue
                why = explain_error(o.get("ename", ""), str(o.get("evalue", "")), limits)
                if o.get("ename") in ("CellTimeoutError", "KeyboardInterrupt") and budget and \
                        self.timeout < (self._cell_timeout or float("inf")):
                    why = f"wall-clock budget used up ({budget:g} s per notebook)"
                    LAST_RUN["over_budget"] = LAST_RUN["over_budget"] or label
                elif o.get("ename") in ("CellTimeoutError", "KeyboardInterrupt"):
                    why = f"timed out: the cell ran longer than the per-cell limit ({self.timeout} s; infinite loop?)"
                if o.get("ename") == "FloatingPointError" and grade:
                    note = ("[grader: a NumPy floating-point warning (overflow, invalid value or division by zero) "
                            "in a grade cell is a numerical mistake: use a numerically stable formula]")
                    if note not in str(o.get("evalue", "")):
                        o["evalue"] = f"{o.get('evalue', '')} {note}".strip()
                        o["traceback"] = list(o.get("traceback", [])) + [note]
                if why:
                    LAST_RUN["events"].append((label, why))
                    note = f"[grader: {why}]"
                    if note not in str(o.get("evalue", "")):
                        o["evalue"] = f"{o.get('evalue', '')} {note}".strip()
                        o["traceback"] = list(o.get("traceback", [])) + [note]
            return out

        execute_cell = run_sync(async_execute_cell)

    return SandboxExecute


_EXECUTE = None


def execute_class():
    """The :class:`SandboxExecute` preprocessor class (built lazily: nbgrader is imported only when grading)."""
    global _EXECUTE
    if _EXECUTE is None:
        _EXECUTE = _make_execute()
    return _EXECUTE


def __getattr__(name):
    if name == "SandboxExecute":
        return execute_class()
    if name in ("SandboxKernelClient", "FastKernelManager", "SandboxKernelManager"):
        return kernel_classes()[name]
    raise AttributeError(name)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(wrapper_main(sys.argv[1:]))
