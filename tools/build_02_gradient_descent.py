"""Build the unit 02_gradient_descent notebooks (lecture and nbgrader source).

    .venv/bin/python tools/build_02_gradient_descent.py

Writes ``lectures/02_gradient_descent.ipynb`` and ``solutions/02_gradient_descent/gradient_descent.ipynb``.
The committed notebooks must equal this script's output.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from nb import answer, build_cli, code, grade, md, readonly, written  # noqa: E402

CK = "from course_utils.checks import proven_checks\nck = proven_checks()\n"

# ---------------------------------------------------------------------------------------------------------
# solution notebook
# ---------------------------------------------------------------------------------------------------------

INTRO = r"""
# Unit 2 exercise: gradient descent for a linear unit

In this exercise you implement, from scratch in NumPy, the pieces of the lecture *Gradient descent*:
the squared error of a linear unit and its gradient, batch and incremental (stochastic) gradient descent,
the two-weight example and its gradient, the stability limit of the step size, and feature standardization.

**What to do.** Fill in every cell that says `YOUR CODE HERE` (delete the `raise NotImplementedError()`
line). Keep the function names and signatures exactly as given: the autograder calls them. Each docstring is
the contract: it states the formula, the shapes and the edge cases the tests check. Use NumPy only; do not
call `course_utils` (or any other library) for the function you are asked to write.

**Notation.** `X` has shape `(n, d)`: one example per row (include a column of ones yourself if you want a
bias). `w` has shape `(d,)`, targets `t` have shape `(n,)`, and the unit's outputs are `o = X @ w`.
The error is a **sum** over the examples, as in the lecture: $E(\mathbf w) = \tfrac12\sum_{d}(t_d - o_d)^2$.
(In formulas $d$ indexes the training examples, as in the lecture; in shapes `d` is the number of inputs.)

**Checking yourself.** Run each test cell after your answer cell: the visible tests give immediate,
specific feedback. More (hidden) tests run when your work is graded, so make sure your functions follow the
docstrings exactly, including shapes and edge cases. Before you submit, restart the kernel and run all
cells, then run `course validate gradient_descent.ipynb` in a terminal in this folder.

| part | graded function | points |
|---|---|---|
| 1 | `sse_loss` | 10 |
| 2 | `sse_grad` | 15 |
| 3 | `batch_gradient_descent` | 20 |
| 4 | `stochastic_gradient_descent` | 20 |
| 5 | `two_weight_cost_grad` | 10 |
| 6 | `max_stable_lr` | 7 |
| 7 | `standardize` | 10 |
| 8 | written: why η = 0.35 oscillates (graded by hand) | 8 |
| | **total** | **100** |
"""

SETUP = r"""
import numpy as np

np.set_printoptions(precision=5, suppress=True)
"""

# --- 1. sse_loss ------------------------------------------------------------------------------------------
MD_LOSS = r"""
## 1. The squared error of a linear unit (10 points)

A linear unit outputs $o_d = \mathbf w\cdot\mathbf x_d$ for example $d$; stacking the examples as the rows of
$X$ gives all outputs at once, $\mathbf o = X\mathbf w$. Its error on the training set is

$$E(\mathbf w) = \frac12\sum_{d=1}^{n}\big(t_d - \mathbf w\cdot\mathbf x_d\big)^2 = \frac12\,\lVert\mathbf t - X\mathbf w\rVert^2 .$$

It is a **sum** over the examples (not a mean), and the factor $\tfrac12$ is there so that it cancels the 2
of the square when we differentiate.
"""

ANS_LOSS = r'''
def sse_loss(w, X, t):
    """Sum-of-squares error of a linear unit: E(w) = 1/2 * sum_d (t_d - x_d . w)^2.

    Parameters
    ----------
    w : ndarray of shape (d,)
        Weights of the linear unit.
    X : ndarray of shape (n, d)
        Inputs, one example per row.
    t : ndarray of shape (n,)
        Targets.

    Returns
    -------
    E : float
        The error, a SUM over the n examples (not a mean), with the factor 1/2. A scalar (a Python float
        or a 0-d NumPy value). The inputs are not modified. Compute the residuals t - X w first and square
        them (expanding the square into w^T X^T X w - 2 t^T X w + t^T t loses precision and can overflow).
    """
    ### BEGIN SOLUTION
    residual = t - X @ w
    return 0.5 * float(residual @ residual)
    ### END SOLUTION
'''

TEST_LOSS = CK + r'''
# A toy problem you can check by hand: o = X w = (2.5, -0.5, 1.0), t - o = (0.5, 1.5, -1.0).
X = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.5]])
t = np.array([3.0, 1.0, 0.0])
w = np.array([0.5, 1.0])
E = sse_loss(w, X, t)
ck.true(np.ndim(E) == 0, f"sse_loss must return a single number (a scalar), got shape {np.shape(E)}")
r = t - X @ w                        # residuals t - o
ck.close(E, 0.5 * np.sum(r ** 2), "sse_loss on the 3-example toy problem (expected 1/2*(0.25+2.25+1) = 1.75)",
         mistakes=[(np.sum(r ** 2), "twice too big: E has a factor 1/2 in front of the sum"),
                   (0.5 * np.mean(r ** 2), "you averaged over the examples: E is a SUM over them here, not a mean"),
                   (np.mean(r ** 2), "you computed the mean squared error: E is 1/2 times the SUM of squares"),
                   (0.5 * np.sum(np.abs(r)), "you summed |t - o|: square the residuals"),
                   (0.5 * np.sum(r) ** 2, "you squared the sum of the residuals: sum their squares instead")])
ck.close(sse_loss(np.array([3.0, 0.0]), X, np.array([3.0, 3.0, 3.0])), 0.0,
         "sse_loss when the unit fits every target exactly")

### BEGIN HIDDEN TESTS
rng = np.random.default_rng(20)
for n, d in [(1, 1), (7, 3), (50, 6)]:
    X = rng.standard_normal((n, d))
    t = rng.standard_normal(n)
    w = rng.standard_normal(d)
    r = t - X @ w
    E = ck.unchanged(sse_loss, w, X, t)
    ck.true(np.ndim(E) == 0, f"sse_loss must return a scalar, got shape {np.shape(E)} for n={n}, d={d}")
    ck.close(E, 0.5 * np.sum(r ** 2), f"sse_loss on random data (n={n}, d={d})",
             mistakes=[(np.sum(r ** 2), "twice too big: E has a factor 1/2 in front of the sum"),
                       (0.5 * np.mean(r ** 2), "you averaged over the examples: E is a SUM here, not a mean")])
# large but finite values stay finite
X = 1e160 * np.ones((3, 2)); w = np.array([1.0, -1.0]); t = np.zeros(3)
ck.close(ck.no_warnings(sse_loss, w, X, t), 0.0, "sse_loss with huge inputs whose outputs cancel "
         "(compute the residuals t - X w first, then square them)")
ck.not_delegated(sse_loss)
### END HIDDEN TESTS
'''

# --- 2. sse_grad ------------------------------------------------------------------------------------------
MD_GRAD = r"""
## 2. Its gradient (15 points)

Differentiating term by term (the chain rule on each square; the $\tfrac12$ cancels the 2):

$$\frac{\partial E}{\partial w_i} = \sum_d (t_d - o_d)\,\frac{\partial (t_d - \mathbf w\cdot\mathbf x_d)}{\partial w_i}
= -\sum_d (t_d - o_d)\,x_{d,i},
\qquad\text{so}\qquad \nabla E(\mathbf w) = -X^\top(\mathbf t - X\mathbf w).$$

Mind the sign: the gradient points **uphill**; gradient descent will step against it.
"""

ANS_GRAD = r'''
def sse_grad(w, X, t):
    """Gradient of E(w) = 1/2 * sum_d (t_d - x_d . w)^2 with respect to w.

    dE/dw_i = -sum_d (t_d - o_d) x_{d,i}, i.e. grad = -X^T (t - X w).

    Parameters
    ----------
    w : ndarray of shape (d,)
    X : ndarray of shape (n, d)
    t : ndarray of shape (n,)

    Returns
    -------
    grad : ndarray of shape (d,)
        The gradient of the SUM error (no division by n). The inputs are not modified.
    """
    ### BEGIN SOLUTION
    return -(X.T @ (t - X @ w))
    ### END SOLUTION
'''

TEST_GRAD = CK + r'''
X = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.5]])
t = np.array([3.0, 1.0, 0.0])
w = np.array([0.5, 1.0])
r = t - X @ w                        # (0.5, 1.5, -1.0)
g = sse_grad(w, X, t)
ck.shape(g, (2,), "sse_grad(w, X, t) (one entry per weight)")
ck.close(g, -X.T @ r, "sse_grad on the 3-example toy problem (expected (-1, 0))",
         mistakes=[(X.T @ r, "your gradient has the wrong sign: it points uphill. "
                             "dE/dw_i = -sum_d (t_d - o_d) x_{d,i}"),
                   (-2 * X.T @ r, "twice too big: the 1/2 in E cancels the 2 from the square"),
                   (-X.T @ r / len(t), "you divided by n: E is a sum over the examples, so its gradient is too")])
w2 = np.array([-1.0, 2.0]); r2 = t - X @ w2
ck.close(sse_grad(w2, X, t), -X.T @ r2, "sse_grad at w = (-1, 2)",
         mistakes=[(X.T @ r2, "your gradient has the wrong sign: it points uphill"),
                   (-2 * X.T @ r2, "twice too big: the 1/2 in E cancels the 2 from the square")])

### BEGIN HIDDEN TESTS
rng = np.random.default_rng(21)
for n, d in [(1, 1), (9, 4), (40, 7)]:
    X = rng.standard_normal((n, d))
    t = rng.standard_normal(n)
    w = rng.standard_normal(d)
    r = t - X @ w
    g = ck.unchanged(sse_grad, w, X, t)
    ck.shape(g, (d,), f"sse_grad for n={n}, d={d}")
    ck.close(g, -X.T @ r, f"sse_grad on random data (n={n}, d={d})",
             mistakes=[(X.T @ r, "your gradient has the wrong sign: it points uphill"),
                       (-2 * X.T @ r, "twice too big: the 1/2 in E cancels the 2 from the square"),
                       (-X.T @ r / n, "you divided by n: E is a sum, so its gradient is too")])
    ck.gradient(lambda v: 0.5 * np.sum((t - X @ v) ** 2), w, g, f"sse_grad (n={n}, d={d})")
# at the least-squares solution the gradient vanishes
X = rng.standard_normal((30, 3)); t = rng.standard_normal(30)
w_ls = np.linalg.lstsq(X, t, rcond=None)[0]
ck.close(sse_grad(w_ls, X, t), np.zeros(3), "sse_grad at the least-squares solution (must be 0)", atol=1e-9)
ck.not_delegated(sse_grad)
### END HIDDEN TESTS
'''

# --- 3. batch gradient descent ----------------------------------------------------------------------------
MD_BATCH = r"""
## 3. Batch gradient descent (20 points)

Batch gradient descent computes the gradient on the **whole** training set and then takes one step:

$$\mathbf w_{k+1} = \mathbf w_k - \eta\,\nabla E(\mathbf w_k),\qquad k = 0, 1, \dots, K-1 .$$

