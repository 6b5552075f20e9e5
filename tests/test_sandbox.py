"""The sandbox around every graded kernel (course_grader/sandbox.py) and a grader that can be killed.

What the kernel sees is measured from inside a real kernel started the way `course autograde` starts it.  The
last test SIGKILLs a running `course autograde`, runs it again, and compares the exported gradebook with an
uninterrupted run's (and a second uninterrupted run's: grading twice gives identical scores).
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from course_grader import sandbox as sbx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grading_class import AID, pilot_copy  # noqa: E402

COURSE = str(Path(sys.executable).parent / "course")
LINUX_ROOT = sys.platform.startswith("linux") and os.geteuid() == 0


def test_limits_are_read_from_the_course_config():
    from traitlets.config import Config

    cfg = Config()
    cfg.Course.memory_limit = "512 MiB"
    cfg.Course.cpu_limit = 30
    cfg.Course.file_size_limit = "1G"
    cfg.Course.process_limit = 16
    cfg.Course.notebook_timeout = 90
    lim = sbx.limits_from_config(cfg)
    assert (lim.memory, lim.cpu, lim.file_size, lim.processes, lim.notebook_timeout) == (
        512 * 2 ** 20, 30, 2 ** 30, 16, 90)
    d = sbx.limits_from_config(Config())
    assert (d.memory, d.cpu, d.file_size, d.processes, d.notebook_timeout) == (2 * 2 ** 30, 120, 50 * 2 ** 20, 64,
                                                                               300)
    assert sbx.parse_size("2 GiB") == 2 * 2 ** 30 and sbx.parse_size(1000) == 1000


def test_the_course_config_sets_the_documented_defaults(repo_root):
    from course_grader.config import load_config

    lim = sbx.limits_from_config(load_config(repo_root))
    assert (lim.memory, lim.cpu, lim.file_size, lim.processes, lim.notebook_timeout, lim.sandbox) == (
        2 * 2 ** 30, 120, 50 * 2 ** 20, 64, 300, "auto")


def test_probe_reports_what_this_platform_enforces():
    info = sbx.probe()
    said = " | ".join(sbx.enforced(sbx.Limits(), info))
    assert "working folder" in said and "300 s per notebook" in said
    if info["rlimits"]:
        assert "64 processes" in said and "50 MiB per file" in said
    if LINUX_ROOT:   # measured on the CI machine: namespaces work as root
        assert info["namespaces"] == "root" and info["drop_user"]
        assert "no network" in said and "unprivileged user" in said
    assert "no network" not in " ".join(sbx.enforced(sbx.Limits(sandbox="off"), info))


def test_explanations_name_the_limit():
    lim = sbx.Limits()
    assert "CPU time limit (120 s" in sbx.explain_exit({"signal": signal.SIGXCPU, "code": None, "cpu": 120}, lim)
    assert "segmentation fault" in sbx.explain_exit({"signal": signal.SIGSEGV, "code": None}, lim)
    assert "exited with code 3" in sbx.explain_exit({"signal": None, "code": 3}, lim)
    assert "memory limit reached (2 GiB" in sbx.explain_error("MemoryError", "", lim)
    assert "file size limit" in sbx.explain_error("OSError", "[Errno 27] File too large", lim)
    assert "process limit reached (64" in sbx.explain_error("BlockingIOError",
                                                            "[Errno 11] Resource temporarily unavailable", lim)
    assert sbx.explain_error("ValueError", "bad", lim) is None


def test_sweep_removes_only_the_folders_of_processes_that_are_gone(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    mine = tmp_path / f"course-kernel-{os.getpid()}-abc"
    gone = [tmp_path / f"course-{kind}-{dead.pid}-xyz" for kind in ("autograde", "kernel", "forkserver", "check")]
    live = tmp_path / f"course-autograde-{os.getppid()}-def"        # a run still going (our parent is alive)
    other = tmp_path / f"course-notes-{dead.pid}-x"                   # not a grader's folder
    for d in [mine, *gone, live, other]:
        (d / "work").mkdir(parents=True)
    removed = sbx.sweep_stale(str(tmp_path))
    assert sorted(removed) == sorted(str(d) for d in gone)
    assert mine.exists() and live.exists() and other.exists()
    made = sbx.owned_tempdir("kernel")
    os.rmdir(made)
    assert os.path.basename(made).startswith(f"course-kernel-{os.getpid()}-")


PROBE_CELLS = [
    "import os, json, socket, resource, numpy, course_utils, course_utils.checks\n"
    "report = {'uid': os.getuid(), 'cwd': sorted(os.listdir('.')), 'tmp': sorted(os.listdir('/tmp')),\n"
    "          'env': sorted(os.environ), 'pids': len([p for p in os.listdir('/proc') if p.isdigit()]),\n"
    "          'checks': course_utils.checks.__file__,\n"
    "          'rl': {k: resource.getrlimit(getattr(resource, k))[0] for k in\n"
    "                 ('RLIMIT_AS', 'RLIMIT_CPU', 'RLIMIT_FSIZE', 'RLIMIT_NPROC')}}\n"
    "try:\n"
    "    report['secret'] = open(SECRET).read()\n"
    "except OSError as e:\n"
    "    report['secret'] = type(e).__name__\n"
    "report['gradebook'] = open(GRADEBOOK).read() if os.path.exists(GRADEBOOK) else 'absent'\n"
    "try:\n"
    "    socket.create_connection(('127.0.0.1', PORT), timeout=2)\n"
    "    report['net'] = 'connected'\n"
    "except OSError as e:\n"
    "    report['net'] = type(e).__name__\n"
    "print(json.dumps(report))",
]


MODES = {
    "full": (None, "auto"),                                              # what this machine allows
    "user_namespaces": ({"namespaces": "user", "drop_user": False}, "auto"),   # an unprivileged grader on Linux
    "off": (None, "off"),                                                # c.Course.sandbox = "off"
}


@pytest.mark.slow
@pytest.mark.parametrize("mode", list(MODES))
def test_what_a_sandboxed_kernel_sees(tmp_path, mode, monkeypatch):
    import socket

    forced, switch = MODES[mode]
    if forced is not None:
        if not LINUX_ROOT:
            pytest.skip("simulating an unprivileged grader needs Linux as root")
        monkeypatch.setattr(sbx, "_PROBE", {**sbx.probe(), **forced})

    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    course = tmp_path / "course"
    (course / "solutions").mkdir(parents=True)
    secret = course / "solutions" / "secret.txt"
    secret.write_text("the hidden tests")
    gradebook = course / "gradebook.db"
    gradebook.write_text("grades")
    work = tmp_path / "work"
    work.mkdir()
    (work / "points.csv").write_text("1,2,0\n")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    sbx.configure(sbx.Limits(sandbox=switch), [str(course / "solutions"), "/tmp"], [str(gradebook)])
    head = f"SECRET, GRADEBOOK, PORT = {str(secret)!r}, {str(gradebook)!r}, {port}\n"
    nb = new_notebook(cells=[new_code_cell(head + PROBE_CELLS[0])])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    os.environ["COURSE_SECRET_TOKEN"] = "do-not-leak"
    try:
        ex = sbx.execute_class()(timeout=60)
        nb, _ = ex.preprocess(nb, {"metadata": {"path": str(work)}})
    finally:
        os.environ.pop("COURSE_SECRET_TOKEN", None)
        server.close()
    outs = nb.cells[0].outputs
    assert outs and outs[0].get("name") == "stdout", outs
    seen = json.loads(outs[0]["text"].strip().splitlines()[-1])
    assert seen["cwd"] == ["points.csv"], "only the data files (and the notebook nbgrader runs) in the folder"
    assert seen["checks"].endswith("course_utils/checks.py")
    assert "COURSE_SECRET_TOKEN" not in seen["env"] and "HOME" in seen["env"]
    assert seen["rl"] == {"RLIMIT_AS": 2 * 2 ** 30, "RLIMIT_CPU": 120, "RLIMIT_FSIZE": 50 * 2 ** 20,
                          "RLIMIT_NPROC": 64} or not sbx.probe()["rlimits"]
    if LINUX_ROOT and mode == "full":
        assert seen["uid"] >= sbx.UID_BASE, "the kernel runs as an unprivileged user id of its own"
    if LINUX_ROOT and mode == "off":
        assert seen["uid"] == 0 and seen["secret"] == "the hidden tests" and seen["net"] == "connected"
    if LINUX_ROOT and mode != "off":
        assert seen["secret"] in ("FileNotFoundError", "PermissionError")
        assert seen["gradebook"] in ("", "absent")
        assert seen["net"] != "connected", "no network from the kernel"
        # /tmp shows the kernel's own folder, plus the way to the Python environment and course_utils when the
        # course itself lives under /tmp (as a fresh clone in CI may): those are shown again, read-only
        needed = {Path(p).relative_to("/tmp").parts[0] for p in sbx.expose_paths() if p.startswith("/tmp/")}
        others = [t for t in seen["tmp"] if t not in needed]
        assert len(others) == 1 and others[0].startswith("course-kernel-"), seen["tmp"]
        assert seen["pids"] < 10, "the kernel sees only its own processes"
    assert not list(Path("/tmp").glob(Path(sbx.LAST_RUN["box"]).name)), "the kernel's folder is removed"


def _class(root: Path) -> None:
    sol = json.loads((root / "solutions" / AID / "pilot.ipynb").read_text())
    blank = json.loads((root / "exercises" / AID / "pilot.ipynb").read_text())
    wrong = json.loads(json.dumps(sol))
    for c in wrong["cells"]:
        if c["metadata"].get("nbgrader", {}).get("grade_id") == "step":
            c["source"] = "def step(z):\n    return (np.asarray(z) > 0).astype(int)\n"
    for i, nb in enumerate([sol, wrong, blank, sol, wrong, blank, sol, sol]):
        d = root / "submitted" / f"s{i}" / AID
        d.mkdir(parents=True)
        (d / "pilot.ipynb").write_text(json.dumps(nb))
    (root / "submitted" / "s8" / AID).mkdir(parents=True)
    (root / "submitted" / "s8" / AID / "pilot.ipynb").write_text("{not json")


def _descendants(pid: int) -> list[int]:
    rows = subprocess.run(["ps", "-eo", "pid=,ppid="], capture_output=True, text=True).stdout.split("\n")
    children: dict[int, list[int]] = {}
    for row in rows:
        if row.strip():
            p, pp = (int(x) for x in row.split())
            children.setdefault(pp, []).append(p)
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _export(root: Path, name: str) -> str:
    out = root.parent / name
    proc = subprocess.run([COURSE, "--course-dir", str(root), "export", "--out", str(out)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out.read_text()


def _grade(root: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "COURSE_DB_URL"}
    return subprocess.run([COURSE, "--course-dir", str(root), "autograde", AID, "--jobs", "2"], capture_output=True,
                          text=True, timeout=170, env=env)


@pytest.mark.slow
@pytest.mark.xdist_group("autograde")
def test_killing_autograde_midway_and_rerunning_gives_the_same_gradebook(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "COURSE_DB_URL"}
    calm, killed = pilot_copy(tmp_path / "calm" / "course"), pilot_copy(tmp_path / "killed" / "course")
    _class(calm)
    _class(killed)
    assert _grade(calm).returncode == 0
    reference = _export(calm, "calm.csv")
    assert reference.count("\n") == 10, reference   # header + 9 students

    proc = subprocess.Popen([COURSE, "--course-dir", str(killed), "autograde", AID, "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    graded_lines = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if line.startswith("  s") and "/100" in line:
            graded_lines += 1
            if graded_lines == 3:
                family = _descendants(proc.pid)
                proc.send_signal(signal.SIGKILL)
                break
    proc.wait(timeout=30)
    assert graded_lines == 3 and proc.returncode == -signal.SIGKILL, "killed midway"
    assert family, "the grader had worker processes"
    # the killed run's workers and kernels go down with it (parent-death signals)
    for _ in range(50):
        alive = [pid for pid in family if _alive(pid)]
        if not alive:
            break
        time.sleep(0.2)
    assert not alive, alive
    # what the killed run left in the temporary folder (its scratch, its kernels' and fork servers' folders) ...
    import re
    import tempfile

    owners = {proc.pid, *family}
    pattern = re.compile(r"^course-(autograde|kernel|forkserver)-(\d+)-")
    left = [p for p in Path(tempfile.gettempdir()).iterdir()
            if pattern.match(p.name) and int(pattern.match(p.name).group(2)) in owners]
    assert any(p.name.startswith("course-autograde-") for p in left), "a SIGKILLed run cannot clean up after itself"
    assert _grade(killed).returncode == 0
    # ... is swept away by the next run
    assert not [p for p in left if p.exists()], [p for p in left if p.exists()]
    assert _export(killed, "killed.csv") == reference
    # grading the same class again gives identical scores
    assert _grade(calm).returncode == 0
    assert _export(calm, "calm-again.csv") == reference


# --------------------------------------------------------------------------------------------- the guard (issue 20)
# The guard (course_grader/guard.py) is installed for good (an audit hook cannot be removed): these scenarios run in
# a child interpreter with an IPython shell, the way a graded kernel runs grade cells, and report what they saw.

GUARD_SCENARIO = r'''
import json, secrets, sys, types, warnings
import numpy as np
from IPython.core.interactiveshell import InteractiveShell
import course_utils.checks
from course_grader import guard, sandbox as sbx

shell = InteractiveShell.instance()
KEY = secrets.token_hex(16)
out = {}
genuine_array, genuine_len, genuine_numpy = np.array, len, sys.modules["numpy"]

def ask(action, key=KEY):
    nonce = secrets.token_hex(8)
    box = []
    sys.audit("course_grader.guard", action, nonce, box)
    return sbx.open_verdict(key, nonce, action, {"status": "ok", "data": {"text/plain": repr(box)}})

def refused(code):
    try:
        exec(code, {"np": np, "sys": sys, "course_utils": course_utils})
    except RuntimeError as exc:
        return str(exc)
    except ImportError as exc:
        return "ImportError: " + str(exc)
    return None

guard.install(KEY, ["numpy"])
out["installed"] = ask("installed")
out["wrong key"] = ask("installed", key="not the key")

# an answer cell replaces code: the grade cell gets the original, the next answer cell the student's again
fake = lambda *a, **k: "fake"
np.array = fake
out["before 1"] = ask("before")
out["genuine during 1"] = np.array is genuine_array
out["after 1"] = ask("after")
out["student's after 1"] = np.array is fake
np.array = genuine_array

# ... or changes it while the grade cell runs: the cell fails
out["before 2"] = ask("before")
np.array = fake
out["after 2"] = ask("after")
out["genuine after 2"] = np.array is genuine_array

# sys.modules, an import hook, builtins, IPython's events and input transformers
class Finder:
    def find_spec(self, *args):
        return None
finder, cb, transform = Finder(), (lambda *a: None), (lambda lines: lines)
sys.modules["numpy"] = types.ModuleType("numpy")
sys.meta_path.insert(0, finder)
import builtins
builtins.len = lambda x: 0
shell.events.register("pre_run_cell", cb)
shell.input_transformers_cleanup.append(transform)
out["before 3"] = ask("before")
out["pristine during 3"] = [sys.modules["numpy"] is genuine_numpy, finder not in sys.meta_path,
                            builtins.len is genuine_len, cb not in shell.events.callbacks["pre_run_cell"],
                            transform not in shell.input_transformers_cleanup]
out["after 3"] = ask("after")
out["student's after 3"] = [sys.modules["numpy"] is not genuine_numpy, finder in sys.meta_path,
                            builtins.len is not genuine_len, cb in shell.events.callbacks["pre_run_cell"],
                            transform in shell.input_transformers_cleanup]
sys.modules["numpy"], builtins.len = genuine_numpy, genuine_len
sys.meta_path.remove(finder)
shell.events.unregister("pre_run_cell", cb)
shell.input_transformers_cleanup.remove(transform)

# names the instructor's setup cell made
out["setup"] = [ask("setup_begin"), shell.run_cell("import numpy as np\nX = np.ones(3)").success, ask("setup_end")]
shell.run_cell("X[:] = 7.0\nnp = 5")
out["before 4"] = ask("before")
out["setup names during 4"] = [shell.user_ns["np"] is np, shell.user_ns["X"].tolist()]
out["after 4"] = ask("after")
out["student's names after 4"] = [shell.user_ns["np"], shell.user_ns["X"].tolist()]

# the checker the grade cell got, and the name ck
out["before 5"] = ask("before")
box = []
sys.audit("course_grader.guard", "checks", None, box)
namespace, ck = box[0]
out["genuine checker"] = type(ck).__name__ == "Checks" and namespace["__file__"] == course_utils.checks.__file__
type(ck).equal = lambda *a, **k: None
out["after 5"] = ask("after")
out["before 6"] = ask("before")
shell.user_ns["ck"] = course_utils.checks.proven_checks()
shell.user_ns["ck"] = object()
out["after 6"] = ask("after")

# a function of the notebook's own between the kernel and the guard
exec("def hijack():\n    return ask('before')\n", globals())
out["hijacked"] = hijack()
ask("after")

# the grade cell's source never stays in the traceback cache
import linecache
linecache.cache["<ipython-input-99>"] = (10, None, ["### BEGIN HIDDEN TESTS\n", "secret\n"], "<ipython-input-99>")
ask("before"); ask("after")
out["hidden source forgotten"] = "<ipython-input-99>" not in linecache.cache

# what cannot be undone is refused
hook_calls = []
sys.addaudithook(lambda event, args: hook_calls.append(event))
out["refused"] = {
    "gc": refused("import gc; gc.get_objects()"),
    "gc referrers": refused("import gc; gc.get_referrers(np)"),
    "settrace": refused("sys.settrace(lambda *a: None)"),
    "setprofile": refused("sys.setprofile(lambda *a: None)"),
    "ctypes": refused("import ctypes; ctypes.string_at(id(1), 8)"),
    "code": refused("import numpy._core.fromnumeric as f; f._wrapreduction.__code__ = (lambda *a, **k: 0).__code__"),
    "defaults": refused("np.isclose.__wrapped__.__defaults__ = (1, 1, True)" if hasattr(np.isclose, '__wrapped__')
                        else "import numpy._core.numeric as n; n.isclose._implementation.__defaults__ = (1, 1, True)"),
    "module class": refused("np.__class__ = type('M', (type(np),), {})"),
    "class name": refused("course_utils.checks.Checks.__name__ = 'Other'"),
    "memory": refused("open('/proc/self/mem', 'rb')"),
}
sys.audit("some.event")
out["audit hook added"] = "some.event" in hook_calls
print("RESULT " + json.dumps(out))
'''


@pytest.fixture(scope="module")
def guard_run():
    proc = subprocess.run([sys.executable, "-c", GUARD_SCENARIO], capture_output=True, text=True, timeout=300)
    line = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")]
    assert line, proc.stdout[-3000:] + proc.stderr[-3000:]
    return json.loads(line[0][len("RESULT "):])


def test_guard_verdicts_are_sealed_with_the_graders_key(guard_run):
    assert guard_run["installed"] == "ok"
    assert guard_run["wrong key"] is None


def test_grade_cells_run_against_the_original_and_answer_cells_keep_their_own(guard_run):
    assert guard_run["before 1"] == "restored: numpy.array"
    assert guard_run["genuine during 1"] and guard_run["after 1"] == "ok" and guard_run["student's after 1"]
    assert guard_run["before 3"].startswith("restored: ")
    for what in ("builtins.len", "sys.meta_path", "sys.modules[numpy]"):
        assert what in guard_run["before 3"], guard_run["before 3"]
    assert all(guard_run["pristine during 3"]), guard_run["pristine during 3"]
    assert guard_run["after 3"] == "ok" and all(guard_run["student's after 3"]), guard_run["student's after 3"]


def test_a_change_while_a_grade_cell_runs_fails_it(guard_run):
    assert guard_run["before 2"] == "ok"
    assert guard_run["after 2"] == "modified: numpy.array" and guard_run["genuine after 2"]
    assert guard_run["genuine checker"]
    assert guard_run["after 5"] == "modified: the checker (course_utils.checks)"
    assert guard_run["after 6"] == "modified: the name ck"


def test_setup_names_are_bound_again_for_grade_cells(guard_run):
    assert guard_run["setup"] == ["ok", True, "ok"]
    assert guard_run["before 4"] == "ok"
    assert guard_run["setup names during 4"] == [True, [1.0, 1.0, 1.0]]
    assert guard_run["after 4"] == "ok" and guard_run["student's names after 4"] == [5, [7.0, 7.0, 7.0]]


def test_a_notebook_function_between_kernel_and_guard_is_noticed(guard_run):
    assert guard_run["hijacked"] == "machinery: hijack (<string>)"


def test_what_cannot_be_undone_is_refused(guard_run):
    refused = guard_run["refused"]
    assert all(refused.values()), refused
    assert not guard_run["audit hook added"]
    assert guard_run["hidden source forgotten"]


def test_the_guards_runtime_code_looks_up_no_global_name():
    """No global or builtin name lookups in the hooks and everything they reach: the student can rebind those."""
    import dis
    import types

    from course_grader import guard

    hooks = guard._build(b"key", frozenset(guard.TRUSTED), frozenset(guard.TRUSTED + guard.KERNEL), None)
    seen, todo, found = set(), list(hooks), {}
    while todo:
        fn = todo.pop()
        if id(fn) in seen:
            continue
        seen.add(id(fn))
        if isinstance(fn, types.GeneratorType):   # the guard's state: a suspended generator
            codes = [fn.gi_code]
            todo += [v for v in fn.gi_frame.f_locals.values() if isinstance(v, types.FunctionType)]
        else:
            codes = [fn.__code__]
        while codes:
            code = codes.pop()
            codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
            names = {i.argval for i in dis.get_instructions(code) if i.opname in ("LOAD_GLOBAL", "LOAD_NAME")}
            if names:
                found[code.co_qualname] = sorted(names)
        for cell in getattr(fn, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, (types.FunctionType, types.GeneratorType)):
                todo.append(value)
    assert len(seen) > 20 and not found, found


def test_guard_helpers_of_the_grader():
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    nb = new_notebook(cells=[
        new_code_cell("import signal\nfrom course_utils.activations import sigmoid as _s\nimport numpy.linalg as la",
                      metadata={"nbgrader": {"grade": True, "grade_id": "test_a", "points": 1}}),
        new_code_cell("import secret_student_module", metadata={"nbgrader": {"solution": True, "grade_id": "a"}}),
        new_code_cell("def broken(:", metadata={"nbgrader": {"grade": True, "grade_id": "test_b", "points": 1}}),
    ])
    assert sbx.grade_cell_imports(nb) == ["course_utils.activations", "numpy.linalg", "signal"]
    cell = new_code_cell("x", outputs=[new_output("execute_result", data={"text/plain": "'full marks'"},
                                                  execution_count=1),
                                       new_output("error", ename="AssertionError", evalue="no", traceback=[])])
    assert sbx.neutralise_results(cell) == 1
    assert [o["output_type"] for o in cell.outputs] == ["display_data", "error"]
    nbformat.validate(new_notebook(cells=[cell]))
    import hashlib
    import hmac

    mac = hmac.new(b"k", b"n|before|ok", hashlib.sha256).hexdigest()
    reply = {"status": "ok", "data": {"text/plain": repr([f"ok|{mac}"])}}
    assert sbx.open_verdict("k", "n", "before", reply) == "ok"
    assert sbx.open_verdict("k", "other nonce", "before", reply) is None
    assert sbx.open_verdict("k", "n", "after", reply) is None
    assert sbx.open_verdict("k", "n", "before", {"status": "error"}) is None
