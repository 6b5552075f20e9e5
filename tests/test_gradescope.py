"""``course gradescope``: the bundle, and its real ``run_autograder`` in a folder laid out as Gradescope lays it out.

One module fixture grades a few pilot students once with ``course autograde`` (the reference scores) and runs the
bundle's ``run_autograder`` on the same files (this machine's ``.venv`` Python instead of ``setup.sh``'s
environment).  Every ``results.json`` is validated against a JSON Schema written from Gradescope's documentation
(https://gradescope-autograders.readthedocs.io/en/latest/specs/).  The student whose function raises deep in a
hidden test also checks issue 17 part 5: their own traceback frames, by cell name and line, and no hidden line,
in results.json and on the feedback page; it also tampers with NumPy (the guard puts it back) and is submitted
under another name, in a folder (the sole notebook is graded).
"""
from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jsonschema
import nbformat
import pytest

import grading_class as gc
from course_grader import cli, gradescope

sys.path.insert(0, str(Path(__file__).resolve().parent / "adversarial"))
import cases as adv  # noqa: E402

VISIBILITY = {"enum": ["hidden", "after_due_date", "after_published", "visible"]}
FORMAT = {"enum": ["text", "html", "simple_format", "md", "ansi"]}
#: results.json as Gradescope documents it (top level, tests, leaderboard); every key is optional except that a
#: score must be given at the top level or on every test
RESULTS_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "score": {"type": "number"},
        "execution_time": {"type": "number", "minimum": 0},
        "output": {"type": "string"},
        "output_format": FORMAT,
        "test_output_format": FORMAT,
        "test_name_format": FORMAT,
        "visibility": VISIBILITY,
        "stdout_visibility": VISIBILITY,
        "extra_data": {"type": "object"},
        "tests": {"type": "array", "items": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "score": {"type": "number"},
                "max_score": {"type": "number", "minimum": 0},
                "status": {"enum": ["passed", "failed"]},
                "name": {"type": "string"},
                "name_format": FORMAT,
                "number": {"type": "string"},
                "output": {"type": "string"},
                "output_format": FORMAT,
                "tags": {"type": "array", "items": {"type": "string"}},
                "visibility": VISIBILITY,
                "extra_data": {"type": "object"},
            },
        }},
        "leaderboard": {"type": "array", "items": {
            "type": "object", "required": ["name", "value"],
            "properties": {"name": {"type": "string"}, "value": {"type": ["number", "string"]},
                           "order": {"enum": ["asc", "desc"]}},
        }},
    },
    "anyOf": [{"required": ["score"]},
              {"required": ["tests"], "properties": {"tests": {"items": {"required": ["score"]}}}}],
}
#: what this course's results always hold, beyond Gradescope's minimum
OURS = {"required": ["score", "output", "visibility", "stdout_visibility", "tests"],
        "properties": {"tests": {"items": {"required": ["name", "score", "max_score", "output", "visibility"]}}}}

#: step raises on line 5 of its answer cell, only for z == 0: the hidden test's step(0) (the line that carries
#: HIDDEN_MARKER) and predict's hidden boundary point reach it
RAISER_STEP = '''def step(z):
    """Heaviside step: 1 where z >= 0, else 0 (integers, same shape as z)."""
    z = np.asarray(z, dtype=float)
    if np.any(z == 0):
        return z.astype(int) + None
    return (z >= 0).astype(int)
'''
RAISER_LINE = "return z.astype(int) + None"
#: (student, its files in submission/: name -> notebook, or raw text; None: the student's own notebook as pilot.ipynb)
SUBMISSIONS = {
    "perfect": None,
    "blank": None,
    "hostile": {"work/pilot (2).ipynb": "hostile"},     # renamed, in a folder: the sole notebook is graded
    "corrupt": None,
    "missing": {"README.txt": "my notebook is attached"},
    "two_notebooks": {"a.ipynb": "perfect", "b.ipynb": "blank"},
}