Here one epoch is one step. Record the error before training and after every epoch, so that `losses[k]`
is $E(\mathbf w_k)$ and `losses` has $K + 1$ entries. You may call your `sse_loss` and `sse_grad`.
"""

ANS_BATCH = r'''
def batch_gradient_descent(X, t, lr, n_epochs, w0=None):
    """Batch gradient descent on E(w) = 1/2 * sum_d (t_d - x_d . w)^2.

    Starting from w_0 (zeros when w0 is None), perform n_epochs full-batch steps
        w_{k+1} = w_k - lr * grad E(w_k),   grad E(w) = -X^T (t - X w),
    one step per epoch.

    Parameters
    ----------
    X : ndarray of shape (n, d)
    t : ndarray of shape (n,)
    lr : float
        Step size (learning rate) eta > 0.
    n_epochs : int
        Number of steps K >= 0.
    w0 : ndarray of shape (d,) or None
        Starting weights; None means np.zeros(d). Not modified (work on a float copy).

    Returns
    -------
    w : ndarray of shape (d,)
        The weights w_K after the last step (w_0 itself, as a copy, when n_epochs == 0).
    losses : ndarray of shape (n_epochs + 1,)
        losses[k] = E(w_k): losses[0] is the error before training, losses[k] the error after epoch k.
    """
    ### BEGIN SOLUTION
    d = X.shape[1]
    w = np.zeros(d) if w0 is None else np.array(w0, dtype=float)
    losses = [sse_loss(w, X, t)]
    for _ in range(n_epochs):
        w = w - lr * sse_grad(w, X, t)
        losses.append(sse_loss(w, X, t))
    return w, np.array(losses)
    ### END SOLUTION
'''

TEST_BATCH = CK + r'''
def _E(w, X, t):
    return 0.5 * np.sum((t - X @ w) ** 2)

def _batch(X, t, lr, K, w0, sign=-1.0, scale=1.0):
    """Reference trajectory; sign=+1 is gradient ASCENT, scale=1/n a mean gradient (known mistakes)."""
    w = np.array(w0, dtype=float); losses = [_E(w, X, t)]
    for _ in range(K):
        w = w + sign * lr * scale * (-(X.T @ (t - X @ w)))
        losses.append(_E(w, X, t))
    return w, np.array(losses)

X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
t = np.array([1.0, 2.0, 2.0])
w, losses = batch_gradient_descent(X, t, lr=0.1, n_epochs=3)
losses = np.asarray(losses)
ck.equal(losses.shape, (4,), "shape of losses for n_epochs=3",
         mistakes=[((3,), "off by one: losses must hold the loss BEFORE training and after each of the "
                          "n_epochs epochs, n_epochs + 1 entries")])
w_ref, l_ref = _batch(X, t, 0.1, 3, np.zeros(2))
ck.close(losses[0], _E(np.zeros(2), X, t), "losses[0] (the error of w = 0, before any step)")
ck.close(w, w_ref, "w after 3 epochs of batch GD with lr = 0.1 from w = 0",
         mistakes=[(_batch(X, t, 0.1, 3, np.zeros(2), sign=+1.0)[0],
                    "you moved UP the gradient (gradient ascent): the update is w <- w - lr * grad"),
                   (_batch(X, t, 0.1, 3, np.zeros(2), scale=1 / 3)[0],
                    "you used the MEAN gradient: E is a sum, so its gradient is -X^T (t - X w) without 1/n"),
                   (_batch(X, t, 0.1, 2, np.zeros(2))[0], "off by one: you took 2 steps instead of 3"),
                   (_batch(X, t, 0.1, 4, np.zeros(2))[0], "off by one: you took 4 steps instead of 3")])
ck.close(losses, l_ref, "losses after 3 epochs (losses[k] = E(w_k))",
         mistakes=[(np.r_[l_ref[:1], l_ref[:-1]], "the losses lag one step behind the weights: record E "
                                                  "after each update")])
# enough epochs with a safe step size reach the closed-form least-squares answer
w_ls = np.linalg.lstsq(X, t, rcond=None)[0]
w, _ = batch_gradient_descent(X, t, lr=0.1, n_epochs=500)
ck.close(w, w_ls, "batch GD after 500 epochs vs np.linalg.lstsq", rtol=1e-6, atol=1e-8)

### BEGIN HIDDEN TESTS
rng = np.random.default_rng(23)
n, d = 25, 4
X = rng.standard_normal((n, d)); t = rng.standard_normal(n)
w0 = rng.standard_normal(d)
lr = 0.5 / np.linalg.eigvalsh(X.T @ X).max()
w, losses = ck.unchanged(batch_gradient_descent, X, t, lr, 7, w0=w0)
w_ref, l_ref = _batch(X, t, lr, 7, w0)
ck.close(w, w_ref, "batch GD from a given w0 (7 epochs)",
         mistakes=[(_batch(X, t, lr, 7, np.zeros(d))[0], "you ignored w0: start from the weights you are given"),
                   (_batch(X, t, lr, 7, w0, sign=+1.0)[0], "gradient ascent: the update is w <- w - lr * grad")])
ck.close(np.asarray(losses), l_ref, "losses from a given w0 (7 epochs)")
# zero epochs: the start, and its loss
w, losses = batch_gradient_descent(X, t, lr, 0, w0=w0)
ck.close(w, w0, "batch GD with n_epochs = 0 returns w0")
ck.equal(np.asarray(losses).shape, (1,), "losses with n_epochs = 0 (just the initial error)")
# integer start and integer data work (float copy)
w, losses = batch_gradient_descent(np.array([[1, 0], [0, 2]]), np.array([1, 2]), 0.25, 1, w0=np.array([0, 0]))
ck.close(w, np.array([0.25, 1.0]), "one step from an integer w0 on integer data (work in floats)")
# stable step sizes decrease the loss monotonically and converge to least squares
w_ls = np.linalg.lstsq(X, t, rcond=None)[0]
lr = 1.0 / np.linalg.eigvalsh(X.T @ X).max()
w, losses = batch_gradient_descent(X, t, lr, 3000)
ck.true(np.all(np.diff(np.asarray(losses)) <= 1e-12), "with lr = 1/lambda_max the loss must never increase")
ck.close(w, w_ls, "batch GD after 3000 epochs vs np.linalg.lstsq on random data", rtol=1e-5, atol=1e-7)
ck.not_delegated(batch_gradient_descent)
### END HIDDEN TESTS
'''

# --- 4. stochastic gradient descent -----------------------------------------------------------------------
MD_SGD = r"""
## 4. Incremental (stochastic) gradient descent (20 points)

Incremental gradient descent updates after **every example**, using the error of that example alone,
$E_d(\mathbf w) = \tfrac12 (t_d - \mathbf w\cdot\mathbf x_d)^2$ with $\nabla E_d = -(t_d - o_d)\,\mathbf x_d$:

$$\mathbf w \leftarrow \mathbf w + \eta\,(t_d - \mathbf w\cdot\mathbf x_d)\,\mathbf x_d .$$

One epoch visits every example once, in a fresh random order: at the start of each epoch draw
`order = rng.permutation(n)` (exactly one call per epoch, and no other use of `rng`), then update for
`d in order`. Record the full-batch error $E(\mathbf w)$ before training and after each epoch, as in part 3.
"""

ANS_SGD = r'''
def stochastic_gradient_descent(X, t, lr, n_epochs, rng):
    """Incremental (stochastic) gradient descent for a linear unit, starting from w = 0.

    For each epoch: order = rng.permutation(n) (one call per epoch, rng is used for nothing else), then
    for d in order:  w <- w + lr * (t_d - x_d . w) * x_d   (the weights change after every example).

    Parameters
    ----------
    X : ndarray of shape (n, d)
    t : ndarray of shape (n,)
    lr : float
        Step size eta > 0.
    n_epochs : int
        Number of epochs >= 0.
    rng : numpy.random.Generator
        Source of the visiting order (so a fixed seed gives a reproducible run).

    Returns
    -------
    w : ndarray of shape (d,)
        The weights after the last epoch.
    losses : ndarray of shape (n_epochs + 1,)
        losses[0] = E(0) before training, losses[k] = E(w) after epoch k, with the full-batch (sum) error
        E(w) = 1/2 * sum_d (t_d - x_d . w)^2.
    """
    ### BEGIN SOLUTION
    n, d = X.shape
    w = np.zeros(d)
    losses = [sse_loss(w, X, t)]
    for _ in range(n_epochs):
        for i in rng.permutation(n):
            w = w + lr * (t[i] - X[i] @ w) * X[i]
        losses.append(sse_loss(w, X, t))
    return w, np.array(losses)
    ### END SOLUTION
'''

TEST_SGD = CK + r'''
def _E(w, X, t):
    return 0.5 * np.sum((t - X @ w) ** 2)

def _sgd(X, t, lr, K, seed, mode="reshuffle"):
    """Reference run; other modes are known mistakes (shuffle once, no shuffle, batch steps)."""
    rng = np.random.default_rng(seed)
    n, d = X.shape
    w = np.zeros(d); losses = [_E(w, X, t)]
    once = rng.permutation(n) if mode == "once" else None
    for _ in range(K):
        if mode == "batch":
            rng.permutation(n)
            w = w + lr * X.T @ (t - X @ w)
        else:
            order = {"reshuffle": None, "once": once, "inorder": np.arange(n)}[mode]
            order = rng.permutation(n) if order is None else order
            for i in order:
                w = w + lr * (t[i] - X[i] @ w) * X[i]
        losses.append(_E(w, X, t))
    return w, np.array(losses)

X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])
t = np.array([1.0, 2.0, 2.5, 4.0])
# the same seed must give the same run: the order comes from rng only
w_a, _ = stochastic_gradient_descent(X, t, 0.05, 2, np.random.default_rng(5))
w_b, _ = stochastic_gradient_descent(X, t, 0.05, 2, np.random.default_rng(5))
ck.close(w_a, w_b, "two SGD runs with the same seed (must be identical: draw the order from the rng "
         "argument, not from np.random)", rtol=0, atol=0)
w, losses = stochastic_gradient_descent(X, t, 0.05, 3, np.random.default_rng(0))
losses = np.asarray(losses)
ck.equal(losses.shape, (4,), "shape of losses for n_epochs=3",
         mistakes=[((3,), "off by one: losses must hold E before training and after each of the n_epochs epochs")])
w_ref, l_ref = _sgd(X, t, 0.05, 3, 0)
ck.close(w, w_ref, "w after 3 epochs of SGD (lr = 0.05, rng = default_rng(0))",
         mistakes=[(_sgd(X, t, 0.05, 3, 0, "once")[0],
                    "you shuffled only once: draw a new order with rng.permutation(n) at the start of EVERY epoch"),
                   (_sgd(X, t, 0.05, 3, 0, "inorder")[0],
                    "you visited the examples in their stored order: use order = rng.permutation(n) each epoch"),
                   (_sgd(X, t, 0.05, 3, 0, "batch")[0],
                    "you took one batch step per epoch: incremental GD updates w after every single example")])
ck.close(losses, l_ref, "losses of the SGD run (full-batch E before training and after each epoch)")

### BEGIN HIDDEN TESTS
rng0 = np.random.default_rng(24)
n, d = 30, 3
X = rng0.standard_normal((n, d)); t = rng0.standard_normal(n)
w, losses = ck.unchanged(stochastic_gradient_descent, X, t, 0.01, 6, np.random.default_rng(11))
w_ref, l_ref = _sgd(X, t, 0.01, 6, 11)
ck.close(w, w_ref, "SGD on random data (6 epochs, seed 11)",
         mistakes=[(_sgd(X, t, 0.01, 6, 11, "once")[0],
                    "you shuffled only once: reshuffle with rng.permutation(n) at the start of every epoch"),
                   (_sgd(X, t, 0.01, 6, 11, "inorder")[0], "you ignored the random order"),
                   (_sgd(X, t, 0.01, 6, 11, "batch")[0], "you took batch steps, not incremental ones")])
ck.close(np.asarray(losses), l_ref, "SGD losses on random data (6 epochs)")
# exactly one rng.permutation(n) per epoch: the generator ends in the same state as ours
g_student, g_ref = np.random.default_rng(3), np.random.default_rng(3)
stochastic_gradient_descent(X, t, 0.01, 4, g_student)
for _ in range(4):
    g_ref.permutation(n)
ck.equal(g_student.integers(1 << 30), g_ref.integers(1 << 30),
         "state of rng after 4 epochs (call rng.permutation(n) exactly once per epoch and nothing else)")
# zero epochs
w, losses = stochastic_gradient_descent(X, t, 0.01, 0, np.random.default_rng(0))
ck.close(w, np.zeros(d), "SGD with n_epochs = 0 returns w = 0")
ck.equal(np.asarray(losses).shape, (1,), "losses with n_epochs = 0")
# consistent (noise-free) data: every per-example gradient vanishes at the solution, so SGD converges to it
w_true = np.array([0.5, -1.0, 2.0])
t_exact = X @ w_true
w, losses = stochastic_gradient_descent(X, t_exact, 0.05, 300, np.random.default_rng(1))
ck.close(w, np.linalg.lstsq(X, t_exact, rcond=None)[0], "SGD after 300 epochs on noise-free data vs lstsq",
         rtol=1e-6, atol=1e-8)
ck.not_delegated(stochastic_gradient_descent)
### END HIDDEN TESTS
'''

# --- 5. two-weight example --------------------------------------------------------------------------------
MD_TW = r"""
## 5. The two-weight example (10 points)

