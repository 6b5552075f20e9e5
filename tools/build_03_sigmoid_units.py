"""Build the notebooks of unit 03_sigmoid_units (lecture and nbgrader source).

    .venv/bin/python tools/build_03_sigmoid_units.py          # writes both notebooks
    .venv/bin/python tools/build_03_sigmoid_units.py --check  # exit 1 if the committed files differ

The committed notebooks must equal the output of this script.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from nb import answer, build_cli, code, grade, md, readonly, written  # noqa: E402


CK = "from course_utils.checks import proven_checks\nck = proven_checks()\n"

# ===================================================================================== solution
INTRO = r"""
# Unit 3 — Sigmoid units, cross-entropy and softmax (exercise)

In this assignment you build, from NumPy alone, the pieces that turn a perceptron into a unit that can
learn by gradient descent: the logistic sigmoid and its derivative, the gradients of a sigmoid unit
under squared error and under cross-entropy, a numerically stable softmax, and a complete logistic
regression trained by gradient descent. The lecture `lectures/03_sigmoid_units.ipynb` derives every
formula you need.

| # | what you implement | points |
|---|---|---|
| 1 | `sigmoid(z)` | 12 |
| 2 | `sigmoid_grad(z)` | 10 |
| 3 | `logistic_squared_loss_grads(w, b, x, t)` | 15 |
| 4 | `bce_loss_and_grads(w, b, X, t)` | 20 |
| 5 | `softmax(Z)` | 15 |
| 6 | `train_logistic_regression(X, t, lr, n_epochs, seed=0)` | 18 |
| 7 | written answer: squared error vs cross-entropy for a confidently wrong unit | 10 |
| | **total** | **100** |

**How to work.** Write your code between the lines `# YOUR CODE HERE` (delete the
`raise NotImplementedError()`), keeping the function names and signatures exactly as given: the
autograder calls them by name. Read each docstring: it is the contract your function must meet.

**How to check yourself.** Run the notebook from the top (*Kernel → Restart & Run All*). Each function
is followed by a locked test cell: when it runs without an error your function passes the visible
tests, and when it fails the message says what is wrong and, where it recognises a common mistake,
which one. Before you submit, run from the course folder

```
course validate exercises/03_sigmoid_units/sigmoid_units.ipynb
```

which reports every question as passing or failing. The graders run further, hidden tests (extreme
inputs, random comparisons, gradient checks), so passing the visible tests is necessary, not
sufficient.

**Rules.** Use NumPy only; do not import the functions you are asked to write from `course_utils`
(the tests detect it). Work in float64. Every function must be free of NumPy warnings for **every
finite input**, including pre-activations as large as ±10 000: a warning such as
`overflow encountered in exp` fails the test.
"""

SETUP = r"""
import numpy as np

np.set_printoptions(precision=6)
"""

SIGMOID_MD = r"""
## 1. The logistic sigmoid (12 points)

$$\sigma(z) = \frac{1}{1 + e^{-z}}$$

Written like this, $e^{-z}$ overflows for $z < -709$ (the largest float64 is about $1.8\cdot 10^{308}$).
The same number can be written without a large exponential on either side:

$$\sigma(z) = \frac{1}{1 + e^{-z}} \quad (z \ge 0), \qquad
  \sigma(z) = \frac{e^{z}}{1 + e^{z}} \quad (z < 0).$$

In each branch the exponent is $\le 0$, so $e^{\cdot} \le 1$ and nothing overflows. Careful:
`np.where(cond, A, B)` evaluates **both** `A` and `B` on every element before choosing, so it does not
avoid the overflow; compute each branch only on the entries that need it (boolean indexing), or use
`np.logaddexp`.
"""

SIGMOID_SRC = r'''
def sigmoid(z):
    r"""Logistic sigmoid, elementwise and numerically stable.

    .. math:: \sigma(z) = \frac{1}{1 + e^{-z}}

    Must not overflow or emit any NumPy warning for any finite ``z`` (for example ``z = -1e4`` gives
    0.0 and ``z = 1e4`` gives 1.0), and must not modify its input.

    Parameters
    ----------
    z : float, int or array_like of any shape
        Pre-activations.

    Returns
    -------
    float64 ndarray of the same shape as ``z`` (for a scalar input, a 0-d array or a NumPy float)
        The values sigma(z), in [0, 1]; ``sigmoid(0) == 0.5``.
    """
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=np.float64)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))       # exponent <= 0: no overflow
    ez = np.exp(z[~pos])                            # exponent < 0: no overflow
    out[~pos] = ez / (1.0 + ez)
    return out
    ### END SOLUTION
'''

SIGMOID_TEST = CK + r'''
# --- visible tests ----------------------------------------------------------------------------
z = np.array([-2.0, 0.0, 3.0])
expected = np.array([0.11920292202211755, 0.5, 0.9525741268224334])
ck.close(sigmoid(z), expected, "sigmoid([-2, 0, 3])",
         mistakes=[(1 - expected, "sign of the exponent flipped: you computed 1/(1 + e^{+z}) = σ(−z); "
                                  "the sigmoid is 1/(1 + e^{−z})")])
ck.close(sigmoid(0.0), 0.5, "sigmoid(0.0)")
ck.true(np.ndim(sigmoid(1.5)) == 0, "sigmoid of a scalar should be a scalar (or a 0-d array), "
        f"got shape {np.shape(sigmoid(1.5))}")
ck.shape(sigmoid(np.zeros((2, 3))), (2, 3), "sigmoid of a (2, 3) array")
ck.equal(np.asarray(sigmoid(np.array([0, 1, 2]))).dtype, np.dtype(np.float64),
         "dtype of sigmoid(integer array): work in float64 (np.asarray(z, dtype=np.float64))")
extreme = np.array([-1e4, -1000.0, 0.0, 1000.0, 1e4])
out = ck.no_warnings(sigmoid, extreme)
ck.close(out, [0.0, 0.0, 0.5, 1.0, 1.0], "sigmoid([-1e4, -1000, 0, 1000, 1e4])")
print("sigmoid: visible tests passed")

### BEGIN HIDDEN TESTS
import course_utils.activations as ref_act
rng = np.random.default_rng(3)
for shape in [(7,), (20, 5), (2, 3, 4)]:
    zz = rng.normal(scale=15.0, size=shape)
    got = ck.unchanged(sigmoid, zz)
    ck.close(got, ref_act.sigmoid(zz), f"sigmoid of a random array of shape {shape}", rtol=1e-9)
ck.close(sigmoid(-zz), 1 - ref_act.sigmoid(zz), "sigmoid(−z) = 1 − sigmoid(z)", rtol=1e-9, atol=1e-12)
ck.close(sigmoid([-1.0, 2.0]), ref_act.sigmoid(np.array([-1.0, 2.0])), "sigmoid of a Python list")
tails = np.array([-745.5, -710.0, -1e300, 710.0, 745.5, 1e300])
ck.close(ck.no_warnings(sigmoid, tails), ref_act.sigmoid(tails), "sigmoid at ±710, ±745.5, ±1e300")
ck.close(ck.no_warnings(sigmoid, np.array(-1e4)), 0.0, "sigmoid(−1e4) as a 0-d array")
ck.not_delegated(sigmoid)
### END HIDDEN TESTS
'''

SGRAD_MD = r"""
## 2. The derivative of the sigmoid (10 points)

Differentiating $\sigma(z) = (1 + e^{-z})^{-1}$ gives

$$\sigma'(z) = \frac{e^{-z}}{(1 + e^{-z})^2} = \sigma(z)\,\bigl(1 - \sigma(z)\bigr).$$

`sigmoid_grad` takes the **pre-activation** $z$, exactly like `sigmoid`, and returns $\sigma'(z)$. A
classic slip is to apply the formula $s(1-s)$ to $z$ itself, or to pass $\sigma(z)$ where $z$ belongs;
both give the derivative at the wrong point. The largest value is $\sigma'(0) = 1/4$.
"""

SGRAD_SRC = r'''
def sigmoid_grad(z):
    r"""Derivative of the logistic sigmoid at the pre-activation z, elementwise.

    .. math:: \sigma'(z) = \sigma(z)\,(1 - \sigma(z))

    The argument is the pre-activation ``z`` (not the output ``sigma(z)``).  No NumPy warning for any
    finite ``z``; the input is not modified.

    Parameters
    ----------
    z : float or array_like of any shape
        Pre-activations.

    Returns
    -------
    float64 ndarray of the same shape as ``z``
        Values in [0, 1/4]; ``sigmoid_grad(0) == 0.25``.
    """
    ### BEGIN SOLUTION
    s = sigmoid(z)
    return s * (1.0 - s)
    ### END SOLUTION
'''

SGRAD_TEST = CK + r'''
# --- visible tests ----------------------------------------------------------------------------
z = np.array([-2.0, 0.0, 3.0])
s = 1 / (1 + np.exp(-z))
expected = s * (1 - s)
s_of_s = 1 / (1 + np.exp(-s))
ck.close(sigmoid_grad(z), expected, "sigmoid_grad([-2, 0, 3])", mistakes=[
    (s_of_s * (1 - s_of_s), "derivative taken at the wrong point: you evaluated σ' at σ(z) instead of "
                            "at z (the argument is already the pre-activation; use s = σ(z), s(1 − s))"),
    (z * (1 - z), "you applied s(1 − s) to z itself: the formula needs s = σ(z)"),
    (s, "you returned σ(z) itself, not its derivative σ(z)(1 − σ(z))"),
    (s * (1 + s), "sign slip: σ'(z) = σ(z)(1 − σ(z)), with a minus"),
])
ck.close(sigmoid_grad(0.0), 0.25, "sigmoid_grad(0): the maximum of σ' is 1/4")
ck.shape(sigmoid_grad(np.zeros((4, 2))), (4, 2), "sigmoid_grad of a (4, 2) array")
out = ck.no_warnings(sigmoid_grad, np.array([-1e4, -1000.0, 0.0, 1000.0, 1e4]))
ck.close(out, [0.0, 0.0, 0.25, 0.0, 0.0], "sigmoid_grad([-1e4, -1000, 0, 1000, 1e4])")
print("sigmoid_grad: visible tests passed")

### BEGIN HIDDEN TESTS
import course_utils.activations as ref_act
rng = np.random.default_rng(4)
zz = rng.normal(scale=6.0, size=(30, 4))
ck.close(ck.unchanged(sigmoid_grad, zz), ref_act.sigmoid_grad(zz), "sigmoid_grad of a random (30, 4) array",
         rtol=1e-7, atol=1e-12,
         mistakes=[(ref_act.sigmoid_grad(ref_act.sigmoid(zz)),
                    "derivative taken at the wrong point: σ' evaluated at σ(z) instead of at z")])
zv = rng.normal(scale=3.0, size=12)
ck.gradient(lambda v: float(np.sum(ref_act.sigmoid(v))), zv, sigmoid_grad(zv),
            "sigmoid_grad(z) as the gradient of sum(σ(z))", tol=1e-6)
ck.close(sigmoid_grad(-zz), ref_act.sigmoid_grad(zz), "symmetry σ'(−z) = σ'(z)", rtol=1e-7, atol=1e-12)
ck.equal(np.asarray(sigmoid_grad(np.array([1, 2]))).dtype, np.dtype(np.float64), "dtype of sigmoid_grad")
ck.not_delegated(sigmoid_grad)
### END HIDDEN TESTS
'''

LSQ_MD = r"""
## 3. A sigmoid unit under squared error (15 points)

