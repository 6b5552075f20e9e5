"""The student's own traceback frames (course_grader/tracebacks.py): which frames are kept, how cells are named.

Library-level and fast: a stand-in for IPython's shell (its code-name map and input history) and real frames of
code compiled under cell-like names.  The real kernel is exercised by tests/test_gradescope.py (results.json and
the feedback page of a student whose function raises inside a hidden test).
"""
from __future__ import annotations

import linecache
from types import SimpleNamespace

import nbformat
import pytest

from course_grader import tracebacks as tb

ANSWER = "def step(z):\n    z = list(z)\n    return z + None\n"
GRADE = "x = step([0])\n### BEGIN HIDDEN TESTS\nassert step([1]) == [1]  # secret\n### END HIDDEN TESTS\n"
VISIBLE_GRADE = "def check(f):\n    return f([2])\ncheck(step)\n"


def _cell(ns, source, name, number, history, numbers, stored=True):
    """Compile ``source`` as IPython does a cell (cached under ``name``) and run it in ``ns``."""
    linecache.cache[name] = (len(source), None, source.splitlines(True), name)
    numbers[name] = number
    if stored:
        while len(history) <= number:
            history.append("")
        history[number] = source
    exec(compile(source, name, "exec"), ns)


@pytest.fixture
def shell():
    numbers, history = {}, [""]
    fake = SimpleNamespace(compile=SimpleNamespace(_filename_map=numbers),
                           history_manager=SimpleNamespace(input_hist_parsed=history))
    names = []
    yield fake, numbers, history, names
    for n in list(numbers):
        linecache.cache.pop(n, None)


def _raise(ns, code):
    try:
        exec(compile(code, "<direct>", "exec"), ns)
    except TypeError as exc:
        return exc.__traceback__
    raise AssertionError("no error")


def test_only_frames_of_cells_run_with_history_are_kept(shell):
    fake, numbers, history, _ = shell
    ns = {}
    _cell(ns, ANSWER, "/tmp/ipykernel_1/111.py", 1, history, numbers)
    # a grade cell runs without history: its number is the next answer cell's
    _cell(ns, "pass\n", "/tmp/ipykernel_1/222.py", 2, history, numbers, stored=False)
    try:
        exec(compile(GRADE, "/tmp/ipykernel_1/333.py", "exec"), ns)
    except TypeError as exc:
        trace = exc.__traceback__
    linecache.cache["/tmp/ipykernel_1/333.py"] = (len(GRADE), None, GRADE.splitlines(True), "x")
    numbers["/tmp/ipykernel_1/333.py"] = 2
    frames = tb.student_frames(fake, trace)
    assert frames == ["  in your cell [1], line 3, in step: return z + None"]
    assert not any("secret" in f or "step([0])" in f for f in frames)


def test_a_visible_grade_cell_run_without_history_is_dropped(shell):
    fake, numbers, history, _ = shell
    ns = {}
    _cell(ns, ANSWER, "/tmp/ipykernel_1/a.py", 1, history, numbers)
    history.append("something else")   # In[2] is another cell
    linecache.cache["/tmp/ipykernel_1/g.py"] = (1, None, VISIBLE_GRADE.splitlines(True), "g")
    numbers["/tmp/ipykernel_1/g.py"] = 2
    try:
        exec(compile(VISIBLE_GRADE, "/tmp/ipykernel_1/g.py", "exec"), ns)
    except TypeError as exc:
        frames = tb.student_frames(fake, exc.__traceback__)
    assert frames == ["  in your cell [1], line 3, in step: return z + None"]


def test_deep_recursion_shows_the_last_frames(shell):
    fake, numbers, history, _ = shell
    ns = {}
    src = "def down(n):\n    if n == 0:\n        return 1 + None\n    return down(n - 1)\n"
    _cell(ns, src, "/tmp/ipykernel_1/r.py", 1, history, numbers)
    frames = tb.student_frames(fake, _raise(ns, "down(20)"))
    assert len(frames) == tb.MAX_FRAMES + 1 and frames[0] == "  ... 15 more frames of your code ..."
    assert frames[-1] == "  in your cell [1], line 3, in down: return 1 + None"


def test_install_wraps_the_formatter_once():
    calls = []

    class Formatter:
        def structured_traceback(self, etype, evalue, etb=None, tb_offset=None, context=5):
            calls.append(etype)
            return [f"{etype.__name__}: {evalue}"]

    fake = SimpleNamespace(InteractiveTB=Formatter(), compile=SimpleNamespace(_filename_map={}),
                           history_manager=SimpleNamespace(input_hist_parsed=[""]))
    assert tb.install(fake) and tb.install(fake)
    out = fake.InteractiveTB.structured_traceback(TypeError, TypeError("bad"), None)
    assert out == ["TypeError: bad"] and calls == [TypeError]   # no student frame: the minimal traceback as it was


