"""Build the notebooks of unit 05_optimization (nbgrader source and lecture).

    .venv/bin/python tools/build_05_optimization.py          # writes both notebooks
    .venv/bin/python tools/build_05_optimization.py --check  # exit 1 if the committed files differ

The committed notebooks must equal the output of this script. The lecture's cells live in
tools/build_05_optimization_lecture.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from nb import answer, build_cli, code, grade, md, readonly, written  # noqa: E402

CK = "from course_utils.checks import proven_checks\nck = proven_checks()\n"


def lit(a) -> str:
    """A NumPy literal of ``a`` with every float written in full (repr), for expected values in tests."""
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == 0:
        return repr(float(a))
    return "np.array(" + repr(a.tolist()) + ")"


# ===================================================================================== solution
INTRO = r"""
# Unit 5 — Optimization (exercise)

In this assignment you write the machinery that turns a gradient into good training: mini-batches, the
update rules of momentum, Nesterov momentum, RMSProp and Adam, two learning-rate schedules, and the two
standard weight initializations. Every rule is the one of `torch.optim` (and of `course_utils.optim`), stated
exactly in each section, so what you write here computes the same numbers as the framework you will use
next. The lecture `lectures/05_optimization.ipynb` derives all of them.

| # | what you implement | points |
|---|---|---|
| 1 | `random_minibatches(X, y, batch_size, rng)` | 14 |
| 2 | `momentum_update(w, dw, v, lr, beta)` | 12 |
| 3 | `nesterov_update(w, dw, v, lr, beta)` | 10 |
| 4 | `rmsprop_update(w, dw, s, lr, alpha, eps)` | 10 |
| 5 | `adam_update(w, dw, m, v, t, lr, beta1, beta2, eps)` | 16 |
| 6 | `step_decay(lr0, epoch, drop, every)` | 7 |
| 7 | `inverse_time_decay(lr0, epoch, k)` | 5 |
| 8 | `xavier_init(n_in, n_out, rng)` | 8 |
| 9 | `he_init(n_in, n_out, rng)` | 8 |
| 10 | written answer: SGD, momentum and Adam on the moons | 10 |
| | **total** | **100** |

**Notation.** `w` is a parameter array (any shape), `dw` its gradient $g = \partial L/\partial w$ (same
shape), $\eta$ (`lr`) the learning rate; all operations are element-wise. The optimizer's state (`v`, `s`,
`m`) has the shape of `w` and is all zeros before the first step. A data set has one example per **row**:
`X` has shape `(n, d)`, `y` shape `(n,)`. Weight matrices have shape `(n_in, n_out)` (the layout of
`X @ W + b`).

**How to work.** Write your code between the lines `# YOUR CODE HERE` (delete the
`raise NotImplementedError()`), keeping the function names and signatures exactly as given: the
autograder calls them by name. Read each docstring: it is the contract your function must meet.

**How to check yourself.** Run the notebook from the top (*Kernel → Restart & Run All*). Each function
is followed by a locked test cell: when it runs without an error your function passes the visible
tests, and when it fails the message says what is wrong and, where it recognises a common mistake,
which one. Before you submit, run from the course folder

```
course validate exercises/05_optimization/optimization.ipynb
```

which reports every question as passing or failing. The graders run further, hidden tests (several steps
in a row on random arrays, compared number for number with a reference; edge cases), so passing the visible
tests is necessary, not sufficient.

**Rules.** Use NumPy only; do not import the functions you are asked to write from `course_utils`
(the tests detect it). **Never modify the arrays you are given**: the update functions return *new*
arrays (write `w - lr * v`, not `w -= lr * v`). Draw random numbers only from the generator `rng` you are
given, with exactly the call the docstring names, so that the same seed gives the same numbers as the
reference.
"""

SETUP = r"""
import numpy as np
import matplotlib.pyplot as plt

from course_utils.data import make_moons, train_val_test_split, standardize

np.set_printoptions(precision=6, suppress=True)
"""

# ------------------------------------------------------------------------------ mini-batches
MB_MD = r"""
## 1. Mini-batches (14 points)

Batch gradient descent computes the gradient on all $n$ training examples before every step; single-sample
(stochastic) descent steps after each example. **Mini-batch** training sits in between: shuffle the
training set, cut it into consecutive batches of `batch_size` examples, and take one step per batch. One
pass over all batches is an **epoch**; a fresh shuffle every epoch keeps the batches from repeating.

Write `random_minibatches(X, y, batch_size, rng)`:

1. draw **one** permutation `perm = rng.permutation(n)` of the row indices (with the generator you are
   given: the graders give you a seeded one and expect exactly its permutation);
2. reorder `X` **and** `y` with the same `perm`, so that each label stays with its example;
3. cut the reordered arrays into consecutive slices of `batch_size` rows: batch $j$ holds rows
   $j\cdot b, \dots, (j+1)\cdot b - 1$. When `batch_size` does not divide $n$, the **last batch is smaller**
   (it holds the remaining $n \bmod b$ examples); do not drop it and do not pad it.

