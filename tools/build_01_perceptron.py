"""Build the notebooks of unit 01_perceptron (lecture and nbgrader source).

    .venv/bin/python tools/build_01_perceptron.py

writes ``lectures/01_perceptron.ipynb`` and ``solutions/01_perceptron/perceptron.ipynb``; the committed
notebooks must equal this script's output.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from nb import answer, build_cli, code, grade, md, readonly, written  # noqa: E402

GRADE_HEAD = "from course_utils.checks import proven_checks\nck = proven_checks()\n"

# --------------------------------------------------------------------------------------------- solution
INTRO = r"""
# Unit 1 exercise: the perceptron

In this assignment you implement Rosenblatt's perceptron from scratch with NumPy, check Novikoff's mistake
bound, and then get around the perceptron's most famous limitation, XOR, in two ways.

| # | function | what it does | points |
|---|---|---|---|
| 1 | `add_bias(X)` | prepend the constant input 1 to every example | 10 |
| 2 | `perceptron_predict(w, X)` | the threshold unit: +1 where w·x > 0, else −1 | 10 |
| 3 | `perceptron_train(X, y, lr, max_epochs)` | Rosenblatt's learning rule | 30 |
| 4 | `novikoff_bound(X, y, w_star)` | the mistake bound (R/γ)² | 15 |
| 5 | `xor_features(X)` | the feature map (x1, x2, x1·x2) | 10 |
| 6 | `xor_network(X)` | a two-layer threshold network for XOR | 15 |
| 7 | written answer | why no single perceptron computes XOR | 10 |
| | | **total** | **100** |

**How to work.** Write your code between the lines `# YOUR CODE HERE` and the end of each answer cell
(delete the `raise NotImplementedError()`). Read each docstring carefully: it is the contract the grader
checks, including the edge cases. Use NumPy only; do not import the course's reference implementation
(`course_utils.perceptron`) in your answers: the grader detects it and such an answer earns no points.

**How to check yourself.** Run the test cell under each answer: a silent cell means the visible tests pass;
a failing one tells you what is wrong and usually why. Hidden tests (edge cases, random data compared with
the reference) run at grading time, so also test your own edge cases. Before you submit, restart the kernel,
run all cells, and run `course validate perceptron.ipynb` in a terminal (or `.venv/bin/course validate
exercises/01_perceptron/perceptron.ipynb` from the course root).

**Conventions of this unit.** Labels are y ∈ {−1, +1}. The bias is an input fixed to 1 that comes **first**:
an example x = (x1, ..., xd) becomes x̃ = (1, x1, ..., xd), and w̃ = (w0, w1, ..., wd), so w0 is the bias.
"""

SETUP = r"""
import numpy as np

from course_utils.data import make_logic
"""

MD_ADD_BIAS = r"""
## 1. The bias as an input fixed to 1 (10 points)

A threshold unit fires when $w_0 + w_1x_1 + \dots + w_dx_d > 0$. Writing the bias $w_0$ as the weight of an
extra input that is always 1 turns this into a single dot product,

$$\tilde{\mathbf{x}} = (1, x_1, \dots, x_d), \qquad \tilde{\mathbf{w}} = (w_0, w_1, \dots, w_d), \qquad
w_0 + \sum_{i=1}^d w_i x_i = \tilde{\mathbf{w}}\cdot\tilde{\mathbf{x}},$$

so the learning rule never needs a special case for the bias. For a batch of examples stored as the rows of
`X` (shape `(n, d)`), prepend a column of ones.
"""

SRC_ADD_BIAS = r'''
def add_bias(X):
    """Prepend a column of ones (the constant bias input) to a batch of examples.

    x = (x1, ..., xd)  ->  x~ = (1, x1, ..., xd)

    Parameters
    ----------
    X : ndarray of shape (n, d)
        One example per row (any numeric dtype, n may be 0).

    Returns
    -------
    Xb : ndarray of shape (n, d + 1)
        A NEW array: column 0 is all ones, columns 1..d are the columns of X in order.
        X itself must not be modified.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    return np.hstack([np.ones((X.shape[0], 1)), X])
    ### END SOLUTION
'''

TEST_ADD_BIAS = GRADE_HEAD + r'''
X_small = np.array([[2.0, 3.0], [4.0, 5.0], [-1.0, 0.5]])
Xb_small = add_bias(X_small)
ck.close(Xb_small, [[1, 2, 3], [1, 4, 5], [1, -1, 0.5]], "add_bias([[2, 3], [4, 5], [-1, 0.5]])",
         mistakes=[([[2, 3, 1], [4, 5, 1], [-1, 0.5, 1]],
                    "the column of ones is last; in this course the bias comes FIRST (w[0] is the bias)."),
                   ([[0, 2, 3], [0, 4, 5], [0, -1, 0.5]],
                    "the new column is zeros: the bias input is fixed to 1, not 0.")])
ck.close(X_small, [[2.0, 3.0], [4.0, 5.0], [-1.0, 0.5]], "X after calling add_bias(X) (it must not change)")

### BEGIN HIDDEN TESTS
from course_utils import perceptron as _cu_perceptron
_rng = np.random.default_rng(101)
for _n, _d in [(1, 1), (5, 3), (50, 7)]:
    _X = _rng.normal(size=(_n, _d))
    _out = ck.unchanged(add_bias, _X)
    ck.close(_out, _cu_perceptron.add_bias(_X), f"add_bias on a random ({_n}, {_d}) array")
_Xi = np.array([[1, 2], [3, 4]])                 # integer input
ck.close(add_bias(_Xi), [[1, 1, 2], [1, 3, 4]], "add_bias on an integer array")
ck.shape(add_bias(np.zeros((0, 3))), (0, 4), "add_bias on an empty batch of shape (0, 3)")
_X = np.arange(6.0).reshape(3, 2)
_out = add_bias(_X)
ck.true(not np.shares_memory(_out, _X), "add_bias must return a new array, not a view of X.")
ck.not_delegated(add_bias, _X)
### END HIDDEN TESTS
'''

MD_PREDICT = r"""
## 2. The threshold unit (10 points)

Rosenblatt's perceptron outputs

$$o(\tilde{\mathbf{x}}) = \begin{cases} +1 & \text{if } \tilde{\mathbf{w}}\cdot\tilde{\mathbf{x}} > 0,\\
-1 & \text{otherwise.}\end{cases}$$

Note the strict inequality: a point exactly on the boundary ($\tilde{\mathbf{w}}\cdot\tilde{\mathbf{x}} = 0$)
is classified $-1$. So the untrained perceptron with $\tilde{\mathbf{w}} = \mathbf{0}$ answers $-1$ to
everything. (`np.sign` would answer 0 there, which is not a label.)
"""

SRC_PREDICT = r'''
def perceptron_predict(w, X):
    """Outputs of the threshold unit for a batch of examples.

    o_i = +1 if w . x_i > 0, else -1        (so w . x_i == 0 exactly gives -1)

    Parameters
    ----------
    w : ndarray of shape (p,)
        Weights, bias first (w[0] is the bias).
    X : ndarray of shape (n, p)
        Examples as rows, ALREADY including the bias column (column 0 is all ones).

    Returns
    -------
    o : ndarray of shape (n,)
        Integer labels, each -1 or +1. Neither w nor X is modified.
    """
    ### BEGIN SOLUTION
    scores = np.asarray(X, dtype=float) @ np.asarray(w, dtype=float)
    return np.where(scores > 0, 1, -1)
    ### END SOLUTION
'''

TEST_PREDICT = GRADE_HEAD + r'''
Xb_corners = np.array([[1.0, 0, 0], [1, 0, 1], [1, 1, 0], [1, 1, 1]])   # bias column first
w_and = np.array([-1.5, 1.0, 1.0])                                     # AND by hand
o_and = perceptron_predict(w_and, Xb_corners)
ck.shape(o_and, (4,), "perceptron_predict(w, X) for 4 examples")
ck.equal(o_and, [-1, -1, -1, 1], "perceptron_predict with the AND weights (-1.5, 1, 1)",
         mistakes=[([0, 0, 0, 1], "you returned 0/1 labels; the perceptron's labels are -1 and +1.")])
o_zero = perceptron_predict(np.zeros(3), Xb_corners)
ck.equal(o_zero, [-1, -1, -1, -1], "perceptron_predict with w = 0 (every score is exactly 0)",
         mistakes=[([0, 0, 0, 0], "np.sign(0) is 0, which is not a label: a score of exactly 0 must give -1."),
                   ([1, 1, 1, 1], "you used w.x >= 0; the rule is +1 only where w.x > 0 (strictly), "
                                  "so a score of exactly 0 gives -1.")])

### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(202)
for _n, _p in [(1, 2), (10, 3), (100, 6)]:
    _X = np.hstack([np.ones((_n, 1)), _rng.normal(size=(_n, _p - 1))])
    _w = _rng.normal(size=_p)
    _o = ck.unchanged(perceptron_predict, _w, _X)
    ck.equal(np.asarray(_o).shape, (_n,), f"the shape of perceptron_predict's output for {_n} examples")
    ck.equal(_o, np.where(_X @ _w > 0, 1, -1), f"perceptron_predict on {_n} random examples")
# ties at exactly 0 mixed with clear cases: w = (-1, 1, 0) gives scores -1, 0, 1, 0
_w = np.array([-1.0, 1.0, 0.0])
_X = np.array([[1.0, 0, 5], [1, 1, -3], [1, 2, 0], [1, 1, 7]])
ck.equal(perceptron_predict(_w, _X), [-1, -1, 1, -1], "perceptron_predict where some scores are exactly 0",
         mistakes=[([-1, 0, 1, 0], "np.sign(0) is 0: a score of exactly 0 must give -1."),
                   ([-1, 1, 1, 1], "a score of exactly 0 must give -1 (the rule is w.x > 0, strictly).")])