One example $\mathbf{x}\in\mathbb{R}^d$ with target $t \in \{0, 1\}$; the unit computes

$$z = \mathbf{w}\cdot\mathbf{x} + b, \qquad y = \sigma(z), \qquad L = \tfrac12\,(y - t)^2 .$$

The chain rule, one link at a time ($\partial L/\partial y = y - t$, $\partial y/\partial z = \sigma'(z)$,
$\partial z/\partial w_i = x_i$, $\partial z/\partial b = 1$), gives

$$\frac{\partial L}{\partial \mathbf{w}} = (y - t)\,\sigma'(z)\,\mathbf{x}, \qquad
  \frac{\partial L}{\partial b} = (y - t)\,\sigma'(z).$$

This is "logistic least squares". You may use your `sigmoid` and `sigmoid_grad`.
"""

LSQ_SRC = r'''
def logistic_squared_loss_grads(w, b, x, t):
    r"""Gradients of the squared error of one sigmoid unit on one example.

    With ``z = w . x + b``, ``y = sigma(z)`` and ``L = 1/2 (y - t)^2``:

    .. math:: \frac{\partial L}{\partial \mathbf{w}} = (y - t)\,\sigma'(z)\,\mathbf{x}, \qquad
              \frac{\partial L}{\partial b} = (y - t)\,\sigma'(z)

    Parameters
    ----------
    w : ndarray, shape (d,)
        Weights.
    b : float
        Bias.
    x : ndarray, shape (d,)
        One input example.
    t : float
        Its target (0 or 1).

    Returns
    -------
    dw : float64 ndarray, shape (d,)
        dL/dw.
    db : float
        dL/db (a scalar).

    The inputs are not modified.
    """
    ### BEGIN SOLUTION
    z = np.dot(w, x) + b
    delta = (sigmoid(z) - t) * sigmoid_grad(z)        # dL/dz
    return delta * np.asarray(x, dtype=np.float64), float(delta)
    ### END SOLUTION
'''

LSQ_TEST = CK + r'''
# --- visible tests ----------------------------------------------------------------------------
w = np.array([0.5, -1.0]); b = 0.2; x = np.array([1.0, 2.0]); t = 1.0      # z = -1.3
dw, db = logistic_squared_loss_grads(w, b, x, t)
ck.shape(dw, (2,), "dw (one entry per weight)")
ck.true(np.ndim(db) == 0, f"db should be a scalar, got shape {np.shape(db)}")
y = 1 / (1 + np.exp(1.3))
s_at_y = (1 / (1 + np.exp(-y))) * (1 - 1 / (1 + np.exp(-y)))
ck.close(dw, [-0.13225474081696434, -0.2645094816339287], "dw for w=(0.5, −1), b=0.2, x=(1, 2), t=1",
         mistakes=[((y - t) * x, "you left out σ'(z): (y − t)·x is the cross-entropy gradient; under squared "
                                 "error the chain rule adds the factor σ'(z)"),
                   ((y - t) * s_at_y * x, "derivative taken at the wrong point: σ' evaluated at y = σ(z) "
                                          "instead of at z"),
                   (-(y - t) * y * (1 - y) * x, "sign flipped: dL/dy = y − t, not t − y"),
                   ([-0.12193832815156659, -0.24387665630313318],
                    "did you forget the bias? The pre-activation is z = w·x + b")])
ck.close(db, -0.13225474081696434, "db", mistakes=[((y - t) * y * (1 - y) * x[0], "db must not contain x")])
print("logistic_squared_loss_grads: visible tests passed")

### BEGIN HIDDEN TESTS
import course_utils.activations as ref_act
rng = np.random.default_rng(5)
for trial in range(6):
    d = 1 + trial
    w = rng.normal(size=d); x = rng.normal(size=d); b = float(rng.normal()); t = float(trial % 2)
    dw, db = ck.unchanged(logistic_squared_loss_grads, w, b, x, t)
    z = w @ x + b
    delta = (ref_act.sigmoid(z) - t) * ref_act.sigmoid_grad(z)
    ck.close(dw, delta * x, f"dw, random case {trial} (d = {d}, t = {t:g})",
             mistakes=[((ref_act.sigmoid(z) - t) * x, "σ'(z) missing from dw"),
                       (-delta * x, "sign flipped: dL/dy = y − t")])
    ck.close(db, delta, f"db, random case {trial}")
    f_w = lambda v: 0.5 * float(ref_act.sigmoid(v @ x + b) - t) ** 2
    ck.gradient(f_w, w.copy(), dw, "dL/dw of 1/2 (σ(w·x + b) − t)^2")
    f_b = lambda v: 0.5 * float(ref_act.sigmoid(w @ x + v[0]) - t) ** 2
    ck.gradient(f_b, np.array([b]), np.array([float(db)]), "dL/db of 1/2 (σ(w·x + b) − t)^2")
# a saturated, confidently wrong unit: the gradient almost vanishes (the flat region)
dw, db = ck.no_warnings(logistic_squared_loss_grads, np.array([100.0]), 0.0, np.array([-100.0]), 1.0)
ck.close(dw, [0.0], "dw at z = −1e4 (saturated)", atol=1e-12)
ck.not_delegated(logistic_squared_loss_grads)
### END HIDDEN TESTS
'''

BCE_MD = r"""
## 4. Cross-entropy for a batch, from the logits (20 points)

Now $n$ examples, rows of $X \in \mathbb{R}^{n\times d}$, with targets $t_i \in \{0, 1\}$. Reading
$y_i = \sigma(z_i)$, $z_i = \mathbf{w}\cdot\mathbf{x}_i + b$, as the probability of class 1, the mean
negative log-likelihood (binary cross-entropy) is

$$L = -\frac1n\sum_{i=1}^n \bigl[t_i \log y_i + (1 - t_i)\log(1 - y_i)\bigr]
    = \frac1n\sum_{i=1}^n \bigl[\log(1 + e^{z_i}) - t_i z_i\bigr].$$

The second form (the lecture derives it) uses the logits $z_i$ directly; `np.logaddexp(0, z)`
computes $\log(1 + e^{z})$ exactly with no overflow. **Compute the loss from the logits**: taking
`np.log` of a probability that has rounded to 0 gives $-\infty$, and clipping the probability
(`np.clip(y, 1e-12, 1)`) silently caps the loss at $-\log(10^{-12}) \approx 27.6$ when the true value
may be $10^4$. The gradient is remarkably simple, $\partial L/\partial z_i = (y_i - t_i)/n$, so

$$\frac{\partial L}{\partial \mathbf{w}} = \frac1n\sum_{i=1}^n (y_i - t_i)\,\mathbf{x}_i = \frac1n X^\top(\mathbf{y} - \mathbf{t}),
  \qquad \frac{\partial L}{\partial b} = \frac1n\sum_{i=1}^n (y_i - t_i).$$
"""

BCE_SRC = r'''
def bce_loss_and_grads(w, b, X, t):
    r"""Mean binary cross-entropy of a logistic-regression unit, and its gradients.

    With logits ``z = X @ w + b`` and ``y = sigma(z)``:

    .. math:: L = \frac{1}{n}\sum_{i=1}^{n} \big[\log(1 + e^{z_i}) - t_i z_i\big]
                = -\frac{1}{n}\sum_{i=1}^{n} \big[t_i \log y_i + (1 - t_i) \log(1 - y_i)\big]

    .. math:: \frac{\partial L}{\partial \mathbf{w}} = \frac{1}{n} X^\top (\mathbf{y} - \mathbf{t}), \qquad
              \frac{\partial L}{\partial b} = \frac{1}{n} \sum_{i=1}^{n} (y_i - t_i)

    The loss is computed from the logits, so it is exact and warning-free for any finite logits
    (e.g. ``z = 1e4`` with ``t = 0`` contributes exactly ``1e4``).  The inputs are not modified.

    Parameters
    ----------
    w : ndarray, shape (d,)
        Weights.
    b : float
        Bias.
    X : ndarray, shape (n, d)
        Inputs, one example per row.
    t : ndarray, shape (n,)
        Targets in {0, 1}.

    Returns
    -------
    loss : float
        The mean cross-entropy over the n examples.
    dw : float64 ndarray, shape (d,)
        dL/dw.
    db : float
        dL/db.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    n = X.shape[0]
    z = X @ w + b
    loss = float(np.mean(np.logaddexp(0.0, z) - t * z))
    err = sigmoid(z) - t                               # dL/dz_i times n
    return loss, X.T @ err / n, float(np.sum(err) / n)
    ### END SOLUTION
'''

BCE_TEST = CK + r'''
# --- visible tests ----------------------------------------------------------------------------
X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, -1.0], [2.0, 1.0]])
t = np.array([1.0, 0.0, 0.0, 1.0])
w = np.array([0.3, -0.2]); b = 0.1
loss, dw, db = bce_loss_and_grads(w, b, X, t)
ck.true(np.ndim(loss) == 0, f"the loss should be a single number (the mean), got shape {np.shape(loss)}")
ck.shape(dw, (2,), "dw")
ck.true(np.ndim(db) == 0, f"db should be a scalar, got shape {np.shape(db)}")
ck.close(loss, 0.6439836634192766, "loss on the 4-example batch",
         mistakes=[(4 * 0.6439836634192766, "the loss is 4 = n times too large: it must be the mean over "
                                            "the samples, not the sum"),
                   (0.6421415085637671, "did you forget the bias? The logits are z = X @ w + b")])