Every example then appears in exactly one batch, exactly once. With $n = 10$ and `batch_size = 4` the batch
sizes are 4, 4, 2; with `batch_size` $\ge n$ there is a single batch.
"""

MB_SRC = r'''
def random_minibatches(X, y, batch_size, rng):
    """Shuffle a data set once and cut it into mini-batches (one epoch).

    With ``perm = rng.permutation(n)``, batch ``j`` is
    ``(X[perm][j*b:(j+1)*b], y[perm][j*b:(j+1)*b])`` for ``j = 0, ..., ceil(n/b) - 1``: every example
    appears exactly once, rows of ``X`` stay with their labels, and the last batch holds the remaining
    ``n mod b`` examples when ``b`` does not divide ``n``. ``X`` and ``y`` are not modified.

    Parameters
    ----------
    X : ndarray, shape (n, d)
        Inputs, one example per row.
    y : ndarray, shape (n,)
        Labels.
    batch_size : int
        ``b >= 1``, the number of examples per batch (the last batch may be smaller).
    rng : numpy.random.Generator
        Draws the permutation with exactly one call ``rng.permutation(n)``.

    Returns
    -------
    batches : list of tuples (X_batch, y_batch)
        ``ceil(n / b)`` pairs; ``X_batch`` has shape ``(b_j, d)`` and ``y_batch`` shape ``(b_j,)``, with
        ``b_j = b`` except possibly for the last batch.
    """
    ### BEGIN SOLUTION
    n = X.shape[0]
    perm = rng.permutation(n)
    X_shuffled, y_shuffled = X[perm], y[perm]
    return [(X_shuffled[start:start + batch_size], y_shuffled[start:start + batch_size])
            for start in range(0, n, batch_size)]
    ### END SOLUTION
'''

MB_HELPER = r'''
def _order_of(batches, X, y, what):
    """Check the structure of the batches and return the order in which the rows were visited."""
    ck.true(isinstance(batches, list), f"{what} must return a list of (X_batch, y_batch) pairs, "
            f"got {type(batches).__name__}")
    ck.true(len(batches) > 0, f"{what} returned an empty list")
    order = []
    for j, pair in enumerate(batches):
        ck.true(isinstance(pair, tuple) and len(pair) == 2,
                f"{what}: batch {j} is not a pair (X_batch, y_batch)")
        Xb, yb = np.asarray(pair[0]), np.asarray(pair[1])
        ck.true(Xb.ndim == 2 and Xb.shape[1] == X.shape[1] and yb.shape == (Xb.shape[0],),
                f"{what}: batch {j} has X_batch of shape {Xb.shape} and y_batch of shape {yb.shape}; "
                f"expected (b, {X.shape[1]}) and (b,)")
        ck.true(np.array_equal(Xb[:, 0], X[yb, 0]) if np.issubdtype(yb.dtype, np.integer) and
                yb.size and yb.min() >= 0 and yb.max() < len(X) else False,
                f"{what}: in batch {j} the rows of X_batch no longer sit next to their labels y_batch: "
                "X and y must be reordered with the SAME permutation (rows and labels stay together)")
        order.extend(int(i) for i in yb)
    return np.array(order)
'''

MB_TEST = CK + MB_HELPER + r'''
# --- visible tests ----------------------------------------------------------------------------
n, d = 10, 3
X = np.arange(n * d, dtype=float).reshape(n, d)   # row i is [3i, 3i + 1, 3i + 2]
y = np.arange(n)                                  # label i belongs to row i
batches = ck.unchanged(random_minibatches, X, y, 4, np.random.default_rng(0))
order = _order_of(batches, X, y, "random_minibatches(X, y, 4, rng)")
sizes = [len(pair[1]) for pair in batches]
ck.equal(sizes, [4, 4, 2], "the batch sizes for n = 10, batch_size = 4",
         mistakes=[([4, 4], "the last, smaller batch (the remaining 10 mod 4 = 2 examples) is missing: "
                            "loop over start = 0, b, 2b, ... while start < n"),
                   ([4, 4, 4], "the last batch must hold only the 2 remaining examples (no padding, no wrap-around)")])
ck.true(len(set(order.tolist())) == n, "every example must appear exactly once per epoch: shuffle with a "
        "permutation, do not sample indices with replacement")
ck.true(not np.array_equal(order, np.arange(n)), "the examples come in their stored order: shuffle them "
        "first with perm = rng.permutation(n)")
ck.equal(order, np.random.default_rng(0).permutation(n),
         "the order of the examples for rng = np.random.default_rng(0) (shuffle with exactly one call "
         "perm = rng.permutation(n) on the rng argument, not np.random)",
         mistakes=[(np.random.default_rng(0).permutation(n)[::-1], "the order is reversed")])
print("random_minibatches: visible tests passed")

### BEGIN HIDDEN TESTS
from course_utils.training import minibatches as _ref_minibatches
for n, d, b, seed in [(23, 2, 5, 1), (8, 4, 8, 2), (7, 3, 20, 3), (12, 1, 1, 4), (100, 5, 32, 5), (9, 2, 3, 6)]:
    X = np.arange(n * d, dtype=float).reshape(n, d) + 0.5
    y = np.arange(n)
    got = ck.unchanged(random_minibatches, X, y, b, np.random.default_rng(seed))
    what = f"random_minibatches with n = {n}, batch_size = {b}"
    order = _order_of(got, X, y, what)
    ref = list(_ref_minibatches(X, y, b, np.random.default_rng(seed)))
    ck.equal([len(p[1]) for p in got], [len(p[1]) for p in ref], f"the batch sizes of {what}",
             mistakes=[([len(p[1]) for p in ref][:-1], "the last, smaller batch is missing")]
             if n % b else [])
    ck.true(len(set(order.tolist())) == n and len(order) == n,
            f"{what}: every example must appear exactly once")
    ck.equal(order, np.concatenate([p[1] for p in ref]),
             f"the order of the examples in {what}: use perm = rng.permutation(n) from the rng you are "
             "given (one call, no other random numbers drawn before it)")
    for (Xb, yb), (Xr, yr) in zip(got, ref):
        ck.close(Xb, Xr, f"an X_batch of {what}")
# the order depends on the generator, and the same seed gives the same batches
X = np.arange(40, dtype=float).reshape(20, 2); y = np.arange(20)
o1 = _order_of(random_minibatches(X, y, 6, np.random.default_rng(7)), X, y, "random_minibatches")
o2 = _order_of(random_minibatches(X, y, 6, np.random.default_rng(7)), X, y, "random_minibatches")
o3 = _order_of(random_minibatches(X, y, 6, np.random.default_rng(8)), X, y, "random_minibatches")
ck.true(np.array_equal(o1, o2), "the same seed must give the same batches: draw only from rng")
ck.true(not np.array_equal(o1, o3), "different generators must give different orders: shuffle with the rng "
        "you are given, not with np.random")
# one generator, two epochs: two different orders
rng = np.random.default_rng(9)
e1 = _order_of(random_minibatches(X, y, 6, rng), X, y, "random_minibatches")
e2 = _order_of(random_minibatches(X, y, 6, rng), X, y, "random_minibatches")
ck.true(not np.array_equal(e1, e2), "calling random_minibatches twice with the same generator (two epochs) "
        "must reshuffle: draw a fresh rng.permutation(n) on every call")
# labels of another dtype and several columns travel with their rows
Xs = np.random.default_rng(3).normal(size=(11, 4)); ys = np.array(list("abcdefghijk"))
got = random_minibatches(Xs, ys, 4, np.random.default_rng(10))
perm = np.random.default_rng(10).permutation(11)
ck.close(np.concatenate([p[0] for p in got]), Xs[perm], "the rows of all X batches, in order")
ck.true(np.array_equal(np.concatenate([p[1] for p in got]), ys[perm]), "the labels of all batches, in order")
ck.not_delegated(random_minibatches)
### END HIDDEN TESTS
'''

# ------------------------------------------------------------------------------ momentum
w0 = np.array([1.0, -2.0, 0.5, 3.0])
g0 = np.array([0.5, 1.0, -2.0, 0.0])
v0 = np.array([0.2, -0.4, 0.0, 1.0])

from course_utils import optim as _opt  # noqa: E402  (build time only: expected values for visible tests)

MOM_W, MOM_V = _opt.momentum_update(w0, g0, v0, 0.1, 0.9)
NES_W, NES_V = _opt.momentum_update(w0, g0, v0, 0.1, 0.9, nesterov=True)

MOM_MD = r"""
## 2. Momentum (12 points)

Gradient descent with momentum (Polyak 1964) keeps a **velocity** $v$, a running sum of past gradients in
which older gradients fade by the factor $\beta$ per step, and moves the weights along the velocity. This
course uses the convention of `torch.optim.SGD(momentum=β)` (and of `course_utils.optim`):

$$v \leftarrow \beta\, v + g, \qquad w \leftarrow w - \eta\, v ,$$

with $v = 0$ before the first step (so the first step is a plain gradient step $w - \eta g$). Note the
order: first the new velocity, then the step **with the new velocity**. While the gradient stays the same,
$v$ grows towards $g/(1-\beta)$, so the step grows towards $\eta g/(1 - \beta)$: ten times the plain step for
$\beta = 0.9$.

(You may meet the equivalent form $v \leftarrow \beta v - \eta g;\ w \leftarrow w + v$: for a constant $\eta$
it produces the same weights with a velocity scaled by $-\eta$. The tests compare your velocity too, so use
the form above.)

Return **new** arrays `(w_new, v_new)`; do not change `w`, `dw` or `v`.
"""

MOM_SRC = r'''
def momentum_update(w, dw, v, lr, beta=0.9):
    r"""One step of gradient descent with (heavy-ball) momentum, as torch.optim.SGD(momentum=beta).

    .. math:: v \leftarrow \beta v + g, \qquad w \leftarrow w - \eta v

    Parameters
    ----------
    w : ndarray (any shape)
        Current parameter.
    dw : ndarray, same shape as ``w``
        Gradient ``g = dL/dw`` at ``w``.
    v : ndarray, same shape as ``w``
        Velocity before this step (zeros before the first step).
    lr : float
        Learning rate ``eta``.
    beta : float
        Momentum coefficient in [0, 1).

    Returns
    -------
    w_new, v_new : ndarrays, same shape as ``w``
        The updated parameter and velocity, as new arrays (the inputs are not modified).
    """
    ### BEGIN SOLUTION
    v_new = beta * v + dw
    w_new = w - lr * v_new
    return w_new, v_new
    ### END SOLUTION
'''

MOM_TEST = CK + f'''
# --- visible tests ----------------------------------------------------------------------------
w = np.array([1.0, -2.0, 0.5, 3.0])
dw = np.array([0.5, 1.0, -2.0, 0.0])
v = np.array([0.2, -0.4, 0.0, 1.0])
result = ck.unchanged(momentum_update, w, dw, v, 0.1, 0.9)
ck.true(isinstance(result, tuple) and len(result) == 2, "momentum_update must return a pair (w_new, v_new)")
w_new, v_new = result
ck.close(v_new, {lit(MOM_V)}, "the new velocity v_new",
         mistakes=[(0.9 * v + 0.1 * dw, "this is an average v = beta v + (1 - beta) g; the velocity here is "
                                        "v = beta v + g, without the factor (1 - beta)"),
                   (0.9 * v - 0.1 * dw, "you used the convention v = beta v - lr g (and w = w + v); this course "
                                        "follows torch.optim: v = beta v + g and w = w - lr v"),
                   (v, "v_new equals the old velocity: compute v_new = beta * v + dw"),
                   (dw + v, "the old velocity must be multiplied by beta: v_new = beta * v + dw")])
ck.close(w_new, {lit(MOM_W)}, "the new weights w_new",
         mistakes=[(w + 0.1 * (0.9 * v + dw), "the momentum sign is flipped: step against the velocity, "
                                              "w_new = w - lr * v_new"),
                   (w - 0.1 * v, "you stepped with the OLD velocity: first v_new = beta v + dw, then "
                                 "w_new = w - lr * v_new"),
                   (w - 0.1 * dw, "this is a plain gradient step: move along the velocity, w - lr * v_new")])
# from rest, the first step is a plain gradient step
w1, v1 = momentum_update(w, dw, np.zeros(4), 0.1, 0.9)
ck.close(v1, dw, "the velocity after the first step from v = 0")
ck.close(w1, w - 0.1 * dw, "the weights after the first step from v = 0 (a plain gradient step)")
print("momentum_update: visible tests passed")

### BEGIN HIDDEN TESTS
from course_utils.optim import momentum_update as _ref
rng = np.random.default_rng(31)
for shape, lr, beta in [((5,), 0.1, 0.9), ((3, 4), 0.03, 0.5), ((2, 3, 2), 1.0, 0.99), ((1,), 0.5, 0.0)]:
    w = rng.normal(size=shape); v = np.zeros(shape); wr, vr = w.copy(), v.copy()
    for step in range(6):
        dw = rng.normal(size=shape) * 3
        w, v = ck.unchanged(momentum_update, w, dw, v, lr, beta)
        wr, vr = _ref(wr, dw, vr, lr, beta)
        ck.close(v, vr, f"the velocity after {{step + 1}} steps (lr = {{lr}}, beta = {{beta}})", rtol=1e-10, atol=1e-12)
        ck.close(w, wr, f"the weights after {{step + 1}} steps (lr = {{lr}}, beta = {{beta}})", rtol=1e-10, atol=1e-12)
# a constant gradient: the step approaches lr * g / (1 - beta)
w, v = np.zeros(2), np.zeros(2)
for _ in range(200):
    w_old = w
    w, v = momentum_update(w, np.array([1.0, -2.0]), v, 0.01, 0.9)
ck.close(w - w_old, -0.01 * np.array([1.0, -2.0]) / 0.1, "the step under a constant gradient after 200 steps",
         rtol=1e-6)
ck.not_delegated(momentum_update)
### END HIDDEN TESTS
'''

# ------------------------------------------------------------------------------ nesterov
NES_MD = r"""
## 3. Nesterov momentum (10 points)