# integer inputs
ck.equal(perceptron_predict(np.array([-1, 1, 1]), np.array([[1, 0, 0], [1, 1, 1]])), [-1, 1],
         "perceptron_predict on integer arrays")
_o = perceptron_predict(w_and, Xb_corners)
ck.true(set(np.asarray(_o).ravel().tolist()) <= {-1, 1}, "perceptron_predict must return only -1 and +1.")
_globals_used = {n: perceptron_predict.__globals__.get(n) for n in perceptron_predict.__code__.co_names}
ck.true(not any(str(getattr(v, "__module__", "")).startswith("course_utils.perceptron")
                or getattr(v, "__name__", "") == "course_utils.perceptron" for v in _globals_used.values()),
        "perceptron_predict uses course_utils.perceptron (the reference implementation): write it yourself; "
        "this item earns no points otherwise.")
ck.not_delegated(perceptron_predict, w_and, Xb_corners)
### END HIDDEN TESTS
'''

MD_TRAIN = r"""
## 3. Rosenblatt's learning rule (30 points)

On a **mistake**, i.e. when $y_i\,\tilde{\mathbf{w}}\cdot\tilde{\mathbf{x}}_i \le 0$, the perceptron moves its
weights towards the correct side:

$$\tilde{\mathbf{w}} \leftarrow \tilde{\mathbf{w}} + \eta\, y_i\, \tilde{\mathbf{x}}_i .$$

Afterwards $\tilde{\mathbf{w}}'\cdot\tilde{\mathbf{x}}_i = \tilde{\mathbf{w}}\cdot\tilde{\mathbf{x}}_i +
\eta\, y_i \lVert\tilde{\mathbf{x}}_i\rVert^2$: the score of that example moves in the direction of its label.

The algorithm: start from $\tilde{\mathbf{w}} = \mathbf{0}$; sweep over the examples **in the given order**
(one sweep is an epoch), updating on every mistake; stop after the first epoch without any mistake, or after
`max_epochs` epochs in any case (on data that are not linearly separable, such as XOR, the mistakes never
stop). Mind the `<=`: with $\tilde{\mathbf{w}} = \mathbf{0}$ every score is 0, and that counts as a mistake.
"""

SRC_TRAIN = r'''
def perceptron_train(X, y, lr=1.0, max_epochs=100):
    """Train a perceptron with Rosenblatt's rule, starting from w = 0.

    for epoch in 1..max_epochs:
        for i = 0, 1, ..., n-1 (in the given order):
            if y_i * (w . x_i) <= 0:          # a mistake (a score of exactly 0 is a mistake too)
                w <- w + lr * y_i * x_i
        if there was no mistake in this epoch: stop

    Parameters
    ----------
    X : ndarray of shape (n, p)
        Training examples as rows, ALREADY including the bias column (column 0 is all ones).
        May be an integer array.
    y : ndarray of shape (n,)
        Labels, each -1 or +1.
    lr : float, default 1.0
        The learning rate eta > 0.
    max_epochs : int, default 100
        Maximum number of passes over the data; the function always returns after at most this many
        epochs, even when the data are not linearly separable.

    Returns
    -------
    w : ndarray of shape (p,), float
        The final weights (bias first).
    n_mistakes : int
        The total number of updates made over all epochs.

    Neither X nor y is modified.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    w = np.zeros(X.shape[1])
    n_mistakes = 0
    for _ in range(max_epochs):
        mistakes_this_epoch = 0
        for x_i, y_i in zip(X, y):
            if y_i * (w @ x_i) <= 0:
                w = w + lr * y_i * x_i
                mistakes_this_epoch += 1
        n_mistakes += mistakes_this_epoch
        if mistakes_this_epoch == 0:
            break
    return w, int(n_mistakes)
    ### END SOLUTION
'''

DEADLINE_HELPER = r'''
import signal


def _finishes_within(seconds, fn, *args, **kwargs):
    """Call fn(*args, **kwargs); fail with a clear message if it runs longer than `seconds`."""
    if not hasattr(signal, "setitimer"):
        return fn(*args, **kwargs)

    def _too_slow(signum, frame):
        raise TimeoutError("deadline")

    previous = signal.signal(signal.SIGALRM, _too_slow)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args, **kwargs)
    except TimeoutError:
        raise AssertionError(
            f"{fn.__name__} did not return within {seconds} s. On data that are not linearly separable "
            f"(like XOR) the mistakes never stop: your loop must end after max_epochs epochs.") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
'''

TEST_TRAIN = GRADE_HEAD + DEADLINE_HELPER + r'''

# AND with labels in {-1, +1}; rows (0,0), (0,1), (1,0), (1,1); bias column first
Xb_and = np.array([[1.0, 0, 0], [1, 0, 1], [1, 1, 0], [1, 1, 1]])
y_and = np.array([-1, -1, -1, 1])
result = _finishes_within(10, perceptron_train, Xb_and, y_and)
ck.true(isinstance(result, tuple) and len(result) == 2,
        "perceptron_train must return a pair (w, n_mistakes).")
w_and, n_and = result
ck.true(isinstance(n_and, (int, np.integer)) and not isinstance(n_and, (bool, np.bool_)),
        f"n_mistakes must be an int (the number of updates), got {type(n_and).__name__}.")
strict_msg = ("you update on y*w.x < 0 only: the very first example with w = 0 gives 0, which is a mistake "
              "too (the rule is y*w.x <= 0), so your perceptron never learns anything.")
predict_msg = ("you count a mistake when the prediction differs from the label; the rule is y*w.x <= 0, which "
               "also counts a score of exactly 0 as a mistake for a NEGATIVE example.")
ck.equal(np.shape(w_and), (3,), "the shape of w for examples with 3 columns (bias included)")
if not (np.allclose(w_and, 0) or np.allclose(w_and, [-2.0, 2.0, 1.0])):
    ck.true(np.all(y_and * (Xb_and @ np.asarray(w_and, dtype=float)) > 0),
            "after training on AND (linearly separable) w must classify every example correctly; check the "
            "sign of the update: w <- w + lr * y * x raises the score y*w.x of the example it corrects.")
ck.close(w_and, [-4.0, 3.0, 2.0], "w after training on AND (lr=1)",
         mistakes=[([0.0, 0.0, 0.0], strict_msg), ([-2.0, 2.0, 1.0], predict_msg)])
ck.equal(n_and, 18, "the number of mistakes on AND (lr=1)",
         mistakes=[(0, strict_msg), (10, predict_msg), (5, "you counted epochs, not mistakes (updates).")])

# from w = 0 the learning rate only rescales w: same mistakes, w scaled by lr
w_half, n_half = _finishes_within(10, perceptron_train, Xb_and, y_and, lr=0.5)
ck.close(w_half, [-2.0, 1.5, 1.0], "w after training on AND with lr=0.5 (from w = 0 it is 0.5 times w for lr=1)")
ck.equal(n_half, 18, "the number of mistakes on AND with lr=0.5 (the same as with lr=1)")

# XOR is not linearly separable: the loop must stop after max_epochs (4 mistakes per epoch here)
Xb_xor = Xb_and.copy()
y_xor = np.array([-1, 1, 1, -1])
w_xor, n_xor = _finishes_within(10, perceptron_train, Xb_xor, y_xor, lr=1.0, max_epochs=5)
ck.equal(n_xor, 20, "the number of mistakes on XOR in max_epochs=5 epochs (4 per epoch)",
         mistakes=[(16, "one epoch too few: run exactly max_epochs epochs (range(max_epochs))."),
                   (24, "one epoch too many: run exactly max_epochs epochs (range(max_epochs)).")])

### BEGIN HIDDEN TESTS
from course_utils import perceptron as _cu_perceptron


def _reference(Xr, yr, lr, max_epochs):
    model = _cu_perceptron.Perceptron(lr=lr, max_epochs=max_epochs).fit(Xr, yr)
    return np.asarray(model.w_, dtype=float), int(model.n_mistakes)


_rng = np.random.default_rng(303)
for _trial, (_n, _d, _lr, _me) in enumerate([(20, 2, 1.0, 100), (40, 3, 0.1, 100), (60, 5, 2.5, 50),
                                              (30, 2, 1.0, 3)]):
    _Xr = _rng.normal(size=(_n, _d))
    _wt = _rng.normal(size=_d + 1)
    _s = _wt[0] + _Xr @ _wt[1:]
    _keep = np.abs(_s) > 0.3 * np.linalg.norm(_wt)          # separable with a margin (last case: labels flipped)
    _Xr, _yr = _Xr[_keep], np.where(_s[_keep] > 0, 1, -1)
    if _trial == 3:
        _yr = _yr.copy()
        _yr[:4] *= -1                                         # not separable: max_epochs is reached
    _Xb = np.hstack([np.ones((len(_Xr), 1)), _Xr])
    _w_ref, _n_ref = _reference(_Xr, _yr, _lr, _me)
    _w, _n = ck.unchanged(_finishes_within, 10, perceptron_train, _Xb, _yr, lr=_lr, max_epochs=_me)
    ck.close(_w, _w_ref, f"w on random data (n={len(_yr)}, d={_d}, lr={_lr}, max_epochs={_me})",
             rtol=1e-9, atol=1e-9)
    ck.equal(_n, _n_ref, f"n_mistakes on random data (n={len(_yr)}, d={_d}, lr={_lr}, max_epochs={_me})")

# integer arrays in, float weights out (lr = 0.5 would not fit into an integer w)
try:
    _w, _n = _finishes_within(10, perceptron_train, Xb_and.astype(int), y_and.astype(int), lr=0.5)
except TypeError as _exc:                     # e.g. numpy's UFuncTypeError when adding floats into an int array
    raise AssertionError("perceptron_train failed on integer arrays with lr=0.5 "
                         f"({type(_exc).__name__}: {_exc}): make w a float array, e.g. np.zeros(p), "
                         "not np.zeros_like(X[0]), which copies X's integer dtype.") from None
ck.close(_w, [-2.0, 1.5, 1.0], "w on integer arrays with lr=0.5 (w must be a float array: np.zeros(p))")
# XOR with the default max_epochs=100 must still return
_w, _n = _finishes_within(10, perceptron_train, Xb_xor, y_xor)
ck.equal(_n, 400, "n_mistakes on XOR with the default max_epochs=100")
# one epoch is enough for a single positive example
_w, _n = perceptron_train(np.array([[1.0, 2.0]]), np.array([1]))
ck.close(_w, [1.0, 2.0], "w after training on the single example ((1, 2), +1)")
ck.equal(_n, 1, "n_mistakes on a single example")
# with lr the scores move the right way on every update: a negative-first dataset
_w, _n = perceptron_train(np.array([[1.0, 3.0], [1.0, -1.0]]), np.array([-1, 1]))
ck.close(_w, [-1.0, -3.0], "w on ((1, 3), -1), ((1, -1), +1)",
         mistakes=[([0.0, 0.0], "a score of exactly 0 is a mistake for a negative example too.")])
_globals_used = {n: perceptron_train.__globals__.get(n) for n in perceptron_train.__code__.co_names}
ck.true(not any(str(getattr(v, "__module__", "")).startswith("course_utils.perceptron")
                or getattr(v, "__name__", "") == "course_utils.perceptron" for v in _globals_used.values()),
        "perceptron_train uses course_utils.perceptron (the reference implementation): write the rule yourself; "
        "this item earns no points otherwise.")
ck.not_delegated(perceptron_train, Xb_and, y_and)
### END HIDDEN TESTS
'''

MD_NOVIKOFF = r"""
## 4. Novikoff's mistake bound (15 points)