ck.close(dw, [-0.420159705196158, -0.4348011110039085], "dw on the 4-example batch",
         mistakes=[(4 * np.array([-0.420159705196158, -0.4348011110039085]),
                    "dw is 4 = n times too large: missing mean over samples (divide by n)"),
                   (np.array([0.420159705196158, 0.4348011110039085]),
                    "sign flipped: dL/dz = y − t, not t − y")])
ck.close(db, 0.03061483280046365, "db on the 4-example batch",
         mistakes=[(4 * 0.03061483280046365, "db is n times too large: missing mean over samples")])
# confidently wrong logits z = (1e4, -1e4) with targets (0, 1): exact loss 1e4, no warning
Xe = np.array([[10.0], [-10.0]]); te = np.array([0.0, 1.0])
loss_e, dw_e, db_e = ck.no_warnings(bce_loss_and_grads, np.array([1000.0]), 0.0, Xe, te)
ck.true(np.isfinite(loss_e) and abs(loss_e - 1e4) < 1e-6,
        f"for logits (1e4, −1e4) and targets (0, 1) the exact mean loss is 10000, you returned {loss_e}: "
        "compute the loss from the logits, log(1 + e^z) − t·z = np.logaddexp(0, z) − t*z, not from clipped "
        "probabilities (clipping caps each term at −log(eps))")
ck.close(dw_e, [10.0], "dw for the logits (1e4, −1e4)")
ck.close(db_e, 0.0, "db for the logits (1e4, −1e4)")
print("bce_loss_and_grads: visible tests passed")

### BEGIN HIDDEN TESTS
import course_utils.activations as ref_act
import course_utils.losses as ref_loss
rng = np.random.default_rng(6)
for n, d in [(1, 3), (5, 2), (40, 6)]:
    X = rng.normal(size=(n, d)); t = (rng.random(n) < 0.5).astype(float)
    w = rng.normal(size=d); b = float(rng.normal())
    loss, dw, db = ck.unchanged(bce_loss_and_grads, w, b, X, t)
    z = X @ w + b
    ref, gz = ref_loss.binary_cross_entropy_with_logits(z, t)
    ck.close(loss, ref, f"loss (n = {n}, d = {d})",
             mistakes=[(n * ref, "missing mean over samples: the loss is the mean, not the sum")] if n > 1 else ())
    ck.close(dw, X.T @ gz, f"dw (n = {n}, d = {d})",
             mistakes=[(n * (X.T @ gz), "missing mean over samples in dw")] if n > 1 else ())
    ck.close(db, np.sum(gz), f"db (n = {n}, d = {d})")
    ck.gradient(lambda v: float(bce_loss_and_grads(v, b, X, t)[0]), w.copy(), dw,
                "dw against the numerical gradient of your own loss")
    ck.gradient(lambda v: float(bce_loss_and_grads(w, v[0], X, t)[0]), np.array([b]), np.array([float(db)]),
                "db against the numerical gradient of your own loss")
# huge logits of both signs, right and wrong: exact loss, no warnings
X = np.array([[1.0], [-1.0], [1.0], [-1.0]]); t = np.array([1.0, 0.0, 0.0, 1.0])
loss, dw, db = ck.no_warnings(bce_loss_and_grads, np.array([1e4]), 0.0, X, t)
ck.close(loss, 5000.0, "loss for logits (1e4, −1e4, 1e4, −1e4) with targets (1, 0, 0, 1)")
ck.close(dw, [0.5], "dw for the huge logits")
loss, dw, db = ck.no_warnings(bce_loss_and_grads, np.array([0.0]), 800.0, X, t)
ck.close(loss, 400.0, "loss for logits all 800 with targets (1, 0, 0, 1)")
ck.not_delegated(bce_loss_and_grads)
### END HIDDEN TESTS
'''

SOFTMAX_MD = r"""
## 5. A stable softmax (15 points)

For a score vector $\mathbf{o} = (o_1, \dots, o_K)$ the softmax is

$$f_k(\mathbf{o}) = \frac{e^{o_k}}{\sum_{j=1}^K e^{o_j}} .$$

Subtracting any constant $c$ from every score leaves it unchanged (the factor $e^{-c}$ cancels), and
with $c = \max_j o_j$ the largest exponential is $e^0 = 1$: no overflow, and the denominator is at least
1. A batch `Z` of shape `(n, K)` holds one example per **row**, so the maximum, the exponentials'
sum and the normalisation are all taken **per row** (`axis=-1`, with `keepdims=True` so the shapes
broadcast). The same code then works for a single vector of shape `(K,)`. Do not modify `Z` in place.
"""

SOFTMAX_SRC = r'''
def softmax(Z):
    r"""Numerically stable softmax along the last axis (row-wise for a batch).

    .. math:: f_k(\mathbf{o}) = \frac{e^{o_k - m}}{\sum_{j} e^{o_j - m}}, \qquad m = \max_j o_j

    Each row of a 2-D input is one example's scores; each row of the result sums to 1.  Adding a
    constant to a row does not change that row's result.  No NumPy warning for any finite input
    (e.g. a row ``[1000, 1000, -1000]`` gives ``[0.5, 0.5, 0]``), and ``Z`` is not modified.

    Parameters
    ----------
    Z : array_like, shape (K,) or (n, K)
        Scores (logits): one vector, or one row per example.

    Returns
    -------
    float64 ndarray, same shape as ``Z``
        Probabilities; every row (or the single vector) sums to 1.
    """
    ### BEGIN SOLUTION
    Z = np.asarray(Z, dtype=np.float64)
    shifted = Z - np.max(Z, axis=-1, keepdims=True)   # a new array: Z itself is untouched
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)
    ### END SOLUTION
'''

SOFTMAX_TEST = CK + r'''
# --- visible tests ----------------------------------------------------------------------------
o = np.array([0.6, -1.0, 5.0, 8.0, 4.0])           # the lecture's worked example
p = softmax(o)
ck.close(p, [5.7188565668458437e-04, 1.1546172277570459e-04, 4.6580583513995154e-02,
             9.3559603007397640e-01, 1.7136039032568235e-02], "softmax of o = (0.6, −1, 5, 8, 4)")
Z = np.array([[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, -1.0]])
P = softmax(Z)
ck.shape(P, (2, 4), "softmax of a (2, 4) batch")
E = np.exp(Z)
ck.close(P, [[0.03205860328008499, 0.08714431874203257, 0.23688281808991013, 0.6439142598879724],
             [0.2969227424756547, 0.2969227424756547, 0.2969227424756547, 0.10923177257303593]],
         "softmax of a (2, 4) batch",
         mistakes=[(E / E.sum(axis=0, keepdims=True),
                    "softmax over the wrong axis: you normalised each column (axis=0); the rows are the "
                    "examples, so normalise along axis=-1 (axis=1)"),
                   (E / E.sum(), "you normalised by the sum over the whole array; normalise each row "
                                 "(np.sum(..., axis=-1, keepdims=True))")])
ck.close(P.sum(axis=1), [1.0, 1.0], "row sums of softmax(Z) (each row is a probability vector)")
big = np.array([[1000.0, 1000.0, -1000.0], [-1000.0, -1000.0, -1000.0]])
Pb = ck.no_warnings(softmax, big)
ck.true(np.all(np.isfinite(Pb)), "softmax([[1000, 1000, −1000], [−1000, −1000, −1000]]) contains NaN or inf: "
        "the second row lies far below the first row's maximum; subtract each row's own maximum "
        "(the row maximum, np.max(Z, axis=-1, keepdims=True)), not the maximum of the whole array")
ck.close(Pb, [[0.5, 0.5, 0.0], [1 / 3, 1 / 3, 1 / 3]], "softmax([[1000, 1000, −1000], [−1000, −1000, −1000]])",
         mistakes=[([[0.5, 0.5, 0.0], [0.0, 0.0, 0.0]],
                    "each row needs its own maximum: subtract the row maximum (axis=-1, keepdims=True), "
                    "not the maximum of the whole array")])
print("softmax: visible tests passed")

### BEGIN HIDDEN TESTS
import course_utils.activations as ref_act
rng = np.random.default_rng(7)
for shape in [(3, 3), (6, 4), (1, 5), (5, 1), (9,)]:
    Z = rng.normal(scale=4.0, size=shape)
    P = ck.unchanged(softmax, Z)
    mistakes = []
    if len(shape) == 2 and shape[0] > 1 and shape[1] > 1:
        mistakes = [(ref_act.softmax(Z.T).T, "softmax over the wrong axis: normalise each row (axis=-1), "
                                             "not each column")]
    ck.close(P, ref_act.softmax(Z), f"softmax of a random array of shape {shape}", rtol=1e-9,
             mistakes=mistakes)
    ck.close(np.sum(P, axis=-1), np.ones(shape[:-1]), f"row sums for shape {shape}")
    c = rng.normal(scale=50.0, size=shape[:-1] + (1,))
    ck.close(softmax(Z + c), P, f"softmax(Z + c) = softmax(Z) for a constant c per row (shape {shape})",
             rtol=1e-9, atol=1e-12)