A linear unit $h = w_1 x$ feeds a second one $y = w_2 h$; with the single example $x = 1$, $t = 1.5$ and a
little weight decay the cost is

$$C(w_1, w_2) = (w_1 w_2 - 1.5)^2 + 0.04\,(w_1^2 + w_2^2).$$

Derive its gradient by hand (chain rule on the square; do not forget the decay term), then implement both.
"""

ANS_TW = r'''
def two_weight_cost_grad(w):
    """Cost and gradient of C(w1, w2) = (w1*w2 - 1.5)^2 + 0.04*(w1^2 + w2^2).

    dC/dw1 = 2 (w1 w2 - 1.5) w2 + 0.08 w1,   dC/dw2 = 2 (w1 w2 - 1.5) w1 + 0.08 w2.

    Parameters
    ----------
    w : ndarray of shape (2,)
        (w1, w2). Not modified.

    Returns
    -------
    cost : float
        C(w1, w2).
    grad : ndarray of shape (2,)
        (dC/dw1, dC/dw2).
    """
    ### BEGIN SOLUTION
    w1, w2 = float(w[0]), float(w[1])
    r = w1 * w2 - 1.5
    cost = r ** 2 + 0.04 * (w1 ** 2 + w2 ** 2)
    grad = np.array([2 * r * w2 + 0.08 * w1, 2 * r * w1 + 0.08 * w2])
    return cost, grad
    ### END SOLUTION
'''

TEST_TW = CK + r'''
def _C(w):
    return (w[0] * w[1] - 1.5) ** 2 + 0.04 * (w[0] ** 2 + w[1] ** 2)

def _g(w, decay=0.08, chain=1.0, sign=1.0, swap=False):
    r = w[0] * w[1] - 1.5
    a, b = (w[0], w[1]) if swap else (w[1], w[0])
    return np.array([sign * 2 * chain * r * a + decay * w[0], sign * 2 * chain * r * b + decay * w[1]])

w = np.array([1.5, 0.5])
cost, grad = two_weight_cost_grad(w)
ck.true(np.ndim(cost) == 0, "the cost must be a single number")
ck.close(cost, 0.6625, "C(1.5, 0.5) = (0.75 - 1.5)^2 + 0.04*(2.25 + 0.25)",
         mistakes=[(0.5625, "you left out the weight-decay term 0.04*(w1^2 + w2^2)")])
ck.shape(grad, (2,), "the gradient (dC/dw1, dC/dw2)")
ck.close(grad, np.array([-0.63, -2.21]), "gradient at (1.5, 0.5)",
         mistakes=[(_g(w, decay=0.04), "the decay term's derivative is 2*0.04*w_i = 0.08*w_i, not 0.04*w_i"),
                   (_g(w, decay=0.0), "you left out the derivative of the decay term, 0.08*w_i"),
                   (_g(w, chain=0.5), "the derivative of (w1 w2 - 1.5)^2 has a factor 2: 2 (w1 w2 - 1.5) w2"),
                   (_g(w, sign=-1.0), "the first term has the wrong sign: d/dw1 (w1 w2 - 1.5)^2 = +2 (w1 w2 - 1.5) w2"),
                   (_g(w, swap=True), "inner derivative at the wrong variable: d(w1 w2)/dw1 = w2, not w1")])
a = np.sqrt(1.46)
cost, grad = two_weight_cost_grad(np.array([a, a]))
ck.close(cost, 0.1184, "C at the minimum (sqrt(1.46), sqrt(1.46))")
ck.close(grad, np.zeros(2), "gradient at the minimum (sqrt(1.46), sqrt(1.46)) (must vanish)", atol=1e-12)

### BEGIN HIDDEN TESTS
rng = np.random.default_rng(25)
for _ in range(5):
    w = rng.uniform(-2.5, 2.5, size=2)
    cost, grad = ck.unchanged(two_weight_cost_grad, w)
    ck.close(cost, _C(w), f"C at {w}")
    ck.close(grad, _g(w), f"gradient at {w}",
             mistakes=[(_g(w, swap=True), "inner derivative at the wrong variable: d(w1 w2)/dw1 = w2"),
                       (_g(w, decay=0.04), "the decay term's derivative is 0.08*w_i")])
    ck.gradient(lambda v: _C(v), w, grad, f"two_weight_cost_grad at {w}")
cost, grad = two_weight_cost_grad(np.zeros(2))
ck.close(grad, np.zeros(2), "gradient at the saddle point (0, 0)", atol=1e-12)
ck.close(cost, 2.25, "C(0, 0)")
cost, grad = two_weight_cost_grad(np.array([-a, -a]))
ck.close(grad, np.zeros(2), "gradient at the other minimum -(sqrt(1.46), sqrt(1.46))", atol=1e-12)
ck.not_delegated(two_weight_cost_grad)
### END HIDDEN TESTS
'''

# --- 6. max_stable_lr -------------------------------------------------------------------------------------
MD_LR = r"""
## 6. The largest stable step size (7 points)

Near a minimum $\mathbf w^*$ the cost is, up to a constant, almost the quadratic
$\tfrac12(\mathbf w - \mathbf w^*)^\top H(\mathbf w - \mathbf w^*)$.
Writing the error $\mathbf w_k - \mathbf w^*$ in the eigenvectors of the Hessian $H$, gradient descent
multiplies its $i$-th component by $1 - \eta\lambda_i$ at every step, so it converges exactly when
$|1 - \eta\lambda_i| < 1$ for all $i$, that is when

$$0 < \eta < \frac{2}{\lambda_{\max}(H)} .$$

Implement this limit. $H$ is symmetric, so use `np.linalg.eigvalsh` (real eigenvalues, sorted ascending).
"""

ANS_LR = r'''
def max_stable_lr(H):
    """Stability limit of gradient descent on a quadratic with Hessian H: 2 / lambda_max(H).

    Parameters
    ----------
    H : ndarray of shape (p, p)
        Symmetric positive-definite Hessian. Not modified.

    Returns
    -------
    eta_max : float
        2 / lambda_max, with lambda_max the largest eigenvalue of H (computed with np.linalg.eigvalsh).
        Gradient descent converges for 0 < lr < eta_max and fails to converge for lr > eta_max.
    """
    ### BEGIN SOLUTION
    return 2.0 / float(np.linalg.eigvalsh(H)[-1])
    ### END SOLUTION
'''

TEST_LR = CK + r'''
H = np.diag([4.0, 1.0])
ck.close(max_stable_lr(H), 0.5, "max_stable_lr(diag(4, 1))",
         mistakes=[(0.25, "you returned 1/lambda_max: the limit is 2/lambda_max (|1 - eta*lambda| < 1)"),
                   (2.0, "you used the SMALLEST eigenvalue: the steepest direction (lambda_max) limits the step"),
                   (0.4, "you divided by the trace (the sum of the eigenvalues): use lambda_max")])
H = np.array([[3.0, 2.84], [2.84, 3.0]])       # the two-weight example's Hessian at its minimum
ck.close(max_stable_lr(H), 2 / 5.84, "max_stable_lr of [[3, 2.84], [2.84, 3]] (eigenvalues 0.16 and 5.84)",
         mistakes=[(2 / 3.0, "the diagonal entries are not the eigenvalues of a non-diagonal matrix: use eigvalsh"),
                   (2 / 6.0, "you divided by the trace (the sum of the eigenvalues): use lambda_max"),
                   (1 / 5.84, "you returned 1/lambda_max: the limit is 2/lambda_max"),
                   (2 / 0.16, "you used the SMALLEST eigenvalue: lambda_max limits the step")])

### BEGIN HIDDEN TESTS
rng = np.random.default_rng(26)
for p in (1, 3, 8):
    A = rng.standard_normal((p, p))
    H = A @ A.T + 0.1 * np.eye(p)
    lam = np.linalg.eigvalsh(H)
    eta = ck.unchanged(max_stable_lr, H)
    ck.true(np.ndim(eta) == 0, "max_stable_lr must return a single number")
    ck.close(eta, 2 / lam[-1], f"max_stable_lr of a random {p}x{p} SPD matrix",
             mistakes=[(1 / lam[-1], "you returned 1/lambda_max: the limit is 2/lambda_max"),
                       (2 / lam[0], "you used the smallest eigenvalue"),
                       (2 / np.max(np.diag(H)), "use the eigenvalues, not the diagonal")])
# gradient descent on the quadratic converges just below the limit and blows up just above it
H = np.array([[5.0, 2.0], [2.0, 1.0]])
eta = max_stable_lr(H)
for factor, should_converge in ((0.98, True), (1.02, False)):
    w = np.array([1.0, 1.0])
    for _ in range(2000):
        w = w - factor * eta * (H @ w)
    ck.true((np.linalg.norm(w) < 1e-3) == should_converge,
            f"GD with lr = {factor} * max_stable_lr(H) should {'converge' if should_converge else 'diverge'}")
ck.not_delegated(max_stable_lr)
### END HIDDEN TESTS
'''

# --- 7. standardize ---------------------------------------------------------------------------------------
MD_STD = r"""
## 7. Feature standardization (10 points)

