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


# ------------------------------------------------------------------------------------ tampering, by class
# Each attack below sits in the step answer cell after a wrong step (STRICT_STEP: step(0) == 0).  Against a
# grader without the guard (course_grader/guard.py) each one makes the wrong step pass every test (90 points);
# with it, the grade cells run against pristine code (or the attack is refused where it is made): 30 points,
# for add_bias, and the summary says what was modified where the guard restored something.

#: True while a grade cell's check (not the proof proven_checks() runs first) is on the call stack
GRADING_NOW = """
import sys as _sys
def _grading_now():
    f, inside = _sys._getframe(1), False
    while f is not None:
        name = f.f_code.co_name
        if name in ('_prove', 'rejects', 'accepts'):
            return False
        inside = inside or name in ('equal', 'close', 'shape', 'true')
        f = f.f_back
    return inside
"""
#: a NumPy stand-in that passes everything on, except that it turns the array [0] into [1] inside the checks
LYING_NUMPY = GRADING_NOW + """
import types as _types
import numpy as _real_np
class _LyingNumpy(_types.ModuleType):
    def __getattr__(self, name):
        return getattr(_real_np, name)
    def asarray(self, a, *args, **kwargs):
        out = _real_np.asarray(a, *args, **kwargs)
        if _grading_now() and out.shape == (1,) and out.dtype.kind in 'iu' and out[0] == 0:
            return _real_np.array([1])
        return out
_lying_np = _LyingNumpy('numpy')
"""
#: a checker that accepts everything
YES_MAN = """
class _YesMan:
    def __getattr__(self, name):
        return lambda *args, **kwargs: None
"""


def tamper(code: str):
    """The solution with a wrong step followed by ``code`` in the step answer cell."""
    return lambda sol, blank, root: with_source(sol, "step", STRICT_STEP + code)