Z = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4 + 1.0], [5.0, 5.0, 5.0]])
ck.close(ck.no_warnings(softmax, Z), ref_act.softmax(Z), "softmax with rows at ±1e4")
ck.close(ck.no_warnings(softmax, np.array([1000.0, -1000.0])), [1.0, 0.0], "1-D softmax of (1000, −1000)")
ck.equal(np.asarray(softmax(np.array([[1, 2], [3, 4]]))).dtype, np.dtype(np.float64), "dtype of softmax")
ck.not_delegated(softmax)
### END HIDDEN TESTS
'''

TRAIN_MD = r"""
## 6. Logistic regression by gradient descent (18 points)

Put the pieces together. Start from $\mathbf{w} = \mathbf{0}$, $b = 0$ and repeat `n_epochs` times a
full-batch gradient-descent step on the mean cross-entropy of part 4:

$$\mathbf{w} \leftarrow \mathbf{w} - \eta\,\frac{\partial L}{\partial \mathbf{w}}, \qquad
  b \leftarrow b - \eta\,\frac{\partial L}{\partial b}.$$

Record `losses[k]`, the loss **at the parameters before update $k+1$** (the loss your
`bce_loss_and_grads` returns together with the gradients). So `losses` has exactly `n_epochs` entries,
`losses[0]` is the loss of the starting point, which is $\log 2 \approx 0.6931$ (every
$y_i = \sigma(0) = \tfrac12$), and the loss after the final update is not in the list. Nothing here is
random: `seed` is part of the interface for uniformity with later units; the result must not depend on it.
"""

TRAIN_SRC = r'''
def train_logistic_regression(X, t, lr, n_epochs, seed=0):
    r"""Fit a logistic-regression unit by full-batch gradient descent on the mean cross-entropy.

    Starts from ``w = 0`` (shape (d,)) and ``b = 0`` and performs ``n_epochs`` updates

    .. math:: \mathbf{w} \leftarrow \mathbf{w} - \eta\,\frac{\partial L}{\partial \mathbf{w}}, \qquad
              b \leftarrow b - \eta\,\frac{\partial L}{\partial b}

    with ``L`` the mean binary cross-entropy of ``sigma(X @ w + b)`` against ``t`` (as in
    ``bce_loss_and_grads``) and the gradients taken at the current parameters.

    Parameters
    ----------
    X : ndarray, shape (n, d)
        Inputs, one example per row.
    t : ndarray, shape (n,)
        Targets in {0, 1}.
    lr : float
        Learning rate eta > 0.
    n_epochs : int
        Number of gradient-descent updates (one per epoch, each over the full batch).
    seed : int, default 0
        Unused (the method is deterministic); the result does not depend on it.

    Returns
    -------
    w : float64 ndarray, shape (d,)
        Weights after ``n_epochs`` updates.
    b : float
        Bias after ``n_epochs`` updates.
    losses : float64 ndarray, shape (n_epochs,)
        ``losses[k]`` is the mean loss at the parameters *before* update ``k + 1``; so
        ``losses[0] = log 2`` (the loss at w = 0, b = 0) and the loss after the last update is not
        included.

    The inputs are not modified.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    losses = np.empty(n_epochs)
    for epoch in range(n_epochs):
        losses[epoch], dw, db = bce_loss_and_grads(w, b, X, t)
        w = w - lr * dw
        b = b - lr * db
    return w, b, losses
    ### END SOLUTION
'''

TRAIN_TEST = CK + r'''
# --- visible tests ----------------------------------------------------------------------------
X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
t = np.array([0.0, 0.0, 0.0, 1.0])                  # logical AND
w, b, losses = train_logistic_regression(X, t, lr=1.0, n_epochs=3)
ck.shape(w, (2,), "w")
ck.true(np.ndim(b) == 0, f"b should be a scalar, got shape {np.shape(b)}")
ck.shape(np.asarray(losses), (3,), "losses for n_epochs = 3 (one entry per epoch, the loss before each update)")
ck.true(abs(losses[0] - np.log(2)) < 1e-9,
        f"losses[0] = {losses[0]:.6f}, but the loss at the start (w = 0, b = 0) is log 2 = 0.693147: start from "
        "zeros and record the loss before each update, not after it")
ck.true(losses[-1] <= losses[0], f"the loss went up from {losses[0]:.4f} to {losses[-1]:.4f}: sign flipped? "
        "Gradient descent steps against the gradient, w <- w - lr*dw and b <- b - lr*db")
ck.true(losses[-1] < losses[0], f"the loss did not decrease (it stayed at {losses[0]:.4f}): are both w and the "
        "bias b updated in every epoch? (On this data the first step changes only b.)")
ck.close(b, -0.5875303325150905, "b after 3 epochs on AND (lr = 1)",
         mistakes=[(0.0, "b is still 0: did you update the bias (b <- b - lr*db)?"),
                   (-1.4947180605747756, "steps n = 4 times too large: your gradient is a sum over the samples, not the mean")])
ck.close(w, [0.07937014526413003, 0.07937014526413003], "w after 3 epochs on AND (lr = 1)")
ck.close(losses, [0.6931471805599453, 0.6384394198788436, 0.6042874826272246], "losses on AND (lr = 1, 3 epochs)")
print("train_logistic_regression: visible tests passed")

### BEGIN HIDDEN TESTS
import course_utils.losses as ref_loss
def _reference(X, t, lr, n_epochs, mean=True):
    w = np.zeros(X.shape[1]); b = 0.0; out = []
    for _ in range(n_epochs):
        L, gz = ref_loss.binary_cross_entropy_with_logits(X @ w + b, t)
        if not mean:
            gz = gz * len(t)
        out.append(L); w = w - lr * (X.T @ gz); b = b - lr * float(np.sum(gz))
    return w, b, np.array(out)
rng = np.random.default_rng(8)
n, d = 60, 3
t = (np.arange(n) % 2).astype(float)
X = rng.normal(size=(n, d)) + np.outer(2 * t - 1, [1.0, -0.5, 0.25])
w_ref, b_ref, l_ref = _reference(X, t, 0.5, 40)
w, b, losses = ck.unchanged(train_logistic_regression, X, t, 0.5, 40)
ck.shape(np.asarray(losses), (40,), "losses: exactly n_epochs entries")
ck.close(losses, l_ref, "losses on a random 60 × 3 problem (lr = 0.5, 40 epochs)",
         mistakes=[(np.r_[l_ref[1:], _reference(X, t, 0.5, 41)[2][-1]],
                    "off by one epoch: you recorded the loss after each update; record it before")])
w_sum, b_sum, _ = _reference(X, t, 0.5, 40, mean=False)
ck.close(w, w_ref, "w on a random 60 × 3 problem",
         mistakes=[(w_sum, "steps n times too large: your gradient is a sum over the samples, not the mean")])
ck.close(b, b_ref, "b on a random 60 × 3 problem")
ck.true(np.all(np.diff(losses) <= 1e-12), "with a small learning rate the loss must never increase")
w1, b1, l1 = train_logistic_regression(X, t, 0.5, 40, seed=123)
ck.close(w1, w_ref, "w with seed=123: full-batch gradient descent from zero does not depend on the seed")
w0, b0, l0 = train_logistic_regression(X, t, 0.5, 0)
ck.close(w0, np.zeros(d), "w after 0 epochs (the start)")
ck.shape(np.asarray(l0), (0,), "losses after 0 epochs")
# separable data, long training, large steps: logits grow large; still no warnings
Xs = np.array([[-3.0, 1.0], [-2.0, 0.5], [2.0, -1.0], [3.0, 0.0]]); ts = np.array([0.0, 0.0, 1.0, 1.0])
ws, bs, ls = ck.no_warnings(train_logistic_regression, Xs, ts, 50.0, 300)
ck.true(ls[-1] < 1e-3 and np.all((Xs @ ws + bs > 0) == (ts == 1)),
        "on separable data the trained unit should classify every point and drive the loss towards 0")
ck.not_delegated(train_logistic_regression)
### END HIDDEN TESTS
'''

WRITTEN_MD = r"""
## 7. Written answer (10 points): a confidently wrong unit

A sigmoid unit has target $t = 1$ but pre-activation $z = -10$, so it outputs $y = \sigma(-10)\approx 4.5\cdot10^{-5}$:
it is confidently wrong. Compare $\partial L/\partial z$ under the squared error $L = \frac12(y-t)^2$ and
under the cross-entropy $L = -\log y$: give both values (to two significant figures), explain where the
difference comes from in the two formulas, and say what it means for how fast each loss lets
gradient descent correct this unit. (About 5–8 sentences; you may use a code cell to compute.)
"""

WRITTEN_ANSWER = r"""
*Model answer.* With $y = \sigma(-10) \approx 4.54\cdot 10^{-5}$ and $\sigma'(-10) = y(1-y) \approx 4.54\cdot10^{-5}$:

* squared error: $\partial L/\partial z = (y - t)\,\sigma'(z) \approx (-0.99995)(4.54\cdot10^{-5}) \approx -4.5\cdot 10^{-5}$;
* cross-entropy: $\partial L/\partial z = y - t \approx -0.99995 \approx -1.0$.

The cross-entropy gradient is about $22\,000$ times larger. Both start from the error $y - t$, but the
chain rule through the sigmoid multiplies the squared-error gradient by $\sigma'(z)$, which is
practically zero once the unit saturates; the derivative of $-\log y$, namely $-1/y$, contains exactly
the $1/\sigma(z)$ that cancels the $\sigma'(z) = \sigma(z)(1-\sigma(z))$, leaving $y - t$. So under
squared error the unit sits on a flat plateau and gradient descent barely moves it (the more wrong it
is, the slower it learns), while under cross-entropy the step is proportional to how wrong it is, and
the unit is corrected quickly. This is why sigmoid outputs are trained with cross-entropy.

*Rubric (10):* both values correct in sign and magnitude (4); the factor $\sigma'(z)$ named as the
cause and its cancellation in cross-entropy explained (4); the consequence for learning speed (2).
"""

END_MD = r"""
## Before you submit

Restart the kernel and run every cell (*Kernel → Restart & Run All*); all test cells must run without
an error. Then run `course validate` as described at the top.
"""


def solution_cells():
    return [
        readonly("intro", INTRO),
        readonly("setup", SETUP, kind="code"),
        md(SIGMOID_MD), answer("sigmoid", SIGMOID_SRC), grade("test_sigmoid", 12, SIGMOID_TEST),
        md(SGRAD_MD), answer("sigmoid_grad", SGRAD_SRC), grade("test_sigmoid_grad", 10, SGRAD_TEST),
        md(LSQ_MD), answer("logistic_squared_loss_grads", LSQ_SRC),
        grade("test_logistic_squared_loss_grads", 15, LSQ_TEST),
        md(BCE_MD), answer("bce_loss_and_grads", BCE_SRC), grade("test_bce_loss_and_grads", 20, BCE_TEST),
        md(SOFTMAX_MD), answer("softmax", SOFTMAX_SRC), grade("test_softmax", 15, SOFTMAX_TEST),
        md(TRAIN_MD), answer("train_logistic_regression", TRAIN_SRC),
        grade("test_train_logistic_regression", 18, TRAIN_TEST),
        md(WRITTEN_MD), written("written_confidently_wrong", 10, WRITTEN_ANSWER),
        md(END_MD),
    ]


# ====================================================================================== lecture
L_TITLE = r"""
# Unit 3 — Sigmoid units: smooth neurons, cross-entropy and softmax