Suppose some unit vector $\mathbf{w}^*$ separates the data with margin $\gamma > 0$, i.e.
$y_i\,\mathbf{w}^*\cdot\mathbf{x}_i \ge \gamma$ for all $i$, and let $R = \max_i \lVert\mathbf{x}_i\rVert$.
Novikoff (1962) proved that the perceptron started at $\mathbf{w} = \mathbf{0}$ makes **at most
$(R/\gamma)^2$ mistakes**, whatever the learning rate and the order of the examples.

Given any separating vector `w_star` (not necessarily of unit length), compute

$$R = \max_i \lVert\mathbf{x}_i\rVert_2,\qquad \gamma = \min_i \frac{y_i\,\mathbf{w}^*\cdot\mathbf{x}_i}
{\lVert\mathbf{w}^*\rVert_2},\qquad \text{bound} = \left(\frac{R}{\gamma}\right)^2 .$$

Use the rows of `X` exactly as given (if they include the bias column, so do $R$ and $\gamma$).
"""

SRC_NOVIKOFF = r'''
def novikoff_bound(X, y, w_star):
    """Novikoff's (1962) bound (R / gamma)^2 on the number of perceptron mistakes.

    R     = max_i ||x_i||                                  (Euclidean norm of each row of X)
    gamma = min_i y_i * (w_star . x_i) / ||w_star||       (the margin of the unit vector along w_star)

    Parameters
    ----------
    X : ndarray of shape (n, p)
        Examples as rows, used exactly as given (with the bias column if it is included).
    y : ndarray of shape (n,)
        Labels, each -1 or +1.
    w_star : ndarray of shape (p,)
        A separating weight vector, of any non-zero length (only its direction matters).

    Returns
    -------
    bound : float
        (R / gamma)^2, a Python or NumPy float.

    Raises
    ------
    ValueError
        If w_star does not separate the data strictly (gamma <= 0): then there is no bound.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    w_star = np.asarray(w_star, dtype=float)
    R = np.max(np.linalg.norm(X, axis=1))
    gamma = np.min(np.asarray(y) * (X @ w_star)) / np.linalg.norm(w_star)
    if not gamma > 0:
        raise ValueError(f"w_star does not separate the data (margin {gamma:.3g} <= 0)")
    return float((R / gamma) ** 2)
    ### END SOLUTION
'''

TEST_NOVIKOFF = GRADE_HEAD + r'''
# two points: ||(3, 4)|| = 5 = R; along w* = (2, 0) (unit vector (1, 0)) the margins are 3 and 1, so gamma = 1
X_nov = np.array([[3.0, 4.0], [-1.0, 0.0]])
y_nov = np.array([1, -1])
b = novikoff_bound(X_nov, y_nov, np.array([2.0, 0.0]))
ck.true(np.ndim(b) == 0, f"novikoff_bound must return a single number, got {type(b).__name__} "
                         f"with shape {np.shape(b)}.")
ck.close(b, 25.0, "novikoff_bound for R = 5, gamma = 1",
         mistakes=[(6.25, "you did not divide by ||w_star||: gamma is the margin of the UNIT vector "
                          "w_star / ||w_star|| (here 1, not 2)."),
                   (5.0, "you returned R / gamma; the bound is its square (R / gamma)^2."),
                   (25.0 / 9.0, "you took the LARGEST margin; gamma is the smallest one (the worst example)."),
                   (9.0, "R is the LARGEST norm of an example, not the mean norm.")])
ck.close(novikoff_bound(X_nov, y_nov, np.array([0.5, 0.0])), 25.0,
         "novikoff_bound with w_star = (0.5, 0): only the direction of w_star matters")

### BEGIN HIDDEN TESTS
from course_utils import perceptron as _cu_perceptron
_rng = np.random.default_rng(404)
for _n, _p in [(5, 2), (50, 3), (200, 8)]:
    _X = np.hstack([np.ones((_n, 1)), _rng.normal(size=(_n, _p - 1))])     # bias column first
    _ws = _rng.normal(size=_p)
    _s = _X @ _ws
    _keep = np.abs(_s) > 0.05
    _X, _y = _X[_keep], np.where(_s[_keep] > 0, 1, -1)
    _R = np.max(np.sqrt(np.sum(_X ** 2, axis=1)))
    _g = np.min(_y * (_X @ _ws)) / np.sqrt(np.sum(_ws ** 2))
    _b = ck.unchanged(novikoff_bound, _X, _y, _ws)
    ck.close(_b, (_R / _g) ** 2, f"novikoff_bound on {len(_y)} random separable examples in {_p} dimensions",
             rtol=1e-9, mistakes=[((_R / _g), "you returned R / gamma; the bound is (R / gamma)^2.")])
    ck.close(_b, _cu_perceptron.novikoff_bound(_X[:, 1:], _y, _ws), "novikoff_bound compared with the reference",
             rtol=1e-9)
    ck.close(novikoff_bound(_X, _y, 7.5 * _ws), (_R / _g) ** 2,
             "novikoff_bound with w_star scaled by 7.5 (the bound must not change)", rtol=1e-9)
# integer inputs
ck.close(novikoff_bound(np.array([[3, 4], [-1, 0]]), np.array([1, -1]), np.array([2, 0])), 25.0,
         "novikoff_bound on integer arrays")
# the worst example decides gamma even if it is not the first
# margins along (1, 1)/sqrt(2): 3/sqrt(2), 1/sqrt(2), 2/sqrt(2), so gamma^2 = 1/2; R = 3; bound = 9 / (1/2) = 18
ck.close(novikoff_bound(np.array([[3.0, 0.0], [0.0, 1.0], [-2.0, 0.0]]), np.array([1, 1, -1]),
                        np.array([1.0, 1.0])), 18.0, "novikoff_bound where the first example is not the closest")
# a w_star that does not separate the data has no bound
ck.raises(ValueError, novikoff_bound, X_nov, y_nov, np.array([-1.0, 0.0]))
ck.raises(ValueError, novikoff_bound, np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([1, 1]),
          np.array([1.0, 0.0]))                     # gamma = 0: a point on the boundary
ck.not_delegated(novikoff_bound, X_nov, y_nov, np.array([2.0, 0.0]))
### END HIDDEN TESTS
'''

MD_FEATURES = r"""
## 5. Making XOR separable with a feature map (10 points)

XOR is not linearly separable in $(x_1, x_2)$, but it becomes separable when we add the product of the two
inputs as a third feature:

$$\boldsymbol{\psi}(\mathbf{x}) = (x_1,\; x_2,\; x_1x_2).$$

For example, $w_0 = -0.5,\ \mathbf{w} = (1, 1, -2)$ gives the scores $-0.5, 0.5, 0.5, -0.5$ on
$(0,0), (0,1), (1,0), (1,1)$. Implement $\boldsymbol{\psi}$ for a batch of rows (for any real inputs, not only
0 and 1). The visible test then trains a perceptron on your features.
"""

SRC_FEATURES = r'''
def xor_features(X):
    """The feature map psi(x) = (x1, x2, x1 * x2), applied to every row.

    Parameters
    ----------
    X : ndarray of shape (n, 2)
        Inputs (x1, x2) as rows, any real values (not only 0 and 1), any numeric dtype.

    Returns
    -------
    Psi : ndarray of shape (n, 3)
        A NEW array with columns x1, x2, x1 * x2, in this order (no bias column). X is not modified.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    return np.column_stack([X[:, 0], X[:, 1], X[:, 0] * X[:, 1]])
    ### END SOLUTION
'''

TEST_FEATURES = GRADE_HEAD + r'''
X_xor, y_xor = make_logic("XOR", signed=True)          # rows (0,0), (0,1), (1,0), (1,1); y = -1, 1, 1, -1
Psi = xor_features(X_xor)
ck.close(Psi, [[0, 0, 0], [0, 1, 0], [1, 0, 0], [1, 1, 1]], "xor_features on the four corners",
         mistakes=[([[0, 0, 0], [0, 0, 1], [0, 1, 0], [1, 1, 1]],
                    "the columns are in the wrong order: they must be x1, x2, x1*x2."),
                   ([[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 2]],
                    "the third feature must be the product x1*x2, not the sum.")])
X_real = np.array([[2.0, -3.0], [0.5, 4.0]])
ck.close(xor_features(X_real), [[2, -3, -6], [0.5, 4, 2]], "xor_features on real inputs (2, -3) and (0.5, 4)")

# in feature space XOR is linearly separable: a perceptron (with a bias) learns it
from course_utils.perceptron import Perceptron
model = Perceptron(lr=1.0, max_epochs=100).fit(xor_features(X_xor), y_xor)
ck.equal(model.predict(xor_features(X_xor)), y_xor,
         "a perceptron trained on xor_features(X) (it should get XOR exactly right)")

### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(505)
_X = _rng.normal(size=(30, 2))
_P = ck.unchanged(xor_features, _X)
ck.close(_P, np.column_stack([_X, _X[:, 0] * _X[:, 1]]), "xor_features on 30 random real inputs")
ck.close(xor_features(np.array([[1, 2], [3, -4]])), [[1, 2, 2], [3, -4, -12]], "xor_features on integers")
ck.shape(xor_features(np.zeros((1, 2))), (1, 3), "xor_features on a single example")
_Xc = X_xor.copy()
_P = xor_features(_Xc)
ck.true(not np.shares_memory(_P, _Xc), "xor_features must return a new array, not a view of X.")
ck.not_delegated(xor_features, _X)
### END HIDDEN TESTS
'''

MD_NETWORK = r"""
## 6. XOR with a two-layer threshold network (15 points)