def _error(frames):
    return nbformat.v4.new_output("error", ename="TypeError", evalue="x",
                                  traceback=[tb.HEADER, *frames, "TypeError: x"])


def test_cell_names_replace_execution_counts():
    names = tb.CellNames()
    setup = nbformat.v4.new_code_cell("import numpy as np\n", metadata={"nbgrader": {
        "grade_id": "setup", "locked": True, "solution": False, "grade": False}})
    answer = nbformat.v4.new_code_cell(ANSWER, metadata={"nbgrader": {"grade_id": "step", "solution": True}})
    own = nbformat.v4.new_code_cell("def helper():\n    return step([1])\n")
    grade = nbformat.v4.new_code_cell(GRADE, metadata={"nbgrader": {"grade_id": "test_step", "grade": True}})
    for cell in (setup, answer, own):
        names.after(cell, grade=False)
    grade.outputs = [_error(["  in your cell [3], line 2, in helper: return step([1])",
                             "  in your cell [2], line 3, in step: return z + None",
                             "  in your cell [1], line 1: import numpy as np",
                             "  in your cell [9], line 3, in step: return z + None",     # count off: text decides
                             "  in your cell [2], line 1, in step: not that line"])]      # no cell has it: kept
    names.after(grade, grade=True)
    assert names.count == 3
    assert grade.outputs[0].traceback[1:-1] == [
        "  in your cell [3], line 2, in helper: return step([1])",
        "  in your cell `step`, line 3, in step: return z + None",
        "  in the cell `setup`, line 1: import numpy as np",
        "  in your cell `step`, line 3, in step: return z + None",
        "  in your cell [2], line 1, in step: not that line"]


def test_raised_elsewhere_shows_the_frames_of_errors_raised_in_another_cell():
    """course validate: every cell runs with history, so its counts are the code cells' order."""
    meta = {"nbgrader": {"grade_id": "step", "solution": True}}
    answer = nbformat.v4.new_code_cell(ANSWER, metadata=meta)
    test = nbformat.v4.new_code_cell("x = step([0])\nassert x == [0], 'step([0])'\n", metadata={"nbgrader": {
        "grade_id": "test_step", "grade": True, "locked": True, "solution": False}})
    own = nbformat.v4.new_code_cell("assert False\n")
    deep = nbformat.v4.new_code_cell("def down(n):\n    return down(n - 1) if n else step([1])\ndown(9)\n")
    red = "\x1b[0;31mTypeError\x1b[0m: x"
    test.outputs = [_error(["  in your cell [2], line 1: x = step([0])",
                            "  in your cell [1], line 3, in step: return z + None"])]
    own.outputs = [_error(["  in your cell [3], line 1: assert False"])]       # raised in the cell itself
    deep.outputs = [nbformat.v4.new_output("error", ename="TypeError", evalue="x", traceback=[
        tb.HEADER, "  ... 4 more frames of your code ...", "  in your cell [4], line 3: down(9)",
        *["  in your cell [4], line 2, in down: return down(n - 1) if n else step([1])"] * 3,
        "\x1b[0m  in your cell [4], line 2, in down: return down(n - 1) if n else step([1])\x1b[0m",
        "  in your cell [1], line 3, in step: return z + None", red])]
    bare = nbformat.v4.new_code_cell("1 + None\n")
    bare.outputs = [nbformat.v4.new_output("error", ename="TypeError", evalue="x", traceback=[red])]
    cells = [nbformat.v4.new_markdown_cell("# intro"), answer, test, own, deep, bare]
    shown = tb.raised_elsewhere(cells, most=3)
    assert shown == {
        2: ["  in the cell `test_step`, line 1: x = step([0])",
            "  in your cell `step`, line 3, in step: return z + None"],
        4: ["  ... 7 more frames of your code ...",
            "  in your cell [4], line 2, in down: return down(n - 1) if n else step([1])",
            "  in your cell [4], line 2, in down: return down(n - 1) if n else step([1])",
            "  in your cell `step`, line 3, in step: return z + None"]}
    assert tb.raised_elsewhere(cells[:3], most=1, width=30) == {2: [
        "  ... 1 more frames of your code ...", "  in your cell `step`, line 3…"]}
