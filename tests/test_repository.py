"""Repository hygiene: notebooks committed clean, README true to the Makefile and the `course` command."""
import json
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UNITS = ["01_perceptron", "02_gradient_descent", "03_sigmoid_units", "04_backprop", "05_optimization",
         "06_regularization", "07_capstone"]


def tracked_notebooks():
    out = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True, text=True).stdout
    files = [ROOT / f for f in out.split()]
    return files or sorted(ROOT.glob("**/*.ipynb"))


@pytest.mark.parametrize("path", tracked_notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_committed_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert "widgets" not in nb.get("metadata", {}), "saved widget state: run course build (sources) or course release (exercises)"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"cell {cell.get('id')} has outputs: run course build (sources) or course release (exercises)"
            assert cell.get("execution_count") is None, f"cell {cell.get('id')} has an execution count"
        assert cell.get("id"), "every cell needs a stable id (nbformat 4.5)"


def test_gitignore_covers_grading_state():
    ignored = (ROOT / ".gitignore").read_text().split()
    for entry in [".venv/", "submitted/", "autograded/", "feedback/", "gradebook.db", "exchange/", "dist/"]:
        assert entry in ignored, f".gitignore lacks {entry}"


def test_readme_first_screen_has_the_two_commands():
    first_screen = "\n".join((ROOT / "README.md").read_text().splitlines()[:40])
    assert "make lab" in first_screen and "make test" in first_screen


def test_readme_lists_every_make_target_and_course_command():
    readme = (ROOT / "README.md").read_text()
    targets = re.findall(r"^([a-z][a-z-]*):.*##", (ROOT / "Makefile").read_text(), flags=re.M)
    assert targets, "no documented make targets found"
    missing = [t for t in targets if f"make {t}" not in readme]
    assert not missing, f"README does not document make targets: {missing}"
    from course_grader.cli import build_parser
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    missing = [c for c in sub.choices if f"course {c}" not in readme]
    assert not missing, f"README does not document course commands: {missing}"


def test_ci_runs_make_test():
    run = (ROOT / ".ci" / "run").read_text()
    assert "make test" in run
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111, ".ci/run must be executable"


def test_every_unit_has_lecture_solution_and_exercise_when_present():
    for unit in UNITS:
        sol = ROOT / "solutions" / unit
        if not sol.exists():
            continue
        name = unit.split("_", 1)[1]
        assert (sol / f"{name}.ipynb").exists(), f"solutions/{unit}/{name}.ipynb missing"
        assert (ROOT / "exercises" / unit / f"{name}.ipynb").exists(), f"exercises/{unit} not released"
        assert (ROOT / "lectures" / f"{unit}.ipynb").exists(), f"lectures/{unit}.ipynb missing"