The perceptron of Unit 1 makes hard yes/no decisions, and its learning rule only reacts to mistakes.
Gradient descent (Unit 2) needs more: a loss whose derivative tells every weight which way to move.
This unit replaces the hard threshold by a smooth one, and then asks the question that decides
whether learning is fast or painfully slow: *which loss should a sigmoid unit minimise?*

**Learning objectives.** After this unit you can

1. derive the logistic sigmoid's derivative $\sigma' = \sigma(1-\sigma)$ and explain why a steep sigmoid
   behaves like a threshold unit;
2. compare the sigmoid, tanh and ReLU and their derivatives, and explain saturation and vanishing gradients;
3. derive the gradient of a sigmoid unit under squared error and under cross-entropy, and explain (with
   numbers) why squared error learns slowly when the unit is confidently wrong;
4. derive cross-entropy as the negative log-likelihood of a Bernoulli model;
5. evaluate $\log\sigma$, cross-entropy and softmax stably from logits with the log-sum-exp trick;
6. train logistic regression by gradient descent and draw its decision boundary;
7. extend the model to $K$ classes with softmax, one-hot targets and softmax cross-entropy.
"""

L_SETUP = r"""
%matplotlib inline
import numpy as np
import matplotlib.pyplot as plt

from course_utils.activations import (sigmoid, sigmoid_grad, tanh, tanh_grad, relu, relu_grad,
                                      softmax, log_softmax)
from course_utils.losses import squared_error, binary_cross_entropy_with_logits, softmax_cross_entropy
from course_utils.gradcheck import numerical_gradient
from course_utils.plots import plot_decision_boundary

np.set_printoptions(precision=4, suppress=True)
"""

L_STEP = r"""
## 1. From the step to a smooth unit

A threshold unit computes $z = \mathbf{w}\cdot\mathbf{x} + b$ and outputs $h(z) = 1$ if $z > 0$ and $0$
otherwise (McCulloch & Pitts, 1943; Rosenblatt, 1958). Try to train it by gradient descent and you meet
a wall: $h$ is flat everywhere except at $z = 0$, where it jumps. Its derivative is $0$ wherever it exists,
so $\partial L/\partial w_i = \frac{\partial L}{\partial h}\, h'(z)\, x_i = 0$ for *any* loss $L$: the
gradient never says which way to move. The perceptron rule works around this by updating only on
mistakes, but it cannot be extended to networks with hidden units.

The fix is to replace the step by a smooth, increasing function with the same overall shape. The classic
choice is the **logistic sigmoid**

$$\sigma(z) = \frac{1}{1 + e^{-z}} .$$

It rises from $0$ (as $z\to-\infty$) to $1$ (as $z\to+\infty$), passes through $\sigma(0) = \tfrac12$, and is
point-symmetric about that point: $\sigma(-z) = \frac{1}{1+e^{z}} = \frac{e^{-z}}{e^{-z}+1} = 1 - \sigma(z)$.
"""

L_SIG_VALUES = r"""
z = np.array([-6.0, -2.0, -1.0, 0.0, 1.0, 2.0, 6.0])
print("z         ", z)
print("sigma(z)  ", sigmoid(z))
print("sigma(-z) + sigma(z) =", sigmoid(-z) + sigmoid(z))    # the symmetry: always exactly 1
"""

L_DERIV = r"""
### The derivative, derived

Write $\sigma(z) = (1 + e^{-z})^{-1}$ and use the chain rule:

$$\sigma'(z) = -(1 + e^{-z})^{-2}\cdot\frac{d}{dz}\bigl(1 + e^{-z}\bigr)
            = \frac{e^{-z}}{(1 + e^{-z})^2}
            = \underbrace{\frac{1}{1 + e^{-z}}}_{\sigma(z)}\cdot\underbrace{\frac{e^{-z}}{1 + e^{-z}}}_{1 - \sigma(z)} .$$

So $\boxed{\sigma'(z) = \sigma(z)\,(1 - \sigma(z))}$: once the forward pass has computed $y = \sigma(z)$, the
derivative costs one multiplication. It is largest at $z = 0$, where $\sigma'(0) = \tfrac12\cdot\tfrac12 =
\tfrac14$, and it is symmetric, $\sigma'(-z) = \sigma'(z)$. Note the argument: $\sigma'$ is evaluated at the
*pre-activation* $z$; the formula uses the output $\sigma(z)$ only as a convenient intermediate.

Let us check the formula against central differences, $\bigl(f(z+h) - f(z-h)\bigr)/2h$:
"""

L_DERIV_CHECK = r"""
z = np.linspace(-6, 6, 13)
numerical = numerical_gradient(lambda v: np.sum(sigmoid(v)), z.copy())   # d/dz_i of sum_j sigma(z_j)
analytic = sigmoid_grad(z)
print("sigma'(z) :", analytic)
print("largest |analytic - numerical| =", np.max(np.abs(analytic - numerical)))
"""

L_STEEP_MD = r"""
### A steep sigmoid is almost a threshold

Put a gain $a > 0$ in front of the input: $\sigma(az) = 1/(1 + e^{-az})$. For $z > 0$, $e^{-az}\to 0$ as
$a\to\infty$ and $\sigma(az)\to 1$; for $z < 0$, $e^{-az}\to\infty$ and $\sigma(az)\to 0$; at $z = 0$ it stays
$\tfrac12$. So the steep sigmoid converges to the step (everywhere except at the jump), and the slope at
the centre, $a\,\sigma'(0) = a/4$, grows without bound. For a unit $\sigma(\mathbf{w}\cdot\mathbf{x} + b)$,
multiplying $\mathbf{w}$ and $b$ by $a$ does not move the decision boundary $\mathbf{w}\cdot\mathbf{x} + b = 0$;
it only makes the transition sharper. A sigmoid unit is therefore a *soft* perceptron whose softness is
set by the size of its weights.
"""

L_STEEP_FIG = r"""
z = np.linspace(-4, 4, 801)
fig, ax = plt.subplots(figsize=(6.5, 4))
for a in [1, 2, 5, 20]:
    ax.plot(z, sigmoid(a * z), label=f"$\\sigma({a}z)$")
ax.plot(z, (z > 0).astype(float), "k--", lw=1.5, label="step $h(z)$")
ax.set(title="A steep sigmoid approximates the threshold unit", xlabel="pre-activation $z$",
       ylabel="output")
ax.legend()
plt.show()
"""

L_ACT_MD = r"""
## 2. Two relatives: tanh and ReLU

**tanh.** The hyperbolic tangent is a sigmoid rescaled to the range $(-1, 1)$:

$$\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}} = 2\sigma(2z) - 1 ,$$

because $2\sigma(2z) - 1 = \frac{2 - (1 + e^{-2z})}{1 + e^{-2z}} = \frac{1 - e^{-2z}}{1 + e^{-2z}}$, and multiplying
numerator and denominator by $e^{z}$ gives the first form. Differentiating $\tanh = \sinh/\cosh$ gives
$\tanh'(z) = 1 - \tanh^2(z)$, which is $1$ at $z = 0$, four times the sigmoid's peak slope. Its outputs are
**zero-centred**: a layer of tanh units feeds the next layer inputs of both signs. With sigmoid units
every input $h_i$ to the next layer is positive, so all the gradients $\delta\,h_i$ of one unit's incoming
weights share the sign of its error signal $\delta$; the weights can then only all grow or all shrink
together, and descent zig-zags (LeCun et al., 1998).

**ReLU.** The rectified linear unit $\mathrm{relu}(z) = \max(0, z)$ has derivative $1$ for $z > 0$ and $0$
for $z < 0$ (at $z = 0$ we use $0$, a valid subgradient). For positive inputs it **never saturates**: its
slope does not decay however large $z$ gets. It is cheap, and it made deep networks much easier to train
(Nair & Hinton, 2010; Glorot, Bordes & Bengio, 2011). Its weakness is the other half: a unit whose
pre-activation is negative for every input passes no gradient at all (a "dead" unit).
"""

L_ACT_FIG = r"""
z = np.linspace(-5, 5, 1001)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
for f, df, name in [(sigmoid, sigmoid_grad, "sigmoid $\\sigma$"), (tanh, tanh_grad, "tanh"),
                    (relu, relu_grad, "ReLU")]:
    ax1.plot(z, f(z), label=name)
    ax2.plot(z, df(z), label=name)
ax1.set(title="Activation functions", xlabel="pre-activation $z$", ylabel="$h(z)$", ylim=(-1.5, 3))
ax2.set(title="Their derivatives", xlabel="pre-activation $z$", ylabel="$h'(z)$", ylim=(-0.1, 1.1))
for ax in (ax1, ax2):
    ax.axhline(0, color="grey", lw=0.5)
    ax.legend()
plt.show()
"""

L_SAT_MD = r"""
## 3. Saturation and vanishing gradients

In the right-hand panel the sigmoid's and tanh's derivatives are practically zero once $|z|$ exceeds a
few units: the unit is **saturated**. Whatever error arrives at its output, the chain rule multiplies it
by $\sigma'(z)\approx 0$ before it reaches the weights, so a saturated unit barely learns. The numbers are
stark:
"""

L_SAT_CODE = r"""
for z0 in [0.0, 2.0, 5.0, 10.0]:
    print(f"z = {z0:4.0f}:  sigma'(z) = {sigmoid_grad(z0):.3e}   tanh'(z) = {tanh_grad(z0):.3e}")
print()
for depth in [1, 5, 10, 20]:
    print(f"{depth:2d} sigmoid layers: the chain-rule factor is at most (1/4)^{depth} = {0.25 ** depth:.2e}")
