"""The grade-cell checkers: right answers pass, wrong ones fail with a message naming the mistake,
and tampering with the tools makes a cell fail instead of pass."""
import numpy as np
import pytest

from course_utils import checks
from course_utils.checks import proven_checks


@pytest.fixture
def ck():
    return proven_checks()


def message(fn, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as info:
        fn(*args, **kwargs)
    return str(info.value)


def test_close_accepts_right_answers(ck):
    x = np.linspace(-3, 3, 12).reshape(3, 4)
    ck.close(x + 1e-12, x, "x")
    ck.close(2.5, 2.5, "scalar")


@pytest.mark.parametrize("wrong, words", [
    (lambda e: -e, "opposite sign"),
    (lambda e: 2 * e, "2 times too large"),
    (lambda e: e / 8, "8 times too small"),
    (lambda e: e.T, "transposed"),
    (lambda e: e.ravel(), "right numbers but shape"),
    (lambda e: np.where(e > 0, np.nan, e), "numerically stable"),
    (lambda e: e + np.eye(3, 4), "largest error"),
])
def test_close_names_the_mistake(ck, wrong, words):
    e = np.arange(1.0, 13.0).reshape(3, 4)
    assert words in message(ck.close, wrong(e), e, "dW")


def test_close_reports_returned_none_and_listed_mistakes(ck):
    assert "return" in message(ck.close, None, np.ones(2), "f(x)")
    e = np.array([0.2, 0.8])
    msg = message(ck.close, np.array([0.16, 0.16]), e, "sigmoid_grad(z)",
                  mistakes=[(np.array([0.16, 0.16]), "you evaluated the derivative at the wrong point")])
    assert "wrong point" in msg


def test_equal_and_shape(ck):
    ck.equal(np.array([1, -1, 1]), [1, -1, 1], "labels")
    assert "index (1,)" in message(ck.equal, np.array([1, 1, 1]), [1, -1, 1], "labels")
    assert "expected 4" in message(ck.equal, 3, 4, "n_mistakes")
    assert "shape (2, 3)" in message(ck.shape, np.zeros((3, 2)), (2, 3), "out")


def test_gradient_check_finds_factor_and_sign(ck):
    f = lambda w: float(np.sum(w ** 3))  # noqa: E731
    w = np.array([0.5, -1.0, 2.0])
    ck.gradient(f, w, 3 * w ** 2, "grad")
    assert "2 times too large" in message(ck.gradient, f, w, 6 * w ** 2, "grad")
    assert "opposite sign" in message(ck.gradient, f, w, -3 * w ** 2, "grad")
    assert "transposed" in message(ck.gradient, lambda W: float(np.sum(W)), np.ones((2, 3)), np.ones((3, 2)))


def test_no_warnings_and_unchanged(ck):
    naive = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    assert "stable" in message(ck.no_warnings, naive, np.array([-1e4, 1e4]))
    stable = lambda z: np.exp(-np.logaddexp(0, -z))  # noqa: E731
    out = ck.no_warnings(stable, np.array([-1e4, 0.0, 1e4]))
    ck.close(out, [0.0, 0.5, 1.0], "sigmoid")

    def sneaky(X):
        X[0, 0] = 99.0
        return X

    assert "in place" in message(ck.unchanged, sneaky, np.zeros((2, 2)))
    ck.unchanged(lambda X: X + 1, np.zeros((2, 2)))


def test_not_delegated_static_and_dynamic(ck):
    import course_utils
    import course_utils.activations  # noqa: F401  (reference implementation exists once the library lands)
    ref = getattr(course_utils.activations, "sigmoid", None)
    if ref is None:
        pytest.skip("course_utils.activations.sigmoid not written yet")
    assert "reference implementation" in message(ck.not_delegated, ref)

    ns = {"cu": course_utils.activations, "np": np}
    exec("def sigmoid(z):\n    return cu.sigmoid(z)\n", ns)
    assert "reference implementation" in message(ck.not_delegated, ns["sigmoid"])

    ns2 = {"np": np, "importlib": __import__("importlib")}
    exec("def sigmoid(z):\n    m = importlib.import_module('course_utils.' + 'activations')\n"
         "    return getattr(m, 'sig' + 'moid')(z)\n", ns2)
    ck.not_delegated(ns2["sigmoid"])  # static analysis cannot see through getattr ...
    assert "reference" in message(ck.not_delegated, ns2["sigmoid"], np.zeros(3))  # ... the profiler can

    ns3 = {"np": np}
    exec("def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n", ns3)
    ck.not_delegated(ns3["sigmoid"], np.zeros(3))


def test_monkeypatching_the_module_does_not_reach_a_fresh_checker(monkeypatch):
    monkeypatch.setattr(checks.Checks, "close", lambda self, *a, **k: None)
    fresh = proven_checks()
    with pytest.raises(AssertionError):
        fresh.close(np.ones(3), np.zeros(3), "x")


@pytest.mark.parametrize("attack", ["abs", "all", "isnan_everything_ok"])
def test_tampered_numpy_makes_the_proof_fail(monkeypatch, attack):
    if attack == "abs":
        monkeypatch.setattr(np, "abs", lambda x: np.zeros_like(x))
    elif attack == "all":
        monkeypatch.setattr(np, "all", lambda *a, **k: True)
    else:
        monkeypatch.setattr(np, "isnan", lambda x: np.ones(np.shape(x), dtype=bool))
    with pytest.raises(AssertionError, match="checking tools were modified"):
        proven_checks()


def test_allclose_override_is_harmless(monkeypatch):
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    monkeypatch.setattr(np.testing, "assert_allclose", lambda *a, **k: None)
    ck = proven_checks()
    with pytest.raises(AssertionError):
        ck.close(np.ones(3), np.zeros(3), "x")


def test_raises(ck):
    def boom():
        raise ValueError("no")
    assert isinstance(ck.raises(ValueError, boom), ValueError)
    assert "should raise" in message(ck.raises, ValueError, lambda: 1)


# ------------------------------------------------------------------ warnings (issue 20)

def test_no_warnings_fails_numpy_floating_point_warnings_only(ck):
    import warnings

    def chatty(z):
        warnings.warn("a note of my own", UserWarning)
        warnings.warn("an old habit", DeprecationWarning)
        warnings.warn("a runtime note of my own", RuntimeWarning)
        return np.exp(-np.logaddexp(0, -z))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = ck.no_warnings(chatty, np.array([-1e4, 0.0, 1e4]))
    ck.close(out, [0.0, 0.5, 1.0], "sigmoid")
    assert ck.no_warnings(lambda: np.exp(-1000.0)) == 0.0          # underflow is no mistake
    for bad, words in [(lambda: np.exp(1000.0), "overflow"), (lambda: np.log(np.zeros(2)), "divide by zero"),
                       (lambda: np.zeros(2) / np.zeros(2), "invalid value")]:
        msg = message(ck.no_warnings, bad)
        assert words in msg and "numerically stable" in msg


GRADE_CELLS_IN_A_SHELL = r"""
import numpy as np, warnings
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
shell.run_cell("import numpy as np, warnings")
before = np.geterr()
r = shell.run_cell("from course_utils.checks import proven_checks\nck = proven_checks()\nnp.exp(1000.0)")
assert isinstance(r.error_in_exec, FloatingPointError), r.error_in_exec
assert np.geterr() == before, np.geterr()             # the cell has ended: the student's own state is back
with warnings.catch_warnings(record=True) as seen:
    warnings.simplefilter("always")
    r = shell.run_cell("x = np.exp(1000.0)")          # an answer cell: only NumPy's usual warning
assert r.error_in_exec is None and seen and np.isinf(shell.user_ns["x"])
r = shell.run_cell("ck = proven_checks()\nck = proven_checks()\nwarnings.warn('harmless')\nnp.exp(-1000.0)")
assert r.error_in_exec is None, r.error_in_exec        # twice in a cell, a harmless warning, an underflow
assert np.geterr() == before, np.geterr()
print("ok")
"""


def test_grade_cells_raise_numpy_floating_point_errors_until_they_end():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", GRADE_CELLS_IN_A_SHELL], capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip().endswith("ok"), proc.stdout + proc.stderr


def test_not_delegated_sees_references_in_defaults_and_restores_the_library(ck):
    import course_utils.activations as act

    ns = {}
    exec("def sigmoid(z, _impl=__import__('course_utils.activations', fromlist=['x']).sigmoid):\n"
         "    return _impl(z)\n", ns)
    assert "reference implementation" in message(ck.not_delegated, ns["sigmoid"])
    original = act.sigmoid
    ns2 = {"np": np}
    exec("def sigmoid(z):\n    import importlib\n    m = importlib.import_module('course_utils.activations')\n"
         "    return getattr(m, 'sig' + 'moid')(z)\n", ns2)
    assert "course_utils.activations.sigmoid" in message(ck.not_delegated, ns2["sigmoid"], np.zeros(2))
    assert act.sigmoid is original, "the tripwire is gone once the check is done"


GUARD_HANDS_OUT_THE_CHECKER = r"""
import sys
import course_utils.checks as checks
handed = []
class Genuine(checks.Checks):
    pass
def guard(event, args):
    if event == "course_grader.guard" and args[0] == "checks":
        ck = Genuine()
        handed.append(ck)
        args[2].append((vars(checks), ck))
sys.addaudithook(guard)
ck = checks.proven_checks()
assert ck is handed[0], (ck, handed)
print("ok")
"""


def test_proven_checks_takes_the_checker_a_graded_kernel_hands_out():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", GUARD_HANDS_OUT_THE_CHECKER], capture_output=True, text=True,
                          timeout=120)
    assert proc.stdout.strip().endswith("ok"), proc.stdout + proc.stderr