Features on wildly different scales (a length in metres beside a weight in grams) make the Hessian
$X^\top X$ ill-conditioned and gradient descent slow. Standardizing each column,
$x' = (x - \mu)/\sigma$, fixes the scales. The mean $\mu$ and standard deviation $\sigma$ (population
version, `ddof=0`) come from the **training** set only; the test set is transformed with the same numbers,
as if it were new data arriving after training. A column that is constant in the training set ($\sigma = 0$,
in practice $\sigma \le 10^{-12}$) would divide by zero: use $\sigma = 1$ for it.
"""

ANS_STD = r'''
def standardize(X_train, X_test):
    """Standardize the columns with the TRAINING set's statistics: x' = (x - mu) / sigma.

    mu = X_train.mean(axis=0), sigma = X_train.std(axis=0) (population std, ddof=0); a column with
    sigma <= 1e-12 (constant in the training set) uses sigma = 1 instead, so it becomes x - mu (no division
    by zero, no NaN, no warning). The same mu and sigma transform X_test.

    Parameters
    ----------
    X_train : ndarray of shape (n_train, d)
    X_test : ndarray of shape (n_test, d)
        Neither is modified.

    Returns
    -------
    X_train_s : ndarray of shape (n_train, d), float
        Each column has mean 0 and (unless constant) standard deviation 1.
    X_test_s : ndarray of shape (n_test, d), float
        (X_test - mu) / sigma with the training mu and sigma.
    """
    ### BEGIN SOLUTION
    mu = X_train.mean(axis=0)
    sigma = X_train.std(axis=0)
    sigma = np.where(sigma > 1e-12, sigma, 1.0)
    return (X_train - mu) / sigma, (X_test - mu) / sigma
    ### END SOLUTION
'''

TEST_STD = CK + r'''
X_train = np.array([[1.0, 200.0], [2.0, 400.0], [3.0, 900.0]])
X_test = np.array([[4.0, 100.0], [10.0, 1000.0]])
mu, sd = X_train.mean(axis=0), X_train.std(axis=0)
A, B = ck.unchanged(standardize, X_train, X_test)
ck.shape(A, X_train.shape, "X_train_s")
ck.shape(B, X_test.shape, "X_test_s")
ck.close(A, (X_train - mu) / sd, "the standardized training set",
         mistakes=[((X_train - mu) / X_train.std(axis=0, ddof=1),
                    "you used the sample standard deviation (ddof=1): use np.std's default ddof=0"),
                   ((X_train - X_train.mean(axis=1, keepdims=True)) / X_train.std(axis=1, keepdims=True),
                    "you standardized the rows: the statistics are per COLUMN (axis=0)")])
ck.close(B, (X_test - mu) / sd, "the standardized test set (with the TRAINING mean and std)",
         mistakes=[((X_test - X_test.mean(axis=0)) / X_test.std(axis=0),
                    "you used statistics of the test set: transform it with the training set's mean and std"),
                   ((X_test - np.vstack([X_train, X_test]).mean(axis=0)) / np.vstack([X_train, X_test]).std(axis=0),
                    "you used statistics of the training and test sets together: use the training set only")])
# a constant column must not produce NaN or a division-by-zero warning
Xc = np.array([[1.0, 5.0], [3.0, 5.0]])
A, B = ck.no_warnings(standardize, Xc, np.array([[2.0, 6.0]]))
ck.close(A, np.array([[-1.0, 0.0], [1.0, 0.0]]),
         "training set with a constant column (guard zero-variance columns: use sigma = 1 there)")
ck.close(B, np.array([[0.0, 1.0]]), "test set, constant training column: (x - mu) / 1")

### BEGIN HIDDEN TESTS
rng = np.random.default_rng(27)
Xtr = rng.standard_normal((40, 5)) * np.array([1e-3, 1.0, 1e3, 5.0, 0.0]) + np.array([0.0, 3.0, -2e4, 1.0, 7.0])
Xte = rng.standard_normal((15, 5)) * 2.0 + 1.0
mu = Xtr.mean(axis=0); sd = Xtr.std(axis=0); sd = np.where(sd > 1e-12, sd, 1.0)
A, B = ck.unchanged(standardize, Xtr, Xte)
ck.close(A, (Xtr - mu) / sd, "standardized training set (random scales, one constant column)")
ck.close(B, (Xte - mu) / sd, "standardized test set (random scales, one constant column)",
         mistakes=[((Xte - Xte.mean(axis=0)) / Xte.std(axis=0), "you used statistics of the test set")])
ck.close(A.mean(axis=0), np.zeros(5), "column means of X_train_s", atol=1e-9)
ck.close(A.std(axis=0)[:4], np.ones(4), "column standard deviations of X_train_s")
from course_utils.data import standardize as _ref_standardize
ref_A, ref_B = _ref_standardize(Xtr, Xte)
ck.close(B, ref_B, "standardize vs course_utils.data.standardize")
# a test set of a different size, and a one-row test set
A, B = standardize(Xtr, Xte[:1])
ck.shape(B, (1, 5), "X_test_s for a one-row test set")
ck.not_delegated(standardize)
### END HIDDEN TESTS
'''

# --- 8. written -------------------------------------------------------------------------------------------
MD_WRITTEN = r"""
## 8. Written answer: why does η = 0.35 oscillate? (8 points, graded by hand)

The cell below runs gradient descent on the two-weight cost from $(1.5, 0.5)$ with $\eta = 0.25$ and
$\eta = 0.35$ using your `two_weight_cost_grad`. Run it, then explain in the markdown cell underneath
(5-10 sentences) **why 0.35 never settles while 0.25 does**, using the Hessian of $C$ at the minimum
$w_1 = w_2 = \sqrt{1.46}$: compute it (by hand or with a few lines of code), give its eigenvalues and
eigenvectors and say which direction each one belongs to (along or across the valley $w_1 w_2 \approx 1.5$),
compare 0.25 and 0.35 with your `max_stable_lr`, and say what the factor $1 - \eta\lambda$ does in each
direction. Finally: why does the run with 0.35 not blow up, but keep jumping between two points?
"""

RUN_WRITTEN = r"""
for lr in (0.25, 0.35):
    w = np.array([1.5, 0.5])
    costs = []
    for k in range(300):
        cost, grad = two_weight_cost_grad(w)
        costs.append(cost)
        w_prev, w = w, w - lr * grad
    print(f"lr = {lr}: cost after 10, 50, 300 steps: {costs[10]:.5f}, {costs[50]:.5f}, {costs[-1]:.5f}; "
          f"last two iterates {w_prev} and {w}")
"""

WRITTEN = r"""
### BEGIN SOLUTION
At the minimum $w_1 = w_2 = a$ with $a^2 = 1.46$ the Hessian is
$H = \begin{pmatrix} 2w_2^2 + 0.08 & 4w_1w_2 - 3\\ 4w_1w_2 - 3 & 2w_1^2 + 0.08\end{pmatrix}
= \begin{pmatrix} 3 & 2.84\\ 2.84 & 3\end{pmatrix}$, with eigenvalues $3 + 2.84 = 5.84$ for the eigenvector
$(1, 1)/\sqrt2$ (across the valley: it changes $w_1 w_2$, so the data term rises steeply) and
$3 - 2.84 = 0.16$ for $(1, -1)/\sqrt2$ (along the valley $w_1 w_2 \approx 1.5$, where only the small weight
decay changes). Near the minimum each step multiplies the error component along eigenvector $i$ by
$1 - \eta\lambda_i$. The stability limit is $2/\lambda_{\max} = 2/5.84 \approx 0.3425$. With $\eta = 0.25$ the
factors are $1 - 1.46 = -0.46$ across (a quickly dying zig-zag) and $1 - 0.04 = 0.96$ along the valley: stable,
but slow, so the run crawls along the flat valley. With $\eta = 0.35 > 0.3425$ the factor across the valley is
$1 - 0.35 \cdot 5.84 = -1.044$: every step jumps over the valley floor and lands slightly farther on the other
side, so the minimum is unstable (the along-valley factor, $0.944$, is still fine). The growth does not go on
forever because the cost is not quadratic: the factor $-1.044$ holds only next to the minimum (on the diagonal
$w_1 = w_2 = a$ the curvature across the valley is $6a^2 - 2.92$, lower on the inner side), and the growing
jumps settle into a stable two-cycle, alternating between about $(1.11, 1.11)$ and $(1.29, 1.29)$ with costs
about $0.170$ and $0.157$ instead of the minimum $0.1184$.
### END SOLUTION
"""


def solution_cells():
    return [
        readonly("intro", INTRO),
        readonly("setup", SETUP, kind="code"),
        md(MD_LOSS), answer("sse_loss", ANS_LOSS), grade("test_sse_loss", 10, TEST_LOSS),
        md(MD_GRAD), answer("sse_grad", ANS_GRAD), grade("test_sse_grad", 15, TEST_GRAD),
        md(MD_BATCH), answer("batch_gradient_descent", ANS_BATCH),
        grade("test_batch_gradient_descent", 20, TEST_BATCH),
        md(MD_SGD), answer("stochastic_gradient_descent", ANS_SGD),
        grade("test_stochastic_gradient_descent", 20, TEST_SGD),
        md(MD_TW), answer("two_weight_cost_grad", ANS_TW), grade("test_two_weight_cost_grad", 10, TEST_TW),
        md(MD_LR), answer("max_stable_lr", ANS_LR), grade("test_max_stable_lr", 7, TEST_LR),
        md(MD_STD), answer("standardize", ANS_STD), grade("test_standardize", 10, TEST_STD),
        md(MD_WRITTEN), code(RUN_WRITTEN), written("written_oscillation", 8, WRITTEN),
    ]


# ---------------------------------------------------------------------------------------------------------
# lecture notebook
# ---------------------------------------------------------------------------------------------------------

L_TITLE = r"""
# Unit 2 — Gradient descent

The perceptron of Unit 1 learned by fixing one mistake at a time. That rule has no notion of *how wrong* the
unit is, and it says nothing when the data cannot be separated. This unit replaces it with the idea that
drives all of neural-network training: **write down a number that measures how bad the weights are, then walk
downhill on it.** We do it first for the simplest possible unit, a linear one, where every step can be worked
out by hand and checked against an exact answer.

**Learning objectives.** After this unit you can
1. state learning as optimization: a start, a direction, a step size, and a rule for when to stop;
2. derive the gradient of the squared error of a linear unit, $\partial E/\partial w_i = -\sum_d (t_d - o_d)\,x_{d,i}$,
   and check it numerically;
3. implement batch and incremental (stochastic) gradient descent and say when the second approximates the first;
4. predict from the Hessian's eigenvalues which step sizes crawl, oscillate or diverge, using
   $\eta < 2/\lambda_{\max}$, and explain the two-weight example where 0.25 crawls and 0.35 oscillates;
5. explain why Newton's method converges in few steps but is ruled out for networks by its cost;
6. choose a stopping criterion, and standardize features so that gradient descent is well conditioned;
7. check a gradient-descent answer against the closed-form least-squares solution.
"""

L_SETUP = r"""
%matplotlib inline
import numpy as np
import matplotlib.pyplot as plt

from course_utils.gradcheck import numerical_gradient, rel_error
from course_utils.data import standardize
from course_utils.widgets.surfaces import get_surface, gradient_descent_path

np.set_printoptions(precision=4, suppress=True)
plt.rcParams["figure.dpi"] = 90
"""

L_OPT = r"""
## 1. Learning as optimization

Choose an **error function** $E(\mathbf w)$ that is small when the weights $\mathbf w$ fit the training
data. Learning then means minimizing $E$, and gradient descent (Cauchy, 1847) does it with four ingredients:

1. **start** somewhere, $\mathbf w_0$ (zeros, or small random numbers);
2. pick a **direction**: the one in which $E$ decreases fastest;
3. take a **step** of size $\eta$ (the *learning rate*) in that direction;
4. **repeat** until a stopping rule says you are done.