TAMPER_NUMPY_ATTRIBUTE = """
import numpy as _np
_real_array = _np.array
def _lying_array(obj, *args, **kwargs):
    if isinstance(obj, list) and obj == [1]:
        obj = [0]
    return _real_array(obj, *args, **kwargs)
_np.array = _lying_array
"""
TAMPER_COURSE_UTILS = """
import course_utils.perceptron as _cp
for _f in (_cp.add_bias,):
    _f.__module__, _f.__qualname__ = '__main__', 'my_add_bias'
"""
TAMPER_SYS_MODULES = LYING_NUMPY + """
_sys.modules['numpy'] = _lying_np
"""
TAMPER_BUILTINS = """
import builtins as _b
import course_utils.perceptron as _cp
_real_getattr = _b.getattr
def _lying_getattr(obj, name, *default):
    if name == '__module__' and obj is _cp.add_bias:
        return '__main__'
    return _real_getattr(obj, name, *default)
_b.getattr = _lying_getattr
def add_bias(X):
    return _cp.add_bias(X)
"""
TAMPER_IMPORT_HOOK = LYING_NUMPY + """
import importlib.abc as _abc, importlib.util as _iu
class _Loader(_abc.Loader):
    def create_module(self, spec):
        return _lying_np
    def exec_module(self, module):
        pass
class _Finder(_abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        return _iu.spec_from_loader(name, _Loader()) if name == 'numpy' else None
_sys.meta_path.insert(0, _Finder())
del _sys.modules['numpy']
"""
#: trace and profile functions see the checks' frames and may rewrite their arguments (written back in 3.11)
_SWAP_ACTUAL = GRADING_NOW + """
def _swap(frame, event, arg):
    if event == 'call' and frame.f_code.co_name == 'equal' and 'expected' in frame.f_locals:
        f, proof = frame.f_back, False
        while f is not None:
            proof = proof or f.f_code.co_name in ('_prove', 'rejects', 'accepts')
            f = f.f_back
        if not proof:
            frame.f_locals['actual'] = frame.f_locals['expected']
    return None
"""
TAMPER_TRACE = _SWAP_ACTUAL + "_sys.settrace(_swap)\n"
TAMPER_PROFILE = _SWAP_ACTUAL + "_sys.setprofile(_swap)\n"
TAMPER_GC = YES_MAN + """
import gc, types
# (a code object that needs no global name: it will run with the victim's globals)
_yes_code = (lambda *args, **kwargs: type('Yes', (), {'__getattr__': lambda s, n: lambda *a, **k: None})()).__code__
for _o in gc.get_objects():
    try:
        if isinstance(_o, types.FunctionType) and _o.__name__ in ('proven_checks', '__course_guard', 'install'):
            _o.__code__, _o.__defaults__ = _yes_code, None
        elif isinstance(_o, type) and _o.__name__ == 'Checks':
            _o.equal = lambda *args, **kwargs: None
    except Exception:
        pass
"""
TAMPER_NUMPY_HELPERS = GRADING_NOW + """
import types as _types
import numpy._core.fromnumeric as _fn
_target = _fn._wrapreduction_any_all
_fn._liar_original = _types.FunctionType(_target.__code__, _target.__globals__)
_fn._liar_grading_now = _grading_now
def _liar(obj, ufunc, method, axis, out, **kwargs):
    if method == 'all' and _liar_grading_now():
        return True
    return _liar_original(obj, ufunc, method, axis, out, **kwargs)
_target.__code__ = _liar.__code__
"""
TAMPER_EVENTS = YES_MAN + """
def _before_each_cell(*args):
    import sys
    sys.modules['course_utils.checks'].proven_checks = lambda: _YesMan()
get_ipython().events.register('pre_run_cell', _before_each_cell)
"""
TAMPER_TRANSFORMER = YES_MAN + """
def _no_checks(lines):
    return [line.replace('ck = proven_checks()', 'ck = _YesMan()') for line in lines]
get_ipython().input_transformers_cleanup.append(_no_checks)
"""
TAMPER_ERROR_REPORT = """
_ip = get_ipython()
_session = _ip.displayhook.session
_send = _session.send
def _no_errors(stream, msg_or_type, *args, **kwargs):
    kind = msg_or_type.get('header', {}).get('msg_type') if isinstance(msg_or_type, dict) else msg_or_type
    return None if kind == 'error' else _send(stream, msg_or_type, *args, **kwargs)
_session.send = _no_errors
_run_async, _run = _ip.run_cell_async, _ip.run_cell
async def _run_cell_async(*args, **kwargs):
    result = await _run_async(*args, **kwargs)
    result.error_in_exec = None
    return result
def _run_cell(*args, **kwargs):
    result = _run(*args, **kwargs)
    result.error_in_exec = None
    return result
_ip.run_cell_async, _ip.run_cell = _run_cell_async, _run_cell
"""
TAMPER_AUDIT_HOOK = YES_MAN + """
def _hook(event, args):
    if event == 'exec':
        m = _sys.modules.get('course_utils.checks')
        if m is not None and getattr(m, 'proven_checks', None) is not _yes:
            m.proven_checks = _yes
import sys as _sys
_yes = lambda: _YesMan()
_sys.addaudithook(_hook)
"""
TAMPER_CTYPES = """
import ctypes
# the small integer 1 now holds 0: the expected array([1]) of the hidden tests becomes array([0])
ctypes.c_ssize_t.from_address(id(1) + 24).value = 0
"""
TAMPER_NAMESPACE = """
import numpy as _real_numpy
class _LyingNumpy:
    def __getattr__(self, name):
        return getattr(_real_numpy, name)
    def array(self, obj, *args, **kwargs):
        return _real_numpy.array([0] if obj == [1] else obj, *args, **kwargs)
np = _LyingNumpy()
"""
#: the tested function itself changes the checker while the grade cell runs
DURING_THE_CELL = """
def step(z):
    import numpy as np
    ck = globals().get('ck')
    if ck is not None:
        type(ck).equal = lambda *args, **kwargs: None
    return (np.asarray(z) > 0).astype(int)
"""
#: the tested function publishes a result: nbgrader would read a grade cell's first result as its score
FORGED_RESULT = """
def step(z):
    import numpy as np
    get_ipython().displayhook('full marks, please')
    return (np.asarray(z) > 0).astype(int)
"""
#: a right step that warns on every call (its own warnings and a library's deprecation): harmless
HARMLESS_WARNINGS = """
def step(z):
    import warnings
    import numpy as np
    warnings.warn('step: a note of my own', UserWarning)
    warnings.warn('step: an old habit', DeprecationWarning)
    warnings.warn('step: a runtime note of my own', RuntimeWarning)
    return (np.asarray(z) >= 0).astype(int)
"""
#: right values, but z / |z| divides 0 by 0 at z = 0 (a NumPy "invalid value" warning): a numerical mistake
NUMPY_WARNING = """
def step(z):
    import numpy as np
    z = np.asarray(z, dtype=float)
    return (np.nan_to_num(z / np.abs(z)) >= 0).astype(int)
"""

#: added to the hidden tests of test_step in the adversarial course (plant_numerical_check)
NUMERICAL_CHECK = "ck.no_warnings(step, np.array([-1e300, -1.0, 2.0, 1e300]))\n"


