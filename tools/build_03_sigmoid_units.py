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

from nb import answer, code, grade, md, readonly, write, written  # noqa: E402


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
    """Logistic sigmoid, elementwise and numerically stable.

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
    """Derivative of the logistic sigmoid at the pre-activation z, elementwise.

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
    """Gradients of the squared error of one sigmoid unit on one example.

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
    """Mean binary cross-entropy of a logistic-regression unit, and its gradients.

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
    """Numerically stable softmax along the last axis (row-wise for a batch).

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
    """Fit a logistic-regression unit by full-batch gradient descent on the mean cross-entropy.

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


def lecture_cells():
    return [md("# placeholder")]


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


LECTURE_PATH = ROOT / "lectures" / "03_sigmoid_units.ipynb"
SOLUTION_PATH = ROOT / "solutions" / "03_sigmoid_units" / "sigmoid_units.ipynb"


def main(argv):
    import tempfile
    check = "--check" in argv
    stale = []
    for path, cells in [(LECTURE_PATH, lecture_cells()), (SOLUTION_PATH, solution_cells())]:
        if check:
            with tempfile.TemporaryDirectory() as tmp:
                fresh = write(Path(tmp) / path.name, cells, prefix="sigmoid_units").read_text(encoding="utf-8")
            if not path.exists() or path.read_text(encoding="utf-8") != fresh:
                stale.append(str(path.relative_to(ROOT)))
        else:
            write(path, cells, prefix="sigmoid_units")
            print("wrote", path.relative_to(ROOT))
    if stale:
        print("out of date (run tools/build_03_sigmoid_units.py):", *stale)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