Why is the negative gradient the best direction? For a small move $\boldsymbol\delta$, Taylor's theorem gives
$E(\mathbf w + \boldsymbol\delta) \approx E(\mathbf w) + \nabla E(\mathbf w)\cdot\boldsymbol\delta$. Among all moves
of a fixed length $\lVert\boldsymbol\delta\rVert = r$, the Cauchy–Schwarz inequality
$\nabla E\cdot\boldsymbol\delta \ge -\lVert\nabla E\rVert\, r$ says the largest decrease comes from
$\boldsymbol\delta \propto -\nabla E(\mathbf w)$. The gradient points **uphill**; we step against it:

$$\mathbf w_{k+1} = \mathbf w_k - \eta\,\nabla E(\mathbf w_k).$$

"Small move" is the catch: the linear approximation is only trusted near $\mathbf w_k$, and most of this
unit is about how large $\eta$ may be.
"""

L_LINEAR = r"""
## 2. The linear unit and its error

A **linear unit** outputs a weighted sum of its inputs, with no threshold:

$$o = \mathbf w\cdot\mathbf x = w_0 x_0 + w_1 x_1 + \dots + w_m x_m ,$$

where, as in Unit 1, the bias is the weight $w_0$ of an input $x_0 = 1$ that is always on. For training
examples $d = 1, \dots, n$ with inputs $\mathbf x_d$ and targets $t_d$, we measure the fit by half the sum of
squared errors

$$E(\mathbf w) = \frac12\sum_{d=1}^{n}\big(t_d - o_d\big)^2 = \frac12\,\lVert\mathbf t - X\mathbf w\rVert^2 ,$$

where the rows of the matrix $X$ (shape $n\times(m+1)$) are the inputs $\mathbf x_d$, so that
$\mathbf o = X\mathbf w$. The $\tfrac12$ changes nothing about where the minimum is; it only makes the
derivative tidier. Let us make a small data set: twenty points on a noisy line, $t \approx 1 + 0.5\,x$.
A linear unit with a bias then has exactly two weights, $(w_0, w_1)$, so we can draw $E$ as a landscape.
"""

L_DATA = r"""
rng = np.random.default_rng(0)
n = 20
x = rng.uniform(0, 2, n)
t = 1.0 + 0.5 * x + 0.2 * rng.standard_normal(n)
X = np.column_stack([np.ones(n), x])          # bias input x0 = 1, then x1 = x

def E(w, X=X, t=t):
    # 1/2 * sum of squared errors of the linear unit o = X w
    r = t - X @ w
    return 0.5 * r @ r

print("X has shape", X.shape, "; E(w = 0) =", round(E(np.zeros(2)), 4))
"""

L_FIG1 = r"""
w0g, w1g = np.meshgrid(np.linspace(-0.5, 2.5, 161), np.linspace(-1.0, 2.0, 161))
Wg = np.stack([w0g, w1g], axis=-1)                                   # grid of weight vectors, (161, 161, 2)
Eg = 0.5 * np.sum((t - Wg @ X.T) ** 2, axis=-1)                      # E at every grid point

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
ax1.scatter(x, t, color="k", s=18, label="training examples")
xs = np.linspace(0, 2, 2)
for w, style in [((0.2, 1.3), "--"), ((1.5, -0.2), ":")]:
    ax1.plot(xs, w[0] + w[1] * xs, style, label=f"w = {w}:  E = {E(np.array(w)):.2f}")
ax1.set(title="Two candidate linear units", xlabel="input x", ylabel="target t / output o")
ax1.legend()
cs = ax2.contour(w0g, w1g, Eg, levels=np.geomspace(0.5, 60, 14), cmap="viridis")
ax2.clabel(cs, fontsize=7, fmt="%.1f")
ax2.set(title="The error landscape E(w0, w1)", xlabel="bias weight $w_0$", ylabel="slope weight $w_1$")
plt.tight_layout(); plt.show()
"""

L_FIG1_NOTE = r"""
Because $E$ is a quadratic function of $\mathbf w$, its level sets are ellipses around a single minimum. The
ellipses are long, thin and tilted: raising the bias $w_0$ while lowering the slope $w_1$ pivots the line about
the middle of the data and changes the error little, while moving across that direction changes it a lot.
Remember that shape; it is the whole story of Sections 5 and 6.
"""

L_DERIVE = r"""
## 3. The gradient, derived

Differentiate $E$ with respect to one weight $w_i$. The derivative of a sum is the sum of the derivatives,
and each square is differentiated with the chain rule:

$$
\begin{aligned}
\frac{\partial E}{\partial w_i}
&= \frac12\sum_d \frac{\partial}{\partial w_i}\,(t_d - o_d)^2
 = \frac12\sum_d 2\,(t_d - o_d)\,\frac{\partial}{\partial w_i}\big(t_d - \mathbf w\cdot\mathbf x_d\big) \\
&= \sum_d (t_d - o_d)\,(-x_{d,i})
 = -\sum_d (t_d - o_d)\,x_{d,i} .
\end{aligned}
$$

The 2 of the square cancels the $\tfrac12$, and the inner derivative $\partial(\mathbf w\cdot\mathbf x_d)/\partial w_i = x_{d,i}$
brings out the input. Collecting all $i$ at once, the sum over examples becomes a matrix product:

$$\nabla E(\mathbf w) = -X^\top(\mathbf t - X\mathbf w).$$

Read it as: each example pushes each weight in proportion to its **error** $t_d - o_d$ times its **input**
$x_{d,i}$. An example the unit already fits exactly pushes not at all, and an input that is zero leaves its
weight alone. A derivation is only as good as its check, so compare with central differences
(`course_utils.gradcheck.numerical_gradient`) at a random point:
"""

L_GRADCHECK = r"""
def grad_E(w, X=X, t=t):
    return -X.T @ (t - X @ w)

w_test = rng.standard_normal(2)
g_analytic = grad_E(w_test)
g_numeric = numerical_gradient(lambda v: E(v), w_test.copy())
print("analytic :", g_analytic)
print("numerical:", g_numeric)
print("relative error:", rel_error(g_analytic, g_numeric))
"""

L_BATCH = r"""
## 4. Batch gradient descent

With the gradient in hand the algorithm is three lines. Each step uses the gradient of the error over the
**whole** training set (the *batch*), so one step is one pass over the data, one **epoch**:

$$\mathbf w_{k+1} = \mathbf w_k + \eta\sum_d (t_d - o_d)\,\mathbf x_d = \mathbf w_k + \eta\,X^\top(\mathbf t - X\mathbf w_k).$$

In the form $\Delta w_i = \eta\,(t - o)\,x_i$ per example this is the **delta rule** of Widrow and Hoff (1960),
also called the LMS rule. Compare it with the perceptron's rule: the same shape, but the correction is
proportional to *how wrong* the output is, not just to *whether* it is wrong.

Because $E$ here is a convex quadratic, there is an exact answer to compare with: the least-squares solution
(Section 12), which `np.linalg.lstsq` computes.
"""

L_BATCH_CODE = r"""
def gd_path(grad, w0, lr, n_steps):
    # iterates w_0, ..., w_K of w <- w - lr * grad(w); stops early if the iterates blow up
    path = [np.array(w0, dtype=float)]
    for _ in range(n_steps):
        w = path[-1] - lr * grad(path[-1])
        path.append(w)
        if not np.all(np.abs(w) < 1e6):
            break
    return np.array(path)

w_ls = np.linalg.lstsq(X, t, rcond=None)[0]
path = gd_path(grad_E, np.zeros(2), lr=0.02, n_steps=300)
print("gradient descent after 300 epochs:", path[-1], "  E =", round(E(path[-1]), 6))
print("least squares (np.linalg.lstsq):  ", w_ls, "  E =", round(E(w_ls), 6))
"""

L_STEPS = r"""
## 5. Step sizes that crawl, oscillate and diverge

The only free choice so far is $\eta$. Let us try four values on our data: a timid one, a good one, a bold one
and one that is slightly too bold. (Where the numbers 0.0438 and 0.0219 come from is the subject of the next
section.)
"""

L_FIG2 = r"""
H = X.T @ X                                   # the Hessian of E (it does not depend on w)
lam = np.linalg.eigvalsh(H)                   # eigenvalues, ascending
print("eigenvalues of H:", lam, "   2/lambda_max =", round(2 / lam[-1], 4))

rates = {"crawls (η = 0.004)": 0.004, "good (η = 1/λmax = 0.0219)": 1 / lam[-1],
         "oscillates (η = 0.043)": 0.043, "diverges (η = 0.046)": 0.046}
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.6))
ax1.contour(w0g, w1g, Eg, levels=np.geomspace(0.5, 60, 14), cmap="Greys", linewidths=0.7)
for (label, lr), c in zip(rates.items(), ["tab:blue", "tab:green", "tab:orange", "tab:red"]):
    p = gd_path(grad_E, [2.0, -0.8], lr, 40 if lr < 2 / lam[-1] else 12)    # the divergent run: 12 steps
    ax1.plot(p[:, 0], p[:, 1], ".-", color=c, lw=1, ms=4, label=label)
    gap = np.array([E(w) for w in gd_path(grad_E, [2.0, -0.8], lr, 150)]) - E(w_ls)
    ax2.semilogy(np.maximum(gap, 1e-16), color=c, label=label)   # floor: rounding can make it 0 or < 0
ax1.plot(*w_ls, "k*", ms=12, label="minimum (least squares)")
ax1.set(xlim=(-0.5, 2.5), ylim=(-1.0, 2.0), title="Gradient descent from (2, −0.8): 40 steps (red: 12)",
        xlabel="bias weight $w_0$", ylabel="slope weight $w_1$")
ax1.legend(fontsize=8, loc="upper right")
ax2.set(title="Distance to the best error, $E(w_k) - E(w^*)$", xlabel="epoch k", ylabel="excess error (log scale)",
        ylim=(1e-12, 1e4))
ax2.legend(fontsize=8)
plt.tight_layout(); plt.show()
"""

L_FIG2_NOTE = r"""
Four behaviours, one algorithm. The **timid** step moves quickly down the steep walls, then inches along the
floor of the valley. The **good** step shrinks the excess error by the same large factor every epoch (a straight
line on the log scale).
The **bold** step (orange) jumps back and forth across the valley: every step overshoots the valley floor and
lands on the other side, but a little closer to it than before (factor $-0.96$), so it still converges, slowly. The **too bold** step (red) overshoots by more each time and the
error grows without bound. The boundary between the last two is sharp, and we can compute where it is.
"""

L_STABILITY = r"""
## 6. The stability limit $\eta < 2/\lambda_{\max}$

For the linear unit, $E$ is exactly quadratic. Its Hessian (matrix of second derivatives) is
$H = \nabla^2 E = X^\top X$, constant and symmetric, and at the minimum $\mathbf w^*$ the gradient vanishes,
$X^\top(\mathbf t - X\mathbf w^*) = \mathbf 0$. So
$\nabla E(\mathbf w) = -X^\top(\mathbf t - X\mathbf w) = X^\top X(\mathbf w - \mathbf w^*) = H(\mathbf w - \mathbf w^*)$,
and the error of the iterate, $\mathbf e_k = \mathbf w_k - \mathbf w^*$, obeys

$$\mathbf e_{k+1} = \mathbf e_k - \eta H\mathbf e_k = (I - \eta H)\,\mathbf e_k .$$

A symmetric matrix has an orthonormal basis of eigenvectors: $H = Q\Lambda Q^\top$ with
$H\mathbf q_i = \lambda_i\mathbf q_i$. Write the error in that basis, $c_{k,i} = \mathbf q_i\cdot\mathbf e_k$. Then
$(I - \eta H)\mathbf q_i = (1 - \eta\lambda_i)\mathbf q_i$, so the directions do not mix and each coordinate
evolves on its own:

$$c_{k,i} = (1 - \eta\lambda_i)^k\, c_{0,i} .$$

Everything follows from the factor $1 - \eta\lambda_i$:

| factor $1 - \eta\lambda_i$ | when | behaviour along $\mathbf q_i$ |
|---|---|---|
| close to 1 | $\eta\lambda_i \ll 1$ | **crawls** |
| between 0 and 1 | $\eta < 1/\lambda_i$ | smooth, monotone approach |
| between −1 and 0 | $1/\lambda_i < \eta < 2/\lambda_i$ | **oscillates**, shrinking |
| below −1 | $\eta > 2/\lambda_i$ | oscillates, growing: **diverges** |

Gradient descent converges exactly when $|1 - \eta\lambda_i| < 1$ for every $i$; for a positive-definite $H$
that is

$$0 < \eta < \frac{2}{\lambda_{\max}} .$$

The steepest direction sets the limit, while the flattest one, shrinking by $1 - \eta\lambda_{\min}$ per step,
sets the speed. The best constant step balances the two extremes, $1 - \eta\lambda_{\min} = -(1 - \eta\lambda_{\max})$,
giving $\eta^* = 2/(\lambda_{\min} + \lambda_{\max})$ and a contraction per step of
$(\kappa - 1)/(\kappa + 1)$ with the **condition number** $\kappa = \lambda_{\max}/\lambda_{\min}$. When $\kappa$ is large,
no step size is fast: this is why the valley shape matters. Our data: $\lambda = (3.62, 45.65)$, so the limit is
$2/45.65 = 0.0438$ and $\kappa = 12.6$. Let us check the claim $c_{k,i} = (1 - \eta\lambda_i)^k c_{0,i}$ numerically:
"""

L_STAB_CODE = r"""
lam, Q = np.linalg.eigh(H)
lr = 0.043
p = gd_path(grad_E, [2.0, -0.8], lr, 5)
c = (p - w_ls) @ Q                            # error coordinates along the eigenvectors, one row per step
print("observed ratios c_{k+1}/c_k per direction:\n", c[1:] / c[:-1])
print("predicted factors 1 - lr*lambda:", 1 - lr * lam)
"""

L_FIG3 = r"""
etas = np.linspace(0, 0.05, 501)
fig, ax = plt.subplots(figsize=(7.5, 4.2))
for l, name in [(lam[0], "flat direction"), (lam[-1], "steep direction")]:
    ax.plot(etas, np.abs(1 - etas * l), label=f"|1 − η λ|, {name} (λ = {l:.2f})")
ax.axhline(1, color="k", lw=0.8)
ax.axvline(2 / lam[-1], color="tab:red", ls="--", label=f"2/λmax = {2 / lam[-1]:.4f}")
ax.axvline(2 / (lam[0] + lam[-1]), color="tab:green", ls=":", label=f"best η* = 2/(λmin+λmax) = {2 / (lam[0] + lam[-1]):.4f}")
ax.set(title="Per-step shrink factor of each eigen-direction", xlabel="learning rate η",
       ylabel="|1 − ηλ|  (below 1: converges)", ylim=(0, 1.5))
ax.legend(fontsize=8, loc="lower left")
plt.tight_layout(); plt.show()
"""

L_TW = r"""
## 7. The two-weight example: 0.25 crawls, 0.35 oscillates

Real networks are not quadratic, but near a minimum they look quadratic, and then the Hessian there plays the
role of $X^\top X$. Here is the smallest example with two layers: a linear unit $h = w_1 x$ feeds a second
one $y = w_2 h$, trained on the single example $x = 1$, $t = 1.5$ with a little weight decay:

$$C(w_1, w_2) = (w_1 w_2 - 1.5)^2 + 0.04\,(w_1^2 + w_2^2).$$

**Gradient.** With $r = w_1 w_2 - 1.5$,
$\partial C/\partial w_1 = 2 r\, w_2 + 0.08\, w_1$ and $\partial C/\partial w_2 = 2 r\, w_1 + 0.08\, w_2$.

**Minima.** Setting both to zero and subtracting $w_2$ times the second equation from $w_1$ times the first
leaves $0.08\,(w_1^2 - w_2^2) = 0$, so $|w_1| = |w_2|$. With $w_1 = w_2 = a$: $2(a^2 - 1.5)a + 0.08a = 0$,
so $a = 0$ (the origin, a saddle point) or $a^2 = 1.5 - 0.04 = 1.46$. (The case $w_1 = -w_2$ only gives the
origin.) The minima are $\pm(\sqrt{1.46}, \sqrt{1.46}) \approx \pm(1.2083, 1.2083)$, with
$C = 0.04^2 + 0.08 \cdot 1.46 = 0.1184$. The product $w_1 w_2$ stops at $1.46$, a little short of the target
$1.5$: that is the weight decay at work.

**Hessian.** Differentiating once more,

$$H(\mathbf w) = \begin{pmatrix} 2w_2^2 + 0.08 & 4w_1 w_2 - 3\\ 4 w_1 w_2 - 3 & 2w_1^2 + 0.08\end{pmatrix},
\qquad H(\mathbf w^*) = \begin{pmatrix} 3 & 2.84\\ 2.84 & 3\end{pmatrix}$$

since $w_1^2 = w_2^2 = w_1 w_2 = 1.46$ there. A symmetric $2\times 2$ matrix with equal diagonal entries has
eigenvectors $(1, 1)/\sqrt2$ and $(1, -1)/\sqrt2$, with eigenvalues $3 + 2.84 = 5.84$ and $3 - 2.84 = 0.16$.
The direction $(1, 1)$ changes the product $w_1 w_2$: it goes **across** the valley $w_1 w_2 \approx 1.5$, which is
steep. The direction $(1, -1)$ is tangent to the hyperbola $w_1 w_2 = 1.46$: **along** the valley, where only the
weak weight decay pulls. The condition number is $5.84/0.16 = 36.5$ and the stability limit is

$$\eta < \frac{2}{\lambda_{\max}} = \frac{2}{5.84} \approx 0.3425 .$$

- $\eta = 0.25$ is below the limit. Across the valley the factor is $1 - 0.25 \cdot 5.84 = -0.46$: quick,
  damped zig-zags. Along it the factor is $1 - 0.25 \cdot 0.16 = 0.96$: each step removes only 4% of the
  remaining distance, so it takes $\ln(1000)/0.041 \approx 170$ steps to get 1000 times closer. It **crawls**.
- $\eta = 0.35$ is above the limit. Along the valley it is fine ($1 - 0.35 \cdot 0.16 = 0.944$), but across it
  the factor is $1 - 0.35 \cdot 5.84 = -1.044$: every step jumps over the valley floor and lands a little farther
  out on the other side. The minimum is unstable, and gradient descent **oscillates** forever.

Let us verify every number, using the two-weight surface of `course_utils.widgets.surfaces` (the same one the
widget at the end of this notebook draws).
"""

L_TW_CODE = r"""
tw = get_surface("two_weight")
w_star = np.sqrt(1.46) * np.ones(2)
print("C(w*) =", round(float(tw.value(w_star)), 6), "   gradient at w*:", tw.gradient(w_star))
H_star = tw.hessian(w_star)
# check the Hessian by central differences of the gradient, column by column
H_num = np.column_stack([(tw.gradient(w_star + 1e-6 * e) - tw.gradient(w_star - 1e-6 * e)) / 2e-6
                         for e in np.eye(2)])
print("Hessian at w*:\n", H_star, "\nrelative error vs finite differences:", rel_error(H_star, H_num))
lam_tw, Q_tw = np.linalg.eigh(H_star)
print("eigenvalues:", lam_tw, "  eigenvectors (columns):\n", Q_tw)
print("2/lambda_max =", 2 / lam_tw[-1], "  condition number =", lam_tw[-1] / lam_tw[0])
for lr in (0.25, 0.35):
    print(f"eta = {lr}: factors 1 - eta*lambda =", 1 - lr * lam_tw)
"""

L_FIG4 = r"""
start = np.array([1.5, 0.5])
W1, W2, Cg = tw.grid(200)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.8))
ax1.contour(W1, W2, Cg, levels=np.geomspace(0.12, 6, 16), cmap="Greys", linewidths=0.7)
for lr, c in [(0.25, "tab:blue"), (0.35, "tab:orange")]:
    p = gradient_descent_path(tw, start, lr, 300)
    ax1.plot(p[:60, 0], p[:60, 1], ".-", color=c, lw=1, ms=4, label=f"η = {lr} (first 60 steps)")
    ax2.semilogy(np.maximum(tw.value(p) - tw.value(w_star), 1e-16), color=c, label=f"η = {lr}")
ax1.plot(*w_star, "k*", ms=12, label="minimum (√1.46, √1.46)")
ax1.plot(*start, "ks", ms=6, label="start (1.5, 0.5)")
ax1.set(title="Gradient descent on C(w1, w2)", xlabel="$w_1$", ylabel="$w_2$", xlim=(0.5, 2.0), ylim=(0.3, 1.8))
ax1.set_aspect("equal")
ax1.legend(fontsize=8)
ax2.set(title="Excess cost C(w_k) − C(w*)", xlabel="step k", ylabel="excess cost (log scale)")
ax2.legend()
plt.tight_layout(); plt.show()
p35 = gradient_descent_path(tw, start, 0.35, 300)
print("eta = 0.35, last four iterates:\n", p35[-4:], "\ncosts:", tw.value(p35[-4:]))
"""

L_TW_NOTE = r"""
With $\eta = 0.25$ the cost falls at every step, steadily but slowly, along the valley. With $\eta = 0.35$ the
first two steps overshoot wildly (the cost rises to 1.20), the third lands close to the minimum (cost 0.133), and
from there the zig-zag across the valley floor grows step by step (the along-valley direction is still stable)
and never settles: it ends up alternating between about $(1.11, 1.11)$ and $(1.29, 1.29)$, two
points on the diagonal on either side of the minimum, with costs about $0.170$ and $0.157$.

Why does it not blow up, as the factor $-1.044$ would predict for a quadratic? Because $C$ is not a quadratic:
the factor describes only the immediate neighbourhood of $\mathbf w^*$. On the diagonal, $w_1 = w_2 = a$, the
curvature across the valley is $6a^2 - 2.92$ (5.84 at the minimum), smaller on the inner side of the
valley and larger on the outer side. The growing jumps reach a size where one step lands exactly where
the previous one started: a stable **two-cycle**. For a step just above the limit this is typical of non-quadratic
costs (a *period-doubling* bifurcation). Larger steps widen the cycle (about 0.91 to 1.37 at $\eta = 0.4$), then
break it into irregular jumping, and from $\eta \approx 0.57$ on, the run from $(1.5, 0.5)$ diverges.
"""

L_NEWTON = r"""
## 8. Newton's method, and why networks do not use it

Gradient descent uses only the slope. If we also use the curvature, we can jump straight to the minimum of the
local quadratic model
$C(\mathbf w + \boldsymbol\delta) \approx C(\mathbf w) + \mathbf g\cdot\boldsymbol\delta + \tfrac12\boldsymbol\delta^\top H\boldsymbol\delta$.
Setting its gradient $\mathbf g + H\boldsymbol\delta$ to zero gives **Newton's method**:

$$\mathbf w_{k+1} = \mathbf w_k - H_k^{-1}\mathbf g_k .$$