Nesterov's accelerated gradient (Nesterov 1983) evaluates the gradient not where the weights are but where
the velocity is about to carry them: it **looks ahead**. Sutskever et al. (2013) wrote it for networks as
$u \leftarrow \beta u - \eta \nabla L(w + \beta u);\ w \leftarrow w + u$. Tracking the look-ahead point
instead of $w$ (the lecture does the algebra) gives the form of `torch.optim.SGD(momentum=β, nesterov=True)`,
which needs only the gradient $g$ at the current weights:

$$v \leftarrow \beta\, v + g, \qquad w \leftarrow w - \eta\,(g + \beta\, v),$$

where the $v$ in the second formula is the **new** velocity. Compared with plain momentum, the step replaces
$v = \beta v_{\text{old}} + g$ by $g + \beta v$: the current gradient plus one more step of velocity, the
look-ahead. With $v = 0$ before the first step, the first step is $w - \eta (1 + \beta) g$.

Return new arrays `(w_new, v_new)`; do not change the inputs.
"""

NES_SRC = r'''
def nesterov_update(w, dw, v, lr, beta=0.9):
    r"""One step of Nesterov momentum, as torch.optim.SGD(momentum=beta, nesterov=True).

    .. math:: v \leftarrow \beta v + g, \qquad w \leftarrow w - \eta\,(g + \beta v)

    (``v`` in the second formula is the new velocity.)

    Parameters
    ----------
    w : ndarray (any shape)
        Current parameter.
    dw : ndarray, same shape as ``w``
        Gradient ``g = dL/dw`` at ``w``.
    v : ndarray, same shape as ``w``
        Velocity before this step (zeros before the first step).
    lr : float
        Learning rate ``eta``.
    beta : float
        Momentum coefficient in [0, 1).

    Returns
    -------
    w_new, v_new : ndarrays, same shape as ``w``
        The updated parameter and velocity, as new arrays (the inputs are not modified).
    """
    ### BEGIN SOLUTION
    v_new = beta * v + dw
    w_new = w - lr * (dw + beta * v_new)
    return w_new, v_new
    ### END SOLUTION
'''

NES_TEST = CK + f'''
# --- visible tests ----------------------------------------------------------------------------
w = np.array([1.0, -2.0, 0.5, 3.0])
dw = np.array([0.5, 1.0, -2.0, 0.0])
v = np.array([0.2, -0.4, 0.0, 1.0])
result = ck.unchanged(nesterov_update, w, dw, v, 0.1, 0.9)
ck.true(isinstance(result, tuple) and len(result) == 2, "nesterov_update must return a pair (w_new, v_new)")
w_new, v_new = result
ck.close(v_new, {lit(NES_V)}, "the new velocity v_new",
         mistakes=[(0.9 * v - 0.1 * dw, "you used the convention v = beta v - lr g; this course follows "
                                        "torch.optim: v = beta v + g"),
                   (0.9 * v + 0.1 * dw, "the velocity is v = beta v + g, without a factor (1 - beta)")])
v_n = 0.9 * v + dw
ck.close(w_new, {lit(NES_W)}, "the new weights w_new",
         mistakes=[(w - 0.1 * v_n, "this is plain momentum, w - lr v: the Nesterov look-ahead is missing; "
                                   "step with w - lr (g + beta v_new)"),
                   (w - 0.1 * 0.9 * v_n, "the current gradient is missing from the step: "
                                         "w - lr (g + beta v_new)"),
                   (w + 0.1 * (dw + 0.9 * v_n), "the sign is flipped: w_new = w - lr (g + beta v_new)"),
                   (w - 0.1 * (v_n + 0.9 * v_n), "the step is g + beta v_new, not v_new + beta v_new")])
# from rest, the first step is w - lr (1 + beta) g
w1, v1 = nesterov_update(w, dw, np.zeros(4), 0.1, 0.9)
ck.close(w1, w - 0.1 * 1.9 * dw, "the weights after the first step from v = 0, w - lr (1 + beta) g",
         mistakes=[(w - 0.1 * dw, "the first Nesterov step from rest is w - lr (1 + beta) g: the look-ahead "
                                  "beta * v_new is missing")])
print("nesterov_update: visible tests passed")

### BEGIN HIDDEN TESTS
from course_utils.optim import momentum_update as _ref
rng = np.random.default_rng(32)
for shape, lr, beta in [((5,), 0.1, 0.9), ((3, 4), 0.03, 0.5), ((2, 3, 2), 1.0, 0.99), ((1,), 0.5, 0.0)]:
    w = rng.normal(size=shape); v = np.zeros(shape); wr, vr = w.copy(), v.copy()
    for step in range(6):
        dw = rng.normal(size=shape) * 3
        w, v = ck.unchanged(nesterov_update, w, dw, v, lr, beta)
        wr, vr = _ref(wr, dw, vr, lr, beta, nesterov=True)
        ck.close(v, vr, f"the velocity after {{step + 1}} Nesterov steps (lr = {{lr}}, beta = {{beta}})",
                 rtol=1e-10, atol=1e-12)
        ck.close(w, wr, f"the weights after {{step + 1}} Nesterov steps (lr = {{lr}}, beta = {{beta}})",
                 rtol=1e-10, atol=1e-12)
ck.not_delegated(nesterov_update)
### END HIDDEN TESTS
'''

# ------------------------------------------------------------------------------ rmsprop
w1r = np.array([1.0, -2.0, 0.5, 3.0])
g1r = np.array([0.02, -0.01, 0.003, 0.0])
s1r = np.array([1e-4, 4e-4, 0.0, 1e-5])
RMS_W, RMS_S = _opt.rmsprop_update(w1r, g1r, s1r, 0.01, 0.9, 1e-3)

RMS_MD = r"""
## 4. RMSProp (10 points)

RMSProp (Tieleman & Hinton 2012) divides each coordinate's gradient by a running root-mean-square of its
recent gradients, so that coordinates with large gradients take smaller steps and coordinates with small
gradients larger ones. With $s$ an exponential moving average of the squared gradients (zeros before the
first step), `torch.optim.RMSprop` (not centered, no momentum) and `course_utils.optim` compute

$$s \leftarrow \alpha\, s + (1 - \alpha)\, g^2, \qquad w \leftarrow w - \eta\, \frac{g}{\sqrt{s} + \varepsilon},$$

element-wise, with the **new** $s$ in the step. Two details matter:

