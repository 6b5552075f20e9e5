"""Hostile and broken submissions of the pilot assignment, each with the outcome the grader must give it.

One row per student of the adversarial class (:data:`CASES`): the student id, what the submission does, the
autograded score it must get (out of 90: the written answer, 10 points, is graded by hand), and a text that must
appear in its line(s) of the ``course autograde`` summary (case-insensitive; ``"none"`` means no problem is
reported).  :func:`build_class` writes the class into a copy of the pilot course (``submitted/<student>/01_pilot/``).

The pilot (tests/fixtures/pilot_course): ``add_bias`` (test 30), ``step`` (test 30), ``predict`` (test 30, uses
both), a written answer (10).  Grade cells run ``ck = proven_checks()`` first.  The adversarial course config
sets a 20 s per-cell timeout, a 45 s budget per notebook and a 4 s CPU limit (see ``CONFIG``).
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

AID, NB = "01_pilot", "pilot.ipynb"

#: appended to the course copy's nbgrader_config.py: small limits so the class runs in about a minute
CONFIG = """
# adversarial class: small limits so hostile submissions are stopped quickly
# the per-cell timeout is 5x the CPU limit, so a busy loop reaches the CPU limit first even when the
# machine is loaded (a process may get well under a full core while the test suite runs)
c.Execute.timeout = 20
c.Course.notebook_timeout = 45
c.Course.cpu_limit = 4
"""

#: a wrong answer the hidden tests catch (step(0) must be 1)
STRICT_STEP = "def step(z):\n    return (np.asarray(z) > 0).astype(int)\n"
#: answers that satisfy nothing but return arrays of the right type
DUMMIES = ("def add_bias(X):\n    return np.asarray(X)\n"
           "def step(z):\n    return np.asarray(z)\n"
           "def predict(X, w):\n    return np.zeros(len(X), dtype=int)\n")


@dataclass
class Case:
    student: str
    what: str
    build: Callable            # (solution dict, blank dict, course root Path) -> dict (notebook) | str (raw file)
    score: float               # expected autograded points (of 90)
    message: str               # expected (case-insensitive) in the student's summary lines; "none": no problem
    name: str = NB             # file name of the submission
    good: bool = False         # a good student among the hostile ones (full marks expected)


# ------------------------------------------------------------------------------------------------ helpers

def cell(nb: dict, gid: str) -> dict:
    for c in nb["cells"]:
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == gid or c.get("id") == gid:
            return c
    raise KeyError(gid)


def src(c: dict) -> str:
    return "".join(c["source"]) if isinstance(c["source"], list) else c["source"]


def with_source(nb: dict, gid: str, source: str, prepend: bool = False) -> dict:
    nb = copy.deepcopy(nb)
    c = cell(nb, gid)
    c["source"] = source + src(c) if prepend else source
    return nb


def before(gid: str, code: str):
    """Solution with ``code`` run at the top of answer cell ``gid`` (so the function after it is never defined
    when ``code`` fails)."""
    return lambda sol, blank, root: with_source(sol, gid, code + "\n", prepend=True)


def after(gid: str, code: str):
    """Solution with ``code`` run after the function of answer cell ``gid`` is defined."""
    return lambda sol, blank, root: with_source(sol, gid, src(cell(sol, gid)) + "\n" + code + "\n")


def _drop(nb, gid):
    nb = copy.deepcopy(nb)
    nb["cells"] = [c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") != gid]
    return nb


def _duplicate(nb, gid, first_source=None):
    nb = copy.deepcopy(nb)
    i = next(i for i, c in enumerate(nb["cells"]) if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == gid)
    twin = copy.deepcopy(nb["cells"][i])
    twin["id"] = gid + "-pasted"
    if first_source is not None:
        twin["source"] = first_source
    nb["cells"].insert(i, twin)
    return nb


def _retype(nb, gid, kind):
    nb = copy.deepcopy(nb)
    c = cell(nb, gid)
    c["cell_type"] = kind
    if kind == "markdown":
        c.pop("outputs", None)
        c.pop("execution_count", None)
    else:
        c["outputs"], c["execution_count"] = [], None
    return nb


def _strip_meta(nb, gids=None):
    nb = copy.deepcopy(nb)
    for c in nb["cells"]:
        if gids is None or c.get("metadata", {}).get("nbgrader", {}).get("grade_id") in gids:
            c["metadata"].pop("nbgrader", None)
    return nb


def _kernelspec(nb, spec):
    nb = copy.deepcopy(nb)
    nb["metadata"]["kernelspec"] = spec
    return nb


def _v3(sol, blank, root):
    import nbformat

    return json.loads(nbformat.writes(nbformat.convert(nbformat.reads(json.dumps(sol), 4), 3)))


def _steal(sol, blank, root):
    """Blank answers plus code that looks for the instructor's solution and the gradebook and uses them."""
    code = f"""
import glob, json, os, sqlite3
ROOT = {str(root)!r}
stolen = []
for path in glob.glob(ROOT + '/solutions/*/*.ipynb') + glob.glob(ROOT + '/source/*/*.ipynb') + \\
        glob.glob('/tmp/**/source/*/*.ipynb', recursive=True) + glob.glob('/tmp/**/solutions/*/*.ipynb', recursive=True):
    try:
        nb = json.load(open(path))
    except Exception:
        continue
    for c in nb['cells']:
        if c['cell_type'] == 'code' and 'BEGIN SOLUTION' in ''.join(c['source']):
            stolen.append(''.join(c['source']))
for code in stolen:
    exec(code)
for db in [ROOT + '/gradebook.db'] + glob.glob('/tmp/**/gradebook.db', recursive=True):
    try:
        con = sqlite3.connect(db)
        con.execute("UPDATE grade SET manual_score = 100")
        con.commit()
    except Exception:
        pass
print('found', len(stolen), 'solution cells')
"""
    return with_source(blank, "add_bias", code + "\n" + src(cell(blank, "add_bias")))


