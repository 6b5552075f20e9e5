"""Warm kernels: a fork server per grading worker, so a notebook's kernel starts in milliseconds, not a second.

Starting an IPython kernel the usual way costs a fresh interpreter that imports IPython, ipykernel, pyzmq and
tornado (~0.6 s here), and the notebook's first cell then imports NumPy, Matplotlib and ``course_utils`` again.
For a class of hundreds of short notebooks that start-up is most of the grading time.

So each grading worker keeps one *fork server*: a plain interpreter, started once, that has imported those
libraries and nothing else (no course files, no gradebook, no submission ever reaches it).  For each notebook
it forks a child that builds exactly the sandbox :mod:`course_grader.sandbox` builds for a fresh
interpreter (namespaces, limits, an unprivileged user id, the private paths hidden) and then *becomes* the
kernel in-process, where the usual way ``exec``\\ s ``python -m ipykernel_launcher``.  Every notebook still gets
a process of its own, forked from the same pristine image, so no student can see or change another's kernel.

How the child ends up as the worker's own child (so Jupyter's kernel manager can wait for it, signal its
process group and see it die as with ``subprocess.Popen``): the worker marks itself a *child subreaper*
(``PR_SET_CHILD_SUBREAPER``); the server forks an intermediate process that forks the child and exits at once,
so the child is re-parented to the worker.  Linux only; elsewhere (and with ``c.Course.warm_kernels = False``,
or if the server cannot start) kernels start the usual way.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

#: what the server imports before forking (what graded notebooks import; each one optional)
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger", "sqlite3",
           "pdb", "pydoc", "mimetypes", "numpy", "matplotlib",
           "matplotlib.pyplot", "course_utils", "course_utils.activations", "course_utils.losses",
           "course_utils.layers", "course_utils.gradcheck", "course_utils.init", "course_utils.optim",
           "course_utils.regularization", "course_utils.perceptron", "course_utils.mlp", "course_utils.training",
           "course_utils.data", "course_utils.checks", "course_utils.plots", "numpy.testing", "numpy.linalg",
           "numpy.random", "numpy.fft", "numpy.polynomial",
           "course_grader.guard")   # (then guard.prepare(): works out, once, what it will compare in every kernel)

PR_SET_CHILD_SUBREAPER = 36
#: environment variables the preloaded libraries set when imported (a kernel gets them too, as if it had imported)
_PRELOAD_ENV: dict[str, str] = {}
_READY = b"ready\n"


# ------------------------------------------------------------------------------------------------ server side

def _preload() -> None:
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # a missing optional library: the kernel imports it itself if it needs it
            pass
    try:   # every course_utils module the guard imports in each kernel, then the guard's structure cache
        from . import guard

        for name in guard.library_modules():
            try:
                importlib.import_module(name)
            except Exception:
                pass
        guard.prepare()
    except Exception:
        pass
    try:   # a figure made in the server would be shared by every kernel: there must be none
        import matplotlib.pyplot as plt
        plt.close("all")
    except Exception:
        pass


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 1


def _readline(sock: socket.socket) -> bytes:
    buf = b""
    while not buf.endswith(b"\n"):
        chunk = sock.recv(65536)
        if not chunk:
            raise EOFError
        buf += chunk
    return buf


def server_main(fd: int, worker: int) -> int:  # pragma: no cover - runs in the server process
    """The fork server's loop: one request per line (``{"spec": PATH, "cmd": [...]}``), answered with the pid
    of the kernel's wrapper process (a child of ``worker`` by then), or with an error."""
    from .sandbox import _pdeathsig

    _pdeathsig()
    # like ipykernel_launcher: the folder the server was started in is not on sys.path
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    sock = socket.socket(fileno=fd)
    before = dict(os.environ)
    _preload()
    _PRELOAD_ENV.update({k: v for k, v in os.environ.items() if before.get(k) != v})
    if _threads() != 1:   # forking a process with threads is unsafe: refuse, the worker starts kernels normally
        sock.sendall(b"threads\n")
        return 1
    sock.sendall(_READY)
    return _serve(sock, worker)


def _serve(sock: socket.socket, worker: int) -> int:  # pragma: no cover - runs in the server process
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            req = json.loads(_readline(sock))
        except (EOFError, OSError, ValueError):
            return 0
        r, w = os.pipe()
        middle = os.fork()
        if middle == 0:
            code = 1
            try:
                os.close(r)
                me = os.getpid()
                child = os.fork()
                if child == 0:
                    sock.close()
                    _child_main(req, w, me, worker)   # never returns
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        os.waitpid(middle, 0)
        with os.fdopen(r, "rb") as f:
            pid = f.read().strip()
        sock.sendall((pid.decode() if pid else "error") .encode() + b"\n")