def plant_numerical_check(root: Path) -> None:
    """Add a ``ck.no_warnings`` check of step to the hidden tests of the course copy's test_step."""
    path = root / "solutions" / AID / NB
    nb = json.loads(path.read_text(encoding="utf-8"))
    c = cell(nb, "test_step")
    text = src(c)
    assert "### END HIDDEN TESTS" in text, text
    c["source"] = text.replace("### END HIDDEN TESTS", NUMERICAL_CHECK + "### END HIDDEN TESTS")
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


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
    Case("segfault", "a segmentation fault", before("step", "import faulthandler\nfaulthandler._sigsegv()"), 0,
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
    # (the dummies replace add_bias and predict; the step cell after them keeps the right step: 30 points)
    Case("override_allclose", "np.allclose, np.testing and np.all overridden, wrong answers",
         lambda s, b, r: with_source(s, "add_bias", "import numpy as np\nnp.allclose = lambda *a, **k: True\n"
                                     "np.testing.assert_allclose = lambda *a, **k: None\n"
                                     "np.all = lambda *a, **k: True\n" + DUMMIES), 30,
         "grading code was modified by an answer cell (numpy.all, numpy.allclose, numpy.testing"),
    Case("override_after_first", "np.all overridden after the first graded function (which is right)",
         lambda s, b, r: with_source(s, "step", "np.all = lambda *a, **k: True\n" + STRICT_STEP), 30,
         "grading code was modified by an answer cell (numpy.all)"),
    Case("patched_checks_class", "course_utils.checks.Checks methods replaced, wrong step",
         lambda s, b, r: with_source(s, "step", "import course_utils.checks as _c\n"
                                     "_c.Checks.equal = lambda *a, **k: None\n" + STRICT_STEP), 30, "step(0)"),
    Case("patched_proven_checks", "course_utils.checks.proven_checks replaced by a yes-man", _patched_proven_checks, 0,
         "test_add_bias"),
    Case("fake_checks_module", "a fake course_utils.checks module in sys.modules", _fake_checks_module, 0,
         "grading code was modified by an answer cell (course_utils.checks"),
    # one case per class of tampering (see TAMPER_* above): the wrong step earns nothing, add_bias its 30 points
    Case("tamper_numpy_attribute", "numpy.array replaced so that the expected [1] becomes [0]",
         tamper(TAMPER_NUMPY_ATTRIBUTE), 30, "grading code was modified by an answer cell (numpy.array)"),
    Case("tamper_course_utils", "add_bias delegates to course_utils, whose add_bias is renamed to hide it",
         lambda s, b, r: with_source(s, "add_bias", TAMPER_COURSE_UTILS + "def add_bias(X):\n"
                                     "    return _cp.add_bias(X)\n"), 60,
         "reference implementation"),
    Case("tamper_sys_modules", "sys.modules['numpy'] replaced by a NumPy that lies inside the checks",
         tamper(TAMPER_SYS_MODULES), 30, "grading code was modified by an answer cell (sys.modules[numpy])"),
    Case("tamper_builtins", "add_bias delegates to course_utils; builtins.getattr lies about where that comes from",
         lambda s, b, r: with_source(s, "add_bias", TAMPER_BUILTINS), 60,
         "grading code was modified by an answer cell (builtins.getattr)"),
    Case("tamper_import_hook", "numpy removed from sys.modules, a meta path finder serving a lying NumPy",
         tamper(TAMPER_IMPORT_HOOK), 30, "grading code was modified by an answer cell"),
    Case("tamper_settrace", "a trace function that hands the checks the expected value as the answer",
         tamper(TAMPER_TRACE), 30, "step(0)"),
    Case("tamper_setprofile", "a profile function that hands the checks the expected value as the answer",
         tamper(TAMPER_PROFILE), 30, "step(0)"),
    Case("tamper_gc", "gc.get_objects() to find the grader's functions and classes and neuter them",
         tamper(TAMPER_GC), 30, "step(0)"),
    Case("tamper_numpy_helpers", "the code of NumPy's Python-level reduction helper swapped for a liar",
         tamper(TAMPER_NUMPY_HELPERS), 30, "step(0)"),
    Case("tamper_ipython_events", "a pre_run_cell callback that swaps in a yes-man checker before each cell",
         tamper(TAMPER_EVENTS), 30, "step(0)"),
    Case("tamper_input_transformer", "an input transformer that rewrites the grade cells' checker",
         tamper(TAMPER_TRANSFORMER), 30, "step(0)"),
    Case("tamper_error_report", "the shell and the kernel's message sender patched so that a failing cell reports "
         "no error", tamper(TAMPER_ERROR_REPORT), 30, "grading code was modified by an answer cell"),
    Case("tamper_audit_hook", "an audit hook that swaps in a yes-man checker whenever code is executed",
         tamper(TAMPER_AUDIT_HOOK), 30, "step(0)"),
    Case("tamper_ctypes", "ctypes writes into the interpreter's memory (the integer 1 becomes 0)",
         tamper(TAMPER_CTYPES), 30, "step(0)"),
    Case("tamper_namespace", "the notebook's np rebound to a NumPy that lies inside the checks",
         tamper(TAMPER_NAMESPACE), 30, "step(0)"),
    Case("tamper_during_cell", "the tested step disables the checker's equal while the grade cell runs",
         lambda s, b, r: with_source(s, "step", DURING_THE_CELL), 30, "modified while this cell ran"),
    Case("forged_result", "the tested step publishes a result, which nbgrader would read as a score",
         lambda s, b, r: with_source(s, "step", FORGED_RESULT), 30, "step(0)"),
    # warnings: harmless ones cost nothing, NumPy's floating-point warnings reveal a numerical mistake
    Case("good_warnings", "the solution, its step raising a UserWarning, a DeprecationWarning and a RuntimeWarning "
         "of its own on every call", lambda s, b, r: with_source(s, "step", HARMLESS_WARNINGS), 90, "none",
         good=True),
    Case("numpy_warning", "right values, but 0/0 at z = 0 (NumPy's invalid-value warning)",
         lambda s, b, r: with_source(s, "step", NUMPY_WARNING), 30, "FloatingPointError"),
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