def _write_everywhere(sol, blank, root):
    """Solution, plus code writing into the course, another student's folder, /tmp and its own folder."""
    targets = [root / "submitted" / "good_1" / AID / NB, root / "submitted" / "good_1" / AID / "planted.txt",
               root / "gradebook.db", root / "solutions" / AID / "planted.txt", root / "planted.txt",
               Path("/tmp/planted-by-student.txt"), root.parent / "planted.txt"]
    code = "written = []\nfor path in %r:\n" % [str(t) for t in targets] + """    try:
        with open(path, 'a') as f:
            f.write('pwned')
        written.append(path)
    except OSError:
        pass
open('my_own_file.txt', 'w').write('fine')
print('wrote', written)
"""
    return with_source(sol, "add_bias", src(cell(sol, "add_bias")) + "\n" + code)


def _fake_checks_module(sol, blank, root):
    code = """
import sys, types
class _Yes:
    def __getattr__(self, name):
        return lambda *a, **k: None
_fake = types.ModuleType('course_utils.checks')
_fake.proven_checks = lambda: _Yes()
sys.modules['course_utils.checks'] = _fake
import course_utils
course_utils.checks = _fake
"""
    return with_source(blank, "add_bias", code + DUMMIES)


def _patched_proven_checks(sol, blank, root):
    code = """
import course_utils.checks as _c
class _Yes:
    def __getattr__(self, name):
        return lambda *a, **k: None
_c.proven_checks = lambda: _Yes()
"""
    return with_source(blank, "add_bias", code + DUMMIES)


def _print_history(sol, blank, root):
    code = """
import linecache
print('\\n'.join(s for s in In if 'ck.' in s))
for v in list(linecache.cache.values()):
    if isinstance(v, tuple) and len(v) > 2:
        print(''.join(v[2]))
"""
    return with_source(sol, "predict", src(cell(sol, "predict")) + "\n" + code)


def step_first(line: str):
    """The solution with ``line`` as the first statement of ``step`` (run on every call, grade cells included)."""
    return lambda sol, blank, root: with_source(sol, "step", src(cell(sol, "step")).replace(
        "def step(z):\n", f"def step(z):\n    {line}\n"))


SLEEP = "import time\ntime.sleep(12)"
#: burns CPU time (not wall time: the machine may be busy) far beyond the 4 s limit, within one cell
BUSY = "import time\n_t = time.process_time()\nwhile time.process_time() - _t < 60:\n    pass"


def _slow(sol, blank, root):
    nb = sol
    for gid in ("add_bias", "step", "predict"):
        nb = after(gid, SLEEP)(nb, blank, root)
    nb["cells"].insert(2, {"cell_type": "code", "id": "extra-sleep", "metadata": {}, "source": SLEEP,
                           "outputs": [], "execution_count": None})
    return nb


def _cpu_hog(sol, blank, root):
    return after("step", BUSY)(sol, blank, root)


FORK_SLEEPERS = """import os, time
children = []
while True:
    pid = os.fork()
    if pid == 0:
        time.sleep(600)
        os._exit(0)
    children.append(pid)
"""

