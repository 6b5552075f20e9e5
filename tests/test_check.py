"""course check: solutions earn full marks, blanks zero, every planted mistake loses points."""
from __future__ import annotations

import json

import pytest

from course_grader import config as cfgmod
from course_grader.check import load_mistake
from course_grader.cli import main

MISTAKES = "tests/mistakes/01_pilot"


def test_load_mistake_reads_without_running(tmp_path):
    f = tmp_path / "m.py"
    f.write_text('"""Sign flipped.\n\nMore words."""\nTARGET = "step"\nCATCH = "test_step"\n'
                 'EXPECT_MESSAGE = "sign"\nraise SystemExit("never run")\n')
    m = load_mistake(f)
    assert (m.title, m.target, m.catch, m.expect, m.problem) == ("Sign flipped.", "step", ["test_step"], "sign", None)
    f.write_text('"""No target."""\nimport numpy as np\n')
    assert "TARGET" in load_mistake(f).problem
    f.write_text("def broken(:\n")
    assert "does not parse" in load_mistake(f).problem


@pytest.mark.slow
@pytest.mark.xdist_group("check")
def test_check_passes_on_the_pilot(pilot_course, tmp_path, capsys):
    keep = tmp_path / "kept"
    assert main(["--course-dir", str(pilot_course), "check", "--jobs", "2", "--keep", str(keep)]) == 0
    # mistakes of different items that name their message share a notebook: step_strict rides with
    # add_bias_delegated (the first add_bias mistake); the other add_bias mistakes and predict's get their own
    packed = json.loads((keep / "autograded" / "mistakes-pack-1" / "01_pilot" / "pilot.ipynb").read_text())
    sources = {c["id"]: "".join(c["source"]) for c in packed["cells"]}
    assert "> 0" in sources["step"] and "course_utils" in sources["add_bias"]
    assert (keep / "autograded" / "mistake-add_bias_in_place" / "01_pilot" / "pilot.ipynb").is_file()
    assert not (keep / "autograded" / "mistake-step_strict").exists()
    assert (keep / "gradebook.db").is_file()
    out = capsys.readouterr().out
    assert "2 planted mistakes share notebooks" in out
    assert "01_pilot: mutation score 5/5 = 100%" in out
    rows = {line.split()[1]: line for line in out.splitlines() if line.startswith("01_pilot ")}
    assert "90/90 (+10 graded by hand)" in rows["solution"] and rows["solution"].rstrip().endswith("ok")
    assert "0/90" in rows["blank"] and rows["blank"].rstrip().endswith("ok")
    assert all(rows[m].rstrip().endswith("caught") for m in
               ("add_bias_in_place", "add_bias_last_column", "step_strict", "predict_bias_last", "add_bias_delegated"))
    assert not (pilot_course / "gradebook.db").exists() and not (pilot_course / "submitted").exists(), \
        "check works in a temporary course and leaves the real one alone"


@pytest.mark.slow
@pytest.mark.xdist_group("check")
def test_check_fails_on_uncatchable_mistake_broken_solution_and_bad_files(pilot_course, capsys):
    mistakes = pilot_course / MISTAKES
    # a "mistake" identical to the solution cannot be caught
    (mistakes / "same_as_solution.py").write_text(
        '"""Not a mistake at all."""\nTARGET = "step"\nimport numpy as np\n\n\n'
        'def step(z):\n    return (np.asarray(z) >= 0).astype(int)\n')
    # a caught mistake whose expected message never appears
    (mistakes / "wrong_message.py").write_text(
        '"""Strict step, but the test message is expected to talk about sigmoids."""\nTARGET = "step"\n'
        'EXPECT_MESSAGE = "sigmoid"\nimport numpy as np\n\n\ndef step(z):\n    return (np.asarray(z) > 0).astype(int)\n')
    # a file aimed at no answer cell
    (mistakes / "bad_target.py").write_text('"""Aims at nothing."""\nTARGET = "no_such_function"\n')
    # an explicit CATCH naming a cell that does not exist
    (mistakes / "bad_catch.py").write_text('"""Catch names a missing cell."""\nTARGET = "step"\n'
                                           'CATCH = ["test_nothing"]\ndef step(z):\n    return z\n')
    # break the solution: predict's solution now adds the bias weight last
    src = pilot_course / "solutions" / "01_pilot" / "pilot.ipynb"
    nb = json.loads(src.read_text())
    for cell in nb["cells"]:
        if cell["id"] == "predict":
            cell["source"] = "".join(cell["source"]).replace("step(add_bias(X) @ w)", "step(X @ w[1:] - w[0])")
    src.write_text(json.dumps(nb))
    capsys.readouterr()
    assert main(["--course-dir", str(pilot_course), "check", "--jobs", "2"]) == 1
    out = capsys.readouterr().out
    rows = {line.split()[1]: line for line in out.splitlines() if line.startswith("01_pilot ")}
    assert "FAIL" in rows["solution"] and "60/90" in rows["solution"]
    assert "test_predict" in out
    assert "MISSED: full marks in test_step" in rows["same_as_solution"]
    assert "MISSED MESSAGE" in rows["wrong_message"]
    assert "grading 1 notebooks again, one mistake each" in out      # wrong_message was packed, then alone
    assert "ERROR" in rows["bad_target"] and "ERROR" in rows["bad_catch"]
    assert "01_pilot: mutation score 5/9" in out


