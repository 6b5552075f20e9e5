"""The adversarial class (tests/adversarial/cases.py) graded in one run of the real `course autograde --jobs 2`.

Nothing aborts, nothing hangs past its budget, no submission earns a point it did not earn, every case gets its
score and its line in the summary, the good students among them get full marks, no submitted file or other
student's grade is touched, and neither the autograded notebooks' outputs nor the feedback show a hidden test.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import cases as adv  # noqa: E402
from grading_class import HIDDEN_MARKER, HIDDEN_MARKER2, pilot_copy, plant_markers  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("autograde")]

COURSE = str(Path(sys.executable).parent / "course")
WRITTEN = "written_boundary"


def _hashes(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _summary_rows(out: str) -> dict[str, str]:
    """student -> all of its lines in the summary table (continuation lines included)."""
    table = out[out.index("problems found"):].splitlines()[2:]
    rows, current = {}, None
    for line in table:
        if not line.strip() or line.startswith("written answers"):
            current = None if not line.strip() else current
            continue
        if not line.startswith(" "):
            current = line.split()[0]
            rows[current] = line
        elif current:
            rows[current] += "\n" + line
    return rows


def _progress_seconds(out: str) -> dict[str, float]:
    secs = {}
    for line in out.splitlines():
        m = re.match(r"\s+(\S+)\s+\S+/\S+\s+(graded|broken|error)\s+([\d.]+) s", line)
        if m:
            secs[m.group(1)] = float(m.group(3))
    return secs


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    root = pilot_copy(tmp_path_factory.mktemp("adversarial") / "course")
    plant_markers(root)
    adv.plant_numerical_check(root)
    (root / "nbgrader_config.py").write_text((root / "nbgrader_config.py").read_text() + adv.CONFIG)
    adv.build_class(root)
    before = _hashes(root / "submitted")
    outside = Path("/tmp/planted-by-student.txt")
    outside.unlink(missing_ok=True)
    t0 = time.monotonic()
    proc = subprocess.run([COURSE, "--course-dir", str(root), "autograde", adv.AID, "--jobs", "2"],
                          capture_output=True, text=True, timeout=400, env={k: v for k, v in os.environ.items() if k != "COURSE_DB_URL"})
    seconds = time.monotonic() - t0
    return {"root": root, "proc": proc, "before": before, "seconds": seconds, "outside": outside}


def _scores(root: Path) -> dict[str, dict]:
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook("sqlite:///" + str(root / "gradebook.db"), "ffnn") as gb:
        for sub in gb.assignment_submissions(adv.AID):
            out[sub.student.id] = {g.name: (g.auto_score, g.manual_score) for nb in sub.notebooks for g in nb.grades}
    return out


def test_at_least_thirty_cases_with_unique_students():
    assert len(adv.CASES) >= 30
    assert len({c.student for c in adv.CASES}) == len(adv.CASES)
    assert sum(c.good for c in adv.CASES) >= 3


def test_the_run_finishes_without_grader_errors_within_its_budgets(graded_class):
    proc = graded_class["proc"]
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "0 grader error(s)" in proc.stdout
    assert graded_class["seconds"] < 400
    secs = _progress_seconds(proc.stdout)
    assert set(secs) == {c.student for c in adv.CASES}, "every student gets a progress line"
    # the budget is 45 s per notebook (c.Course.notebook_timeout) plus kernel start and saving
    slow = {s: t for s, t in secs.items() if t > 45 + 20}
    assert not slow, f"graded past the budget: {slow}"


@pytest.mark.parametrize("case", adv.CASES, ids=[c.student for c in adv.CASES])
def test_each_case_gets_its_score_and_its_summary_line(graded_class, case):
    rows = _summary_rows(graded_class["proc"].stdout)
    scores = _scores(graded_class["root"])
    assert case.student in scores, f"{case.student} has no grade in the gradebook"
    auto = sum(a or 0 for gid, (a, m) in scores[case.student].items() if gid != WRITTEN)
    assert auto == case.score, f"{case.student} ({case.what}): {auto} points, expected {case.score}\n" \
                               f"{rows.get(case.student)}"
    assert all(m is None for a, m in scores[case.student].values()), "nobody wrote a manual score"
    line = rows[case.student]
    if case.message == "none":
        assert line.rstrip().endswith("none"), line
    else:
        assert case.message.lower() in line.lower(), f"{case.message!r} not in:\n{line}"
    if case.good:
        assert auto == 90


def test_no_file_was_touched_outside_the_graded_copies(graded_class):
    root = graded_class["root"]
    assert _hashes(root / "submitted") == graded_class["before"], "grading must never change a submitted file"
    planted = [p for p in root.parent.rglob("*planted*")]
    assert not planted, planted
    assert not graded_class["outside"].exists(), "a kernel wrote into the grader's /tmp"
    sol = json.loads((root / "solutions" / adv.AID / adv.NB).read_text())
    assert HIDDEN_MARKER in json.dumps(sol), "the source notebook still holds its hidden tests"


def test_hidden_tests_never_reach_outputs_or_feedback(graded_class):
    root = graded_class["root"]
    for nb_path in (root / "autograded").rglob("*.ipynb"):
        nb = json.loads(nb_path.read_text())
        outputs = json.dumps([c.get("outputs", []) for c in nb["cells"]])
        assert HIDDEN_MARKER not in outputs and HIDDEN_MARKER2 not in outputs, nb_path
        assert "BEGIN HIDDEN TESTS" not in outputs, nb_path
    proc = subprocess.run([COURSE, "--course-dir", str(root), "feedback", adv.AID], capture_output=True, text=True,
                          timeout=300)
    pages = list((root / "feedback").rglob("*.html"))
    assert len(pages) >= len(adv.CASES) - 8, proc.stdout[-2000:] + proc.stderr[-2000:]
    for page in pages:
        text = page.read_text(errors="replace")
        assert HIDDEN_MARKER not in text and HIDDEN_MARKER2 not in text and "BEGIN HIDDEN TESTS" not in text, page
    # the reason a limit was hit is in the student's feedback, next to the cell that hit it
    memory = (root / "feedback" / "memory_bomb" / adv.AID / "pilot.html").read_text()
    assert "memory limit reached" in memory
    killed = (root / "feedback" / "segfault" / adv.AID / "pilot.html").read_text()
    assert "segmentation fault" in killed