CASES: list[Case] = [
    # good students among the hostile ones
    Case("good_1", "the solution", lambda s, b, r: s, 90, "none", good=True),
    Case("good_2", "the solution with extra cells of the student's own",
         lambda s, b, r: {**s, "cells": s["cells"][:3] + [{"cell_type": "code", "id": "mine", "metadata": {},
                                                          "source": "print('my own check')", "outputs": [],
                                                          "execution_count": None}] + s["cells"][3:]},
         90, "none", good=True),
    Case("good_3", "the solution with a harmless warning and output in an answer", after(
        "step", "import warnings\nwarnings.warn('just a warning')\nprint('hello')"), 90, "none", good=True),
    Case("good_4", "the solution, its step printing to stderr every time it is called (in the grade cells too)",
         step_first("import sys; print('debug: step called', file=sys.stderr)"), 90, "none", good=True),
    Case("good_5", "the solution, its step writing to file descriptor 2 (as C code or a subprocess would)",
         step_first("import os; os.write(2, b'debug from C\\n')"), 90, "none", good=True),
    Case("blank", "the released notebook, unchanged", lambda s, b, r: b, 0, "NotImplementedError"),
    # files nbgrader cannot read
    Case("corrupt_json", "truncated JSON", lambda s, b, r: json.dumps(s)[:500], 0, "cannot be read"),
    Case("empty_file", "an empty file", lambda s, b, r: "", 0, "is empty"),
    Case("not_a_notebook", "a Python script saved as .ipynb", lambda s, b, r: "def add_bias(X):\n    pass\n", 0,
         "cannot be read"),
    Case("old_format", "the solution saved as nbformat 3", _v3, 90, "old notebook format"),
    Case("renamed", "the solution under another name", lambda s, b, r: s, 0, "pilot.ipynb missing",
         name="pilot (1).ipynb"),
    # kernels that die, stop or hang
    Case("os_exit", "os._exit(3) in an answer cell", before("predict", "import os\nos._exit(3)"), 0, "kernel died"),
    Case("segfault", "a segmentation fault through ctypes", before("step", "import ctypes\nctypes.string_at(0)"), 0,
         "segmentation fault"),
    Case("sys_exit", "sys.exit() in an answer cell", before("predict", "import sys\nsys.exit()"), 60,
         "test_predict"),
    Case("input_call", "input() in an answer cell", before("add_bias", "name = input('your name: ')"), 30,
         "test_add_bias"),
    Case("infinite_loop", "an endless (waiting) loop at the top of an answer cell",
         before("predict", "import time\nwhile True:\n    time.sleep(0.1)"),
         60, "per-cell limit"),
    Case("cpu_hog", "a busy loop that reaches the CPU limit before the per-cell timeout", _cpu_hog, 0,
         "cpu time limit"),
    Case("slow_notebook", "sleeps under the per-cell timeout in four cells, past the notebook's budget", _slow, 0,
         "took longer than the 45 s budget"),
    Case("memory_bomb", "allocates 3 GiB at once", before("step", "big = bytearray(3 * 1024 ** 3)"), 30,
         "memory limit"),
    Case("memory_numpy", "a 20000 x 20000 float64 array (3.2 GB)",
         before("predict", "import numpy as np\nA = np.ones((20000, 20000))"), 60, "memory limit"),
    Case("fork_storm", "forks sleeping children until refused", before("step", FORK_SLEEPERS), 30, "process limit"),
    Case("fork_bomb", "the classic fork bomb: every process forks forever", before("predict", "import os\nwhile True:\n"
                                                                                 "    os.fork()"), 60, "process limit"),
    Case("big_file", "writes a 60 MiB file", before("step", "open('big.bin', 'wb').write(b'x' * (60 * 1024 ** 2))"),
         30, "file size limit"),
    Case("output_flood", "prints 200,000 lines", after("step", "for i in range(200000):\n    print(i)"), 90, "none"),
    Case("write_outside", "writes into the course, another student's folder and /tmp", _write_everywhere, 90, "none"),
    Case("steal", "looks for the solutions and the gradebook to use them", _steal, 0, "NotImplementedError"),
    Case("answer_in_test_cell", "blank, with the answer code typed into a locked test cell",
         lambda s, b, r: with_source(b, "test_add_bias", "def add_bias(X):\n    import numpy as np\n"
                                     "    return np.hstack([np.ones((len(X), 1)), X])\n"), 0, "NotImplementedError"),
    # tampering with the checks
    Case("override_allclose", "np.allclose, np.testing and np.all overridden, wrong answers",
         lambda s, b, r: with_source(s, "add_bias", "import numpy as np\nnp.allclose = lambda *a, **k: True\n"
                                     "np.testing.assert_allclose = lambda *a, **k: None\n"
                                     "np.all = lambda *a, **k: True\n" + DUMMIES), 0,
         "checking tools were modified"),
    Case("override_after_first", "np.all overridden after the first graded function (which is right)",
         lambda s, b, r: with_source(s, "step", "np.all = lambda *a, **k: True\n" + STRICT_STEP), 30,
         "checking tools were modified"),
    Case("patched_checks_class", "course_utils.checks.Checks methods replaced, wrong step",
         lambda s, b, r: with_source(s, "step", "import course_utils.checks as _c\n"
                                     "_c.Checks.equal = lambda *a, **k: None\n" + STRICT_STEP), 30, "step(0)"),
    Case("patched_proven_checks", "course_utils.checks.proven_checks replaced by a yes-man", _patched_proven_checks, 0,
         "test_add_bias"),
    Case("fake_checks_module", "a fake course_utils.checks module in sys.modules", _fake_checks_module, 0,
         "test_add_bias"),
    Case("delegated", "add_bias delegates to course_utils' reference implementation",
         lambda s, b, r: with_source(s, "add_bias", "from course_utils.perceptron import add_bias as _ref\n"
                                     "def add_bias(X):\n    return _ref(X)\n"), 60, "reference implementation"),
    Case("delegated_module", "add_bias calls course_utils.perceptron.add_bias through the module",
         lambda s, b, r: with_source(s, "add_bias", "import course_utils.perceptron as cp\n"
                                     "def add_bias(X):\n    return cp.add_bias(X)\n"), 60, "reference implementation"),
    Case("print_history", "prints In and linecache (the grade cells' source) in its output", _print_history, 90,
         "none"),
    # damaged structure
    Case("wrong_step", "a plain wrong answer (strict step)", lambda s, b, r: with_source(s, "step", STRICT_STEP), 30,
         "step(0)"),
    Case("dup_test_cell", "a test cell pasted twice", lambda s, b, r: _duplicate(s, "test_step"), 90,
         "appears more than once"),
    Case("dup_answer_cell", "an answer cell pasted twice, the earlier copy wrong",
         lambda s, b, r: _duplicate(s, "step", STRICT_STEP), 90, "appears more than once"),
    Case("deleted_test", "the test cell of predict deleted", lambda s, b, r: _drop(s, "test_predict"), 60,
         "test_predict: this test cell is missing"),
    Case("deleted_answer", "the answer cell of step deleted", lambda s, b, r: _drop(s, "step"), 30, "NameError"),
    Case("answer_as_markdown", "the answer cell of step turned into markdown",
         lambda s, b, r: _retype(s, "step", "markdown"), 90, "'step' was turned into markdown"),
    Case("test_as_markdown", "the test cell of step turned into markdown",
         lambda s, b, r: _retype(s, "test_step", "markdown"), 90, "'test_step' was turned into markdown"),
    Case("edited_test", "blank answers, test cells replaced by `pass`",
         lambda s, b, r: with_source(with_source(with_source(b, "test_add_bias", "pass"), "test_step", "pass"),
                                     "test_predict", "pass"), 0, "NotImplementedError"),
    Case("meta_stripped_all", "all nbgrader metadata removed", lambda s, b, r: _strip_meta(s), 0, "missing"),
    Case("meta_stripped_answer", "nbgrader metadata of one answer cell removed",
         lambda s, b, r: _strip_meta(s, {"step"}), 90, "'step' is missing or lost its nbgrader metadata"),
    Case("points_inflated", "the points of every test cell set to 1000", lambda s, b, r: {
        **s, "cells": [dict(c, metadata={**c["metadata"], "nbgrader": {**c["metadata"]["nbgrader"], "points": 1000}})
                       if c["metadata"].get("nbgrader", {}).get("grade") else c for c in s["cells"]]}, 90, "none"),
    Case("kernelspec_r", "kernelspec changed to R", lambda s, b, r: _kernelspec(
        s, {"name": "ir", "display_name": "R", "language": "R"}), 90, "kernel 'ir' replaced"),
    Case("kernelspec_missing", "kernelspec removed", lambda s, b, r: {
        **s, "metadata": {k: v for k, v in s["metadata"].items() if k != "kernelspec"}}, 90, "kernel '(none)' replaced"),
]


def build_class(root: Path, cases: list[Case] = CASES) -> dict[str, Path]:
    """Write every case's submission into ``root/submitted``; return ``{student: file}``."""
    root = Path(root)
    sol = json.loads((root / "solutions" / AID / NB).read_text())
    blank = json.loads((root / "exercises" / AID / NB).read_text())
    files = {}
    for case in cases:
        made = case.build(copy.deepcopy(sol), copy.deepcopy(blank), root)
        path = root / "submitted" / case.student / AID / case.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(made if isinstance(made, str) else json.dumps(made, indent=1), encoding="utf-8")
        files[case.student] = path
    return files
