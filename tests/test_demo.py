"""``course demo --out DIR`` (``make grade``): a synthetic class through autograde, feedback, export, report."""
from __future__ import annotations

import csv

import nbformat
import pytest

from course_grader import cli
from course_grader.check import find_mistakes
from course_grader.demo import MARKER, DemoError, _prepare_dir, partial_notebook

import grading_class as gc


def _cell(nb, gid):
    return next(c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == gid)


def test_partial_notebooks_rotate_mistakes_and_blanks():
    root = gc.PILOT
    sol = gc.solution(root)
    released = gc.blank(root)
    mistakes = find_mistakes(root, gc.AID)
    seen = {}
    for k in (1, 2, 3):
        nb, changes = partial_notebook(sol, released, mistakes, k)
        assert list(changes) == ["add_bias", "step", "predict"]
        kinds = [c.split()[0] for c in changes.values()]
        assert sorted(kinds) == ["blank", "mistake", "solution"] or "mistake" not in kinds
        for gid, what in changes.items():
            src = _cell(nb, gid).source
            if what == "solution":
                assert src == _cell(sol, gid).source
            elif what == "blank":
                assert src == _cell(released, gid).source and "NotImplementedError" in src
            else:
                name = what.split()[1]
                m = next(m for m in mistakes if m.name == name)
                assert m.target == gid and src == m.source
        seen[k] = changes
        assert nb.cells is not sol.cells and _cell(sol, "step").source != "" # the solution is not modified
    # every answer cell is correct for exactly one of the three partial students
    for gid in ("add_bias", "step", "predict"):
        assert sum(seen[k][gid] == "solution" for k in (1, 2, 3)) == 1


def test_prepare_dir_protects_other_folders(tmp_path):
    course = tmp_path / "course"
    (course / "solutions").mkdir(parents=True)
    with pytest.raises(DemoError, match="course content"):
        _prepare_dir(course / "solutions" / "x", course)
    with pytest.raises(DemoError, match="would overwrite"):
        _prepare_dir(course, course)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("precious")
    with pytest.raises(DemoError, match="not a previous demo"):
        _prepare_dir(mine, course)
    assert (mine / "thesis.tex").exists()
    old = tmp_path / "old-demo"
    old.mkdir()
    (old / MARKER).write_text("")
    (old / "stale.csv").write_text("x")
    _prepare_dir(old, course)
    assert not (old / "stale.csv").exists() and (old / MARKER).exists()


@pytest.mark.slow
def test_demo_on_the_pilot_course(tmp_path, capsys):
    root = gc.pilot_copy(tmp_path / "course")
    out = tmp_path / "demo"
    assert cli.main(["--course-dir", str(root), "demo", "--out", str(out), "--jobs", "2"]) == 0
    printed = capsys.readouterr().out
    for what in ("grades.csv", "report/index.html", "feedback"):
        assert str(out / what) in printed
    with open(out / "grades.csv", newline="", encoding="utf-8") as fh:
        rows = {r["student_id"]: r for r in csv.DictReader(fh)}
    assert set(rows) == {"perfect", "blank", "partial-1", "partial-2", "partial-3", "broken", "absent"}
    total = "01_pilot:total"
    assert rows["perfect"][total] == "90"            # all autograded points (the written answer waits)
    assert rows["blank"][total] == "0" and rows["broken"][total] == "0"
    assert rows["absent"][total] == "" and rows["absent"]["total"] == ""
    partial = [float(rows[f"partial-{k}"][total]) for k in (1, 2, 3)]
    assert all(0 <= p < 90 for p in partial) and max(partial) > 0
    # the real course stays untouched; the demo is a course of its own
    assert not (root / "gradebook.db").exists() and not (root / "submitted").exists()
    assert (out / "gradebook.db").is_file() and (out / "nbgrader_config.py").is_file()
    broken = (out / "submitted" / "broken" / gc.AID / gc.NB).read_text()
    with pytest.raises(Exception):
        nbformat.reads(broken, as_version=4)
    # feedback for every readable submission, none showing hidden tests; the report
    for student in ("perfect", "blank", "partial-1", "partial-2", "partial-3"):
        page = (out / "feedback" / student / gc.AID / "pilot.html").read_text(encoding="utf-8")
        assert "BEGIN HIDDEN TESTS" not in page and "not_delegated" not in page
    notice = (out / "feedback" / "broken" / gc.AID / "pilot.html").read_text(encoding="utf-8")
    assert "Score 0 / 100" in notice and "cannot be read" in notice
    index = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert "hardest first" in index and (out / "report" / "01_pilot__test_step.png").is_file()
    assert "Mistakes, most frequent first" in index and (out / "report" / "mistakes.csv").is_file()
    similarity = out / "similarity" / gc.AID / "index.html"   # course similarity, one report per assignment
    assert str(similarity) in printed and "never a grade" in similarity.read_text(encoding="utf-8")
    assert (similarity.parent / "similarity.csv").read_text().startswith("a,b,item,score,flagged\n")