- $\alpha$ (typically 0.99) multiplies the **old** average and $1-\alpha$ the new squared gradient;
- $\varepsilon$ is added **after** the square root, $\sqrt{s} + \varepsilon$, not inside it
  ($\sqrt{s + \varepsilon}$ is a different rule and gives different steps when gradients are small).

Return new arrays `(w_new, s_new)`; do not change the inputs.
"""

RMS_SRC = r'''
def rmsprop_update(w, dw, s, lr, alpha=0.99, eps=1e-8):
    r"""One RMSProp step, as torch.optim.RMSprop (not centered, no momentum).

    .. math:: s \leftarrow \alpha s + (1 - \alpha) g^2, \qquad
              w \leftarrow w - \eta \frac{g}{\sqrt{s} + \varepsilon}

    (element-wise; ``eps`` is added after the square root of the new ``s``.)

    Parameters
    ----------
    w : ndarray (any shape)
        Current parameter.
    dw : ndarray, same shape as ``w``
        Gradient ``g``.
    s : ndarray, same shape as ``w``
        Running average of squared gradients before this step (zeros before the first step).
    lr : float
        Learning rate ``eta``.
    alpha : float
        Decay rate of the average, in [0, 1).
    eps : float
        Small constant added to the square root.

    Returns
    -------
    w_new, s_new : ndarrays, same shape as ``w``
        New arrays (the inputs are not modified).
    """
    ### BEGIN SOLUTION
    s_new = alpha * s + (1 - alpha) * dw * dw
    w_new = w - lr * dw / (np.sqrt(s_new) + eps)
    return w_new, s_new
    ### END SOLUTION
'''

RMS_TEST = CK + f'''
# --- visible tests ----------------------------------------------------------------------------
w = np.array([1.0, -2.0, 0.5, 3.0])
dw = np.array([0.02, -0.01, 0.003, 0.0])
s = np.array([1e-4, 4e-4, 0.0, 1e-5])
result = ck.unchanged(rmsprop_update, w, dw, s, 0.01, 0.9, 1e-3)
ck.true(isinstance(result, tuple) and len(result) == 2, "rmsprop_update must return a pair (w_new, s_new)")
w_new, s_new = result
ck.close(s_new, {lit(RMS_S)}, "the new square average s_new", rtol=1e-9, atol=1e-15,
         mistakes=[(0.1 * s + 0.9 * dw ** 2, "alpha and 1 - alpha are swapped: s = alpha s + (1 - alpha) g^2 "
                                             "keeps most of the old average"),
                   (0.9 * s + 0.1 * dw, "square the gradient: s = alpha s + (1 - alpha) g^2"),
                   (0.9 * s + dw ** 2, "the new squared gradient is weighted by (1 - alpha)")])
s_n = 0.9 * s + 0.1 * dw ** 2
ck.close(w_new, {lit(RMS_W)}, "the new weights w_new", rtol=1e-9, atol=1e-12,
         mistakes=[(w - 0.01 * dw / np.sqrt(s_n + 1e-3), "eps is inside the square root: use "
                                                       "g / (sqrt(s) + eps), eps added after the root"),
                   (w - 0.01 * dw / (s_n + 1e-3), "the square root is missing: divide by sqrt(s) + eps"),
                   (w - 0.01 * dw / (np.sqrt(s) + 1e-3), "you divided by the OLD average: update s first, "
                                                        "then step with the new s"),
                   (w + 0.01 * dw / (np.sqrt(s_n) + 1e-3), "the sign is flipped: w_new = w - lr g / (sqrt(s) + eps)")])
print("rmsprop_update: visible tests passed")

### BEGIN HIDDEN TESTS
from course_utils.optim import rmsprop_update as _ref
rng = np.random.default_rng(33)
for shape, lr, alpha, eps, scale in [((5,), 0.01, 0.99, 1e-8, 1.0), ((3, 4), 0.001, 0.9, 1e-8, 1e-5),
                                     ((2, 3, 2), 0.1, 0.5, 1e-4, 10.0), ((6,), 0.01, 0.0, 1e-2, 0.1)]:
    w = rng.normal(size=shape); s = np.zeros(shape); wr, sr = w.copy(), s.copy()
    for step in range(6):
        dw = rng.normal(size=shape) * scale
        w, s = ck.unchanged(rmsprop_update, w, dw, s, lr, alpha, eps)
        wr, sr = _ref(wr, dw, sr, lr, alpha, eps)
        what = f"after {{step + 1}} RMSProp steps (lr = {{lr}}, alpha = {{alpha}}, eps = {{eps}}, |g| ~ {{scale}})"
        ck.close(s, sr, "the square average " + what, rtol=1e-9, atol=1e-300)
        ck.close(w, wr, "the weights " + what, rtol=1e-9, atol=1e-12)
# a zero gradient leaves w unchanged and needs no warning
w = np.array([1.0, 2.0]); z = np.zeros(2)
w2, s2 = ck.no_warnings(rmsprop_update, w, z, z, 0.01, 0.99, 1e-8)
ck.close(w2, w, "the weights after a zero gradient from s = 0")
ck.not_delegated(rmsprop_update)
### END HIDDEN TESTS
'''

# ------------------------------------------------------------------------------ adam
w_a = np.array([1.0, -2.0, 0.5, 3.0])
g_a = np.array([0.02, -0.01, 0.003, -0.05])
ADAM_W1, ADAM_M1, ADAM_V1 = _opt.adam_update(w_a, g_a, np.zeros(4), np.zeros(4), 1, 0.01, 0.9, 0.999, 1e-3)
g_b = np.array([0.01, 0.02, -0.004, -0.03])
ADAM_W2, ADAM_M2, ADAM_V2 = _opt.adam_update(ADAM_W1, g_b, ADAM_M1, ADAM_V1, 2, 0.01, 0.9, 0.999, 1e-3)

ADAM_MD = r"""
## 5. Adam (16 points)