Instead of hand-designing a feature, let a first layer of threshold units compute the features. With the
threshold unit $\mathbb{I}[z > 0]$ (1 if $z > 0$, else 0) and inputs in $\{0, 1\}$:

$$h_1 = \mathbb{I}[x_1 + x_2 - 0.5 > 0] = x_1 \lor x_2\ \text{(OR)},\qquad
h_2 = \mathbb{I}[x_1 + x_2 - 1.5 > 0] = x_1 \land x_2\ \text{(AND)},$$

$$\hat{y} = \mathbb{I}[h_1 - h_2 - 0.5 > 0] = x_1 \oplus x_2\ \text{(XOR)}.$$

Implement this network **with these hand-set weights and thresholds** (no learning, no `^` or `!=` on the
inputs: the point is that threshold units compute it). In this question inputs and outputs are **0/1**, not
±1. With `return_hidden=True` it also returns the hidden layer, so the grader can check that $h_1$ is OR and
$h_2$ is AND.
"""

SRC_NETWORK = r'''
def xor_network(X, return_hidden=False):
    """XOR computed by a two-layer network of threshold units with hand-set weights.

    step(z) = 1 if z > 0 else 0
    h1 = step(x1 + x2 - 0.5)        (OR)
    h2 = step(x1 + x2 - 1.5)        (AND)
    out = step(h1 - h2 - 0.5)       (XOR = OR and not AND)

    Parameters
    ----------
    X : ndarray of shape (n, 2)
        Inputs (x1, x2) as rows, each entry 0 or 1 (integer or float dtype). No bias column.
    return_hidden : bool, default False
        Also return the hidden layer's outputs.

    Returns
    -------
    out : ndarray of shape (n,)
        Integer outputs, each 0 or 1 (1 exactly where x1 != x2).
    H : ndarray of shape (n, 2), only if return_hidden
        Integer hidden outputs: column 0 is h1 (OR), column 1 is h2 (AND).

    X is not modified.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)

    def step(z):
        return (z > 0).astype(int)

    h1 = step(X[:, 0] + X[:, 1] - 0.5)
    h2 = step(X[:, 0] + X[:, 1] - 1.5)
    out = step(h1 - h2 - 0.5)
    if return_hidden:
        return out, np.column_stack([h1, h2])
    return out
    ### END SOLUTION
'''

TEST_NETWORK = GRADE_HEAD + r'''
X_corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
out = xor_network(X_corners)
ck.shape(out, (4,), "xor_network on the four corners")
ck.equal(np.asarray(out).astype(int), [0, 1, 1, 0], "xor_network on (0,0), (0,1), (1,0), (1,1)",
         mistakes=[([-1, 1, 1, -1], "you returned -1/+1; in this question the outputs are 0/1."),
                   ([0, 1, 1, 1], "the output unit computes OR: it must fire for h1 = 1 only when h2 = 0 "
                                  "(weights +1 and -1, threshold 0.5)."),
                   ([0, 0, 0, 0], "the output never fires: check the output unit h1 - h2 - 0.5 and that "
                                  "h1 (OR) and h2 (AND) are different units.")])

### BEGIN HIDDEN TESTS
_out, _H = xor_network(X_corners, return_hidden=True)
ck.shape(_H, (4, 2), "the hidden layer returned by xor_network(X, return_hidden=True)")
ck.equal(np.asarray(_H).astype(int), [[0, 0], [1, 0], [1, 0], [1, 1]],
         "the hidden layer (h1 = OR, h2 = AND) on the four corners",
         mistakes=[([[0, 0], [0, 1], [0, 1], [1, 1]], "the hidden columns are swapped: column 0 is h1 (OR), "
                                                      "column 1 is h2 (AND)."),
                   ([[0, 0], [1, 1], [1, 1], [1, 1]], "h2 computes OR; it must be AND (threshold 1.5)."),
                   ([[0, 0], [0, 0], [0, 0], [1, 1]], "h1 computes AND; it must be OR (threshold 0.5).")])
ck.equal(np.asarray(_out).astype(int), [0, 1, 1, 0], "xor_network(X, return_hidden=True)[0]")
_rng = np.random.default_rng(606)
_X = _rng.integers(0, 2, size=(25, 2))
_o = ck.unchanged(xor_network, _X)
ck.equal(np.asarray(_o).astype(int), (_X[:, 0] != _X[:, 1]).astype(int), "xor_network on 25 random 0/1 rows")
_Xf = _X.astype(float)
ck.equal(np.asarray(xor_network(_Xf)).astype(int), (_X[:, 0] != _X[:, 1]).astype(int),
         "xor_network on float inputs")