"""

L_SAT_MD2 = r"""
In a network (Unit 4) the error signal travels backwards through one factor $\sigma'(z_l)$ per layer.
Since $\sigma' \le \tfrac14$, with weights of order one the signal reaching the first layers of a deep
sigmoid network shrinks geometrically: this is the **vanishing gradient** problem (Hochreiter, 1991;
Bengio, Simard & Frasconi, 1994; Glorot & Bengio, 2010). ReLU units, whose slope is exactly 1 where
they are active, avoid this factor.
"""

L_LSQ_MD = r"""
## 4. A sigmoid unit under squared error

Take one example $\mathbf{x}$ with target $t\in\{0, 1\}$ and the squared error we used for the linear unit
in Unit 2 ("logistic least squares"):

$$z = \mathbf{w}\cdot\mathbf{x} + b, \qquad y = \sigma(z), \qquad L = \tfrac12 (y - t)^2 .$$

The chain rule follows the computation link by link:

$$\frac{\partial L}{\partial w_i} = \frac{\partial L}{\partial y}\,\frac{\partial y}{\partial z}\,\frac{\partial z}{\partial w_i}
  = (y - t)\,\sigma'(z)\,x_i, \qquad
  \frac{\partial L}{\partial b} = (y - t)\,\sigma'(z) .$$

Summing over a training set gives the gradient-descent rule for a sigmoid unit,
$\Delta w_i = -\eta\sum_d (y_d - t_d)\,y_d(1 - y_d)\,x_{i,d}$. It is the linear unit's rule with one new
factor, $\sigma'(z) = y(1-y)$, and that factor is the trouble: whenever the unit saturates, the gradient
vanishes, **whether the unit is right or wrong**.

The two panels below show the mean squared error of a one-input sigmoid unit on a small data set as a
function of $(w, b)$, next to the cross-entropy we derive in the next section. Away from the good region
the squared-error surface becomes a flat plateau, where gradient descent crawls; the cross-entropy
surface keeps a slope there.
"""

L_DATA1D = r"""
# a one-input problem: class 1 for x > 0.5, with one mislabelled point to keep the optimum finite
x1d = np.array([-2.0, -1.2, -0.5, 0.3, 0.8, 1.5, 2.2, -0.2])
t1d = np.array([0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0])

W, B = np.meshgrid(np.linspace(-8, 8, 161), np.linspace(-8, 8, 161))
Zs = W[..., None] * x1d + B[..., None]                  # logits, shape (161, 161, 8)
mse = 0.5 * np.mean((sigmoid(Zs) - t1d) ** 2, axis=-1)
bce = np.mean(np.logaddexp(0.0, Zs) - t1d * Zs, axis=-1)

fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
for ax, surface, name in [(axes[0], mse, "squared error $\\frac{1}{2}(y-t)^2$"),
                          (axes[1], bce, "cross-entropy")]:
    cs = ax.contourf(W, B, surface, levels=25, cmap="viridis")
    fig.colorbar(cs, ax=ax, label="mean loss")
    ax.set(title=f"Sigmoid unit, {name}", xlabel="weight $w$", ylabel="bias $b$")
plt.show()
print(f"squared error ranges over [{mse.min():.3f}, {mse.max():.3f}] on this grid; "
      f"cross-entropy over [{bce.min():.3f}, {bce.max():.2f}]")
"""

L_CE_MD = r"""
## 5. The output as a probability: cross-entropy is maximum likelihood

A sigmoid output lies in $(0, 1)$, so read it as a probability: $y = \sigma(z) = P(t = 1\mid\mathbf{x})$,
and $1 - y = P(t = 0\mid\mathbf{x})$. Both cases fit in one formula, the **Bernoulli** likelihood

$$P(t\mid\mathbf{x}) = y^{t}\,(1 - y)^{1 - t}, \qquad t\in\{0, 1\}.$$

For independent examples $(\mathbf{x}_i, t_i)$, $i = 1, \dots, n$, the likelihood of the parameters is the
product $\prod_i y_i^{t_i}(1 - y_i)^{1-t_i}$. Maximising it is the same as minimising its negative
logarithm, which turns the product into a sum; dividing by $n$ gives the mean **binary cross-entropy**

$$L = -\frac1n\sum_{i=1}^{n}\Bigl[t_i\log y_i + (1 - t_i)\log(1 - y_i)\Bigr].$$

This is the principle of maximum likelihood (the probabilistic view of Cox, 1958, for logistic
regression); a perfectly confident correct prediction costs $0$, and a confidently wrong one costs
$-\log(\text{tiny})$, which is large.

**Its gradient.** For one example, $\partial L/\partial y = -\frac{t}{y} + \frac{1 - t}{1 - y} = \frac{y - t}{y(1 - y)}$.
Multiply by $\partial y/\partial z = \sigma'(z) = y(1 - y)$ and the denominator cancels:

$$\frac{\partial L}{\partial z} = y - t, \qquad \frac{\partial L}{\partial \mathbf{w}} = (y - t)\,\mathbf{x},
\qquad \frac{\partial L}{\partial b} = y - t .$$

The factor $\sigma'(z)$ that troubled squared error is gone: the gradient is simply *prediction minus
target* times the input, exactly the form of the linear unit's rule.
"""

L_CE_CHECK = r"""
# check dL/dz = y - t numerically, from the library's cross-entropy (a mean over the batch)
rng = np.random.default_rng(0)
z = rng.normal(scale=3, size=6)
t = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])
loss, grad = binary_cross_entropy_with_logits(z, t)
numerical = numerical_gradient(lambda v: binary_cross_entropy_with_logits(v, t)[0], z.copy())
print("n * dL/dz   :", len(z) * grad)
print("y - t       :", sigmoid(z) - t)
print("largest |analytic - numerical| =", np.max(np.abs(grad - numerical)))
"""

L_WRONG_MD = r"""
## 6. Why squared error learns slowly when a unit is confidently wrong

Compare the two error signals $\partial L/\partial z$ for the same unit with target $t = 1$:

$$\text{squared error: } (y - t)\,\sigma'(z), \qquad \text{cross-entropy: } y - t .$$

When $z$ is very negative the unit says "certainly class 0", and it is wrong. Then $y - t\approx -1$ for
both losses, but squared error multiplies it by $\sigma'(z)\approx e^{z}$, which is tiny:
"""

L_WRONG_CODE = r"""
print("  z    y = sigma(z)   squared error dL/dz   cross-entropy dL/dz   ratio")
for z0 in [0.0, -2.0, -5.0, -10.0]:
    y = sigmoid(z0)
    se = (y - 1) * sigmoid_grad(z0)
    ce = y - 1
    print(f"{z0:5.0f}  {y:11.3e}  {se:20.3e}  {ce:20.3e}  {ce / se:9.0f}")
"""

L_WRONG_MD2 = r"""
At $z = -10$ the squared-error gradient is about $-4.5\cdot10^{-5}$, the cross-entropy gradient about
$-1.0$: some 22 000 times larger. The ratio is exactly $1/\sigma'(z)$. Squared error thus behaves
perversely: the *more* wrong the unit, the *less* it learns, and only near $z = 0$ do the two agree up
to the constant $\sigma'(0) = 1/4$. The figure shows both losses and the sizes of their gradients
across $z$ (note the logarithmic axis).
"""

L_WRONG_FIG = r"""
z = np.linspace(-12, 12, 961)
t1 = np.ones_like(z)
y = sigmoid(z)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
ax1.plot(z, 0.5 * (y - 1) ** 2, label="squared error $\\frac{1}{2}(y-1)^2$")
ax1.plot(z, np.logaddexp(0.0, z) - z, label="cross-entropy $-\\log y$")
ax1.set(title="Loss of one example with target $t = 1$", xlabel="pre-activation $z$", ylabel="loss",
        ylim=(0, 6))
ax2.semilogy(z, np.abs((y - 1) * sigmoid_grad(z)), label="squared error $|(y-t)\\,\\sigma'(z)|$")
ax2.semilogy(z, np.abs(y - 1), label="cross-entropy $|y-t|$")
ax2.axvspan(-12, -4, color="grey", alpha=0.15, label="confidently wrong")
ax2.set(title="Gradient magnitude $|\\partial L/\\partial z|$ for $t = 1$", xlabel="pre-activation $z$",
        ylabel="$|\\partial L / \\partial z|$ (log scale)")
for ax in (ax1, ax2):
    ax.legend(fontsize="small")
plt.show()
"""

L_STABLE_MD = r"""
## 7. Stable evaluation: work with logits, use log-sum-exp

A float64 number cannot exceed about $1.8\cdot10^{308}$, so $e^{z}$ overflows for $z > 709.8$, and
$\sigma(z)$ rounds to exactly $1$ for $z > 37$. Computing the cross-entropy from the probability $y$ is
therefore fragile: $\log y$ and $\log(1 - y)$ hit $\log 0 = -\infty$ long before the loss is really
infinite. Watch the textbook formula fail:
"""

L_STABLE_NAIVE = r"""
def naive_bce(z, t):
    y = 1 / (1 + np.exp(-z))
    return -(t * np.log(y) + (1 - t) * np.log(1 - y))

z_bad = np.array([-1000.0, 40.0])              # confidently wrong for t = 1, confidently right for t = 1
t_bad = np.array([1.0, 1.0])
try:
    with np.errstate(all="raise"):             # turn NumPy's warnings into errors, to see what happens
        naive_bce(z_bad, t_bad)
except FloatingPointError as err:
    print("NumPy complains:", err)
with np.errstate(all="ignore"):                 # and these are the values it would silently return
    print("naive losses   :", naive_bce(z_bad, t_bad))
"""

L_STABLE_MD2 = r"""
The first loss should be $1000$, not $\infty$; the second should be $\log(1 + e^{-40})\approx 4.2\cdot10^{-18}$, not `nan`
(the formula meets $0\cdot\log 0$, because $1 - \sigma(40)$ has rounded to $0$). The cure is to never form $y$ at all and to rewrite the loss in the logit $z$:

$$-\log\sigma(z) = \log(1 + e^{-z}), \qquad -\log(1 - \sigma(z)) = -\log\sigma(-z) = \log(1 + e^{z}),$$

and since $\log(1 + e^{-z}) = \log\bigl(e^{-z}(e^{z} + 1)\bigr) = \log(1 + e^{z}) - z$,

$$L = t\log(1 + e^{-z}) + (1 - t)\log(1 + e^{z}) = \log(1 + e^{z}) - t\,z .$$

