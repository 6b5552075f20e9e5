"""course release: deterministic exercises/ from solutions/, and --check catching an out-of-sync exercises/."""
from __future__ import annotations

import hashlib
import json

import pytest

from course_grader import config as cfgmod
from course_grader.cli import main

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("release")]


def _digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_release_is_deterministic_and_matches_the_committed_pilot(pilot_course, capsys):
    committed = _digest(pilot_course / "exercises")
    assert committed, "the pilot's exercises/ must be committed"
    assert main(["--course-dir", str(pilot_course), "release", "--check"]) == 0
    assert main(["--course-dir", str(pilot_course), "release"]) == 0
    first = _digest(pilot_course / "exercises")
    assert main(["--course-dir", str(pilot_course), "release"]) == 0
    assert _digest(pilot_course / "exercises") == first == committed
    # nothing else left behind in the course
    assert not (pilot_course / "gradebook.db").exists()
    assert not list(pilot_course.rglob(".nbgrader.log"))


def test_released_notebook_hides_solutions_and_hidden_tests(pilot_course):
    nb = json.loads((pilot_course / "exercises" / "01_pilot" / "pilot.ipynb").read_text())
    text = json.dumps(nb)
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
    assert "np.hstack" not in text and "ck.unchanged" not in text and "step(0)" not in text
    assert "raise NotImplementedError()" in text
    ids = [c["id"] for c in nb["cells"]]
    assert ids[:4] == ["intro", "setup", "add_bias", "test_add_bias"]
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    assert (pilot_course / "exercises" / "01_pilot" / "points.csv").is_file(), "data files are released"


def test_check_detects_hand_edit_missing_and_stale_files(pilot_course, capsys):
    nb = pilot_course / "exercises" / "01_pilot" / "pilot.ipynb"
    nb.write_text(nb.read_text().replace("Three small functions", "Three tiny functions"))
    capsys.readouterr()
    assert main(["--course-dir", str(pilot_course), "release", "--check"]) == 1
    out = capsys.readouterr().out
    assert "exercises/01_pilot/pilot.ipynb: differs" in out and "Three tiny functions" in out
    # release repairs it
    assert main(["--course-dir", str(pilot_course), "release"]) == 0
    assert main(["--course-dir", str(pilot_course), "release", "--check"]) == 0
    # a file that should not be there, a missing one, an exercise without a solution
    (pilot_course / "exercises" / "01_pilot" / "notes.txt").write_text("hand-made")
    (pilot_course / "exercises" / "01_pilot" / "points.csv").unlink()
    (pilot_course / "exercises" / "09_gone").mkdir()
    capsys.readouterr()
    assert main(["--course-dir", str(pilot_course), "release", "--check"]) == 1
    out = capsys.readouterr().out
    assert "notes.txt: not produced" in out and "points.csv: missing" in out and "09_gone" in out


def test_check_detects_a_changed_solution(pilot_course, capsys):
    src = pilot_course / "solutions" / "01_pilot" / "pilot.ipynb"
    src.write_text(src.read_text().replace("Prepend a column of ones", "Put a column of ones first"))
    assert main(["--course-dir", str(pilot_course), "release", "--check"]) == 1
    assert "pilot.ipynb: differs" in capsys.readouterr().out


def test_unknown_assignment_is_an_error(pilot_course, capsys):
    assert main(["--course-dir", str(pilot_course), "release", "99_nope"]) == 2
    assert "99_nope" in capsys.readouterr().err


def test_real_repository_exercises_are_in_sync(repo_root, capsys):
    if not cfgmod.assignments(repo_root):
        pytest.skip("solutions/ holds no assignment yet")
    rc = main(["--course-dir", str(repo_root), "release", "--check"])
    assert rc == 0, "exercises/ is out of sync with solutions/: run `course release`\n" + capsys.readouterr().out