In the eigenbasis of $H$ this divides the gradient's component along each $\mathbf q_i$ by $\lambda_i$: flat
directions get long steps, steep ones short steps, and the condition number no longer matters. On a quadratic, one Newton step lands exactly on
the minimum. But:

- **It can go the wrong way.** Where $H$ is not positive definite (near saddle points and on hill sides), the
  Newton step heads towards a saddle or a maximum as readily as towards a minimum. Practical versions damp or
  modify $H$.
- **It is far too expensive for networks.** With $p$ weights, $H$ has $p^2$ entries and solving
  $H\boldsymbol\delta = -\mathbf g$ costs about $p^3/3$ operations. A modest network with $p = 10^6$ weights would
  need $10^{12}$ numbers (8 TB in float64) and about $3\cdot 10^{17}$ operations *per step*, where a gradient
  step costs a few times $p$ per example. That cubic cost rules Newton's method out; approximations exist
  (quasi-Newton methods, Hessian-free optimization; Martens, 2010), but gradient descent and its cheap
  variants (Unit 5) remain the standard.

Both points are visible on our two examples:
"""

L_NEWTON_CODE = r"""
# one Newton step on the quadratic E of the linear unit lands on the least-squares solution
w0 = np.array([2.0, -0.8])
w1 = w0 - np.linalg.solve(H, grad_E(w0))
print("linear unit: one Newton step from", w0, "->", w1, "  (lstsq:", w_ls, ")")

# on the two-weight cost the Hessian changes from point to point and need not be positive definite
w = start.copy()
for k in range(10):
    Hk = tw.hessian(w)
    C_k = float(tw.value(w))
    print(f"step {k}: w = {w},  C = {C_k:.4f} (excess {C_k - float(tw.value(w_star)):.1e}),  "
          f"eigenvalues of H = {np.linalg.eigvalsh(Hk)}")
    w = w - np.linalg.solve(Hk, tw.gradient(w))
"""

L_NEWTON_NOTE = r"""
From $(1.5, 0.5)$ the first Newton step *raises* the cost from 0.66 to 1.39 and lands where $H$ has a negative
eigenvalue, and the next steps wander (up again at step 3). Once the iterate is close to the minimum, where $H$ is
positive definite, it converges very fast: the excess cost $C - 0.1184$ falls from about $9\cdot 10^{-4}$ (step 7)
to $3\cdot 10^{-5}$ to $10^{-9}$, the number of correct digits roughly doubling every step (*quadratic*
convergence). Gradient descent with $\eta = 0.25$ is slower near the minimum but never goes uphill.
"""

L_SGD = r"""
## 9. Incremental (stochastic) gradient descent

The batch gradient is a sum over all examples, $\nabla E = \sum_d \nabla E_d$ with
$E_d(\mathbf w) = \tfrac12 (t_d - o_d)^2$. With a million examples, one step costs a full pass over the data.
The **incremental** version updates after every single example:

$$\text{for each } d:\quad \mathbf w \leftarrow \mathbf w - \eta\,\nabla E_d(\mathbf w) = \mathbf w + \eta\,(t_d - o_d)\,\mathbf x_d .$$

Visiting the examples in a fresh random order every epoch makes it **stochastic gradient descent** (SGD):
each update follows a noisy, unbiased estimate of the batch direction (up to the factor $n$), computed at
a cost that does not grow with the data set.

**When does it approximate the batch version?** Over one epoch the weights change by
$-\eta\sum_d \nabla E_d(\mathbf w^{(d)})$, where $\mathbf w^{(d)}$ is the weight vector *at the moment example $d$
is visited*. Each $\mathbf w^{(d)}$ differs from the epoch's starting point by $O(\eta)$, so each gradient differs
by $O(\eta)$, and the whole epoch differs from one batch step by $O(\eta^2)$. For small enough $\eta$, one epoch
of incremental descent is as close to one batch step as we like (Mitchell, 1997, Ch. 4). Check: shrinking
$\eta$ ten-fold should shrink the gap about a hundred-fold.
"""

L_SGD_CODE = r"""
def sgd_epoch(w, lr, order):
    for d in order:
        w = w + lr * (t[d] - X[d] @ w) * X[d]
    return w

w_start = np.array([2.0, -0.8])
order = np.random.default_rng(1).permutation(n)
for lr in (1e-2, 1e-3, 1e-4):
    gap = np.linalg.norm(sgd_epoch(w_start, lr, order) - (w_start - lr * grad_E(w_start)))
    print(f"eta = {lr:g}: |one SGD epoch - one batch step| = {gap:.3e}")
"""

L_FIG5 = r"""
def sgd_path(schedule, n_epochs, seed):
    # weights after each epoch of incremental descent; epoch k uses the step size schedule(k)
    g = np.random.default_rng(seed)
    ws, w = [w_start.copy()], w_start.copy()
    for k in range(n_epochs):
        w = sgd_epoch(w, schedule(k), g.permutation(n))
        ws.append(w)
    return np.array(ws)

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.6))
ax1.contour(w0g, w1g, Eg, levels=np.geomspace(0.5, 60, 14), cmap="Greys", linewidths=0.7)
pb = gd_path(grad_E, w_start, 0.02, 60)
ax1.plot(pb[:, 0], pb[:, 1], "o-", color="tab:green", ms=3, lw=1, label="batch, η = 0.02 (one step per epoch)")
# the SGD path with every single update drawn
g, w, fine = np.random.default_rng(2), w_start.copy(), [w_start.copy()]
for _ in range(60):
    for d in g.permutation(n):
        w = w + 0.02 * (t[d] - X[d] @ w) * X[d]
        fine.append(w)
fine = np.array(fine)
ax1.plot(fine[:, 0], fine[:, 1], "-", color="tab:purple", lw=0.6, label="incremental, η = 0.02 (every update)")
ax1.plot(*w_ls, "k*", ms=12, label="least squares")
ax1.set(xlim=(-0.5, 2.5), ylim=(-1.0, 2.0), title="Batch vs incremental paths",
        xlabel="bias weight $w_0$", ylabel="slope weight $w_1$")
ax1.legend(fontsize=8)
pb = gd_path(grad_E, w_start, 0.02, 400)
ax2.semilogy([max(E(w) - E(w_ls), 1e-16) for w in pb], "--", color="tab:green", label="batch, η = 0.02")
for lr, c in [(0.02, "tab:purple"), (0.005, "tab:blue")]:
    ps = sgd_path(lambda k: lr, 400, seed=3)
    ax2.semilogy([E(w) - E(w_ls) for w in ps], color=c, label=f"incremental, η = {lr}")
ps = sgd_path(lambda k: 0.02 / (1 + k / 50), 400, seed=3)
ax2.semilogy([E(w) - E(w_ls) for w in ps], color="tab:brown", label="incremental, $\\eta_k$ = 0.02 / (1 + k/50)")
ax2.set(title="Excess error after each epoch", xlabel="epoch", ylabel="E(w) − E(w*)  (log scale)")
ax2.legend(fontsize=8)
plt.tight_layout(); plt.show()
"""

L_SGD_NOTE = r"""
Two lessons. Early on, incremental descent makes as much progress per epoch as the batch version (or more:
it takes $n$ small steps per epoch instead of one). But with a **constant** step size it does not converge on
noisy data: at the minimum the *sum* of the per-example gradients is zero, but the individual ones are not, so
the weights keep jittering in a cloud whose size shrinks with $\eta$: the purple curve ($\eta = 0.02$) levels off
near $10^{-4}$, while the blue one ($\eta = 0.005$) is slower at first but jitters far less. Stochastic
approximation theory (Robbins & Monro, 1951) shows that a step size decreasing like $\eta_k \propto 1/k$ removes
the jitter: the brown curve keeps improving. Unit 5 returns to schedules and to the middle ground of
**mini-batches**.
On data a linear unit fits exactly, every per-example gradient vanishes at the solution and SGD converges
with a constant step.
"""

L_STOP = r"""
## 10. When to stop

"Repeat until done" needs a definition of done. Common rules, often combined:

- **a budget**: a maximum number of epochs (always have one: it also catches divergence);
- **a small gradient**: $\lVert\nabla E(\mathbf w_k)\rVert < \varepsilon$, since the gradient vanishes at a minimum;
- **little progress**: the relative decrease $\big(E(\mathbf w_{k-1}) - E(\mathbf w_k)\big)/E(\mathbf w_{k-1})$ falls below a
  tolerance for a few epochs in a row;
- **validation error** stops improving: the rule that matters for generalization (early stopping, Unit 6).

A small gradient does not guarantee a nearby minimum: on a flat valley floor the gradient is small while the
minimum is still far away. Our two-weight run with $\eta = 0.25$ shows it:
"""

L_STOP_CODE = r"""
def descend_until(grad, cost, w0, lr, tol, max_epochs=10_000):
    w = np.array(w0, dtype=float)
    for k in range(max_epochs):
        g = grad(w)
        if np.linalg.norm(g) < tol:
            return w, k, "gradient norm below tol"
        w = w - lr * g
    return w, max_epochs, "epoch budget used up"

for tol in (1e-1, 1e-2, 1e-4):
    w, k, why = descend_until(tw.gradient, tw.value, start, 0.25, tol)
    print(f"tol = {tol:g}: stopped after {k:4d} steps ({why}); distance to w* = {np.linalg.norm(w - w_star):.2e}")
"""

L_STOP_NOTE = r"""
With $\lVert\nabla C\rVert < 0.1$ the run stops after 7 steps, still 0.36 away from the minimum. Near the minimum
the gradient along the valley is only $\lambda_{\min} = 0.16$ times the distance, so a tolerance of $10^{-2}$ still
leaves the iterate about $10^{-2}/0.16 \approx 0.06$ away, exactly as printed. A tolerance on the gradient must be
read against the curvature of the flattest direction.
"""

L_SCALE = r"""
## 11. Feature scaling and conditioning

For a linear unit $H = X^\top X$, so the *units of the inputs* set the eigenvalues. Suppose we predict the cost
of shipping a parcel from its **length in metres** (0.1 to 1) and its **weight in grams** (50 to 5000), plus a
bias. The weight column is thousands of times larger than the other two, so $X^\top X$ has one enormous
eigenvalue (about $4\cdot 10^8$) and two between 2 and 15. The stability limit $2/\lambda_{\max}$ is then tiny, and
along the other directions each step makes almost no progress: the condition number is about $2\cdot 10^8$.

The cure costs nothing: **standardize** every input column, $x' = (x - \mu)/\sigma$, with the mean and standard
deviation of the **training** set (reused, unchanged, for validation and test data, which must not influence
training). Centred columns are exactly orthogonal to the bias column of ones, unrelated features are nearly
orthogonal to each other, all columns have the same length, and so the eigenvalues bunch together (LeCun, Bottou, Orr & Müller, 1998). Standardizing changes the coordinates, not the
model: the fitted outputs are identical.
"""

L_SCALE_CODE = r"""
rng_p = np.random.default_rng(3)
m = 50
length_m = rng_p.uniform(0.1, 1.0, m)
weight_g = rng_p.uniform(50, 5000, m)
cost = 2.0 + 3.0 * length_m + 0.001 * weight_g + 0.2 * rng_p.standard_normal(m)
ones = np.ones((m, 1))
designs = {
    "metres and grams": np.column_stack([ones, length_m, weight_g]),
    "metres and kilograms": np.column_stack([ones, length_m, weight_g / 1000]),
    "standardized": np.column_stack([ones, standardize(np.column_stack([length_m, weight_g]))]),
}
for name, A in designs.items():
    lam_A = np.linalg.eigvalsh(A.T @ A)
    print(f"{name:22s} eigenvalues of X^T X = {np.array2string(lam_A, precision=3)}  "
          f"condition number = {lam_A[-1] / lam_A[0]:.3g}")