The remaining $\log(1 + e^{z}) = \log(e^{0} + e^{z})$ is a **log-sum-exp**, which has an exact stable
form: pull out the largest exponent $m = \max(a, b)$,

$$\log(e^{a} + e^{b}) = m + \log\bigl(1 + e^{-|a - b|}\bigr),$$

so that the only exponential left has a non-positive argument. NumPy provides this as `np.logaddexp`,
and the library's `binary_cross_entropy_with_logits` uses it. The stable form is not an approximation:
it is the same number, computed without the detour through $y$, and it is *more* accurate than the naive
form even where the latter does not fail outright. (For the second loss it returns $0$, which is within
$4.2\cdot10^{-18}$ of the truth: the error of the stable form is never more than the rounding error of
$z$ itself, which is all a sum of losses needs.)
"""

L_STABLE_GOOD = r"""
def stable_bce(z, t):
    return np.logaddexp(0.0, z) - t * z

print("stable losses  :", [f"{v:.4g}" for v in stable_bce(z_bad, t_bad)])
print("library        :", [f"{binary_cross_entropy_with_logits(z_bad[i:i + 1], t_bad[i:i + 1])[0]:.4g}"
                           for i in range(2)])

# for moderate logits both forms agree to rounding error ...
z_ok = np.linspace(-5, 5, 41)
t_ok = (np.arange(41) % 2).astype(float)
print("largest difference for |z| <= 5:", np.max(np.abs(naive_bce(z_ok, t_ok) - stable_bce(z_ok, t_ok))))

# ... but already at z = 20 (t = 0) the naive 1 - y loses half of its digits to cancellation
exact = 20 + np.log1p(np.exp(-20.0))          # log(1 + e^20) written out by hand
print(f"z = 20, t = 0:  exact {exact:.17g}   stable {stable_bce(20.0, 0.0):.17g}   "
      f"naive {naive_bce(20.0, 0.0):.17g}")
"""

L_LSE_MD = r"""
The same trick, for any number of terms, is what makes softmax (Section 9) safe:
$\operatorname{LSE}(\mathbf{o}) = \log\sum_j e^{o_j} = m + \log\sum_j e^{o_j - m}$ with $m = \max_j o_j$. The
identity is exact (the factor $e^{m}$ cancels), and after the shift the largest term is $e^0 = 1$:
"""

L_LSE_CODE = r"""
o_big = np.array([1000.0, 1001.0, 1002.0])
with np.errstate(all="ignore"):
    print("naive softmax :", np.exp(o_big) / np.sum(np.exp(o_big)))     # inf / inf
    print("naive LSE     :", np.log(np.sum(np.exp(o_big))))
m = o_big.max()
print("stable LSE    :", m + np.log(np.sum(np.exp(o_big - m))), "  (exactly 1002 + LSE(-2, -1, 0) =",
      1002 + np.log(np.exp(-2) + np.exp(-1) + 1), ")")
print("stable softmax:", softmax(o_big), "= softmax(0, 1, 2):", softmax(np.array([0.0, 1.0, 2.0])))
"""

L_LR_MD = r"""
## 8. Logistic regression, trained by gradient descent

A single sigmoid unit trained with cross-entropy is **logistic regression** (Cox, 1958). On a batch
$X\in\mathbb{R}^{n\times d}$ the gradients of the mean loss are $\frac1n X^\top(\mathbf{y} - \mathbf{t})$ and
$\frac1n\sum_i(y_i - t_i)$, and full-batch gradient descent repeats

$$\mathbf{w}\leftarrow\mathbf{w} - \eta\,\tfrac1n X^\top(\mathbf{y} - \mathbf{t}), \qquad
  b\leftarrow b - \eta\,\tfrac1n\textstyle\sum_i(y_i - t_i).$$