@pytest.mark.slow
@pytest.mark.xdist_group("check")
def test_check_fails_when_the_blank_earns_points(pilot_course, capsys):
    src = pilot_course / "solutions" / "01_pilot" / "pilot.ipynb"
    nb = json.loads(src.read_text())
    for cell in nb["cells"]:
        if cell["id"] == "test_step":   # a grade cell that tests nothing the student writes
            cell["source"] = "assert 1 + 1 == 2"
    src.write_text(json.dumps(nb))
    assert main(["--course-dir", str(pilot_course), "check", "01_pilot"]) == 1
    out = capsys.readouterr().out
    blank = next(l for l in out.splitlines() if l.startswith("01_pilot ") and l.split()[1] == "blank")
    assert "30/90" in blank and "FAIL" in blank
    assert "test_step: earned 30 with no answer" in out


@pytest.mark.slow
@pytest.mark.xdist_group("real_check")
def test_real_repository_check(repo_root, capsys):
    if not cfgmod.assignments(repo_root):
        pytest.skip("solutions/ holds no assignment yet")
    rc = main(["--course-dir", str(repo_root), "check"])
    out = capsys.readouterr().out
    assert rc == 0, out


@pytest.mark.slow
@pytest.mark.xdist_group("check")
def test_mistakes_are_judged_on_their_own_cells_and_the_focus_is_proven(pilot_course, tmp_path, capsys):
    """A planted mistake's notebook runs only its own grade cells (the others are skipped), and the solution is
    graded once more with each such focus: a grade cell that leans on another grade cell fails that proof."""
    keep = tmp_path / "kept"
    assert main(["--course-dir", str(pilot_course), "check", "--single", "--jobs", "2", "--keep", str(keep)]) == 0
    out = capsys.readouterr().out
    assert "solution, only test_step" in out and "solution, only test_predict" in out
    # the mistake in `step` ran test_step but not test_predict (no output: skipped)
    graded = json.loads((keep / "autograded" / "mistake-step_strict" / "01_pilot" / "pilot.ipynb").read_text())
    outputs = {c["id"]: c.get("outputs") for c in graded["cells"] if c["cell_type"] == "code"}
    assert outputs["test_step"] and not outputs["test_predict"]
    # now make test_predict depend on a name that only test_step defines
    src = pilot_course / "solutions" / "01_pilot" / "pilot.ipynb"
    nb = json.loads(src.read_text())
    for cell in nb["cells"]:
        if cell["id"] == "test_step":
            cell["source"] = "".join(cell["source"]) + "\n_made_by_test_step = 1\n"
        if cell["id"] == "test_predict":
            cell["source"] = "assert _made_by_test_step == 1\n" + "".join(cell["source"])
    src.write_text(json.dumps(nb))
    assert main(["--course-dir", str(pilot_course), "check", "--single", "--jobs", "2"]) == 1
    out = capsys.readouterr().out
    row = next(l for l in out.splitlines() if "solution, only test_predict" in l)
    assert "FAIL" in row and "self-contained" in row