ck.true(set(np.asarray(xor_network(_Xf)).ravel().tolist()) <= {0, 1}, "xor_network must output only 0 and 1.")
ck.shape(xor_network(np.array([[1, 0]])), (1,), "xor_network on a single example")
ck.not_delegated(xor_network, X_corners)
### END HIDDEN TESTS
'''

MD_WRITTEN = r"""
## 7. Written answer (10 points)

**Why can no single perceptron compute XOR?** Give a short proof (a few lines): suppose weights
$w_0, w_1, w_2$ existed, write down what the four inputs require, and derive a contradiction. Then say in one
or two sentences what each of your two fixes above (sections 5 and 6) changes so that XOR becomes computable.
"""

WRITTEN = r"""
Suppose one threshold unit $o = \mathbb{I}[w_0 + w_1x_1 + w_2x_2 > 0]$ computed XOR. The four inputs require

- $(0,0) \mapsto 0$: $w_0 \le 0$;
- $(0,1) \mapsto 1$: $w_0 + w_2 > 0$;
- $(1,0) \mapsto 1$: $w_0 + w_1 > 0$;
- $(1,1) \mapsto 0$: $w_0 + w_1 + w_2 \le 0$.

Adding the two middle lines gives $2w_0 + w_1 + w_2 > 0$; adding the first and the last gives
$2w_0 + w_1 + w_2 \le 0$. Both cannot hold, so no such weights exist. Geometrically: a single unit splits the
plane by a straight line, and the two positive corners (0,1), (1,0) and the two negative corners (0,0), (1,1)
lie on the two diagonals of the square, whose midpoints coincide at (0.5, 0.5); a half-plane containing both
ends of one diagonal contains its midpoint, so it would contain a point of the other diagonal's segment too
(the classes' convex hulls intersect). XOR is not linearly separable (Minsky & Papert 1969).

The feature map adds $x_1x_2$ as an input, so the unit's decision surface, linear in $(x_1, x_2, x_1x_2)$, is
curved in the original plane, and XOR is linearly separable in the new space ($-0.5 + x_1 + x_2 - 2x_1x_2$).
The two-layer network is given no extra input: its hidden threshold units (OR, AND) compute the new features
themselves, mapping the four corners to
$(0,0), (1,0), (1,0), (1,1)$, where the two classes are linearly separable by the output unit
$h_1 - h_2 - 0.5$.
"""


def solution_cells():
    return [
        readonly("intro", INTRO),
        readonly("setup", SETUP, kind="code"),
        md(MD_ADD_BIAS),
        answer("add_bias", SRC_ADD_BIAS),
        grade("test_add_bias", 10, TEST_ADD_BIAS),
        md(MD_PREDICT),
        answer("perceptron_predict", SRC_PREDICT),
        grade("test_perceptron_predict", 10, TEST_PREDICT),
        md(MD_TRAIN),
        answer("perceptron_train", SRC_TRAIN),
        grade("test_perceptron_train", 30, TEST_TRAIN),
        md(MD_NOVIKOFF),
        answer("novikoff_bound", SRC_NOVIKOFF),
        grade("test_novikoff_bound", 15, TEST_NOVIKOFF),
        md(MD_FEATURES),
        answer("xor_features", SRC_FEATURES),
        grade("test_xor_features", 10, TEST_FEATURES),
        md(MD_NETWORK),
        answer("xor_network", SRC_NETWORK),
        grade("test_xor_network", 15, TEST_NETWORK),
        md(MD_WRITTEN),
        written("written_xor", 10, WRITTEN),
    ]



# --------------------------------------------------------------------------------------------- lecture
L_TITLE = r"""
# Unit 1 — The perceptron

A single artificial neuron, the rule that lets it learn from its mistakes, a theorem that says how many
mistakes it can make, and the one function it can never compute. Everything in later units (gradient descent,
sigmoid units, backpropagation) is an answer to a question this unit raises.

**Learning objectives.** After this unit you can

1. write a threshold unit as $o(\mathbf{x}) = +1$ if $\tilde{\mathbf{w}}\cdot\tilde{\mathbf{x}} > 0$, else $-1$,
   with the bias as an input fixed to 1, and draw its decision surface;
2. choose weights by hand for AND and OR;
3. state Rosenblatt's learning rule, explain in one line of algebra why each update moves the boundary the
   right way, and run the training algorithm;
4. state Novikoff's mistake bound $(R/\gamma)^2$, sketch its proof, and check it on data;
5. say when the learning rate matters for the perceptron and when it does not;
6. prove that no single threshold unit computes XOR, and repair this in two ways: a feature map and a
   hidden layer.
"""

L_IMPORTS = r"""
%matplotlib inline
import numpy as np
import matplotlib.pyplot as plt

from course_utils.perceptron import Perceptron, add_bias, novikoff_bound
from course_utils.data import make_logic, make_blobs
from course_utils.plots import plot_decision_boundary
"""

L_NEURON = r"""
## 1. The neuron as a threshold unit

A biological neuron collects signals through its dendrites and, when their combined strength crosses a
threshold, fires a spike down its axon. **McCulloch and Pitts (1943)** turned this into logic: a unit with
binary inputs that outputs 1 when the number of its active excitatory inputs reaches a threshold (and no
inhibitory input is active), and 0 otherwise. They showed that networks of such units can compute any
expression of propositional logic, but their connections were designed, not learned.

**Rosenblatt's perceptron (1958)** keeps the threshold unit, lets inputs and weights be real numbers, and,
crucially, *learns* the weights from labelled examples. With inputs $x_1, \dots, x_d$, weights
$w_1, \dots, w_d$ and a bias $w_0$, and labels in $\{-1, +1\}$, it outputs

$$
o(\mathbf{x}) = \begin{cases} +1 & \text{if } w_0 + w_1x_1 + \dots + w_dx_d > 0,\\
-1 & \text{otherwise.} \end{cases}
$$

(Rosenblatt built it in hardware too: the Mark I Perceptron read a 20×20 grid of photocells and stored its
weights in motor-driven potentiometers.)

### The bias is just another weight

Treat the bias as the weight of an extra input that is always 1. With
$\tilde{\mathbf{x}} = (1, x_1, \dots, x_d)$ and $\tilde{\mathbf{w}} = (w_0, w_1, \dots, w_d)$,

$$
w_0 + \sum_{i=1}^d w_ix_i = \tilde{\mathbf{w}}\cdot\tilde{\mathbf{x}}, \qquad
o(\mathbf{x}) = \begin{cases} +1 & \text{if } \tilde{\mathbf{w}}\cdot\tilde{\mathbf{x}} > 0\\ -1 & \text{otherwise,}
\end{cases}
$$

so a rule that learns weights learns the bias for free. In this course the constant input comes **first**, so
$w_0$ is always the bias. Note the strict inequality: a point with score exactly 0 is classified $-1$.
"""

L_ADD_BIAS = r"""
X_and, y_and = make_logic("AND", signed=True)       # the four corners of the unit square, labels in {-1, +1}
print("inputs x:\n", X_and)
print("with the constant input first:\n", add_bias(X_and))
print("AND labels:", y_and)
"""

L_SURFACE = r"""
## 2. The decision surface

The perceptron answers $+1$ on one side of the set where the score is zero,

$$
\{\mathbf{x} : w_0 + \mathbf{w}\cdot\mathbf{x} = 0\}, \qquad \mathbf{w} = (w_1, \dots, w_d),
$$

a **hyperplane** (a line when $d = 2$). Two facts make it easy to picture:

* $\mathbf{w}$ is **normal** to the hyperplane: for two points $\mathbf{a}, \mathbf{b}$ on it,
  $\mathbf{w}\cdot(\mathbf{a} - \mathbf{b}) = (-w_0) - (-w_0) = 0$. The $+1$ side is the side $\mathbf{w}$
  points to.
* The **signed distance** of a point from the hyperplane is $(w_0 + \mathbf{w}\cdot\mathbf{x})/\lVert\mathbf{w}\rVert$;
  in particular the hyperplane lies at distance $|w_0|/\lVert\mathbf{w}\rVert$ from the origin. The bias shifts
  the boundary; without it every boundary would pass through the origin.

In the plane, with $w_2 \ne 0$, the boundary is the line $x_2 = -(w_0 + w_1x_1)/w_2$.

### AND and OR by hand

On the corners of the unit square the sum $x_1 + x_2$ takes the values 0, 1, 1, 2. AND must fire only for the
sum 2, OR for the sums 1 and 2, so any threshold in between works:

| $(x_1, x_2)$ | $x_1 + x_2$ | AND: $-1.5 + x_1 + x_2$ | OR: $-0.5 + x_1 + x_2$ |
|---|---|---|---|
| (0, 0) | 0 | $-1.5 \to -1$ | $-0.5 \to -1$ |
| (0, 1) | 1 | $-0.5 \to -1$ | $+0.5 \to +1$ |
| (1, 0) | 1 | $-0.5 \to -1$ | $+0.5 \to +1$ |
| (1, 1) | 2 | $+0.5 \to +1$ | $+1.5 \to +1$ |

So $\tilde{\mathbf{w}}_{\text{AND}} = (-1.5, 1, 1)$ and $\tilde{\mathbf{w}}_{\text{OR}} = (-0.5, 1, 1)$: the same
direction, different offsets.
"""

L_AND_OR = r"""
def threshold_unit(w, X):
    '''+1 where w . (1, x) > 0, else -1, for every row x of X.'''
    return np.where(add_bias(X) @ w > 0, 1, -1)


w_AND = np.array([-1.5, 1.0, 1.0])
w_OR = np.array([-0.5, 1.0, 1.0])
X_or, y_or = make_logic("OR", signed=True)
print("AND by hand:", threshold_unit(w_AND, X_and), "  target:", y_and)
print("OR  by hand:", threshold_unit(w_OR, X_or), "  target:", y_or)
"""

L_FIG_AND_OR = r"""
fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
for ax, w, X, y, name in [(axes[0], w_AND, X_and, y_and, "AND"), (axes[1], w_OR, X_or, y_or, "OR")]:
    plot_decision_boundary(lambda G, w=w: add_bias(G) @ w, X, y, ax=ax, padding=0.6,
                           title=f"{name}: $\\tilde{{w}}$ = ({w[0]:g}, {w[1]:g}, {w[2]:g})")
    x_mid = np.array([0.5, (-w[0] - 0.5 * w[1]) / w[2]])          # a point on the boundary line
    ax.annotate("", xy=x_mid + 0.35 * w[1:] / np.linalg.norm(w[1:]), xytext=x_mid,
                arrowprops=dict(arrowstyle="->", lw=2, color="k"))
    ax.text(*(x_mid + 0.4 * w[1:] / np.linalg.norm(w[1:])), "w", fontsize=12)
    ax.set_aspect("equal")
fig.suptitle("Hand-set threshold units: the boundary is the line where the score is 0; w points to the +1 side")
fig.tight_layout()
plt.show()
"""

L_RULE = r"""
## 3. Learning from mistakes

Rosenblatt's idea is to change the weights only when the unit gets an example wrong. Call example
$(\tilde{\mathbf{x}}_i, y_i)$ a **mistake** when

$$y_i\,\tilde{\mathbf{w}}\cdot\tilde{\mathbf{x}}_i \le 0$$

(the score has the wrong sign, or is exactly 0; with $\tilde{\mathbf{w}} = \mathbf{0}$ every example is a
mistake). Then update

$$\boxed{\;\tilde{\mathbf{w}} \leftarrow \tilde{\mathbf{w}} + \eta\, y_i\, \tilde{\mathbf{x}}_i\;}$$

with a **learning rate** $\eta > 0$. For a missed positive example ($y_i = +1$) this adds the example to the
weights, for a missed negative one it subtracts it.

**Why this moves the boundary the right way.** Take the score of the same example after the update:

$$
\tilde{\mathbf{w}}'\cdot\tilde{\mathbf{x}}_i = (\tilde{\mathbf{w}} + \eta\,y_i\,\tilde{\mathbf{x}}_i)\cdot\tilde{\mathbf{x}}_i
= \tilde{\mathbf{w}}\cdot\tilde{\mathbf{x}}_i + \eta\, y_i\,\lVert\tilde{\mathbf{x}}_i\rVert^2 .
$$

Multiplying by $y_i$ and using $y_i^2 = 1$:
$y_i\,\tilde{\mathbf{w}}'\cdot\tilde{\mathbf{x}}_i = y_i\,\tilde{\mathbf{w}}\cdot\tilde{\mathbf{x}}_i + \eta\lVert\tilde{\mathbf{x}}_i\rVert^2$.
The score moves towards the correct sign by $\eta\lVert\tilde{\mathbf{x}}_i\rVert^2 > 0$ (note that
$\lVert\tilde{\mathbf{x}}_i\rVert^2 \ge 1$ because of the constant input). One update need not fix the example,
and it can break others; the theorem in section 5 shows that on separable data this still ends.
"""

L_ONE_UPDATE = r"""
w = np.array([0.5, -1.0, 0.25])                      # some weights (bias first)
x_tilde, y_i = np.array([1.0, 2.0, 1.0]), 1           # a positive example: x = (2, 1)
eta = 0.5
before = w @ x_tilde
w_new = w + eta * y_i * x_tilde
print(f"score before: {before:+.3f}  (y*score = {y_i * before:+.3f} <= 0: a mistake)")
print(f"score after : {w_new @ x_tilde:+.3f}")
print(f"predicted   : {before + eta * y_i * (x_tilde @ x_tilde):+.3f} = score before + eta*y*||x~||^2")
"""

L_ALGO = r"""
## 4. The training algorithm

```
w ← 0                                   (other starts are possible; see section 6)
repeat for at most max_epochs epochs:
    for i = 1, ..., n  (in order):
        if y_i · w·x̃_i ≤ 0:  w ← w + η · y_i · x̃_i       (count one mistake)
    if this epoch had no mistake: stop       (w separates the training data)
```

One pass over the data is an **epoch**. The loop stops as soon as an epoch goes by without a mistake: then
every example is on its correct side. On data that no hyperplane separates, that never happens, so we also
stop after `max_epochs`. `course_utils.perceptron.Perceptron` implements exactly this (you will write it
yourself in the exercise); it records the weights after every update in `history`.
"""

L_TRAIN = r"""
X, y = make_blobs(n=40, margin=0.15, seed=3, signed=True)
model = Perceptron(lr=1.0).fit(X, y)
print(f"{model.n_mistakes} mistakes in {model.n_epochs_} epochs; mistakes per epoch: {model.mistakes_per_epoch_}")
print("final weights (bias first):", np.round(model.w_, 3))
print("training accuracy:", model.score(X, y))
"""

L_FIG_TRAIN = r"""
def boundary_xs_ys(w, xlim):
    '''Two points of the line w0 + w1 x1 + w2 x2 = 0 (assumes w2 != 0).'''
    xs = np.array(xlim)
    return xs, -(w[0] + w[1] * xs) / w[2]


fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
ax = axes[0]
for c, marker in [(-1, "o"), (1, "s")]:
    ax.scatter(*X[y == c].T, marker=marker, edgecolors="k", label=f"class {c:+d}",
               color="tab:blue" if c < 0 else "tab:red")
xlim = (X[:, 0].min() - 0.5, X[:, 0].max() + 0.5)
steps = [k for k in range(1, len(model.history)) if model.history[k][2] != 0]
for j, k in enumerate(steps):
    shade = 0.25 + 0.75 * j / max(len(steps) - 1, 1)
    ax.plot(*boundary_xs_ys(model.history[k], xlim), color=plt.cm.Greys(shade), lw=1,
            label="boundary after each update (darker = later)" if j == len(steps) // 2 else None)
ax.plot(*boundary_xs_ys(model.w_, xlim), color="k", lw=2.5, label="final boundary")
ax.set(xlim=xlim, ylim=(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5), xlabel="$x_1$", ylabel="$x_2$",
       title=f"The boundary after each of the {model.n_mistakes} updates")
ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2)
axes[1].bar(np.arange(1, model.n_epochs_ + 1), model.mistakes_per_epoch_, color="tab:gray")
axes[1].set(xlabel="epoch", ylabel="mistakes (updates) in the epoch", title="Mistakes per epoch: the last is 0")
fig.tight_layout()
plt.show()
"""

L_NOVIKOFF = r"""
## 5. How many mistakes? Novikoff's theorem

**Assumptions.** The data are **linearly separable with margin $\gamma$**: some unit vector $\mathbf{w}^*$
($\lVert\mathbf{w}^*\rVert = 1$) has $y_i\,\mathbf{w}^*\cdot\tilde{\mathbf{x}}_i \ge \gamma > 0$ for every $i$.
Let $R = \max_i\lVert\tilde{\mathbf{x}}_i\rVert$ (all vectors here include the constant input).

**Theorem (Novikoff 1962).** The perceptron started at $\tilde{\mathbf{w}} = \mathbf{0}$ makes at most

$$k \le \left(\frac{R}{\gamma}\right)^2$$

mistakes, for every learning rate and every order of the examples.

**Proof.** Let $\mathbf{w}_k$ be the weights after $k$ updates, the $k$-th on example $i$.

1. *Progress along $\mathbf{w}^*$.*
   $\mathbf{w}_k\cdot\mathbf{w}^* = \mathbf{w}_{k-1}\cdot\mathbf{w}^* + \eta\,y_i\,\tilde{\mathbf{x}}_i\cdot\mathbf{w}^*
   \ge \mathbf{w}_{k-1}\cdot\mathbf{w}^* + \eta\gamma$, so from $\mathbf{w}_0 = \mathbf{0}$:
   $\mathbf{w}_k\cdot\mathbf{w}^* \ge k\eta\gamma$.
2. *Slow growth of the length.*
   $\lVert\mathbf{w}_k\rVert^2 = \lVert\mathbf{w}_{k-1}\rVert^2 + 2\eta\,y_i\,\mathbf{w}_{k-1}\cdot\tilde{\mathbf{x}}_i
   + \eta^2\lVert\tilde{\mathbf{x}}_i\rVert^2 \le \lVert\mathbf{w}_{k-1}\rVert^2 + \eta^2R^2$, because the middle
   term is $\le 0$ on a mistake. So $\lVert\mathbf{w}_k\rVert^2 \le k\eta^2R^2$.
3. *Combine* with Cauchy–Schwarz ($\mathbf{w}_k\cdot\mathbf{w}^* \le \lVert\mathbf{w}_k\rVert$ as
   $\lVert\mathbf{w}^*\rVert = 1$): $k\eta\gamma \le \sqrt{k}\,\eta R$, i.e. $k \le (R/\gamma)^2$. $\blacksquare$

The learning rate cancels, and the bound depends on neither the number of examples nor the dimension (except
through $R$ and $\gamma$). The weights gain length along $\mathbf{w}^*$ linearly in $k$ but total length only like
$\sqrt{k}$: the cosine of the angle between $\mathbf{w}_k$ and $\mathbf{w}^*$ is at least
$\sqrt{k}\,\gamma/R$, and a cosine cannot exceed 1.

**Checking it on data.** `make_blobs` draws two clouds separated by a hyperplane $\mathbf{u}\cdot\mathbf{x} + b = 0$
($\lVert\mathbf{u}\rVert = 1$) with every point at least `margin` from it, and can return $(\mathbf{u}, b)$. In the
augmented space $\mathbf{w}^* \propto (b, \mathbf{u})$ separates the data, so `novikoff_bound(X, y, w_star)`
gives a valid bound (the best one would use the maximum-margin separator). We train on 200 datasets with
margins from 0.02 to 1.
"""

L_FIG_NOVIKOFF = r"""
margins = np.geomspace(0.02, 1.0, 200)
mistakes, bounds = [], []
for seed, m in enumerate(margins):
    Xs, ys, u, b = make_blobs(n=60, margin=m, seed=seed, spread=0.5, signed=True, return_separator=True)
    mistakes.append(Perceptron().fit(Xs, ys).n_mistakes)
    bounds.append(novikoff_bound(Xs, ys, np.r_[b, u]))
mistakes, bounds = np.array(mistakes), np.array(bounds)
print(f"mistakes <= bound on {np.mean(mistakes <= bounds):.0%} of the {len(margins)} datasets; "
      f"largest ratio mistakes/bound: {np.max(mistakes / bounds):.3f}")

fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
axes[0].loglog(bounds, mistakes, "o", ms=4, alpha=0.7, label="one dataset")
lims = np.array([1, bounds.max() * 1.5])
axes[0].loglog(lims, lims, "k--", label="mistakes = bound")
axes[0].set(xlabel="Novikoff's bound $(R/\\gamma)^2$", ylabel="mistakes made by the perceptron",
            title="Every dataset lies below the diagonal")
axes[0].legend()
axes[1].loglog(margins, bounds, "-", color="tab:orange", label="bound $(R/\\gamma)^2$")
axes[1].loglog(margins, np.maximum(mistakes, 0.8), "o", ms=4, alpha=0.7, color="tab:blue",
               label="mistakes")
axes[1].set(xlabel="margin of the data (make_blobs)", ylabel="count", title="Smaller margin, more mistakes")
axes[1].legend()
fig.tight_layout()
plt.show()
"""

L_NOVIKOFF_AFTER = r"""
The bound holds everywhere, and it is a worst case: the actual counts are typically far below it. What it
captures correctly is the trend: as the margin shrinks, the number of mistakes the perceptron may need grows
like $1/\gamma^2$.
"""

L_LR = r"""
## 6. When does the learning rate matter?

**From $\mathbf{w}_0 = \mathbf{0}$ it does not.** By induction, after $k$ updates
$\mathbf{w}_k = \eta\sum_{j \le k} y_{i_j}\tilde{\mathbf{x}}_{i_j}$: $\eta$ times a vector that does not depend on
$\eta$. Whether the next example is a mistake depends only on the sign of
$y\,\mathbf{w}_k\cdot\tilde{\mathbf{x}}$, which $\eta > 0$ does not change. So every $\eta$ makes the same
mistakes on the same examples, and the final weights are proportional to $\eta$: the same boundary.

**From a non-zero start it does.** Now
$\mathbf{w}_k = \mathbf{w}_0 + \eta\sum_{j \le k} y_{i_j}\tilde{\mathbf{x}}_{i_j}$, and $\eta$ sets how much the
updates weigh against the start: a small $\eta$ trusts $\mathbf{w}_0$ and nudges it; a large $\eta$ soon
forgets it. (Equivalently, learning rate $\eta$ from $\mathbf{w}_0$ behaves like learning rate 1 from
$\mathbf{w}_0/\eta$.) The path, the number of mistakes and the final boundary all change.
"""

L_LR_ZERO = r"""
X, y = make_blobs(n=40, margin=0.05, seed=30, signed=True)
for eta in (0.2, 0.5, 1.0):
    m = Perceptron(lr=eta).fit(X, y)
    print(f"from w = 0, eta = {eta}: {m.n_mistakes} mistakes, w / eta = {np.round(m.w_ / eta, 3)}")
"""

L_LR_START = r"""
A natural non-zero start is the **basic linear classifier**: the perpendicular bisector of the two class means
$\mathbf{p}$ (positives) and $\mathbf{n}$ (negatives), i.e. $\mathbf{w} = \mathbf{p} - \mathbf{n}$ and
$w_0 = -(\lVert\mathbf{p}\rVert^2 - \lVert\mathbf{n}\rVert^2)/2$, so that points closer to $\mathbf{p}$ score
positive. On these data it gets a few examples wrong, and the perceptron corrects it with $\eta = 0.2, 0.5, 1$.
The circled examples are the ones that triggered an update (recovered from the weight history:
$\mathbf{w}_{k+1} - \mathbf{w}_k = \eta\,y\,\tilde{\mathbf{x}}$, whose first entry is $\eta y$).
"""

L_FIG_LR = r"""
p, n = X[y == 1].mean(axis=0), X[y == -1].mean(axis=0)
w0 = np.r_[-(p @ p - n @ n) / 2, p - n]
print("basic linear classifier: wrong on", int(np.sum(np.where(add_bias(X) @ w0 > 0, 1, -1) != y)), "examples")

fig, axes = plt.subplots(1, 3, figsize=(14, 4.3), sharey=True)
xlim = (X[:, 0].min() - 0.3, X[:, 0].max() + 0.3)
for ax, eta in zip(axes, (0.2, 0.5, 1.0)):
    m = Perceptron(lr=eta).fit(X, y, w0=w0)
    steps = np.diff(np.array(m.history), axis=0)              # each row is eta * y * x~
    triggers = steps[:, 1:] / steps[:, :1]                     # divide by eta * y to recover x
    for c, marker in [(-1, "o"), (1, "s")]:
        ax.scatter(*X[y == c].T, marker=marker, edgecolors="k", color="tab:blue" if c < 0 else "tab:red",
                   label=f"class {c:+d}")
    ax.scatter(*triggers.T, s=160, facecolors="none", edgecolors="k", lw=1.5, label="triggered an update")
    ax.plot(*boundary_xs_ys(w0, xlim), "k--", label="start: basic linear classifier")
    ax.plot(*boundary_xs_ys(m.w_, xlim), "k-", lw=2, label="final perceptron")
    ax.set(xlim=xlim, ylim=(X[:, 1].min() - 0.3, X[:, 1].max() + 0.3), xlabel="$x_1$",
           title=f"$\\eta$ = {eta}: {m.n_mistakes} updates in {m.n_epochs_} epochs")
axes[0].set_ylabel("$x_2$")
fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncol=5, fontsize="small")
fig.suptitle("Same data, same start, three learning rates: different paths")
fig.tight_layout(rect=(0, 0.07, 1, 1))
plt.show()
"""

L_LR_AFTER = r"""
On this dataset $\eta = 0.5$ needs the fewest updates; $\eta = 0.2$ moves the start only a little each time, and
$\eta = 1$ overshoots and then has to undo. This is one dataset, not a law: try other seeds and you will see
other rankings. What is general is the mechanism: **the learning rate of the perceptron only matters relative
to the size of the starting weights.**
"""

L_XOR = r"""
## 7. Linear separability, and the function one unit cannot compute

A labelled dataset is **linearly separable** if some hyperplane has all positive examples strictly on one side
and all negative ones on the other, i.e. some $\tilde{\mathbf{w}}$ has $y_i\,\tilde{\mathbf{w}}\cdot\tilde{\mathbf{x}}_i > 0$
for all $i$. This is exactly what a single perceptron can represent, and (by section 5) what it is guaranteed
to learn.

**XOR is not linearly separable.** XOR outputs 1 on (0,1) and (1,0), and 0 on (0,0) and (1,1). Suppose a unit
$\mathbb{I}[w_0 + w_1x_1 + w_2x_2 > 0]$ computed it. The four corners would require

$$
\begin{aligned}
(0,0)\mapsto 0:&\quad w_0 \le 0, & (0,1)\mapsto 1:&\quad w_0 + w_2 > 0,\\
(1,1)\mapsto 0:&\quad w_0 + w_1 + w_2 \le 0, & (1,0)\mapsto 1:&\quad w_0 + w_1 > 0.
\end{aligned}
$$

Adding the two right-hand conditions gives $2w_0 + w_1 + w_2 > 0$; adding the two left-hand ones gives
$2w_0 + w_1 + w_2 \le 0$. Contradiction: no weights exist. (Geometrically: the positives and the negatives sit at
the ends of the two diagonals of the square, which cross at $(\tfrac12, \tfrac12)$. A half-plane is convex, so
the positive side would contain the midpoint of $(0,1)$ and $(1,0)$ and the negative side the midpoint of
$(0,0)$ and $(1,1)$: the same point, on both sides at once.)

**Minsky and Papert (1969)** made such limits precise in their book *Perceptrons*, and their analysis is often
blamed for the drop in neural-network funding in the 1970s. What does the learning rule do on XOR? It never
finishes.
"""

L_XOR_RUN = r"""
X_xor, y_xor = make_logic("XOR", signed=True)
m = Perceptron(lr=1.0, max_epochs=10).fit(X_xor, y_xor)
print("converged:", m.converged_, "| mistakes per epoch:", m.mistakes_per_epoch_)
print("weights during the first epoch:", [w.tolist() for w in m.history[:5]])
"""

L_XOR_RUN_AFTER = r"""
From $\mathbf{w} = \mathbf{0}$ the four updates of each epoch cancel exactly: the weights come back to
$\mathbf{0}$ and the perceptron cycles forever. This is why a training loop needs `max_epochs`.
"""

L_FEATURES = r"""
## 8. Fix 1: a feature map

The unit is linear in whatever we feed it. Feed it the product of the inputs as a third feature,

$$\boldsymbol{\psi}(\mathbf{x}) = (x_1,\ x_2,\ x_1x_2),$$

and XOR becomes separable:

| $x_1$ | $x_2$ | $\psi_1$ | $\psi_2$ | $\psi_3 = x_1x_2$ | XOR | $-0.5 + \psi_1 + \psi_2 - 2\psi_3$ |
|---|---|---|---|---|---|---|
| 0 | 0 | 0 | 0 | 0 | 0 | $-0.5$ |
| 0 | 1 | 0 | 1 | 0 | 1 | $+0.5$ |
| 1 | 0 | 1 | 0 | 0 | 1 | $+0.5$ |
| 1 | 1 | 1 | 1 | 1 | 0 | $-0.5$ |

A hyperplane in $\boldsymbol{\psi}$-space is a curve in the original plane:
$w_0 + w_1x_1 + w_2x_2 + w_3x_1x_2 = 0$ is a hyperbola (when $w_3 \ne 0$). The perceptron learns such weights by itself.
"""

L_FEATURES_RUN = r"""
def psi(X):
    '''The feature map (x1, x2, x1*x2) for every row of X.'''
    return np.column_stack([X[:, 0], X[:, 1], X[:, 0] * X[:, 1]])


m_psi = Perceptron(lr=1.0).fit(psi(X_xor), y_xor)
print(f"converged: {m_psi.converged_} after {m_psi.n_mistakes} mistakes; w = {m_psi.w_}")
print("predictions:", m_psi.predict(psi(X_xor)), " targets:", y_xor)
"""

L_FIG_FEATURES = r"""
fig, ax = plt.subplots(figsize=(5.5, 4.5))
plot_decision_boundary(lambda G: m_psi.decision_function(psi(G)), X_xor, y_xor, ax=ax, padding=0.6,
                       title="XOR learned on the features $(x_1, x_2, x_1x_2)$")
ax.set_aspect("equal")
plt.show()
"""

L_NETWORK = r"""
## 9. Fix 2: a hidden layer of threshold units

Designing features by hand does not scale. Instead, let a first layer of threshold units compute them. With
0/1 inputs and the unit $\mathbb{I}[z > 0]$:

$$
h_1 = \mathbb{I}[x_1 + x_2 - 0.5 > 0] = x_1 \lor x_2, \qquad
h_2 = \mathbb{I}[x_1 + x_2 - 1.5 > 0] = x_1 \land x_2, \qquad
\hat{y} = \mathbb{I}[h_1 - h_2 - 0.5 > 0].
$$

The output fires when OR is on and AND is off: exactly XOR. The hidden layer maps the four corners to
$(0,0), (1,0), (1,0), (1,1)$; the two positive corners land on the **same** hidden point, and in the hidden space
a single line separates the classes.
"""

L_NETWORK_RUN = r"""
X01, t_xor = make_logic("XOR")                       # 0/1 inputs and targets
step = lambda z: (z > 0).astype(int)
H = np.column_stack([step(X01 @ [1, 1] - 0.5), step(X01 @ [1, 1] - 1.5)])   # h1 = OR, h2 = AND
y_hat = step(H @ [1, -1] - 0.5)
print(" x1 x2 | h1 h2 | y_hat target")
for x, h, o, t in zip(X01.astype(int), H, y_hat, t_xor):
    print(f" {x[0]:2d} {x[1]:2d} | {h[0]:2d} {h[1]:2d} |   {o}     {t}")
"""

L_FIG_NETWORK = r"""
fig, axes = plt.subplots(1, 2, figsize=(11, 4.4))
ax = axes[0]
plot_decision_boundary(lambda G: step(step(G @ [1, 1] - 0.5) - step(G @ [1, 1] - 1.5) - 0.5), X01, t_xor,
                       ax=ax, padding=0.6, title="Input space: the network's XOR regions")
xs = np.array([-0.6, 1.6])
ax.plot(xs, 0.5 - xs, "--", color="tab:green", lw=2.5, zorder=3, label="$h_1$ (OR) fires above $x_1 + x_2 = 0.5$")
ax.plot(xs, 1.5 - xs, ":", color="tab:purple", lw=3, zorder=3, label="$h_2$ (AND) fires above $x_1 + x_2 = 1.5$")
ax.set(xlim=(-0.6, 1.6), ylim=(-0.6, 1.6))
ax.legend(fontsize="small", loc="lower left")
ax = axes[1]
for t, marker, colour in [(0, "o", "tab:blue"), (1, "s", "tab:red")]:
    ax.scatter(*H[t_xor == t].T, s=120, marker=marker, color=colour, edgecolors="k", label=f"XOR = {t}")
hs = np.array([-0.3, 1.3])
ax.plot(hs, hs - 0.5, "k-", label="output unit: $h_1 - h_2 = 0.5$")
ax.annotate("(0,1) and (1,0)\nboth map here", xy=(1, 0), xytext=(0.45, 0.25), arrowprops=dict(arrowstyle="->"))
ax.set(xlim=(-0.3, 1.3), ylim=(-0.3, 1.3), xlabel="$h_1$ (OR)", ylabel="$h_2$ (AND)",
       title="Hidden space: now linearly separable")
ax.legend(fontsize="small", loc="upper left")
fig.tight_layout()
plt.show()
"""

L_NETWORK_AFTER = r"""
We chose these weights by hand. Could the perceptron rule learn them? No: it needs to know, for each mistake,
which way to move *each* weight, but a hidden unit has no target of its own, and a threshold unit's output
does not change at all under small weight changes, so there is no signal telling it how to improve. Smooth units (unit 3) and the chain rule (backpropagation, unit 4)
are what make hidden layers learnable; gradient descent (unit 2) is the engine.
"""

L_WIDGET = r"""
## 10. Try it: step through the perceptron

Step or play through Rosenblatt's updates. The misclassified point that triggers each update is highlighted,
the boundary moves, and the mistake count is shown against Novikoff's bound. Switch to XOR and watch the
updates never stop; change the learning rate and check the claim of section 6.
"""

L_WIDGET_CODE = r"""
from course_utils.widgets import perceptron_stepper

perceptron_stepper()
"""

L_HISTORY = r"""
## 11. A short history

* **1943** McCulloch and Pitts: the neuron as a logical threshold unit; networks of them compute Boolean
  functions.
* **1957–1958** Rosenblatt: the perceptron and its learning rule, first simulated on a computer, then built
  as the Mark I Perceptron; the press promised machines that would walk, talk and see.
* **1962** Novikoff: the convergence proof and the mistake bound $(R/\gamma)^2$.
* **1969** Minsky and Papert, *Perceptrons*: a rigorous account of what single-layer perceptrons cannot
  compute (XOR, parity, connectedness). Interest and funding for neural-network research waned for more
  than a decade, a decline often blamed on the book.
* **1986** Rumelhart, Hinton and Williams popularise backpropagation: multilayer networks of smooth units can
  be trained, and the XOR problem is solved by learning the hidden layer.
* **1989 onwards** LeCun et al. train convolutional networks on handwritten digits; since about 2006, larger
  data sets, GPUs and better training methods have made deep networks the standard tool for vision and
  speech.
"""

L_QUIZ = r"""
## Check your understanding

**1.** The perceptron with $\tilde{\mathbf{w}} = (2, -1, 0)$ classifies $\mathbf{x} = (2, 5)$ as what, and
where is its boundary?

<details><summary>Answer</summary>

The score is $2 - 1\cdot 2 + 0\cdot 5 = 0$, not $> 0$, so the output is $-1$: the point lies exactly on the
boundary, which is the vertical line $x_1 = 2$ (the weight of $x_2$ is 0). Points with $x_1 < 2$ are $+1$.
</details>

**2.** An example with $\tilde{\mathbf{x}} = (1, 2, -2)$ and $y = -1$ has score $+1$ under the current weights.
With $\eta = 0.5$, what is its score after the update?

<details><summary>Answer</summary>

$\lVert\tilde{\mathbf{x}}\rVert^2 = 1 + 4 + 4 = 9$, so the new score is $1 + \eta\,y\,\lVert\tilde{\mathbf{x}}\rVert^2
= 1 - 4.5 = -3.5$: now correctly negative.
</details>

**3.** You double every input vector (including the constant 1, i.e. you scale all $\tilde{\mathbf{x}}_i$ by 2).
What happens to Novikoff's bound? And if you only add a constant 100 to every feature?

<details><summary>Answer</summary>

Scaling all $\tilde{\mathbf{x}}_i$ by 2 doubles both $R$ and $\gamma$: the bound is unchanged. Shifting the
features by 100 makes $R$ huge while the margin (a distance between the classes) does not grow, so the bound
becomes much larger; in practice the perceptron also needs many more updates, because the bias must travel far.
Centring the data helps.
</details>

**4.** Two students train a perceptron from $\mathbf{w} = \mathbf{0}$ on the same data in the same order, one
with $\eta = 0.1$, the other with $\eta = 10$. How do their results differ?

<details><summary>Answer</summary>

Only by scale: the same mistakes on the same examples, and weights in the ratio 1 : 100, so the same boundary
and the same predictions (up to floating-point rounding when a score is exactly 0). From a non-zero start they
would differ.
</details>

**5.** Is NAND (the negation of AND) computable by one perceptron? And XNOR?

<details><summary>Answer</summary>

NAND, yes: negate the AND weights, $\tilde{\mathbf{w}} = (1.5, -1, -1)$. XNOR, no: it is XOR with the labels
swapped, and the same contradiction applies (swap every $>$ and $\le$ in the proof).
</details>
"""

L_SUMMARY = r"""
## Summary

* A perceptron is a threshold unit: $o = +1$ if $\tilde{\mathbf{w}}\cdot\tilde{\mathbf{x}} > 0$, else $-1$,
  with the bias as the weight of a constant input 1. Its decision surface is a hyperplane with normal
  $\mathbf{w}$.
* Rosenblatt's rule updates only on mistakes ($y\,\tilde{\mathbf{w}}\cdot\tilde{\mathbf{x}} \le 0$):
  $\tilde{\mathbf{w}} \leftarrow \tilde{\mathbf{w}} + \eta\,y\,\tilde{\mathbf{x}}$, which raises
  $y\,\tilde{\mathbf{w}}\cdot\tilde{\mathbf{x}}$ by $\eta\lVert\tilde{\mathbf{x}}\rVert^2$.
* On data separable with margin $\gamma$ it makes at most $(R/\gamma)^2$ mistakes (Novikoff 1962), whatever the
  learning rate and the order.
* From $\mathbf{w} = \mathbf{0}$ the learning rate only rescales the weights; from a non-zero start it changes
  the path.
* One unit can only represent linearly separable functions; XOR is not one (Minsky & Papert 1969). A feature
  map such as $(x_1, x_2, x_1x_2)$ or a hidden layer (OR and AND units) fixes this; learning hidden layers
  needs smooth units and gradients, the subject of the next units.
"""

L_REFS = r"""
## References

* W. S. McCulloch and W. Pitts (1943). A logical calculus of the ideas immanent in nervous activity.
  *Bulletin of Mathematical Biophysics* 5(4), 115–133.
* F. Rosenblatt (1958). The perceptron: a probabilistic model for information storage and organization in the
  brain. *Psychological Review* 65(6), 386–408.
* A. B. J. Novikoff (1962). On convergence proofs on perceptrons. *Proceedings of the Symposium on the
  Mathematical Theory of Automata* 12, 615–622.
* M. Minsky and S. Papert (1969). *Perceptrons: An Introduction to Computational Geometry*. MIT Press.
* D. E. Rumelhart, G. E. Hinton and R. J. Williams (1986). Learning representations by back-propagating errors.
  *Nature* 323, 533–536.
* For further reading: P. Flach (2012), *Machine Learning*, Cambridge University Press, ch. 7 (the perceptron
  and the basic linear classifier); T. Mitchell (1997), *Machine Learning*, McGraw-Hill, ch. 4.
"""


def lecture_cells():
    return [
        md(L_TITLE), code(L_IMPORTS),
        md(L_NEURON), code(L_ADD_BIAS),
        md(L_SURFACE), code(L_AND_OR), code(L_FIG_AND_OR),
        md(L_RULE), code(L_ONE_UPDATE),
        md(L_ALGO), code(L_TRAIN), code(L_FIG_TRAIN),
        md(L_NOVIKOFF), code(L_FIG_NOVIKOFF), md(L_NOVIKOFF_AFTER),
        md(L_LR), code(L_LR_ZERO), md(L_LR_START), code(L_FIG_LR), md(L_LR_AFTER),
        md(L_XOR), code(L_XOR_RUN), md(L_XOR_RUN_AFTER),
        md(L_FEATURES), code(L_FEATURES_RUN), code(L_FIG_FEATURES),
        md(L_NETWORK), code(L_NETWORK_RUN), code(L_FIG_NETWORK), md(L_NETWORK_AFTER),
        md(L_WIDGET), code(L_WIDGET_CODE),
        md(L_HISTORY), md(L_QUIZ), md(L_SUMMARY), md(L_REFS),
    ]


SOLUTION = ROOT / "solutions" / "01_perceptron" / "perceptron.ipynb"
LECTURE = ROOT / "lectures" / "01_perceptron.ipynb"
TARGETS = [(SOLUTION, solution_cells, "perceptron"), (LECTURE, lecture_cells, "01_perceptron")]


def main(argv=None) -> int:
    return build_cli(TARGETS, argv, __file__)


if __name__ == "__main__":
    sys.exit(main())