Adam (Kingma & Ba 2015) keeps two exponential moving averages, of the gradient ($m$, the first moment, like
a velocity) and of the squared gradient ($v$, the second moment, like RMSProp's $s$), both zero before the
first step, and counts the steps $t = 1, 2, 3, \dots$. Step number $t$ is

$$\begin{aligned}
m &\leftarrow \beta_1\, m + (1 - \beta_1)\, g, &\qquad v &\leftarrow \beta_2\, v + (1 - \beta_2)\, g^2,\\
\hat m &= \frac{m}{1 - \beta_1^{\,t}}, & \hat v &= \frac{v}{1 - \beta_2^{\,t}},\\
w &\leftarrow w - \eta\, \frac{\hat m}{\sqrt{\hat v} + \varepsilon},
\end{aligned}$$

exactly as in `torch.optim.Adam` and `course_utils.optim`. The **bias correction** $\hat m, \hat v$ undoes
the pull towards the zero start: after the first step $m = (1 - \beta_1) g = 0.1\,g$ and
$v = (1 - \beta_2) g^2 = 0.001\,g^2$, far too small as estimates of the mean gradient and the mean squared
gradient, while $\hat m = g$ and $\hat v = g^2$ are right. Details the tests check:

- $t$ is the number of the step being taken, **starting at 1** (so `t = 1` on the first call);
- return the **raw** moments $m, v$ (the state for the next step), not $\hat m, \hat v$;
- $\varepsilon$ is added after the square root of $\hat v$ (Kingma & Ba also mention folding the corrections
  into the learning rate, $\eta\sqrt{1-\beta_2^t}/(1-\beta_1^t)\cdot m/(\sqrt v + \hat\varepsilon)$; with a
  fixed $\hat\varepsilon = \varepsilon$ that is a different rule, and the tests use a large $\varepsilon$ that
  tells them apart);
- $\beta_1$ and $\beta_2$ multiply the old averages.

Return new arrays `(w_new, m_new, v_new)`; do not change the inputs.
"""

ADAM_SRC = r'''
def adam_update(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    r"""One Adam step with bias correction, as torch.optim.Adam.

    .. math::
        m \leftarrow \beta_1 m + (1 - \beta_1) g, \quad v \leftarrow \beta_2 v + (1 - \beta_2) g^2, \quad
        \hat m = \frac{m}{1 - \beta_1^t}, \quad \hat v = \frac{v}{1 - \beta_2^t}, \quad
        w \leftarrow w - \eta \frac{\hat m}{\sqrt{\hat v} + \varepsilon}

    Parameters
    ----------
    w : ndarray (any shape)
        Current parameter.
    dw : ndarray, same shape as ``w``
        Gradient ``g``.
    m, v : ndarrays, same shape as ``w``
        First and second moment estimates before this step (zeros before the first step).
    t : int
        The number of this step, starting at 1.
    lr : float
        Learning rate ``eta``.
    beta1, beta2 : float
        Decay rates of the two moment estimates, in [0, 1).
    eps : float
        Small constant added after the square root of ``v_hat``.

    Returns
    -------
    w_new, m_new, v_new : ndarrays, same shape as ``w``
        The new parameter and the new raw (uncorrected) moments, as new arrays.
    """
    ### BEGIN SOLUTION
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * dw * dw
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    w_new = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_new, m_new, v_new
    ### END SOLUTION
'''

ADAM_HELPER = r'''
def _adam_mistakes(w, g, m, v, t, lr, b1, b2, eps):
    """(wrong w_new, explanation) for the usual Adam mistakes."""
    mn, vn = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
    mh, vh = mn / (1 - b1 ** t), vn / (1 - b2 ** t)
    ms, vs = (1 - b1) * m + b1 * g, (1 - b2) * v + b2 * g * g
    mh1, vh1 = mn / (1 - b1 ** (t + 1)), vn / (1 - b2 ** (t + 1))
    return [(w - lr * mn / (np.sqrt(vn) + eps), "the bias correction is missing: divide m by (1 - beta1^t) "
                                                "and v by (1 - beta2^t) before the step"),
            (w - lr * mh / np.sqrt(vh + eps), "eps is inside the square root: use m_hat / (sqrt(v_hat) + eps)"),
            (w - lr * (ms / (1 - b1 ** t)) / (np.sqrt(vs / (1 - b2 ** t)) + eps),
             "beta and 1 - beta are swapped: m = beta1 m + (1 - beta1) g, v = beta2 v + (1 - beta2) g^2"),
            (w - lr * mh1 / (np.sqrt(vh1) + eps), "the bias correction uses t + 1: t is the number of this step "
                                                  "and starts at 1 (1 - beta^t with the t you are given)"),
            (w - lr * mh / (np.sqrt(vn) + eps), "only m is bias-corrected: correct v too, v_hat = v / (1 - beta2^t)"),
            (w - lr * mn / (np.sqrt(vh) + eps), "only v is bias-corrected: correct m too, m_hat = m / (1 - beta1^t)"),
            (w + lr * mh / (np.sqrt(vh) + eps), "the sign is flipped: w_new = w - lr m_hat / (sqrt(v_hat) + eps)"),
            (w - lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t) * mn / (np.sqrt(vn) + eps),
             "you folded the bias correction into the learning rate, lr sqrt(1 - beta2^t) / (1 - beta1^t) * "
             "m / (sqrt(v) + eps): that adds eps to the UNcorrected sqrt(v), a different rule (the paper's "
             "'epsilon hat'). Add eps after the square root of v_hat: m_hat / (sqrt(v_hat) + eps)")]
'''

ADAM_TEST = CK + ADAM_HELPER + f'''
# --- visible tests ----------------------------------------------------------------------------
w = np.array([1.0, -2.0, 0.5, 3.0])
dw = np.array([0.02, -0.01, 0.003, -0.05])
zeros = np.zeros(4)
result = ck.unchanged(adam_update, w, dw, zeros, zeros, 1, 0.01, 0.9, 0.999, 1e-3)
ck.true(isinstance(result, tuple) and len(result) == 3, "adam_update must return a triple (w_new, m_new, v_new)")
w1, m1, v1 = result
ck.close(m1, {lit(ADAM_M1)}, "m after the first step", rtol=1e-9, atol=1e-15,
         mistakes=[(dw, "return the raw first moment m = (1 - beta1) g, not the bias-corrected m_hat"),
                   (0.9 * dw, "beta1 and 1 - beta1 are swapped: m = beta1 m + (1 - beta1) g")])
ck.close(v1, {lit(ADAM_V1)}, "v after the first step", rtol=1e-9, atol=1e-18,
         mistakes=[(dw ** 2, "return the raw second moment v = (1 - beta2) g^2, not the bias-corrected v_hat"),
                   (0.999 * dw ** 2, "beta2 and 1 - beta2 are swapped: v = beta2 v + (1 - beta2) g^2")])
ck.close(w1, {lit(ADAM_W1)}, "the weights after the first step (t = 1)", rtol=1e-9, atol=1e-12,
         mistakes=_adam_mistakes(w, dw, zeros, zeros, 1, 0.01, 0.9, 0.999, 1e-3))
# a second step, t = 2, continuing from the first
dw2 = np.array([0.01, 0.02, -0.004, -0.03])
w2, m2, v2 = ck.unchanged(adam_update, w1, dw2, m1, v1, 2, 0.01, 0.9, 0.999, 1e-3)
ck.close(m2, {lit(ADAM_M2)}, "m after the second step", rtol=1e-9, atol=1e-15)
ck.close(v2, {lit(ADAM_V2)}, "v after the second step", rtol=1e-9, atol=1e-18)
ck.close(w2, {lit(ADAM_W2)}, "the weights after the second step (t = 2)", rtol=1e-9, atol=1e-12,
         mistakes=_adam_mistakes(w1, dw2, m1, v1, 2, 0.01, 0.9, 0.999, 1e-3))
print("adam_update: visible tests passed")

### BEGIN HIDDEN TESTS
from course_utils.optim import adam_update as _ref
rng = np.random.default_rng(34)
for shape, lr, b1, b2, eps, scale in [((5,), 1e-3, 0.9, 0.999, 1e-8, 1.0), ((3, 4), 0.01, 0.8, 0.99, 1e-8, 1e-5),
                                      ((2, 3, 2), 0.1, 0.5, 0.9, 1e-3, 10.0), ((6,), 0.05, 0.0, 0.5, 1e-2, 0.1)]:
    w = rng.normal(size=shape); m = np.zeros(shape); v = np.zeros(shape)
    wr, mr, vr = w.copy(), m.copy(), v.copy()
    for t in range(1, 8):
        dw = rng.normal(size=shape) * scale
        wrong = _adam_mistakes(w, dw, m, v, t, lr, b1, b2, eps)
        w, m, v = ck.unchanged(adam_update, w, dw, m, v, t, lr, b1, b2, eps)
        wr, mr, vr = _ref(wr, dw, mr, vr, t, lr, b1, b2, eps)
        what = f"after step t = {{t}} (lr = {{lr}}, beta1 = {{b1}}, beta2 = {{b2}}, eps = {{eps}}, |g| ~ {{scale}})"
        ck.close(m, mr, "m " + what, rtol=1e-9, atol=1e-300)
        ck.close(v, vr, "v " + what, rtol=1e-9, atol=1e-300)
        ck.close(w, wr, "the weights " + what, rtol=1e-9, atol=1e-12, mistakes=wrong)
# the first step has size about lr in every coordinate, whatever the gradient's scale
w1, _, _ = adam_update(np.zeros(3), np.array([1e-4, -3.0, 500.0]), np.zeros(3), np.zeros(3), 1, 0.01, 0.9, 0.999, 1e-12)
ck.close(w1, np.array([-0.01, 0.01, -0.01]), "the first Adam step for gradients (1e-4, -3, 500): about -lr * sign(g)",
         rtol=1e-6, mistakes=[(-0.01 * np.array([1e-4, -3.0, 500.0]) * 0.1 / np.sqrt(0.001 * np.array([1e-8, 9.0, 2.5e5])),
                               "the bias correction is missing")])
ck.not_delegated(adam_update)
### END HIDDEN TESTS
'''

# ------------------------------------------------------------------------------ schedules
STEP_MD = r"""
## 6. Step decay (7 points)

A learning-rate **schedule** maps the epoch number to a learning rate; epochs are counted from **0**, and
training with `course_utils.training.train(schedule=...)` sets the rate at the start of each epoch. Step
decay keeps $\eta_0$ for `every` epochs and then multiplies the rate by `drop`:

$$\eta(\text{epoch}) = \eta_0 \cdot \text{drop}^{\lfloor \text{epoch} / \text{every} \rfloor}.$$

With $\eta_0 = 0.1$, `drop = 0.5`, `every = 10`: epochs 0-9 use 0.1, epochs 10-19 use 0.05, epoch 20 uses
0.025. The first drop happens **at** epoch `every`, not one epoch earlier. Return a float.
"""

STEP_SRC = r'''
def step_decay(lr0, epoch, drop=0.5, every=10):
    r"""Step decay: multiply the learning rate by ``drop`` every ``every`` epochs.

    .. math:: \eta(\text{epoch}) = \eta_0 \cdot \text{drop}^{\lfloor \text{epoch} / \text{every} \rfloor}

    Parameters
    ----------
    lr0 : float
        Initial learning rate (used for epochs 0, ..., every - 1).
    epoch : int
        Epoch number, counted from 0.
    drop : float
        Factor applied at each drop.
    every : int
        Number of epochs between drops (positive).

    Returns
    -------
    lr : float
    """
    ### BEGIN SOLUTION
    return float(lr0 * drop ** (epoch // every))
    ### END SOLUTION
'''

STEP_TEST = CK + r'''
# --- visible tests ----------------------------------------------------------------------------
def _close_lr(epoch, expected, lr0=0.1, drop=0.5, every=10):
    got = step_decay(lr0, epoch, drop, every)
    ck.close(got, expected, f"step_decay({lr0}, epoch={epoch}, drop={drop}, every={every})",
             mistakes=[(lr0 * drop ** ((epoch + 1) // every), "the decay is applied one epoch early: "
                        "epochs are counted from 0, so the first drop comes AT epoch `every`: use epoch // every"),
                       (lr0 * drop ** (epoch / every), "the exponent must be a whole number of drops: "
                        "floor(epoch / every), i.e. epoch // every"),
                       (lr0 * drop ** (epoch // every + 1), "epoch 0 must use lr0 itself: the exponent is "
                        "epoch // every, which is 0 for the first `every` epochs"),
                       (lr0 * drop ** epoch, "the rate drops only every `every` epochs: exponent epoch // every")])
    return got
_close_lr(0, 0.1)
_close_lr(1, 0.1)
_close_lr(9, 0.1)
_close_lr(10, 0.05)
_close_lr(19, 0.05)
_close_lr(20, 0.025)
print("step_decay: visible tests passed")

### BEGIN HIDDEN TESTS
from course_utils.optim import step_decay as _ref
for lr0, drop, every in [(1.0, 0.1, 20), (0.3, 0.5, 5), (0.01, 0.9, 1), (2.0, 0.25, 3)]:
    for epoch in [0, 1, every - 1, every, every + 1, 2 * every - 1, 2 * every, 7 * every + 2]:
        got = _close_lr(epoch, _ref(lr0, epoch, drop, every), lr0, drop, every)
        ck.true(np.ndim(got) == 0, "step_decay must return a single number")
ck.not_delegated(step_decay)
### END HIDDEN TESTS
'''

INV_MD = r"""
## 7. Inverse-time decay (5 points)

The "$1/t$" schedule shrinks the rate smoothly, ever more slowly:

$$\eta(\text{epoch}) = \frac{\eta_0}{1 + k \cdot \text{epoch}},$$

so epoch 0 uses $\eta_0$ and the rate has halved at epoch $1/k$. (Robbins & Monro 1951 showed that
decaying steps with $\sum_t \eta_t = \infty$ and $\sum_t \eta_t^2 < \infty$, as for $\eta_0/(1 + kt)$, make
stochastic gradient descent converge despite the noise.) Return a float.
"""

INV_SRC = r'''
def inverse_time_decay(lr0, epoch, k):
    r"""Inverse-time ("1/t") decay of the learning rate.

    .. math:: \eta(\text{epoch}) = \frac{\eta_0}{1 + k \cdot \text{epoch}}

    Parameters
    ----------
    lr0 : float
        Initial learning rate (at epoch 0).
    epoch : int
        Epoch number, counted from 0.
    k : float
        Decay rate, k >= 0.

    Returns
    -------
    lr : float
    """
    ### BEGIN SOLUTION
    return float(lr0 / (1.0 + k * epoch))
    ### END SOLUTION
'''

INV_TEST = CK + r'''
import math
# --- visible tests ----------------------------------------------------------------------------
def _close_inv(epoch, expected, lr0=0.1, k=0.5):
    got = inverse_time_decay(lr0, epoch, k)
    ck.close(got, expected, f"inverse_time_decay({lr0}, epoch={epoch}, k={k})",
             mistakes=[(lr0 / (1 + k * (epoch + 1)), "the decay starts one epoch early: epoch 0 must give lr0, "
                                                     "lr0 / (1 + k * epoch)"),
                       (lr0 * math.exp(-k * epoch), "this is exponential decay lr0 exp(-k epoch); the 1/t schedule "
                                                    "is lr0 / (1 + k epoch)"),
                       (lr0 / (1 + k) ** epoch, "this decays geometrically; the 1/t schedule is lr0 / (1 + k epoch)"),
                       (lr0 / math.sqrt(1 + k * epoch), "no square root: lr0 / (1 + k epoch)")])
    return got
_close_inv(0, 0.1)
_close_inv(1, 0.1 / 1.5)
_close_inv(2, 0.05)
_close_inv(10, 0.1 / 6)
print("inverse_time_decay: visible tests passed")

### BEGIN HIDDEN TESTS
from course_utils.optim import inverse_time_decay as _ref
for lr0, k in [(1.0, 0.1), (0.3, 1.0), (0.01, 0.01), (2.0, 0.0)]:
    for epoch in [0, 1, 2, 5, 10, 99, 1000]:
        got = _close_inv(epoch, _ref(lr0, epoch, k), lr0, k)
        ck.true(np.ndim(got) == 0, "inverse_time_decay must return a single number")
ck.not_delegated(inverse_time_decay)
### END HIDDEN TESTS
'''

# ------------------------------------------------------------------------------ init
XAV_MD = r"""
## 8. Xavier / Glorot initialization (8 points)

A unit with $n_{in}$ inputs of variance $\sigma_x^2$ and independent zero-mean weights of variance
$\sigma_w^2$ has a pre-activation of variance $n_{in}\sigma_w^2\sigma_x^2$; the backward pass multiplies the
error signals' variance by $n_{out}\sigma_w^2$. Glorot & Bengio (2010) keep both roughly constant across
layers of a (tanh-like) network with the compromise

$$\operatorname{Var}(W_{ij}) = \frac{2}{n_{in} + n_{out}},$$

drawn from a **uniform** distribution. A uniform law on $[-a, a]$ has variance $a^2/3$, so

$$W_{ij} \sim U[-a, a], \qquad a = \sqrt{\frac{6}{n_{in} + n_{out}}}.$$

Draw the whole matrix with **one call** `rng.uniform(-a, a, size=(n_in, n_out))` (this exact call, so that
the same seed gives the same matrix as the reference). The shape is `(n_in, n_out)`: the layout of
`X @ W + b`.
"""

XAV_SRC = r'''
def xavier_init(n_in, n_out, rng):
    r"""Glorot/Xavier uniform initialization of a weight matrix (Glorot & Bengio 2010).

    .. math:: W_{ij} \sim U[-a, a], \quad a = \sqrt{\frac{6}{n_{in} + n_{out}}}, \qquad
              \operatorname{Var}(W_{ij}) = \frac{2}{n_{in} + n_{out}}

    The numbers come from exactly one call ``rng.uniform(-a, a, size=(n_in, n_out))``.

    Parameters
    ----------
    n_in : int
        Fan-in: number of inputs of the layer.
    n_out : int
        Fan-out: number of units of the layer.
    rng : numpy.random.Generator

    Returns
    -------
    W : float64 ndarray, shape (n_in, n_out)
    """
    ### BEGIN SOLUTION
    a = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-a, a, size=(n_in, n_out))
    ### END SOLUTION
'''

INIT_HELPER = r'''
def _init_mistakes(kind, n_in, n_out, seed):
    """(wrong matrix, explanation) for the usual initialization mistakes, drawn with the same seed."""
    g = lambda: np.random.default_rng(seed)
    shape = (n_in, n_out)
    if kind == "xavier":
        ax = np.sqrt(6 / (n_in + n_out))
        right = g().uniform(-ax, ax, size=shape)
    else:
        right = g().normal(0, np.sqrt(2 / n_in), size=shape)
    return [(wrong, text) for wrong, text in _all_init_mistakes(kind, g, n_in, n_out, shape)
            if float(np.max(np.abs(wrong - right))) > 1e-12]


def _all_init_mistakes(kind, g, n_in, n_out, shape):
    if kind == "xavier":
        return [
            (g().normal(0, np.sqrt(2 / (n_in + n_out)), size=shape),
             "you drew from a normal distribution; Xavier here is UNIFORM: rng.uniform(-a, a, size=(n_in, n_out))"),
            (g().uniform(-np.sqrt(6 / n_in), np.sqrt(6 / n_in), size=shape),
             "the bound uses n_in only; Xavier uses both fans: a = sqrt(6 / (n_in + n_out))"),
            (g().uniform(-np.sqrt(2 / (n_in + n_out)), np.sqrt(2 / (n_in + n_out)), size=shape),
             "sqrt(2 / (n_in + n_out)) is the standard deviation you want, not the bound: a uniform law on "
             "[-a, a] has variance a^2 / 3, so a = sqrt(6 / (n_in + n_out))"),
            (g().uniform(-2 / (n_in + n_out), 2 / (n_in + n_out), size=shape),
             "2 / (n_in + n_out) is the variance, not the bound: a = sqrt(6 / (n_in + n_out))"),
        ]
    return [
        (g().normal(0, np.sqrt(2 / n_out), size=shape),
         "He initialization uses the fan-in n_in, not the fan-out n_out: std = sqrt(2 / n_in)"),
        (g().normal(0, 2 / n_in, size=shape),
         "2 / n_in is the variance; rng.normal takes the standard deviation: std = sqrt(2 / n_in)"),
        (g().normal(0, np.sqrt(1 / n_in), size=shape),
         "std sqrt(1 / n_in) suits linear or tanh units; a ReLU halves the signal's second moment, so He "
         "uses the factor 2: std = sqrt(2 / n_in)"),
        (g().uniform(-np.sqrt(6 / n_in), np.sqrt(6 / n_in), size=shape),
         "this is He's uniform variant; here He is NORMAL: rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))"),
    ]


def _check_init(fn, kind, n_in, n_out, seed, what):
    """Call ``fn`` with a seeded generator; check the type, shape, dtype and the usual named mistakes."""
    W = fn(n_in, n_out, np.random.default_rng(seed))
    ck.true(isinstance(W, np.ndarray), f"{what} must return a NumPy array, got {type(W).__name__}")
    if W.shape == (n_out, n_in) and n_in != n_out:
        ck.true(False, f"{what} has shape {W.shape} = (n_out, n_in): it must be (n_in, n_out), the layout "
                       "of X @ W + b (draw with size=(n_in, n_out))")
    ck.shape(W, (n_in, n_out), what)
    ck.true(W.dtype == np.float64, f"{what} must be float64, got {W.dtype}")
    for wrong, explanation in _init_mistakes(kind, n_in, n_out, seed):
        if float(np.max(np.abs(W - wrong))) <= 1e-9 * (1 + float(np.max(np.abs(wrong)))):
            ck.true(False, f"{what}: {explanation}")
    return W


def _check_same_draw(W, expected, what, call):
    ck.close(W, expected, f"{what} (compared with the matrix that {call} draws from the same seed: use exactly "
             "this one call)", rtol=1e-9, atol=1e-12)
'''

XAV_TEST = CK + INIT_HELPER + r'''
# --- visible tests ----------------------------------------------------------------------------
n_in, n_out = 300, 200
a = np.sqrt(6 / (n_in + n_out))
W = _check_init(xavier_init, "xavier", n_in, n_out, 0, "xavier_init(300, 200, np.random.default_rng(0))")
ck.true(np.abs(W).max() <= a, f"some weights lie outside [-a, a] = [-{a:.4f}, {a:.4f}]: draw from "
        "rng.uniform(-a, a, ...) with a = sqrt(6 / (n_in + n_out)) (a normal law has no bound)")
ck.close(W.var(), 2 / (n_in + n_out), "the variance of the entries of xavier_init(300, 200, rng)", rtol=0.03)
ck.close(W.mean(), 0.0, "the mean of the entries", atol=3e-3)
W2 = xavier_init(n_in, n_out, np.random.default_rng(0))
ck.true(np.array_equal(W, W2), "the same seed must give the same matrix: draw only from rng")
_check_same_draw(W, np.random.default_rng(0).uniform(-a, a, size=(n_in, n_out)), "xavier_init(300, 200, rng)",
                 "rng.uniform(-a, a, size=(n_in, n_out))")
print("xavier_init: visible tests passed")

### BEGIN HIDDEN TESTS
from course_utils.init import xavier_init as _ref
for n_in, n_out, seed in [(1, 1, 1), (64, 10, 2), (10, 64, 3), (128, 128, 4), (3, 700, 5)]:
    what = f"xavier_init({n_in}, {n_out}, rng)"
    W = _check_init(xavier_init, "xavier", n_in, n_out, seed, what)
    _check_same_draw(W, _ref(n_in, n_out, np.random.default_rng(seed)), what, "rng.uniform(-a, a, size=(n_in, n_out))")
W = xavier_init(800, 400, np.random.default_rng(6))
ck.close(W.var(), 2 / 1200, "the variance of xavier_init(800, 400)", rtol=0.02)
ck.true(np.abs(W).max() <= np.sqrt(6 / 1200), "xavier_init(800, 400) has entries outside [-a, a]")
ck.true(not np.array_equal(W[:5, :5], xavier_init(800, 400, np.random.default_rng(7))[:5, :5]),
        "different seeds must give different matrices: draw from the rng you are given")
ck.not_delegated(xavier_init)
### END HIDDEN TESTS
'''

HE_MD = r"""
## 9. He initialization (8 points)

A ReLU sets about half of its inputs to zero, which halves the second moment of the signal at every layer:
with Xavier-like variance $1/n_{in}$ a deep ReLU network's activations shrink by about $1/\sqrt 2$ per
layer. He et al. (2015) compensate with a factor 2 and use the **fan-in** only:

$$W_{ij} \sim \mathcal N\!\left(0,\ \frac{2}{n_{in}}\right), \qquad \text{standard deviation } \sqrt{2/n_{in}}.$$

Draw the whole matrix with **one call** `rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))`. Mind that
`rng.normal` takes the *standard deviation*, not the variance.
"""

HE_SRC = r'''
def he_init(n_in, n_out, rng):
    r"""He/Kaiming normal initialization for ReLU layers (He et al. 2015).

    .. math:: W_{ij} \sim \mathcal{N}\left(0, \frac{2}{n_{in}}\right)
              \qquad (\text{standard deviation } \sqrt{2 / n_{in}})

    The numbers come from exactly one call ``rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))``.

    Parameters
    ----------
    n_in : int
        Fan-in: number of inputs of the layer.
    n_out : int
        Fan-out: number of units of the layer.
    rng : numpy.random.Generator

    Returns
    -------
    W : float64 ndarray, shape (n_in, n_out)
    """
    ### BEGIN SOLUTION
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
    ### END SOLUTION
'''

HE_TEST = CK + INIT_HELPER + r'''
# --- visible tests ----------------------------------------------------------------------------
n_in, n_out = 400, 100
W = _check_init(he_init, "he", n_in, n_out, 0, "he_init(400, 100, np.random.default_rng(0))")
ck.close(W.var(), 2 / n_in, "the variance of the entries of he_init(400, 100, rng), which should be 2 / n_in",
         rtol=0.03, mistakes=[(2 / n_out, "the variance is 2 / n_out: He uses the fan-in, 2 / n_in"),
                              (4 / n_in ** 2, "the variance is (2 / n_in)^2: rng.normal takes the standard "
                                              "deviation sqrt(2 / n_in), not the variance")])
ck.close(W.mean(), 0.0, "the mean of the entries", atol=3e-3)
ck.true(np.abs(W).max() > np.sqrt(6 / n_in) * 1.05, "all weights lie in a bounded interval: He "
        "initialization draws from a NORMAL law, rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))")
W2 = he_init(n_in, n_out, np.random.default_rng(0))
ck.true(np.array_equal(W, W2), "the same seed must give the same matrix: draw only from rng")
_check_same_draw(W, np.random.default_rng(0).normal(0.0, np.sqrt(2 / n_in), size=(n_in, n_out)),
                 "he_init(400, 100, rng)", "rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))")
print("he_init: visible tests passed")

### BEGIN HIDDEN TESTS
from course_utils.init import he_init as _ref
for n_in, n_out, seed in [(1, 1, 1), (64, 10, 2), (10, 64, 3), (128, 128, 4), (3, 700, 5)]:
    what = f"he_init({n_in}, {n_out}, rng)"
    W = _check_init(he_init, "he", n_in, n_out, seed, what)
    _check_same_draw(W, _ref(n_in, n_out, np.random.default_rng(seed)), what,
                     "rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))")
W = he_init(100, 2000, np.random.default_rng(6))
ck.close(W.var(), 2 / 100, "the variance of he_init(100, 2000)", rtol=0.02,
         mistakes=[(2 / 2000, "the variance is 2 / n_out: He uses the fan-in n_in")])
ck.true(not np.array_equal(W[:5, :5], he_init(100, 2000, np.random.default_rng(7))[:5, :5]),
        "different seeds must give different matrices: draw from the rng you are given")
ck.not_delegated(he_init)
### END HIDDEN TESTS
'''

# ------------------------------------------------------------------------------ written
WRITTEN_MD = r"""
## 10. Written answer: SGD, momentum and Adam on the moons (10 points)

