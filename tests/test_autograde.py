"""course autograde: a small class with broken submissions among good ones, through the real nbgrader."""
from __future__ import annotations

import copy
import hashlib
import json

import pytest

from course_grader.cli import main

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("autograde")]

A = "01_pilot"


def _put(course, student, nb=None, raw=None, name="pilot.ipynb"):
    d = course / "submitted" / student / A
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_text(raw if raw is not None else json.dumps(nb))


def _with(nb, grade_id, source):
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        if cell["id"] == grade_id:
            cell["source"] = source
    return nb


def _hashes(folder):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def _scores(course):
    from nbgrader.api import Gradebook

    from course_grader import config as cfgmod

    paths = cfgmod.Paths.of(course)
    out = {}
    with Gradebook(paths.db_url, "ffnn") as gb:
        for sub in gb.assignment_submissions(A):
            out[sub.student.id] = {g.name: g.score for nb in sub.notebooks for g in nb.grades}
    return out


@pytest.fixture
def small_class(pilot_course):
    """Perfect, blank, partial, warning-but-correct, corrupt JSON, empty file, infinite loop, pasted cells."""
    cfg = pilot_course / "nbgrader_config.py"
    cfg.write_text(cfg.read_text() + "\nc.Execute.timeout = 4\n")    # keep the infinite loop short
    sol = json.loads((pilot_course / "solutions" / A / "pilot.ipynb").read_text())
    blank = json.loads((pilot_course / "exercises" / A / "pilot.ipynb").read_text())
    _put(pilot_course, "ada", sol)
    _put(pilot_course, "bo", blank)
    _put(pilot_course, "cy", _with(sol, "step", "def step(z):\n    return (np.asarray(z) > 0).astype(int)"))
    _put(pilot_course, "di", _with(sol, "add_bias", "import warnings\ndef add_bias(X):\n"
                                   "    warnings.warn('a harmless warning')\n    X = np.asarray(X, dtype=float)\n"
                                   "    return np.hstack([np.ones((X.shape[0], 1)), X])"))
    _put(pilot_course, "ed", raw='{"cells": [ {"oops"')
    _put(pilot_course, "fay", raw="")
    _put(pilot_course, "gus", _with(sol, "predict", "def predict(X, w):\n    while True:\n        pass"))
    dup = copy.deepcopy(sol)          # a copy-pasted test cell (same grade_id twice), and a deleted one
    i = [c["id"] for c in dup["cells"]].index("test_step")
    dup["cells"].insert(i + 1, dict(copy.deepcopy(dup["cells"][i]), id="pasted"))
    dup["cells"] = [c for c in dup["cells"] if c["id"] != "test_predict"]
    _put(pilot_course, "hu", dup)
    return pilot_course


