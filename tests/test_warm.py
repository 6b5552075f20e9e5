"""The warm grader (``course warm``, course_grader/warm.py): one submission graded in under a second, with the
results of a cold run.

A real warm grader is started (in a private temporary folder) and real ``course autograde`` commands hand it
one hostile or broken submission of the adversarial class at a time: each must get the score and the summary
line the adversarial class requires of a cold run, with nothing submitted touched.  Then: a caller of another
user, a folder open to others and changed code are never served; Ctrl-C reaches the command; ``stop`` ends it.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "adversarial"))

import cases as adv  # noqa: E402
from grading_class import pilot_copy  # noqa: E402

from course_grader import forkserver, warm  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("autograde"),
              pytest.mark.skipif(not forkserver.supported(), reason="the warm grader needs Linux (fork)")]

COURSE = str(Path(sys.executable).parent / "course")
#: hostile and broken submissions the warm grader must grade exactly as a cold run does
STUDENTS = ["good_1", "blank", "corrupt_json", "renamed", "os_exit", "memory_bomb", "fork_storm", "output_flood",
            "steal", "write_outside", "patched_proven_checks", "tamper_sys_modules"]
CASES = {c.student: c for c in adv.CASES if c.student in STUDENTS}
WRITTEN = "written_boundary"


#: printed after test_forkserver's probe: every open file of the kernel, in full ("socket:[12345]", paths)
FD_LINKS = """
_links = []
for _f in os.listdir('/proc/self/fd'):
    try:
        _links.append(os.readlink('/proc/self/fd/' + _f))
    except OSError:
        pass
print(json.dumps({'fd_links': sorted(_links)}))
"""


def _probe_case():
    from test_forkserver import PROBE

    return adv.Case("probe", "the solution, printing what its kernel sees", adv.after("add_bias", PROBE + FD_LINKS),
                    90, "none")


PROBE_CASE = _probe_case()


def _hashes(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _auto_score(root: Path, student: str) -> float | None:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook("sqlite:///" + str(root / "gradebook.db"), "ffnn") as gb:
        try:
            sub = gb.find_submission(adv.AID, student)
        except MissingEntry:
            return None
        return sum(g.auto_score or 0 for nb in sub.notebooks for g in nb.grades if g.name != WRITTEN)


@pytest.fixture(scope="module")
def tmpdir_env():
    """An environment whose temporary folder is private to this module (the warm grader's socket lives there)."""
    tmp = tempfile.mkdtemp(prefix="course-warm-test-")
    os.chmod(tmp, 0o755)   # kernels run as an unprivileged user id: they must reach their folders in it
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_DB_URL", "COURSE_WARM")}
    env["TMPDIR"] = tmp
    # what importing course_utils.diagnostics (threadpoolctl) sets: the grader's own environment must not decide
    # what its kernels see (a cold kernel gets it from the fork server's imports)
    env["KMP_DUPLICATE_LIB_OK"] = "True"
    yield env
    subprocess.run([COURSE, "warm", "stop"], env=env, capture_output=True, timeout=60)
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def warm_class(tmp_path_factory, tmpdir_env):
    root = pilot_copy(tmp_path_factory.mktemp("warm") / "course")
    adv.plant_numerical_check(root)
    (root / "nbgrader_config.py").write_text((root / "nbgrader_config.py").read_text() + adv.CONFIG)
    adv.build_class(root, list(CASES.values()) + [PROBE_CASE])
    before = _hashes(root / "submitted")
    seen = {"cold": _probe(root, {**tmpdir_env, "COURSE_WARM": "0"})}
    start = subprocess.run([COURSE, "warm", "start", "--idle", "120"], env=tmpdir_env, capture_output=True,
                           text=True, timeout=180)
    assert start.returncode == 0, start.stdout + start.stderr
    assert "warm grader started" in start.stdout, start.stdout
    runs = {}
    for student in STUDENTS:
        t0 = time.monotonic()
        proc = subprocess.run([COURSE, "--course-dir", str(root), "autograde", adv.AID, "--student", student],
                              env=tmpdir_env, capture_output=True, text=True, timeout=240)
        runs[student] = {"proc": proc, "seconds": time.monotonic() - t0, "score": _auto_score(root, student)}
    seen["warm"] = _probe(root, tmpdir_env)
    seen["grader"] = _open_files(tmpdir_env)
    log = (Path(tmpdir_env["TMPDIR"]) / f"course-warm-{os.getuid()}" / "warm.log").read_text()
    return {"root": root, "env": tmpdir_env, "runs": runs, "before": before, "log": log, "seen": seen}


def _probe(root: Path, env: dict) -> dict:
    """Grade the probe student; return what its kernel saw (test_forkserver's probe, run in an answer cell)."""
    proc = subprocess.run([COURSE, "--course-dir", str(root), "autograde", adv.AID, "--student", "probe"],
                          env=env, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0 and "90/100" in proc.stdout, proc.stdout[-2000:] + proc.stderr[-2000:]
    nb = json.loads((root / "autograded" / "probe" / adv.AID / adv.NB).read_text())
    text = "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", [])
                   if o.get("output_type") == "stream" and "{" in "".join(o.get("text", "")))
    seen = {}
    for line in text.splitlines():
        if line.startswith("{"):
            seen.update(json.loads(line))
    return seen