def _hostile(sol):
    """The solution whose step raises on line 5 for z == 0, then replaces numpy.array with a liar."""
    nb = adv.with_source(json.loads(nbformat.writes(sol)), "step", RAISER_STEP + adv.TAMPER_NUMPY_ATTRIBUTE)
    return nbformat.reads(json.dumps(nb), as_version=4)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The pilot graded once by course autograde and once per submission by the bundle's run_autograder."""
    base = tmp_path_factory.mktemp("gradescope")
    root = gc.pilot_copy(base / "course")
    gc.plant_markers(root)
    gc.release(root)
    sol, blank = gc.solution(root), gc.blank(root)
    notebooks = {"perfect": sol, "blank": blank, "hostile": _hostile(sol)}
    for student, nb in notebooks.items():
        gc.submit(root, student, nb)
    corrupt = root / "submitted" / "corrupt" / gc.AID / gc.NB
    corrupt.parent.mkdir(parents=True)
    corrupt.write_text('{"cells": [ {"cell_type": "code", "sou')
    reference = gc.autograde(root)
    assert cli.main(["--course-dir", str(root), "feedback", gc.AID, "--student", "hostile"]) == 0

    bundle = gradescope.build(root, gc.AID, base / "autograder.zip")

    def run(student):
        ag = base / "runs" / student
        (ag / "submission").mkdir(parents=True)
        (ag / "results").mkdir()
        with zipfile.ZipFile(bundle) as zf:
            zf.extractall(ag / "source")
        files = SUBMISSIONS[student] or {gc.NB: student}
        for name, what in files.items():
            dest = ag / "submission" / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            if what in notebooks:
                nbformat.write(notebooks[what], str(dest))
            elif what == "corrupt":
                dest.write_bytes(corrupt.read_bytes())
            else:
                dest.write_text(what)
        env = {**os.environ, "AUTOGRADER_ROOT": str(ag), "COURSE_PYTHON": sys.executable}
        proc = subprocess.run(["bash", str(ag / "source" / "run_autograder")], env=env, cwd=ag,
                              capture_output=True, text=True, timeout=600)
        return student, {"code": proc.returncode, "stdout": proc.stdout + proc.stderr,
                         "results": json.loads((ag / "results" / "results.json").read_text())}

    with ThreadPoolExecutor(2) as pool:
        runs = dict(pool.map(run, SUBMISSIONS))
    return {"root": root, "bundle": bundle, "reference": reference, "runs": runs}


def _scores(results):
    return {t["name"]: t["score"] for t in results["tests"] if not t["name"].endswith("(written answer)")}


# ------------------------------------------------------------------------------------------------ the bundle

@pytest.mark.slow
def test_bundle_holds_what_gradescope_needs(graded):
    with zipfile.ZipFile(graded["bundle"]) as zf:
        names = set(zf.namelist())
        modes = {i.filename: i.external_attr >> 16 for i in zf.infolist()}
        setup = zf.read("setup.sh").decode()
        run = zf.read("run_autograder").decode()
        conf = json.loads(zf.read("gradescope.json"))
    assert {"setup.sh", "run_autograder", "constraints.txt", "gradescope.json", "course/nbgrader_config.py",
            f"course/solutions/{gc.AID}/{gc.NB}", f"course/solutions/{gc.AID}/points.csv",
            "package/pyproject.toml", "package/course_utils/checks.py",
            "package/course_grader/gradescope.py"} <= names
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    assert not [n for n in names if "__pycache__" in n or n.endswith(("gradebook.db", ".pyc"))
                or n.startswith(("course/submitted", "course/autograded", "course/exercises"))]
    # setup.sh: valid bash that installs Python 3.11, the pinned environment and the course with its grader extra
    for script in ("setup.sh", "run_autograder"):
        path = graded["bundle"].parent / f"check-{script}"
        path.write_text(setup if script == "setup.sh" else run)
        assert subprocess.run(["bash", "-n", str(path)], capture_output=True).returncode == 0, script
    assert setup.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in setup
    assert "python3.11 -m venv" in setup and '-c "$SRC/constraints.txt" "$SRC/package[grader]"' in setup
    assert "course_grader.gradescope run" in run and "AUTOGRADER_ROOT:-/autograder" in run
    assert [i["grade_id"] for i in conf["items"]] == ["test_add_bias", "test_step", "test_predict",
                                                      "written_boundary"]
    assert [i["manual"] for i in conf["items"]] == [False, False, False, True]


def test_command_refuses_unknown_assignment_and_visibility(pilot_course, tmp_path, capsys):
    assert cli.main(["--course-dir", str(pilot_course), "gradescope", "99_none", "--out",
                     str(tmp_path / "a.zip")]) == 2
    assert "no assignment" in capsys.readouterr().err
    with pytest.raises(ValueError, match="visibility"):
        gradescope.build(pilot_course, gc.AID, tmp_path / "a.zip", visibility="sometimes")


def test_find_submission(tmp_path):
    sub = tmp_path / "submission"
    (sub / "deep" / ".ipynb_checkpoints").mkdir(parents=True)
    (sub / "deep" / ".ipynb_checkpoints" / "pilot-checkpoint.ipynb").write_text("{}")
    (sub / "deep" / "pilot.ipynb").write_text("{}")
    picked, notes = gradescope.find_submission(sub, ["pilot"])
    assert picked == {"pilot": sub / "deep" / "pilot.ipynb"} and notes == []
    (sub / "pilot.ipynb").write_text("{}")   # the shallowest of two
    assert gradescope.find_submission(sub, ["pilot"])[0] == {"pilot": sub / "pilot.ipynb"}
    picked, notes = gradescope.find_submission(tmp_path / "nothing", ["pilot"])
    assert picked == {} and "no notebook was submitted" in notes[0]