"""

L_FIG6 = r"""
fig, ax = plt.subplots(figsize=(7.5, 4.4))
for (name, A), c in zip(designs.items(), ["tab:red", "tab:orange", "tab:green"]):
    lam_A = np.linalg.eigvalsh(A.T @ A)
    w_opt = np.linalg.lstsq(A, cost, rcond=None)[0]
    E_opt = 0.5 * np.sum((cost - A @ w_opt) ** 2)
    p = gd_path(lambda w: -A.T @ (cost - A @ w), np.zeros(3), 1 / lam_A[-1], 500)
    gap = [max(0.5 * np.sum((cost - A @ w) ** 2) - E_opt, 1e-16) for w in p]
    ax.semilogy(gap, color=c, label=f"{name} (κ = {lam_A[-1] / lam_A[0]:.3g})")
ax.set(title="Batch GD with η = 1/λmax on the parcel data", xlabel="epoch",
       ylabel="E(w) − E(w*)  (log scale)")
ax.legend()
plt.tight_layout(); plt.show()
"""

L_SCALE_NOTE = r"""
Same data, same model, same algorithm; only the units differ. In metres and grams gradient descent is stuck
after the first few epochs (the excess error stays near 76 for hundreds of epochs); in kilograms it gets
there slowly; standardized, it reaches machine precision in about twenty epochs. Always standardize inputs
before gradient descent.
"""

L_CLOSED = r"""
## 12. The closed-form answer as a check

For the linear unit we do not actually need gradient descent: setting the gradient to zero,
$X^\top(\mathbf t - X\mathbf w) = \mathbf 0$, gives the **normal equations**

$$X^\top X\,\mathbf w^* = X^\top\mathbf t .$$

Solve them with `np.linalg.lstsq(X, t, rcond=None)`, which works on $X$ itself through an orthogonal
factorization (SVD) rather than forming and inverting $X^\top X$, whose condition number is the *square* of
that of $X$. The closed form is the perfect test for an implementation of gradient descent, and the reason we
start here: for networks with hidden layers no closed form exists and iterative descent is the only option.
"""

L_CLOSED_CODE = r"""
for name, A in designs.items():
    w_opt = np.linalg.lstsq(A, cost, rcond=None)[0]
    lam_A = np.linalg.eigvalsh(A.T @ A)
    w_gd = gd_path(lambda w: -A.T @ (cost - A @ w), np.zeros(3), 1 / lam_A[-1], 2000)[-1]
    same_fit = np.allclose(A @ w_opt, designs["standardized"] @ np.linalg.lstsq(designs["standardized"], cost, rcond=None)[0])
    print(f"{name:22s} lstsq w* = {w_opt}   (same fitted outputs as the standardized fit: {same_fit})\n"
          f"{'':22s} GD, 2000 epochs = {w_gd}")
"""

L_CLOSED_NOTE = r"""
The three least-squares weight vectors differ (they are the same model in different units: the weight of the
grams column is 1000 times smaller than that of the kilograms column), but their fitted outputs agree exactly.
After 2000 epochs gradient descent matches them to three decimals in kilograms and to all printed digits when
standardized, while in metres and grams it is nowhere near $\mathbf w^*$: exactly the failure the closed form is
there to catch.
"""

L_WIDGET = r"""
## 13. Try it yourself

The explorer below runs gradient descent on the two-weight cost (and on other surfaces from the menu: an
ill-conditioned quadratic, a banana-shaped valley and a saddle). Move the learning rate across
$2/5.84 \approx 0.342$ and watch the path switch from crawling to oscillating; move the *start w1* and *start w2*
sliders to begin somewhere else. Things to try: on the ill-conditioned quadratic, find the largest step that still converges
and compare it with $2/\lambda_{\max}$; on the saddle, start almost on the ridge and count the steps it takes
to escape.
"""

L_WIDGET_CODE = r"""
from course_utils.widgets import learning_rate_explorer
learning_rate_explorer()
"""

L_QUIZ = r"""
## Check your understanding

1. Batch gradient descent with $\eta = 0.01$ works well on 100 examples. You collect 10 000 examples from the
   same source and keep $\eta = 0.01$ with the **sum** error $E$. What happens, and what are two fixes?
   <details><summary>Answer</summary>
   $H = X^\top X = \sum_d \mathbf x_d\mathbf x_d^\top$ grows in proportion to the number of examples, so $\lambda_{\max}$
   becomes about 100 times larger and $\eta = 0.01$ is now likely above $2/\lambda_{\max}$: the run diverges. Either
   divide $\eta$ by 100, or minimize the mean error $E/n$ (whose Hessian does not grow with $n$), which is why
   libraries use means.
   </details>

2. A quadratic has Hessian eigenvalues 10 and 1. Which constant step size converges fastest, and by what factor
   does the error shrink per step?
   <details><summary>Answer</summary>
   $\eta^* = 2/(\lambda_{\min} + \lambda_{\max}) = 2/11 \approx 0.18$; both directions then shrink by
   $|1 - \eta^*\lambda| = 9/11 \approx 0.82$ per step, i.e. $(\kappa - 1)/(\kappa + 1)$ with $\kappa = 10$. The
   limit is $2/10 = 0.2$.
   </details>

3. Why is the two-weight cost's Hessian at the minimum not diagonal, and what would go wrong if you estimated
   $\lambda_{\max}$ by the largest diagonal entry?
   <details><summary>Answer</summary>
   $\partial^2 C/\partial w_1\partial w_2 = 4w_1w_2 - 3 = 2.84 \ne 0$: the two weights interact through their
   product. The largest diagonal entry is 3, which would suggest a limit of $2/3 \approx 0.67$; the true limit is
   $2/5.84 \approx 0.34$, so a step of 0.5 would look safe but never converge.
   </details>

4. You standardize your inputs using the mean and standard deviation of the whole data set, then split it into
   training and test sets. What is wrong?
   <details><summary>Answer</summary>
   The test set has influenced the preprocessing, so it is no longer unseen data and the test error is
   optimistically biased. Compute $\mu$ and $\sigma$ on the training set only and apply them unchanged to the test
   set (and to any new data).
   </details>

5. How many Newton steps does it take to minimize the linear unit's $E$ from any start, and why is this not an
   argument for Newton's method in a network with $10^6$ weights?
   <details><summary>Answer</summary>
   One: $E$ is exactly quadratic, so its quadratic model is exact. A network's cost is not quadratic (its Hessian
   changes and can be indefinite), and each Newton step needs a $10^6\times 10^6$ Hessian and a linear solve costing
   about $10^{18}/3$ operations.
   </details>
"""

L_SUMMARY = r"""
## Summary

- Learning is minimizing an error function: start, step against the gradient, repeat, stop.
- For a linear unit $o = \mathbf w\cdot\mathbf x$ with $E = \tfrac12\sum_d (t_d - o_d)^2$, the gradient is
  $\partial E/\partial w_i = -\sum_d (t_d - o_d)\,x_{d,i}$, or $\nabla E = -X^\top(\mathbf t - X\mathbf w)$.
- Batch gradient descent takes one step per pass over the data; incremental (stochastic) descent updates after each
  example, in a fresh random order each epoch, and approximates the batch version as $\eta \to 0$.
- Near a minimum each eigen-direction of the Hessian is multiplied by $1 - \eta\lambda_i$ per step: small $\eta$
  crawls, $\eta > 1/\lambda_i$ oscillates, and $\eta > 2/\lambda_{\max}$ diverges. The condition number
  $\lambda_{\max}/\lambda_{\min}$ sets the speed.
- On $C = (w_1w_2 - 1.5)^2 + 0.04(w_1^2 + w_2^2)$ the Hessian at the minimum has eigenvalues 5.84 (across the valley)
  and 0.16 (along it), so $2/\lambda_{\max} \approx 0.342$: 0.25 crawls along the valley (factor 0.96), 0.35 jumps
  across it (factor $-1.044$) into a two-cycle.
- Newton's method rescales every direction by its curvature, but costs $O(p^3)$ per step and can head for saddles.
- Standardize inputs with training-set statistics; check gradient descent against `np.linalg.lstsq`.
"""

L_REFS = r"""
## References

- A. Cauchy (1847). Méthode générale pour la résolution des systèmes d'équations simultanées. *Comptes Rendus de
  l'Académie des Sciences* 25, 536–538. (Gradient descent.)
- B. Widrow and M. E. Hoff (1960). Adaptive switching circuits. *IRE WESCON Convention Record* 4, 96–104.
  (The delta / LMS rule for linear units.)
- H. Robbins and S. Monro (1951). A stochastic approximation method. *Annals of Mathematical Statistics* 22(3),
  400–407. (Stochastic gradient descent with decreasing steps.)
- D. E. Rumelhart, G. E. Hinton and R. J. Williams (1986). Learning representations by back-propagating errors.
  *Nature* 323, 533–536. (Gradient descent for networks: Unit 4.)
- Y. LeCun, L. Bottou, G. B. Orr and K.-R. Müller (1998). Efficient BackProp. In *Neural Networks: Tricks of the
  Trade*, Springer, LNCS 1524. (Eigenvalues of the Hessian, the $2/\lambda_{\max}$ limit, input standardization.)
- J. Martens (2010). Deep learning via Hessian-free optimization. *ICML*. (Second-order methods without forming $H$.)
- T. M. Mitchell (1997). *Machine Learning*, Chapter 4. McGraw-Hill. (Linear units, batch vs incremental descent.)
- J. Nocedal and S. J. Wright (2006). *Numerical Optimization*, 2nd ed., Springer. (Newton and quasi-Newton methods,
  convergence rates.)
"""


def lecture_cells():
    return [
        md(L_TITLE), code(L_SETUP),
        md(L_OPT),
        md(L_LINEAR), code(L_DATA), code(L_FIG1), md(L_FIG1_NOTE),
        md(L_DERIVE), code(L_GRADCHECK),
        md(L_BATCH), code(L_BATCH_CODE),
        md(L_STEPS), code(L_FIG2), md(L_FIG2_NOTE),
        md(L_STABILITY), code(L_STAB_CODE), code(L_FIG3),
        md(L_TW), code(L_TW_CODE), code(L_FIG4), md(L_TW_NOTE),
        md(L_NEWTON), code(L_NEWTON_CODE), md(L_NEWTON_NOTE),
        md(L_SGD), code(L_SGD_CODE), code(L_FIG5), md(L_SGD_NOTE),
        md(L_STOP), code(L_STOP_CODE), md(L_STOP_NOTE),
        md(L_SCALE), code(L_SCALE_CODE), code(L_FIG6), md(L_SCALE_NOTE),
        md(L_CLOSED), code(L_CLOSED_CODE), md(L_CLOSED_NOTE),
        md(L_WIDGET), code(L_WIDGET_CODE),
        md(L_QUIZ), md(L_SUMMARY), md(L_REFS),
    ]


SOLUTION = ROOT / "solutions" / "02_gradient_descent" / "gradient_descent.ipynb"
LECTURE = ROOT / "lectures" / "02_gradient_descent.ipynb"
TARGETS = [(SOLUTION, solution_cells, "gradient_descent"), (LECTURE, lecture_cells, "02_gradient_descent")]


def main(argv=None) -> int:
    return build_cli(TARGETS, argv, __file__)


if __name__ == "__main__":
    sys.exit(main())