def _open_files(env: dict) -> set[str]:
    """Every file the running warm grader holds open (its listening socket, its log, ...)."""
    [w] = warm.running(Path(env["TMPDIR"]) / f"course-warm-{os.getuid()}")
    out = set()
    for fd in os.listdir(f"/proc/{w['pid']}/fd"):
        try:
            out.add(os.readlink(f"/proc/{w['pid']}/fd/{fd}"))
        except OSError:
            pass
    return out


def test_every_command_was_served_by_the_warm_grader(warm_class):
    served = [line for line in warm_class["log"].splitlines() if " autograde " in line]
    for student in STUDENTS:
        assert any(line.endswith(f"--student {student}") for line in served), \
            f"the warm grader never served {student}:\n{warm_class['log']}"


@pytest.mark.parametrize("student", STUDENTS)
def test_each_submission_gets_the_score_and_line_of_a_cold_run(warm_class, student):
    case, run = CASES[student], warm_class["runs"][student]
    proc = run["proc"]
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "1 submission(s) of 01_pilot graded" in proc.stdout, "the caller sees the command's own output"
    assert run["score"] == case.score, f"{student} ({case.what}): {run['score']} points, expected {case.score}\n" \
                                       f"{proc.stdout[-2000:]}"
    row = proc.stdout[proc.stdout.index("problems found"):]
    if case.message == "none":
        assert f"{student}" in row and "none" in row.split(student, 1)[1].splitlines()[0], row
    else:
        assert case.message.lower() in row.lower(), f"{case.message!r} not in:\n{row}"


@pytest.mark.parametrize("key", ["cwd", "files", "path", "argv", "env", "root", "name", "backend", "bytecode",
                                 "signals", "rl", "pids"])
def test_a_kernel_of_the_warm_grader_looks_like_a_cold_one(warm_class, key):
    cold, warm_ = warm_class["seen"]["cold"], warm_class["seen"]["warm"]
    assert warm_[key] == cold[key], f"{key}: warm grader {warm_[key]!r} != cold run {cold[key]!r}"


def test_a_kernel_of_the_warm_grader_holds_no_file_of_it(warm_class):
    from collections import Counter

    seen = warm_class["seen"]
    assert any(link.startswith("socket:") for link in seen["grader"]), "the warm grader's listening socket"
    assert any(link.startswith("socket:") for link in seen["warm"]["fd_links"]), "the kernel's own sockets"
    leaked = set(seen["warm"]["fd_links"]) & (seen["grader"] - {"/dev/null"})
    assert not leaked, f"a kernel of the warm grader holds files of the warm grader itself: {sorted(leaked)}"
    # no more open files of any kind but sockets than a cold kernel (how many of ZeroMQ's connections to the
    # client are up when the cell runs varies by one or two, cold or warm)
    cold, warm_ = (Counter(seen[k]["fds"]) for k in ("cold", "warm"))
    extra = {kind: n - cold[kind] for kind, n in warm_.items() if n > cold[kind] + (2 if kind == "socket" else 0)}
    assert not extra, f"a kernel of the warm grader holds more open files than a cold one: {extra}"
    assert all(k in ("/dev/null", "socket", "pipe", "anon_inode") for k in warm_), sorted(warm_)
    assert seen["cold"]["draw"] != seen["warm"]["draw"]


def test_nothing_submitted_was_touched(warm_class):
    assert _hashes(warm_class["root"] / "submitted") == warm_class["before"]