The mean cross-entropy is a convex function of $(\mathbf{w}, b)$, so gradient descent with a small enough
step cannot get stuck in a bad local minimum. We train it on two overlapping Gaussian clouds, and, to
make Section 6 concrete, we train the same unit with squared error too, both starting from a
**confidently wrong** point: weights that point the wrong way, $\mathbf{w}_0 = (-4, -4)$.
"""

L_LR_DATA = r"""
rng = np.random.default_rng(1)
n = 200
t = (np.arange(n) < n // 2).astype(float)                          # 100 of each class
X = rng.normal(size=(n, 2)) + np.where(t[:, None] == 1, [1.0, 1.0], [-1.0, -1.0])


def fit(loss, X, t, w0, b0, lr, n_epochs):
    # full-batch gradient descent on a sigmoid unit; returns (w, b, losses, accuracies) per epoch
    w, b, losses, accs = np.array(w0, dtype=float), float(b0), [], []
    for _ in range(n_epochs):
        z = X @ w + b
        if loss == "cross-entropy":
            L, dz = binary_cross_entropy_with_logits(z, t)         # dz = (y - t) / n
        else:
            L, dy = squared_error(sigmoid(z), t)                    # dy = (y - t) / n
            dz = dy * sigmoid_grad(z)                               # the extra factor sigma'(z)
        losses.append(L)
        accs.append(np.mean((z > 0) == (t == 1)))
        w, b = w - lr * (X.T @ dz), b - lr * np.sum(dz)
    return w, b, np.array(losses), np.array(accs)


runs = {name: fit(name, X, t, w0=[-4.0, -4.0], b0=0.0, lr=1.0, n_epochs=600)
        for name in ["cross-entropy", "squared error"]}
for name, (w, b, losses, accs) in runs.items():
    first = int(np.argmax(accs >= 0.9))
    print(f"{name:14s}: 90% training accuracy first reached in epoch {first:3d}; after 600 epochs "
          f"{accs[-1]:.3f}, w = {w}, b = {b:.3f}")
"""

L_LR_FIG = r"""
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
for name, (w, b, losses, accs) in runs.items():
    ax1.plot(accs, label=name)
ax1.set(title="Training from a confidently wrong start", xlabel="epoch", ylabel="training accuracy",
        ylim=(0, 1.02))
ax1.legend()
w, b = runs["cross-entropy"][:2]
plot_decision_boundary(lambda G: G @ w + b, X, t.astype(int), ax=ax2,
                       title="Logistic regression: boundary $\\mathbf{w}\\cdot\\mathbf{x} + b = 0$")
plt.show()
"""

L_LR_MD2 = r"""
Cross-entropy escapes from the wrong start within a handful of epochs. Squared error, with the same
data, start and step size, spends about 250 epochs on the plateau, barely moving, because every
misclassified point sits where $\sigma'(z)\approx 0$; only once the weights have crept close to zero does
it pick up speed, and it needs about eighty times as many epochs to reach 90% accuracy (408 against 5). On the
right, the trained unit's decision boundary is the straight line $\mathbf{w}\cdot\mathbf{x} + b = 0$ where
$y = \tfrac12$, and the shading shows $\mathbf{w}\cdot\mathbf{x} + b$, the log-odds
$\log\frac{y}{1 - y}$: the predicted probability changes smoothly across the line, faster when
$\lVert\mathbf{w}\rVert$ is larger. (On *separable* data the loss can always be lowered by scaling
$\mathbf{w}$ and $b$ up, so $\lVert\mathbf{w}\rVert$ grows without bound and the unit approaches a hard threshold.)
"""

L_SOFTMAX_MD = r"""
## 9. More than two classes: softmax and one-hot targets

For $K$ classes give the output layer $K$ units with scores (logits) $o_1, \dots, o_K$ and turn them into a
probability vector with the **softmax** (Bridle, 1990)

$$f_k(\mathbf{o}) = \frac{e^{o_k}}{\sum_{j=1}^{K} e^{o_j}}, \qquad f_k > 0, \quad \sum_k f_k = 1 .$$

The largest score gets the largest probability, but every class keeps some. A label $y\in\{1, \dots, K\}$
is written as a **one-hot** vector $\mathbf{t}$ with $t_y = 1$ and all other entries $0$ (digit 2 of ten:
$\mathbf{t} = (0, 0, 1, 0, \dots, 0)$). The categorical likelihood is $\prod_k f_k^{t_k} = f_y$, and its
negative logarithm is the **softmax cross-entropy**

$$L = -\sum_{k=1}^{K} t_k\log f_k(\mathbf{o}) = -\log f_y(\mathbf{o}) = \operatorname{LSE}(\mathbf{o}) - o_y .$$

Differentiating the last form, with $\partial\,\operatorname{LSE}/\partial o_j = e^{o_j}/\sum_i e^{o_i} = f_j$,
gives once more *prediction minus target*:

$$\frac{\partial L}{\partial o_j} = f_j(\mathbf{o}) - t_j .$$

For $K = 2$ nothing new happens: $f_1 = \frac{e^{o_1}}{e^{o_1} + e^{o_2}} = \frac{1}{1 + e^{-(o_1 - o_2)}} = \sigma(o_1 - o_2)$,
the sigmoid of the difference of the two scores.

### The worked example, computed correctly

Take the scores $\mathbf{o} = (0.6, -1, 5, 8, 4)$. The exponentials are $e^{\mathbf{o}} \approx (1.8221,
0.3679, 148.4132, 2980.9580, 54.5982)$, summing to $3186.1593$, so
"""

L_SOFTMAX_CODE = r"""
o = np.array([0.6, -1.0, 5.0, 8.0, 4.0])
p = softmax(o)
slide = np.array([0.006, 0.0001, 0.047, 0.94, 0.17])               # as printed on the seed slide
print("exp(o)       :", np.exp(o), " sum =", round(float(np.sum(np.exp(o))), 4))
print("softmax(o)   :", np.round(p, 4), " sum =", p.sum())
print("slide values :", slide, " sum =", slide.sum())
print("cross-entropy if the class is 4 (score 8): -log f_4 =", round(-log_softmax(o)[3], 4))
print("cross-entropy if the class is 3 (score 5): -log f_3 =", round(-log_softmax(o)[2], 4))
loss, grad = softmax_cross_entropy(o[None, :], np.array([3]))       # class index 3 = the 4th class
print("library loss and gradient f - t for class 4:", round(loss, 4), np.round(grad[0], 4))
"""

L_SOFTMAX_MD2 = r"""
To four decimals, $\operatorname{softmax}(\mathbf{o}) = (0.0006,\ 0.0001,\ 0.0466,\ 0.9356,\ 0.0171)$.
The seed slide prints $(0.006, 0.0001, 0.047, 0.94, 0.17)$: two entries have a misplaced decimal point
($0.006$ should be $0.0006$ and $0.17$ should be $0.017$), the others are rounded, and its numbers sum to
$1.1631$, so they cannot be a probability vector. A quick sanity check (do the probabilities sum to
one?) catches such slips. If the correct class is the fourth, the loss is $-\log 0.9356 = 0.0666$; if it
were the third, $-\log 0.0466 = 3.0666$: the two differ by exactly $8 - 5 = 3$, the difference of the
scores, as $L = \operatorname{LSE}(\mathbf{o}) - o_y$ predicts.
"""

L_SOFTMAX_FIG = r"""
fig, ax = plt.subplots(figsize=(6.5, 3.8))
k = np.arange(1, 6)
ax.bar(k - 0.2, p, width=0.4, label="softmax(o), computed")
ax.bar(k + 0.2, slide, width=0.4, label="values printed on the slide")
ax.set(title="Softmax of o = (0.6, −1, 5, 8, 4)", xlabel="class $k$", ylabel="probability $f_k$",
       xticks=k)
ax.legend()
plt.show()
"""

L_WIDGET_MD = r"""
## 10. Explore

The explorer draws a unit $h = \varphi(g z + b)$ for $\varphi$ = sigmoid, tanh or ReLU (top) and its slope
$dh/dz = g\,\varphi'(gz + b)$ (bottom). Raise the **gain** $g$ and watch the sigmoid sharpen into a
threshold at $z = -b/g$ while its slope (peak $g/4$) becomes a narrow spike; move the **bias** $b$ to shift
the threshold. The shaded band marks where the chosen unit's slope is below 1% of its peak: there
learning stalls. Compare how large that band is for the sigmoid, for tanh and for ReLU.
"""

L_WIDGET = r"""
from course_utils.widgets import activation_explorer
activation_explorer()
"""

L_QUIZ = r"""
## Check your understanding

1. A sigmoid unit outputs $y = 0.9$. What is $\sigma'(z)$ at its pre-activation, and what is the
   largest value $\sigma'$ can take?
   <details><summary>Answer</summary>

   $\sigma'(z) = y(1 - y) = 0.9\cdot0.1 = 0.09$. The maximum is $\sigma'(0) = 0.25$, at $y = 0.5$.
   </details>

2. Why does multiplying the weights and bias of a sigmoid unit by 10 not change its decision boundary?
   What does it change?
   <details><summary>Answer</summary>

   The boundary is the set where $\mathbf{w}\cdot\mathbf{x} + b = 0$, and $10(\mathbf{w}\cdot\mathbf{x} + b) = 0$ is the
   same set. The output becomes ten times steeper across it ($\sigma(10z)$), closer to a hard threshold,
   and the unit saturates sooner away from the boundary.
   </details>

3. A unit with target $t = 0$ outputs $y = 0.999$. Compute $\partial L/\partial z$ under squared error
   and under cross-entropy.
   <details><summary>Answer</summary>

   Squared error: $(y - t)\,y(1 - y) = 0.999\cdot0.999\cdot0.001 \approx 0.001$. Cross-entropy:
   $y - t = 0.999$, about a thousand times larger, so cross-entropy corrects the mistake much faster.
   </details>

4. Why may we subtract $\max_j o_j$ from every score before a softmax, and why should we?
   <details><summary>Answer</summary>

   $e^{o_k - m}/\sum_j e^{o_j - m} = e^{-m}e^{o_k}/(e^{-m}\sum_j e^{o_j})$: the factor cancels, so the result
   is unchanged for any constant $m$. With $m = \max_j o_j$ every exponent is $\le 0$, so nothing
   overflows, and the denominator is at least $1$, so there is no $0/0$.
   </details>

5. Show that a two-class softmax is a sigmoid.
   <details><summary>Answer</summary>

   $f_1 = e^{o_1}/(e^{o_1} + e^{o_2})$; divide numerator and denominator by $e^{o_1}$ to get
   $1/(1 + e^{-(o_1 - o_2)}) = \sigma(o_1 - o_2)$. Only the difference of the scores matters.
   </details>

6. In a deep network of sigmoid units, why do the first layers learn slowest?
   <details><summary>Answer</summary>

   Their gradient is a product containing one factor $\sigma'(z_l)\le\tfrac14$ per layer above them
   (times the weights), so with weights of order one it shrinks geometrically with depth: the
   vanishing-gradient problem. ReLU units, with slope 1 where active, avoid this factor.
   </details>
"""

L_SUMMARY = r"""
## Summary

* Gradient descent needs a differentiable unit: the **sigmoid** $\sigma(z) = 1/(1 + e^{-z})$ is a smooth
  threshold with $\sigma'(z) = \sigma(z)(1 - \sigma(z))\le\tfrac14$; a steep sigmoid approximates the step.
* **tanh** $= 2\sigma(2z) - 1$ is zero-centred with slope up to 1; **ReLU** $\max(0, z)$ does not saturate
  for $z > 0$. Saturated sigmoid and tanh units have near-zero derivatives: **vanishing gradients**.
* Under **squared error** a sigmoid unit's gradient is $(y - t)\,\sigma'(z)\,\mathbf{x}$, which vanishes on
  flat plateaus, even when the unit is confidently wrong.
* Reading $y$ as $P(t = 1\mid\mathbf{x})$, maximum likelihood gives the **cross-entropy**, whose gradient is
  simply $(y - t)\,\mathbf{x}$: large exactly when the unit is badly wrong.
* Compute losses from **logits**: $\log(1 + e^{z}) - tz$ with `np.logaddexp`, and softmax with the row
  maximum subtracted (**log-sum-exp**). Exact, and never overflowing.
* One sigmoid unit with cross-entropy is **logistic regression**: a convex problem with a linear decision
  boundary. With $K$ classes, **softmax** and **one-hot** targets give the softmax cross-entropy, with
  gradient $\mathbf{f} - \mathbf{t}$. Check your numbers: probabilities must sum to one.

Next, in Unit 4, we stack these units into layers and compute all gradients at once with
back-propagation.
"""

L_REFS = r"""
## References

* W. S. McCulloch and W. Pitts (1943). A logical calculus of the ideas immanent in nervous activity.
  *Bulletin of Mathematical Biophysics* 5, 115–133.
* F. Rosenblatt (1958). The perceptron: a probabilistic model for information storage and organization in
  the brain. *Psychological Review* 65(6), 386–408.
* D. R. Cox (1958). The regression analysis of binary sequences. *Journal of the Royal Statistical
  Society B* 20(2), 215–242.
* D. E. Rumelhart, G. E. Hinton and R. J. Williams (1986). Learning representations by back-propagating
  errors. *Nature* 323, 533–536.
* J. S. Bridle (1990). Probabilistic interpretation of feedforward classification network outputs, with
  relationships to statistical pattern recognition. In *Neurocomputing*, NATO ASI Series F68, Springer, 227–236.
* S. Hochreiter (1991). *Untersuchungen zu dynamischen neuronalen Netzen*. Diploma thesis, TU München.
* Y. Bengio, P. Simard and P. Frasconi (1994). Learning long-term dependencies with gradient descent is
  difficult. *IEEE Transactions on Neural Networks* 5(2), 157–166.
* Y. LeCun, L. Bottou, G. B. Orr and K.-R. Müller (1998). Efficient BackProp. In *Neural Networks: Tricks
  of the Trade*, Springer LNCS 1524, 9–50.
* X. Glorot and Y. Bengio (2010). Understanding the difficulty of training deep feedforward neural
  networks. *AISTATS*, 249–256.
* V. Nair and G. E. Hinton (2010). Rectified linear units improve restricted Boltzmann machines. *ICML*, 807–814.
* X. Glorot, A. Bordes and Y. Bengio (2011). Deep sparse rectifier neural networks. *AISTATS*, 315–323.
* T. M. Mitchell (1997). *Machine Learning*, chapter 4. McGraw-Hill.
* I. Goodfellow, Y. Bengio and A. Courville (2016). *Deep Learning*, sections 4.1 (numerical stability)
  and 6.2 (output units and cost functions). MIT Press.

The course's source lectures (UNSW COMP9417 on neural learning, the Vector Institute's introduction to
ML, DTU's deep-learning lecture 2, Western's CS4442 lecture 7 and Helsinki's lecture on MLPs) supplied
the topics and the worked softmax example; every derivation and number above was redone for this unit.
"""


def lecture_cells():
    return [
        md(L_TITLE), code(L_SETUP),
        md(L_STEP), code(L_SIG_VALUES), md(L_DERIV), code(L_DERIV_CHECK), md(L_STEEP_MD), code(L_STEEP_FIG),
        md(L_ACT_MD), code(L_ACT_FIG),
        md(L_SAT_MD), code(L_SAT_CODE), md(L_SAT_MD2),
        md(L_LSQ_MD), code(L_DATA1D),
        md(L_CE_MD), code(L_CE_CHECK),
        md(L_WRONG_MD), code(L_WRONG_CODE), md(L_WRONG_MD2), code(L_WRONG_FIG),
        md(L_STABLE_MD), code(L_STABLE_NAIVE), md(L_STABLE_MD2), code(L_STABLE_GOOD), md(L_LSE_MD),
        code(L_LSE_CODE),
        md(L_LR_MD), code(L_LR_DATA), code(L_LR_FIG), md(L_LR_MD2),
        md(L_SOFTMAX_MD), code(L_SOFTMAX_CODE), md(L_SOFTMAX_MD2), code(L_SOFTMAX_FIG),
        md(L_WIDGET_MD), code(L_WIDGET),
        md(L_QUIZ), md(L_SUMMARY), md(L_REFS),
    ]


LECTURE = ROOT / "lectures" / "03_sigmoid_units.ipynb"
SOLUTION = ROOT / "solutions" / "03_sigmoid_units" / "sigmoid_units.ipynb"
TARGETS = [(LECTURE, lecture_cells, "sigmoid_units"), (SOLUTION, solution_cells, "sigmoid_units")]


def main(argv=None) -> int:
    return build_cli(TARGETS, argv, __file__)


if __name__ == "__main__":
    sys.exit(main())