The cell below trains the same network (2 inputs, two hidden ReLU layers of 32 units, 2 outputs; the same
initial weights every time) on the two-moons data with mini-batches of 32 for 60 epochs, three times:
plain SGD with $\eta = 0.05$, momentum with the **same** $\eta = 0.05$ and $\beta = 0.9$, and Adam with
$\eta = 0.005$. It uses `course_utils` (the same rules you wrote above) and plots the training loss (after
each epoch, on the whole training set) and the validation loss. Run it and read the curves.
"""

WRITTEN_CODE = r"""
from course_utils.mlp import MLP
from course_utils.optim import SGD, Momentum, Adam
from course_utils.training import train

X, y = make_moons(600, noise=0.25, seed=0)
X_train, X_val, X_test, y_train, y_val, y_test = train_val_test_split(X, y, seed=1)
X_train, X_val = standardize(X_train, X_val)

runs = {}
for name, opt in [("SGD, lr 0.05", SGD(0.05)),
                  ("momentum, lr 0.05, beta 0.9", Momentum(0.05, beta=0.9)),
                  ("Adam, lr 0.005", Adam(0.005))]:
    net = MLP([2, 32, 32, 2], seed=0)                      # the same initial weights for all three
    runs[name] = train(net, opt, X_train, y_train, epochs=60, batch_size=32, X_val=X_val, y_val=y_val,
                       rng=np.random.default_rng(0), progress=False)

fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
for name, h in runs.items():
    axes[0].plot(range(1, h.epochs + 1), h.train_loss, label=name)
    axes[1].plot(range(1, h.epochs + 1), h.val_loss, label=name)
for ax, title in zip(axes, ["training loss", "validation loss"]):
    ax.set(title=f"Moons, MLP 2-32-32-2: {title}", xlabel="epoch", ylabel="cross-entropy")
    ax.legend()
plt.show()
for name, h in runs.items():
    first = next((e + 1 for e, l in enumerate(h.train_loss) if l < 0.2), None)
    print(f"{name:30s} train loss after 5/10/60 epochs: {h.train_loss[4]:.3f} / {h.train_loss[9]:.3f} / "
          f"{h.train_loss[-1]:.3f};  first epoch below 0.2: {first};  val acc {h.val_acc[-1]:.3f}")
"""

WRITTEN_Q = r"""
**Question.** Compare the three runs. (a) Which reaches a low training loss first, and why is momentum
so much faster than SGD here even though both use $\eta = 0.05$? (Hint: what step does momentum take when the
gradient stays roughly the same for many steps?) (b) Which curves are smoother or noisier, and where does the
noise come from? (c) Is "momentum beats SGD" a fair conclusion from this experiment? Which single extra run
would you add to make the comparison fair? (d) What does Adam adapt that the other two do not, and why does it
need a 10 times smaller $\eta$ than SGD? Answer in 6-12 sentences, quoting numbers from the curves.
"""

WRITTEN_ANSWER = r"""
### BEGIN SOLUTION
(a) Momentum is fastest: its training loss is below 0.2 after about 6 epochs (0.13 after 10), Adam needs
about 11 epochs, and SGD about 40 (it is still at 0.29 after 10 epochs and 0.15 after 60). With a gradient
that stays roughly constant, the velocity $v = \beta v + g$ grows to $g/(1-\beta)$, so momentum steps
$\eta/(1-\beta) = 0.5$ times the gradient: ten times SGD's effective learning rate, while gradient components
that change sign from batch to batch cancel in $v$.
(b) SGD's curve is smooth but slow. Momentum's training loss wiggles by a few hundredths once it is low:
each step uses a mini-batch of 32 of the 420 training points, so the gradient is a noisy estimate, and the
ten times larger effective step turns that noise into visible bumps. Adam is the smoothest of the fast runs and
ends with the lowest training loss (about 0.10). On the validation set the picture differs: Adam's validation
loss is lowest around epoch 13 (about 0.14) and then creeps up to about 0.19, the start of overfitting, while
the slow SGD run is still improving at epoch 60 (0.14). The final validation results are close (loss
0.14-0.19, accuracy 92-94%): the optimizers differ mostly in speed, and early stopping would pick each run's
best epoch.
(c) Not fair: momentum's effective step is 10 times SGD's, so the run compares step sizes as much as methods.
The fair extra run is SGD with $\eta = 0.5$ (the same effective step); on this problem it gets as fast as
momentum early but its loss is much noisier (spikes), because plain SGD applies each noisy batch gradient in
full while momentum averages about $1/(1-\beta) = 10$ of them. Better still, tune $\eta$ separately for each
method on the validation set.
(d) Adam divides each parameter's step by a running RMS of its own gradient, so every weight moves by about
$\eta$ per step whatever the scale of its gradient (the first step is $\eta\,\mathrm{sign}(g)$). Its $\eta$ is a
step length in weight space, not a multiplier of the gradient. Most gradient entries here are small (at the
start the median $|g|$ is below 0.01), so SGD with $\eta = 0.05$ moves a typical weight by well under 0.001 per
step, while Adam with $\eta = 0.005$ moves every weight by up to about 0.005: the smaller $\eta$ still gives
Adam larger steps for most weights, and ten times more would make its curve much noisier. Adam also uses
momentum ($\beta_1 = 0.9$), which is why it is nearly as fast as the momentum run.