def test_status_then_stop_then_commands_run_cold(warm_class):
    env, root = warm_class["env"], warm_class["root"]
    status = subprocess.run([COURSE, "warm", "status"], env=env, capture_output=True, text=True, timeout=60)
    assert "serves the current code" in status.stdout, status.stdout + status.stderr
    # Ctrl-C on a command reaches the command the warm grader runs for it (exit 130, as in a cold run)
    nb = json.loads((root / "solutions" / adv.AID / adv.NB).read_text())
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "add_bias":
            cell["source"] = "import time\nwhile True:\n    time.sleep(0.05)\n"
    stuck = root / "submitted" / "stuck" / adv.AID / adv.NB
    stuck.parent.mkdir(parents=True)
    stuck.write_text(json.dumps(nb))
    proc = subprocess.Popen([COURSE, "--course-dir", str(root), "autograde", adv.AID, "--student", "stuck"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4)
    assert proc.poll() is None, "the stuck notebook is still running"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, out[-2000:] + err[-2000:]
    assert "interrupted" in err
    stop = subprocess.run([COURSE, "warm", "stop"], env=env, capture_output=True, text=True, timeout=60)
    assert "stopped 1 warm grader" in stop.stdout, stop.stdout + stop.stderr
    assert not warm.running(Path(env["TMPDIR"]) / f"course-warm-{os.getuid()}")
    served_before = warm_class["log"].count(" autograde ")
    proc = subprocess.run([COURSE, "--course-dir", str(root), "autograde", adv.AID, "--student", "good_1"],
                          env=env, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0 and "90/100" in proc.stdout, proc.stdout[-2000:] + proc.stderr[-2000:]
    log = (Path(env["TMPDIR"]) / f"course-warm-{os.getuid()}" / "warm.log").read_text()
    assert log.count("--student good_1") == 1, "after `course warm stop` the command ran cold"
    assert served_before >= len(STUDENTS)


# ------------------------------------------------------------------------------------------ what is never served

def test_the_fingerprint_follows_the_code(tmp_path):
    (tmp_path / "pkg").mkdir()
    module = tmp_path / "pkg" / "mod.py"
    module.write_text("x = 1\n")
    first = warm.fingerprint([str(tmp_path)])
    assert warm.fingerprint([str(tmp_path)]) == first
    os.utime(module, ns=(time.time_ns(), time.time_ns() + 10 ** 9))
    assert warm.fingerprint([str(tmp_path)]) != first, "an edited file changes the fingerprint (a new grader)"
    second = warm.fingerprint([str(tmp_path)])
    (tmp_path / "pkg" / "new.py").write_text("")
    assert warm.fingerprint([str(tmp_path)]) != second, "so does a new file"
    assert warm.fingerprint() == warm.fingerprint(), "the installed code's fingerprint is stable"


def test_a_folder_open_to_others_or_not_ours_is_never_used(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.delenv("COURSE_WARM", raising=False)
    folder = tmp_path / f"course-warm-{os.getuid()}"
    folder.mkdir(mode=0o777)
    os.chmod(folder, 0o777)
    assert warm.state_dir() is None
    assert warm.socket_path() is None
    assert warm.run_client(["autograde", "01_pilot"]) is None, "no warm grader: the command runs here"
    os.chmod(folder, 0o700)
    assert warm.state_dir() == folder
    link = tmp_path / "elsewhere"
    folder.rename(link)
    folder.symlink_to(link)
    assert warm.state_dir() is None, "a link is never followed"


def test_only_autograde_and_validate_are_handed_over(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for argv in (["release", "01_pilot"], ["--course-dir", "x", "export", "--out", "g.csv"], ["warm", "start"], []):
        assert not warm._served(argv), argv
    for argv in (["autograde", "01_pilot"], ["--course-dir", "x", "validate", "nb.ipynb"]):
        assert warm._served(argv), argv
    monkeypatch.setenv("COURSE_WARM", "0")
    assert warm.run_client(["autograde", "01_pilot"]) is None


@pytest.mark.skipif(os.getuid() != 0, reason="switching to another user needs root")
def test_another_user_cannot_reach_the_warm_grader(tmp_path):
    folder = tmp_path / "state"
    folder.mkdir(mode=0o700)
    os.chmod(tmp_path, 0o755)
    sock = folder / "x.sock"
    import socket as _socket

    listener = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    listener.bind(str(sock))
    listener.listen(1)
    pid = os.fork()
    if pid == 0:   # pragma: no cover - the other user
        code = 3
        try:
            os.setgid(65534)
            os.setuid(65534)
            s = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
            try:
                s.connect(str(sock))
                code = 1
            except PermissionError:
                code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    listener.close()
    assert os.waitstatus_to_exitcode(status) == 0, "the private folder keeps other users from the socket"
