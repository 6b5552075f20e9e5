"""Helpers for the grading tests: a copy of the pilot course, a small synthetic class, markers.

Markers are strings planted only inside a ``### BEGIN HIDDEN TESTS`` or ``### BEGIN SOLUTION`` block of the
copy's source notebook: wherever one shows up later (feedback, bundle), a hidden test or a solution leaked.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
PILOT = REPO / "tests" / "fixtures" / "pilot_course"
AID = "01_pilot"
NB = "pilot.ipynb"
#: planted on the hidden-test line that fails for a strict step (z > 0): a verbose traceback shows that line
HIDDEN_MARKER = "HIDDENMARK_7f3a9c"
#: planted as a statement of its own in the hidden block of test_add_bias
HIDDEN_MARKER2 = "HIDDENMARK_b81e44"
#: planted inside the solution block of ``step``
SOLUTION_MARKER = "SOLUTIONMARK_2d6e0b"


def pilot_copy(dest: Path) -> Path:
    """A fresh copy of the pilot course at ``dest``."""
    shutil.copytree(PILOT, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints",
                                                              "gradebook.db", ".nbgrader.log"))
    return dest


def plant_markers(root: Path) -> None:
    """Put the markers into the hidden-test and solution blocks of the copy's source notebook."""
    path = root / "solutions" / AID / NB
    nb = json.loads(path.read_text(encoding="utf-8"))
    done = set()
    for cell in nb["cells"]:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if gid == "test_step":
            # prefix the first hidden statement (the step(0) check a strict step fails) with the marker
            head, sep, tail = src.partition("### BEGIN HIDDEN TESTS\n")
            assert sep and tail.startswith("ck.equal(step(np.array([0.0]))"), src
            src = head + sep + f"_marker = '{HIDDEN_MARKER}'; " + tail
            done.add(gid)
        elif gid == "test_add_bias":
            src = src.replace("### BEGIN HIDDEN TESTS\n", f"### BEGIN HIDDEN TESTS\n_m2 = '{HIDDEN_MARKER2}'\n")
            done.add(gid)
        elif gid == "step":
            src = src.replace("### BEGIN SOLUTION\n", f"### BEGIN SOLUTION\n    # {SOLUTION_MARKER}\n")
            done.add(gid)
        cell["source"] = src
    assert done == {"test_step", "test_add_bias", "step"}, done
    path.write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")


def release(root: Path) -> dict[str, bytes]:
    """Write ``exercises/01_pilot/`` with ``course release``'s generation step; returns the files."""
    from course_grader.release import build_release

    files = build_release(root, AID, root / ".release-scratch")
    shutil.rmtree(root / ".release-scratch", ignore_errors=True)
    for rel, data in files.items():
        dest = root / "exercises" / AID / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
    return files


def solution(root: Path):
    return nbformat.read(root / "solutions" / AID / NB, as_version=4)


def blank(root: Path):
    return nbformat.read(root / "exercises" / AID / NB, as_version=4)


def with_mistake(root: Path, name: str):
    """The solution with the planted mistake ``tests/mistakes/01_pilot/<name>.py`` in its target cell."""
    from course_grader.check import load_mistake, plant

    m = load_mistake(root / "tests" / "mistakes" / AID / f"{name}.py")
    return plant({NB: solution(root)}, m)[NB]


def submit(root: Path, student: str, nb) -> Path:
    path = root / "submitted" / student / AID / NB
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def autograde(root: Path, jobs: int = 2):
    """Grade every submission of 01_pilot with ``course autograde``'s engine; returns {student: result}."""
    from course_grader.autograde import autograde as run

    return {r.student: r for r in run(root, AID, jobs=jobs, quiet=True)}