*Rubric (10):* (a) momentum first, with epochs or losses read from the curves, and the reason: under a steady
gradient $v \to g/(1-\beta)$, an effective step $\eta/(1-\beta)$, ten times SGD's (3); (b) the wiggles come from
the mini-batch gradient noise, amplified by the larger effective step (2); (c) not fair, since the effective
step sizes differ; the extra run is SGD with $\eta = 0.5$ (or each method's $\eta$ tuned on validation data) (3);
(d) Adam divides each parameter's step by the running RMS of its own gradient, so a step is about $\eta$ whatever
the gradient's scale, and $\eta$ is a step length rather than a gradient multiplier (2). Accept other numbers
if they are read correctly from the student's own curves.
### END SOLUTION
"""


def solution_cells():
    return [
        readonly("intro", INTRO),
        readonly("setup", SETUP, kind="code"),
        md(MB_MD), answer("random_minibatches", MB_SRC), grade("test_random_minibatches", 14, MB_TEST),
        md(MOM_MD), answer("momentum_update", MOM_SRC), grade("test_momentum_update", 12, MOM_TEST),
        md(NES_MD), answer("nesterov_update", NES_SRC), grade("test_nesterov_update", 10, NES_TEST),
        md(RMS_MD), answer("rmsprop_update", RMS_SRC), grade("test_rmsprop_update", 10, RMS_TEST),
        md(ADAM_MD), answer("adam_update", ADAM_SRC), grade("test_adam_update", 16, ADAM_TEST),
        md(STEP_MD), answer("step_decay", STEP_SRC), grade("test_step_decay", 7, STEP_TEST),
        md(INV_MD), answer("inverse_time_decay", INV_SRC), grade("test_inverse_time_decay", 5, INV_TEST),
        md(XAV_MD), answer("xavier_init", XAV_SRC), grade("test_xavier_init", 8, XAV_TEST),
        md(HE_MD), answer("he_init", HE_SRC), grade("test_he_init", 8, HE_TEST),
        md(WRITTEN_MD), code(WRITTEN_CODE), md(WRITTEN_Q), written("written_optimizers", 10, WRITTEN_ANSWER),
    ]


SOLUTION = ROOT / "solutions/05_optimization/optimization.ipynb"
LECTURE = ROOT / "lectures/05_optimization.ipynb"


def lecture_cells():
    from build_05_optimization_lecture import lecture_cells as cells

    return cells()


TARGETS = [(SOLUTION, solution_cells, "optimization"), (LECTURE, lecture_cells, "05_optimization")]


def main(argv=None) -> int:
    return build_cli(TARGETS, argv, __file__)


if __name__ == "__main__":
    sys.exit(main())