def test_autograde_class_with_broken_submissions(small_class, capsys):
    course = small_class
    before = _hashes(course / "submitted")
    rc = main(["--course-dir", str(course), "autograde", A, "--jobs", "2"])
    out = capsys.readouterr().out
    assert rc == 0, out          # broken submissions are not grader failures
    assert _hashes(course / "submitted") == before, "grading must never modify a submitted file"

    scores = _scores(course)
    assert set(scores) == {"ada", "bo", "cy", "di", "ed", "fay", "gus", "hu"}
    auto = {s: sum(v for k, v in g.items() if k != "written_boundary" and v) for s, g in scores.items()}
    assert auto == {"ada": 90, "bo": 0, "cy": 30, "di": 90, "ed": 0, "fay": 0, "gus": 60, "hu": 60}
    assert scores["cy"]["test_step"] == 0 and scores["cy"]["test_add_bias"] == 30 and scores["gus"]["test_predict"] == 0
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + str(course / "gradebook.db"), "ffnn") as gb:   # written answers wait for a human
        written = gb.find_grade("written_boundary", "pilot", A, "ada")
        assert written.auto_score is None and written.needs_manual_grade

    table = out[out.index("problems found"):]
    rows = {line.split()[0]: line for line in table.splitlines()[2:] if line and not line.startswith(" ")}
    assert rows["ada"].split()[1:3] == ["90", "100"] and rows["ada"].rstrip().endswith("none")
    assert "step(0)" in table and "cannot be read" in rows["ed"] and "is empty" in rows["fay"]
    assert "timed out" in rows["gus"]
    assert "'test_step' appears more than once" in table and "test_predict: this test cell is missing" in table
    assert (course / "autograded" / "ada" / A / "pilot.ipynb").is_file()
    assert not (course / "autograded" / "ed").exists()
    # the autograded notebook kept the hidden tests' verdict but tracebacks show no test code
    graded = json.loads((course / "autograded" / "cy" / A / "pilot.ipynb").read_text())
    errors = [o for c in graded["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors and all("ck.equal" not in "".join(o["traceback"]) for o in errors)

    # deterministic: grading again gives identical scores, still without touching submissions
    assert main(["--course-dir", str(course), "autograde", A, "--jobs", "1", "--student", "cy",
                 "--student", "ed"]) == 0
    assert _scores(course) == scores
    assert _hashes(course / "submitted") == before


def test_missing_notebook_kernel_death_and_unknown_student(pilot_course, capsys):
    sol = json.loads((pilot_course / "solutions" / A / "pilot.ipynb").read_text())
    _put(pilot_course, "hal", sol, name="pilot (copy).ipynb")
    _put(pilot_course, "ivy", _with(sol, "predict", "import os\nos._exit(3)"))
    _put(pilot_course, "jo", sol)
    assert main(["--course-dir", str(pilot_course), "autograde", A]) == 0
    out = capsys.readouterr().out
    assert "pilot.ipynb missing (found pilot (copy).ipynb)" in out
    assert "kernel died" in out
    scores = _scores(pilot_course)
    assert sum(v or 0 for v in scores["hal"].values()) == 0 and sum(v or 0 for v in scores["ivy"].values()) == 0
    assert sum(v or 0 for v in scores["jo"].values()) == 90
    assert main(["--course-dir", str(pilot_course), "autograde", A, "--student", "nobody"]) == 2
    assert main(["--course-dir", str(pilot_course), "autograde", "99_nope"]) == 2


def test_autograde_recreates_its_gradebook_from_solutions(pilot_course, capsys):
    """No release, no gradebook beforehand: autograde builds what it needs from solutions/."""
    assert not (pilot_course / "gradebook.db").exists()
    sol = json.loads((pilot_course / "solutions" / A / "pilot.ipynb").read_text())
    _put(pilot_course, "kim", sol)
    assert main(["--course-dir", str(pilot_course), "autograde", A, "--jobs", "1"]) == 0
    assert sum(v or 0 for v in _scores(pilot_course)["kim"].values()) == 90
    # a later change to the solutions' tests is picked up by the next autograde
    src = pilot_course / "solutions" / A / "pilot.ipynb"
    nb = json.loads(src.read_text())
    for cell in nb["cells"]:
        if cell["id"] == "test_step":
            cell["source"] = "".join(cell["source"]) + "\nassert False, 'a new test nobody passes'"
    src.write_text(json.dumps(nb))
    assert main(["--course-dir", str(pilot_course), "autograde", A, "--jobs", "1"]) == 0
    assert _scores(pilot_course)["kim"]["test_step"] == 0
    assert "a new test nobody passes" in capsys.readouterr().out


def test_exit_code_is_nonzero_only_when_the_grader_fails(pilot_course, capsys, monkeypatch):
    from course_grader import autograde as ag

    sol = json.loads((pilot_course / "solutions" / A / "pilot.ipynb").read_text())
    _put(pilot_course, "lee", sol)
    _put(pilot_course, "max", raw="not a notebook")
    real_merge = ag.merge_result

    def failing_merge(root, assignment, res, cfg):
        if res["student"] == "lee":
            raise OSError("disk full")
        return real_merge(root, assignment, res, cfg)

    monkeypatch.setattr(ag, "merge_result", failing_merge)
    assert main(["--course-dir", str(pilot_course), "autograde", A, "--jobs", "1"]) == 1
    captured = capsys.readouterr()
    assert "could not record the grade: OSError: disk full" in captured.out
    assert "1 grader error(s)" in captured.out
    monkeypatch.setattr(ag, "merge_result", real_merge)
    assert main(["--course-dir", str(pilot_course), "autograde", A, "--jobs", "1"]) == 0   # broken "max" is fine
    # a source notebook nbgrader cannot process is a grader failure too
    (pilot_course / "solutions" / A / "pilot.ipynb").write_text("{}")
    assert main(["--course-dir", str(pilot_course), "autograde", A]) == 1


def test_wall_clock_budget_stops_a_stuck_submission_and_the_class_goes_on(pilot_course, capsys):
    cfg = pilot_course / "nbgrader_config.py"
    cfg.write_text(cfg.read_text() + "\nc.Execute.timeout = 120\nc.Course.notebook_timeout = 4\n")
    sol = json.loads((pilot_course / "solutions" / A / "pilot.ipynb").read_text())
    _put(pilot_course, "a_loop", _with(sol, "step", "import time\ndef step(z):\n    time.sleep(600)"))
    _put(pilot_course, "b_good", sol)
    assert main(["--course-dir", str(pilot_course), "autograde", A, "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "took longer than the 4 s budget" in out
    scores = _scores(pilot_course)
    assert sum(v or 0 for v in scores["a_loop"].values()) == 0
    assert sum(v or 0 for v in scores["b_good"].values()) == 90


def test_several_assignments_in_one_run(pilot_course, capsys):
    """`course autograde A B` and `--all` grade several assignments in one pass; usage errors exit 2."""
    import shutil

    B = "02_pilot_again"
    for folder in ("solutions", "exercises"):
        shutil.copytree(pilot_course / folder / A, pilot_course / folder / B)
    sol = json.loads((pilot_course / "solutions" / A / "pilot.ipynb").read_text())
    blank = json.loads((pilot_course / "exercises" / A / "pilot.ipynb").read_text())
    _put(pilot_course, "ada", sol)
    _put(pilot_course, "bo", blank)
    d = pilot_course / "submitted" / "ada" / B          # ada also hands in the second one; bo does not
    d.mkdir(parents=True)
    (d / "pilot.ipynb").write_text(json.dumps(sol))

    assert main(["--course-dir", str(pilot_course), "autograde", "--all", "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    assert f"\n{A}:\n" in out and f"\n{B}:\n" in out, out
    assert "3 submission(s) of 2 assignments graded" in out
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + str(pilot_course / "gradebook.db"), "ffnn") as gb:
        totals = {(s.assignment.name, s.student.id): s.score for aid in (A, B)
                  for s in gb.assignment_submissions(aid)}
    assert totals == {(A, "ada"): 90, (A, "bo"): 0, (B, "ada"): 90}

    # a named student among several assignments: their submissions among them, and nobody else's
    assert main(["--course-dir", str(pilot_course), "autograde", A, B, "--student", "bo", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "1 submission(s) of 01_pilot graded" in out and "ada" not in out.split("kernels:")[1]

    for bad in (["autograde"], ["autograde", "--all", A], ["autograde", A, B, "--student", "nobody"]):
        assert main(["--course-dir", str(pilot_course), *bad]) == 2, bad
        assert "course autograde:" in capsys.readouterr().err

    # feedback for every autograded assignment in one command
    assert main(["--course-dir", str(pilot_course), "feedback", "--all"]) == 0
    out = capsys.readouterr().out
    assert f"{A}:" in out and f"{B}:" in out
    pages = sorted(str(p.relative_to(pilot_course / "feedback")) for p in (pilot_course / "feedback").rglob("*.html"))
    assert pages == [f"ada/{A}/pilot.html", f"ada/{B}/pilot.html", f"bo/{A}/pilot.html"], pages
    for bad in (["feedback"], ["feedback", "--all", A]):
        assert main(["--course-dir", str(pilot_course), *bad]) == 2, bad
        assert "course feedback:" in capsys.readouterr().err