def test_known_mistakes_names_only_the_wrong_answers_it_knows(ck):
    right = {"W": np.array([[1.0, 2.0]]), "b": np.array([0.5])}
    known = [({"W": np.array([[2.0, 4.0]]), "b": np.array([0.5])}, "you doubled W", "fit.doubled"),
             ((np.zeros(2), 0.0), "you returned zeros", "fit.zeros")]
    ck.known_mistakes(lambda: right, known)                          # the right answer passes
    ck.known_mistakes(lambda: {"W": np.array([[3.0, 4.0]]), "b": np.array([0.5])}, known)   # an unknown mistake too
    ck.known_mistakes(lambda: 1 / 0, known)                          # an error is left to the checks that follow
    ck.known_mistakes(lambda: "not a number", known)
    ck.known_mistakes(lambda: np.array([[2.0, 4.0]]), known)         # same numbers of a part, not the whole: passes
    with pytest.raises(AssertionError, match=r"you doubled W[\s\S]*\(mistake: fit\.doubled\)"):
        ck.known_mistakes(lambda: {"b": np.array([0.5]), "W": np.array([[2.0, 4.0 + 1e-12]])}, known)
    with pytest.raises(AssertionError, match=r"\(mistake: fit\.zeros\)"):
        ck.known_mistakes(lambda: [np.zeros(2), 0.0], known)
    with pytest.raises(AssertionError, match=r"fit\.zeros"):          # rtol/atol decide what counts as the same
        ck.known_mistakes(lambda: (np.full(2, 1e-3), 0.0), known, atol=1e-2)