def test_results_json_of_a_failure_validates():
    items = [{"notebook": "pilot", "grade_id": "test_a", "points": 60.0, "manual": False},
             {"notebook": "pilot", "grade_id": "written", "points": 40.0, "manual": True}]
    res = gradescope.results_json(items, {}, {}, ["expected pilot.ipynb"], "after_published", 0.5,
                                  failed="no pilot.ipynb in your submission")
    jsonschema.validate(res, RESULTS_SCHEMA)
    jsonschema.validate(res, OURS)
    assert res["score"] == 0 and res["tests"][0]["status"] == "failed" and res["visibility"] == "after_published"
    assert "Graded by hand later" in res["tests"][1]["output"] and "status" not in res["tests"][1]
    with pytest.raises(jsonschema.ValidationError):   # the schema bites
        jsonschema.validate({**res, "visibility": "sometimes"}, RESULTS_SCHEMA)


# ------------------------------------------------------------------------------------------------ the runs

@pytest.mark.slow
def test_every_results_json_validates_and_hides_hidden_tests(graded):
    for student, run in graded["runs"].items():
        assert run["code"] == 0, (student, run["stdout"][-3000:])
        res = run["results"]
        jsonschema.validate(res, RESULTS_SCHEMA)
        jsonschema.validate(res, OURS)
        text = json.dumps(res)
        assert gc.HIDDEN_MARKER not in text and gc.HIDDEN_MARKER2 not in text, student
        assert "HIDDEN TESTS" not in text and "not_delegated" not in text, student
        written = [t for t in res["tests"] if t["name"].endswith("(written answer)")]
        assert [(t["score"], t["max_score"]) for t in written] == [(0.0, 10.0)]
        assert "graded by hand later" in written[0]["output"].lower()
        assert res["score"] == sum(t["score"] for t in res["tests"])


@pytest.mark.slow
def test_scores_match_course_autograde(graded):
    """Perfect, blank, hostile (renamed) and corrupt: the same points per item as course autograde."""
    for student in ("perfect", "blank", "hostile", "corrupt"):
        ref = graded["reference"][student]
        res = graded["runs"][student]["results"]
        want = {gid: float(c["score"] or 0) for gid, c in ref.cells.items() if not c["manual"]}
        assert _scores(res) == want, student
        assert res["score"] == sum(want.values())
        for t in res["tests"]:
            if t["name"] in want:
                assert t["status"] == ("passed" if t["score"] == t["max_score"] else "failed")
    assert graded["runs"]["perfect"]["results"]["score"] == 90
    assert graded["runs"]["blank"]["results"]["score"] == 0
    assert graded["runs"]["hostile"]["results"]["score"] == 30
    assert "grading code was modified by an answer cell (numpy.array)" in graded["runs"]["hostile"]["results"]["output"]
    blank = {t["name"]: t["output"] for t in graded["runs"]["blank"]["results"]["tests"]}
    assert "NotImplementedError" in blank["test_step"]


@pytest.mark.slow
def test_unusable_submissions_get_a_readable_result(graded):
    runs = graded["runs"]
    corrupt = runs["corrupt"]["results"]
    assert "pilot.ipynb cannot be read" in corrupt["output"] and corrupt["score"] == 0
    missing = runs["missing"]["results"]
    assert missing["score"] == 0 and "no pilot.ipynb in your submission" in missing["output"]
    assert "expected pilot.ipynb; no notebook was submitted" in missing["output"]
    assert all(t["score"] == 0 for t in missing["tests"])
    two = runs["two_notebooks"]["results"]
    assert two["score"] == 0 and "expected pilot.ipynb; found a.ipynb, b.ipynb" in two["output"]
    assert "graded work/pilot (2).ipynb as pilot.ipynb" in runs["hostile"]["results"]["output"]


# ------------------------------------------------------------------------------ the student's own frames (part 5)

@pytest.mark.slow
def test_results_json_shows_the_students_own_frames(graded):
    tests = {t["name"]: t["output"] for t in graded["runs"]["hostile"]["results"]["tests"]}
    # the hidden test's step(0) reached line 5 of the step cell: the student sees their line, not the test's
    assert f"in your cell `step`, line 5, in step: {RAISER_LINE}" in tests["test_step"]
    assert "TypeError: unsupported operand type(s) for +: 'int' and 'NoneType'" in tests["test_step"]
    assert "ck.equal" not in tests["test_step"]          # no frame of the grade cell
    # predict (its own cell, line 4) called step
    lines = tests["test_predict"].splitlines()
    assert lines[1:3] == ["  in your cell `predict`, line 4, in predict: return step(add_bias(X) @ w)",
                          f"  in your cell `step`, line 5, in step: {RAISER_LINE}"], lines


@pytest.mark.slow
def test_feedback_page_shows_the_students_own_frames(graded):
    raw = (graded["root"] / "feedback" / "hostile" / gc.AID / "pilot.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", raw))
    assert f"in your cell `step`, line 5, in step: {RAISER_LINE}" in text
    assert "in your cell `predict`, line 4, in predict" in text
    assert gc.HIDDEN_MARKER not in raw and gc.HIDDEN_MARKER2 not in raw and "BEGIN HIDDEN TESTS" not in raw
