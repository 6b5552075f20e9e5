"""Mistake analytics (issue 18): ids in check messages, their collection from autograded notebooks,
``course report``'s mistake tables and ``mistakes.csv``, ``course export --mistakes`` and ``EXPECT_MISTAKE``."""
from __future__ import annotations

import csv
import json
from types import SimpleNamespace

import numpy as np
import pytest

from course_grader import cli
from course_grader.check import judge, load_mistake
from course_grader.mistakes import (CSV_COLUMNS, Found, anonymous, item_of, mistake_of, mistake_of_message,
                                    per_student, split_tag, summarize)
from course_utils.checks import proven_checks

import grading_class as gc

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# ----------------------------------------------------------------------------------------------- fast tests


def _message(check, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as info:
        check(*args, **kwargs)
    return str(info.value)


def test_check_messages_carry_mistake_ids():
    ck = proven_checks()
    # an entry of the catalogue with an id: the explanation, then the id on a line of its own
    msg = _message(ck.close, np.array([2.0, 4.0]), np.array([1.0, 2.5]), "dW",
                   mistakes=[(np.array([2.0, 4.0]), "you summed over the batch", "affine_backward.not_averaged")])
    assert msg == "dW: you summed over the batch\n(mistake: affine_backward.not_averaged)"
    assert split_tag(msg) == ("dW: you summed over the batch", "affine_backward.not_averaged")
    # the old two-element entries still work and name no id
    msg = _message(ck.equal, [0, 1], [-1, 1], "labels", mistakes=[([0, 1], "0/1 labels")])
    assert msg == "labels: 0/1 labels" and split_tag(msg)[1] is None
    assert _message(ck.true, False, "overflow", mistake="sigmoid.unstable").endswith("\n(mistake: sigmoid.unstable)")
    assert "(mistake:" not in _message(ck.true, False, "plain")
    # built-in diagnoses: generic ids, bare until the cell names its item
    e = np.arange(6.0).reshape(2, 3) + 1
    assert split_tag(_message(ck.close, e.T, e, "W"))[1] == "transposed"
    assert split_tag(_message(ck.close, -e, e, "W"))[1] == "sign_flipped"
    assert split_tag(_message(ck.close, 4 * e, e, "W"))[1] == "missing_factor"
    assert split_tag(_message(ck.close, e / 3, e, "W"))[1] == "extra_factor"
    assert split_tag(_message(ck.close, None, e, "W"))[1] == "no_return"
    assert split_tag(_message(ck.close, 1.37 * e, e, "W"))[1] == "scaled"
    assert split_tag(_message(ck.close, 1.37, 1.0, "w"))[1] is None     # one number is always "proportional"
    ck.item("affine_backward")
    assert split_tag(_message(ck.close, e.T, e, "dW"))[1] == "affine_backward.transposed"
    assert split_tag(_message(ck.no_warnings, np.exp, np.array([1e4])))[1] == "affine_backward.numerical_warning"
    # a catalogue id wins over the generic diagnosis
    assert split_tag(_message(ck.close, -e, e, "W", mistakes=[(-e, "flipped", "x.flipped")]))[1] == "x.flipped"
    proven_checks()   # the proof still passes with the new signatures


def test_mistake_of_failed_cells():
    assert item_of("test_affine_backward") == "affine_backward" == item_of("test_affine_backward_hidden")
    assert mistake_of("test_sigmoid", "AssertionError", "x\n(mistake: sigmoid.unstable)") == "sigmoid.unstable"
    assert mistake_of("test_sigmoid_hidden", "AssertionError", "x\n(mistake: transposed)") == "sigmoid.transposed"
    assert mistake_of("test_sigmoid", "AssertionError", "wrong in 3 of 4 entries") == "sigmoid.unexplained"
    assert mistake_of("test_sigmoid", "NotImplementedError", "") == "sigmoid.not_attempted"
    assert mistake_of("test_sigmoid", "FloatingPointError", "overflow") == "sigmoid.numerical_warning"
    assert mistake_of("test_sigmoid", "TypeError", "bad") == "sigmoid.error"
    assert mistake_of_message("test_step", "AssertionError: s\n(mistake: step.strict)") == "step.strict"
    assert mistake_of_message("test_step", "timed out: the cell ran longer") == "step.timeout"
    assert mistake_of_message("test_step", None) is None


def test_summarize_counts_students_once():
    def f(student, gid, mid, msg="AssertionError: m"):
        return Found(student, "01_a", "a", gid, item_of(gid), mid, msg, "def f(): ...")
    found = [f("s1", "test_f", "f.transposed"), f("s1", "test_f_hidden", "f.transposed"),   # one student, twice
             f("s2", "test_f", "f.transposed"), f("s3", "test_f", "f.sum"), f("s4", "test_g", "g.not_attempted")]
    rows = summarize(found, n_students=5)
    assert [(r.item, r.mistake, r.count) for r in rows] == [
        ("f", "f.transposed", 2), ("f", "f.sum", 1), ("g", "g.not_attempted", 1)]   # blanks after mistakes
    assert rows[0].share == pytest.approx(0.4) and rows[0].csv() == {
        "assignment": "01_a", "item": "f", "mistake": "f.transposed", "count": 2, "share": "0.4000"}
    assert "transposed" in rows[0].description and rows[1].description == "m"
    assert [e.student for e in rows[0].examples] == ["s1", "s2"]
    assert per_student(found)[("s1", "01_a")] == ["f.transposed"]
    assert anonymous("s1") == anonymous("s1") != anonymous("s2") and "s1" not in anonymous("s1")[2:]


def test_expect_mistake_is_judged(tmp_path):
    path = tmp_path / "m.py"
    path.write_text('"""Sum, not mean."""\nTARGET = "f"\nEXPECT_MISTAKE = "f.sum"\ndef f(): pass\n')
    m = load_mistake(path)
    assert m.expect_mistake == "f.sum"

    def graded(msg):
        cell = {"score": 0, "max": 5, "manual": False, "message": msg}
        return SimpleNamespace(status="graded", cells={"test_f": cell}, problems=[])
    ok = {"solution": SimpleNamespace(status="graded", problems=[], cells={
        "test_f": {"score": 5, "max": 5, "manual": False, "message": None}})}
    case = judge("01_a", {**ok, m.student: graded("AssertionError: x\n(mistake: f.sum)")}, [m])[-1]
    assert case.ok and "as f.sum" in case.expected
    case = judge("01_a", {**ok, m.student: graded("AssertionError: x\n(mistake: f.other)")}, [m])[-1]
    assert not case.ok and case.verdict.startswith("MISSED MISTAKE ID") and "f.other" in case.details[-1]


# ------------------------------------------------------------------------------- real nbgrader (slow) tests

ZERO_BIAS = '''def add_bias(X):
    X = np.asarray(X, dtype=float)
    return np.hstack([np.zeros((X.shape[0], 1)), X])
'''


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Pilot class of 6, graded once: perfect, blank, two who modify X in place, one with a zero bias column
    (a catalogue mistake with an id) and a strict step, one who delegates to course_utils; 'absent' submits
    nothing."""
    from nbgrader.api import Gradebook

    root = gc.pilot_copy(tmp_path_factory.mktemp("mistakes") / "course")
    path = root / "solutions" / gc.AID / gc.NB
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "test_add_bias":
            src = "".join(cell["source"])
            old = '(the bias column of ones)")'
            assert old in src
            cell["source"] = src.replace(old, '(the bias column of ones)",\n         mistakes=[(np.zeros(2), '
                                              '"the bias column holds zeros, not ones", "add_bias.zero_bias")])')
    path.write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")
    gc.release(root)
    gc.submit(root, "perfect", gc.solution(root))
    gc.submit(root, "blank", gc.blank(root))
    gc.submit(root, "inplace-1", gc.with_mistake(root, "add_bias_in_place"))
    gc.submit(root, "inplace-2", gc.with_mistake(root, "add_bias_in_place"))
    gc.submit(root, "delegates", gc.with_mistake(root, "add_bias_delegated"))
    nb = gc.with_mistake(root, "step_strict")
    next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "add_bias").source = ZERO_BIAS
    gc.submit(root, "zero-strict", nb)
    results = gc.autograde(root)
    assert all(r.status == "graded" for r in results.values())
    with Gradebook("sqlite:///" + str(root / "gradebook.db"), "ffnn") as gb:
        gb.update_or_create_student("absent")
    out = root / "report"
    assert cli.main(["--course-dir", str(root), "report", "--out", str(out)]) == 0
    return root, out


def _read(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.slow
def test_mistakes_csv(graded):
    root, out = graded
    with open(out / "mistakes.csv", encoding="utf-8") as fh:
        assert fh.readline().strip().split(",") == CSV_COLUMNS
    rows = {r["mistake"]: r for r in _read(out / "mistakes.csv")}
    assert all(r["assignment"] == gc.AID for r in rows.values())
    expect = {"add_bias.modified_input": 2, "add_bias.zero_bias": 1, "add_bias.delegated": 1,
              "add_bias.not_attempted": 1, "step.unexplained": 1, "step.not_attempted": 1}
    for mid, count in expect.items():
        assert rows[mid]["item"] == mid.split(".")[0]
        assert int(rows[mid]["count"]) == count
        assert float(rows[mid]["share"]) == pytest.approx(count / 6, abs=1e-4)   # 6 graded, 'absent' not counted
    assert not any(m.startswith("add_bias.") for m in set(rows) - set(expect))
    assert "step.unexplained" in rows and not any(m.startswith("step.") for m in set(rows) - set(expect))
    # named mistakes first, most frequent first; blanks after them
    order = [r["mistake"] for r in _read(out / "mistakes.csv")]
    assert order[0] == "add_bias.modified_input"
    assert order.index("add_bias.zero_bias") < order.index("add_bias.not_attempted")


@pytest.mark.slow
def test_report_mistake_tables_and_examples(graded):
    root, out = graded
    text = (out / "index.html").read_text(encoding="utf-8")
    assert "Mistakes, most frequent first" in text and "mistakes.csv" in text
    row = text[text.index("<td class='q'>add_bias.modified_input</td>"):].split("</tr>")[0]
    assert "<td>2</td><td>33%</td>" in row and "mistakes_01_pilot.html#add_bias.modified_input" in row
    assert "the bias column holds zeros, not ones" in text          # a catalogue id explained by its message
    assert "Per item" in text
    assert (out / "mistakes_01_pilot.png").read_bytes()[:8] == PNG_MAGIC
    examples = (out / "mistakes_01_pilot.html").read_text(encoding="utf-8")
    for student in ("inplace-1", "inplace-2", "zero-strict", "delegates", "perfect"):
        assert student not in examples                                # anonymized
    assert anonymous("inplace-1") in examples and anonymous("zero-strict") in examples
    assert "np.zeros((X.shape[0], 1))" in examples                    # the student's answer cell
    assert "BEGIN HIDDEN TESTS" not in examples


@pytest.mark.slow
def test_export_mistake_ids(graded, tmp_path):
    root, _ = graded
    out = tmp_path / "grades.csv"
    assert cli.main(["--course-dir", str(root), "export", "--mistakes", "--out", str(out)]) == 0
    rows = {r["student_id"]: r for r in _read(out)}
    col = f"{gc.AID}:mistakes"
    assert rows["perfect"][col] == "" and rows["absent"][col] == ""
    assert rows["inplace-1"][col] == "add_bias.modified_input"
    assert set(rows["zero-strict"][col].split(";")) >= {"add_bias.zero_bias", "step.unexplained"}
    assert rows["perfect"][f"{gc.AID}:total"] == "90"                 # the grade columns are unchanged