def _child_main(req: dict, w: int, middle: int, worker: int) -> None:  # pragma: no cover - the kernel's wrapper
    code = 126
    try:
        os.setsid()                 # its own process group, as Jupyter starts kernels: interrupts reach it all
        os.write(w, str(os.getpid()).encode())
        os.close(w)
        _close_fds()                    # nothing of the server's (its socket to the worker) reaches the kernel
        while os.getppid() == middle:   # wait until re-parented to the worker (the middle process exits now)
            time.sleep(0.0005)
        from . import sandbox

        sandbox._pdeathsig()
        if os.getppid() != worker:  # the worker is gone already
            os._exit(1)
        code = sandbox.run_wrapper(req["spec"], req["cmd"], in_process=True)
    except BaseException:
        code = 126
    os._exit(code)


def _close_fds(only_close_on_exec: bool = False, keep: tuple = ()) -> None:
    """Close every descriptor above 2 but ``keep``, or only those marked close-on-exec (what ``exec`` would
    close: Python opens files that way)."""
    import fcntl

    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd < 3 or fd in keep:
            continue
        try:
            if not only_close_on_exec or fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC:
                os.close(fd)
        except OSError:   # the listing's own descriptor, already gone
            pass


def _fresh_signals() -> None:
    """Signal handling as a new interpreter starts with: defaults, except SIGPIPE and SIGXFSZ ignored (a write
    past the file size limit raises OSError instead of killing the process) and SIGINT -> KeyboardInterrupt."""
    for sig in signal.valid_signals():
        if sig in (signal.SIGKILL, signal.SIGSTOP):
            continue
        try:
            signal.signal(sig, signal.SIG_DFL)
        except (OSError, ValueError):
            pass
    for name in ("SIGPIPE", "SIGXFSZ"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def become_kernel(spec: dict, cmd: list[str]) -> None:  # pragma: no cover - runs as the kernel
    """Turn this (forked, sandboxed) process into ``python -m ipykernel_launcher ARGS``: never returns."""
    code = 0
    try:
        _close_fds(only_close_on_exec=True)
        os.environ.clear()
        os.environ.update(spec["env"])
        for key, value in _PRELOAD_ENV.items():   # what the preloaded libraries set at import (as they would)
            os.environ.setdefault(key, value)
        _fresh_signals()
        import importlib.util

        spec_ = importlib.util.find_spec(cmd[2])
        sys.argv = [spec_.origin if spec_ and spec_.origin else cmd[2], *cmd[3:]]
        try:   # the global NumPy generator starts from fresh entropy, as in a new interpreter
            np = sys.modules.get("numpy")
            if np is not None:
                np.random.seed()
        except Exception:
            pass
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        code = 1
    try:
        import atexit
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        pass
    os._exit(code)


# ------------------------------------------------------------------------------------------------ worker side

def supported() -> bool:
    """Can this platform fork warm kernels (Linux: fork, and the child-subreaper flag)?"""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def forkable(cmd: list[str]) -> bool:
    """Is ``cmd`` the standard IPython kernel of this very interpreter (what the server can become)?"""
    return (len(cmd) >= 3 and cmd[1:3] == ["-m", "ipykernel_launcher"]
            and os.path.realpath(cmd[0]) == os.path.realpath(sys.executable))


class ForkedProcess:
    """What :class:`subprocess.Popen` offers Jupyter's kernel provisioner, for a child made by the fork server."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, args: list[str]):
        self.pid, self.args, self.returncode = pid, args, None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:   # reaped elsewhere: it is gone
                self.returncode = 0
            else:
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        delay = 0.0005
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired(self.args, timeout)
            time.sleep(delay)
            delay = min(delay * 2, 0.05)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ForkServer:
    """The worker's handle on its fork server (started with :meth:`start`, used by :meth:`launch`)."""

    def __init__(self):
        self.proc: subprocess.Popen | None = None
        self.sock: socket.socket | None = None
        self.home: str | None = None
        self.state = "off"      # off | starting | ready | failed
        self.launched: list[ForkedProcess] = []   # kernels forked for this process (kill_all ends them)
        self._subreaper = False

    def start(self) -> None:
        """Start the server (it imports its libraries in the background; :meth:`launch` waits for it)."""
        from . import sandbox

        if self.state != "off" or not supported():
            return
        try:
            if not self._claim():
                return
            ours, theirs = socket.socketpair()
            env = sandbox.kernel_env(self.home)
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "course_grader.forkserver", str(theirs.fileno()), str(os.getpid())],
                pass_fds=(theirs.fileno(),), env=env, cwd=self.home, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                # COURSE_FORKSERVER_DEBUG=1: the server's own errors reach the grader's stderr (kernels' never do)
                stderr=None if os.environ.get("COURSE_FORKSERVER_DEBUG") else subprocess.DEVNULL)
            theirs.close()
            self.sock = ours
            self.state = "starting"
        except OSError:
            self.state = "failed"

    def _claim(self) -> bool:
        """Make this process the child subreaper of the kernels to come, and give the server its folder."""
        from . import sandbox

        if sandbox._lib().prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
            self.state = "failed"
            return False
        self._subreaper = True
        self.home = sandbox.owned_tempdir("forkserver")
        os.chmod(self.home, 0o755)
        return True

    def start_forked(self) -> None:
        """Start the server as a fork of this very process, ready at once: for a process that has imported the
        server's libraries itself and holds nothing a kernel may not see (the warm grader's copy for one request,
        before it reads the request: :mod:`course_grader.warm`)."""
        from . import sandbox

        if self.state != "off" or not supported() or _threads() != 1 or not self._claim():
            return
        env = sandbox.kernel_env(self.home)
        ours, theirs = socket.socketpair()
        worker = os.getpid()
        pid = os.fork()
        if pid == 0:   # pragma: no cover - the server
            code = 1
            try:
                keep = theirs.fileno()
                devnull = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(devnull, fd)
                _close_fds(keep=(keep,))   # nothing of the caller's (its connection, its files)
                os.chdir(self.home)
                os.environ.clear()
                os.environ.update(env)
                import tempfile
                tempfile.tempdir = None   # a kernel finds its temporary folder from its own environment
                sandbox._pdeathsig()
                code = _serve(socket.socket(fileno=keep), worker)
            finally:
                os._exit(code)
        theirs.close()
        self.sock, self.proc, self.state = ours, ForkedProcess(pid, ["fork server"]), "ready"

    def ready(self, timeout: float = 120.0) -> bool:
        if self.state == "starting":
            try:
                self.sock.settimeout(timeout)
                self.state = "ready" if _readline(self.sock) == _READY else "failed"
            except (OSError, EOFError):
                self.state = "failed"
            if self.state == "failed":
                self.stop()
                self.state = "failed"
        return self.state == "ready"

    def launch(self, spec_path: str, cmd: list[str]) -> ForkedProcess | None:
        """Fork a sandboxed kernel for ``cmd`` (its wrapper process), or None: start it the usual way."""
        if not forkable(cmd) or not self.ready():
            return None
        try:
            self.sock.settimeout(30.0)
            self.sock.sendall(json.dumps({"spec": spec_path, "cmd": cmd}).encode() + b"\n")
            answer = _readline(self.sock).strip()
            proc = ForkedProcess(int(answer), cmd)
            self.launched = [p for p in self.launched if p.returncode is None] + [proc]
            return proc
        except (OSError, EOFError, ValueError):
            self.stop()
            self.state = "failed"
            return None

    def kill_all(self) -> None:
        """End every kernel this process forked that is still running (with its whole process group)."""
        for proc in self.launched:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except OSError:
                    pass
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    pass
        self.launched = []

    def forget(self) -> None:
        """In a process forked from one that may have a server: drop the inherited handle (the server, its folder
        and its kernels stay the parent's), so this process can start a server of its own."""
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        self.proc = self.sock = self.home = None
        self.launched = []
        self._subreaper = False
        self.state = "off"

    def stop(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None
        if self.proc is not None:
            # it holds nothing worth a clean exit (tearing down its interpreter, with NumPy, Matplotlib and
            # IPython loaded, takes a fraction of a second or more): end it; its kernels are not its children
            self.proc.kill()
            self.proc.wait()
            self.proc = None
        if self.home:
            import shutil

            shutil.rmtree(self.home, ignore_errors=True)
            self.home = None
        if self._subreaper:   # this process adopts orphans no longer (it may be a long-lived caller)
            from . import sandbox

            sandbox._lib().prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)
            self._subreaper = False
        self.state = "off"


#: the fork server of this (worker) process
SERVER = ForkServer()


def _register() -> None:
    """Tell the sandbox how to fork warm kernels (it never imports this module, so there is no import cycle)."""
    from . import sandbox

    sandbox.WARM_LAUNCHER = SERVER.launch
    sandbox.IN_PROCESS_KERNEL = become_kernel


_register()


if __name__ == "__main__":  # pragma: no cover
    # run the package's module, not this __main__ copy: become_kernel (imported by sandbox) reads its globals
    from course_grader import forkserver as _module

    sys.exit(_module.server_main(int(sys.argv[1]), int(sys.argv[2])))
