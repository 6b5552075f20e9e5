"""The whole course lifecycle through a real nbgrader exchange (issue 3, "Whole lifecycle test").

Instructor: ``nbgrader release_assignment`` -> three students (each with their own home and course folder in a
temporary directory): ``nbgrader fetch_assignment`` -> edit -> ``nbgrader submit`` -> instructor:
``nbgrader collect`` -> ``course autograde`` -> ``nbgrader generate_feedback`` -> ``nbgrader release_feedback``
-> students: ``nbgrader fetch_feedback``.  The fetched feedback and the exported grades must match what each
student submitted, and the feedback must not show hidden tests.
"""
from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("lifecycle")]

A = "01_pilot"
BIN = Path(sys.executable).parent
# each student's answers: grade_id -> source; expected autograded points (written answers are manual)
STUDENTS = {
    "s_ada": ({"add_bias": "def add_bias(X):\n    X = np.asarray(X, dtype=float)\n"
                           "    return np.hstack([np.ones((X.shape[0], 1)), X])",
               "step": "def step(z):\n    return (np.asarray(z) >= 0).astype(int)",
               "predict": "def predict(X, w):\n    return step(add_bias(X) @ w)",
               "written_boundary": "w[1:] is normal to the boundary."}, 90),
    "s_bea": ({"add_bias": "def add_bias(X):\n    X = np.asarray(X, dtype=float)\n"
                           "    return np.hstack([np.ones((X.shape[0], 1)), X])",
               "step": "def step(z):\n    return (np.asarray(z) > 0).astype(int)",
               "predict": "def predict(X, w):\n    return step(add_bias(X) @ w)"}, 30),   # strict step fails 2 cells
    "s_cal": ({"step": "def step(z):\n    return (np.asarray(z) >= 0).astype(int)"}, 30),
}


def _run(args, cwd, env):
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"{' '.join(map(str, args))} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout + proc.stderr


def test_release_fetch_submit_collect_grade_feedback(pilot_course, tmp_path):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("COURSE_", "JUPYTER"))}
    base_env["PATH"] = f"{BIN}{os.pathsep}{base_env.get('PATH', '')}"
    teacher = dict(base_env, COURSE_EXCHANGE=str(exchange), HOME=str(tmp_path / "teacher_home"))
    nbg = [str(BIN / "nbgrader")]
    course = [str(BIN / "course"), "--course-dir", str(pilot_course)]

    _run(nbg + ["release_assignment", A], pilot_course, teacher)

    for sid, (answers, _) in STUDENTS.items():
        home = tmp_path / "students" / sid
        home.mkdir(parents=True)
        env = dict(base_env, HOME=str(home))
        flags = [f"--Exchange.root={exchange}", "--course=ffnn", f"--student={sid}"]
        _run(nbg + ["fetch_assignment", A] + flags, home, env)
        nb_path = home / A / "pilot.ipynb"
        nb = json.loads(nb_path.read_text())
        for cell in nb["cells"]:
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if gid in answers:
                cell["source"] = answers[gid]
        nb_path.write_text(json.dumps(nb))
        _run(nbg + ["submit", A] + flags, home, env)

    _run(nbg + ["collect", A], pilot_course, teacher)
    for sid in STUDENTS:
        assert (pilot_course / "submitted" / sid / A / "pilot.ipynb").is_file()
    out = _run(course + ["autograde", A, "--jobs", "2"], pilot_course, teacher)
    assert "3 submission(s)" in out
    _run(nbg + ["generate_feedback", A], pilot_course, teacher)
    _run(nbg + ["release_feedback", A], pilot_course, teacher)
    grades_csv = tmp_path / "grades.csv"
    _run(nbg + ["export", f"--to={grades_csv}"], pilot_course, teacher)

    rows = {r["student_id"]: r for r in csv.DictReader(grades_csv.open())}
    for sid, (answers, points) in STUDENTS.items():
        assert float(rows[sid]["raw_score"]) == points, (sid, rows[sid])
        assert float(rows[sid]["max_score"]) == 100

        home = tmp_path / "students" / sid
        env = dict(base_env, HOME=str(home))
        _run(nbg + ["fetch_feedback", A, f"--Exchange.root={exchange}", "--course=ffnn", f"--student={sid}"],
             home, env)
        pages = list((home / A / "feedback").rglob("pilot.html"))
        assert len(pages) == 1, f"{sid}: expected one feedback page, got {pages}"
        html = unescape(re.sub(r"<[^>]+>", "", pages[0].read_text()))   # the text a student reads
        assert f"{points:g}" in html and "100" in html
        assert "ck.equal(step(np.array([-2.0, 3.0]))" in html, "visible tests are shown"
        for hidden in ("HIDDEN TESTS", "ck.unchanged", "ck.not_delegated", "points.csv with w"):
            assert hidden not in html, f"{sid}: hidden test text {hidden!r} leaked into the feedback"
        if sid == "s_bea":   # the strict step fails a hidden test: the verdict shows, the test code does not
            assert "step(0)" in html and "AssertionError" in html
