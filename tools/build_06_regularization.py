"""Build the notebooks of unit 06_regularization (nbgrader source and lecture).

    .venv/bin/python tools/build_06_regularization.py          # writes both notebooks
    .venv/bin/python tools/build_06_regularization.py --check  # exit 1 if the committed files differ

The committed notebooks must equal the output of this script. The lecture's cells live in
tools/build_06_regularization_lecture.py.
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
# Unit 6 — Regularization (exercise)

A network with enough weights can memorise any small training set, noise included, and then predicts new
data badly. In this assignment you write the standard remedies: the L2 penalty (weight decay), dropout,
early stopping, an exponential moving average of the weights, input noise, and a random hyperparameter
search; then you use them in a small experiment in which your regularized network must beat an
unregularized one on noisy data. The lecture `lectures/06_regularization.ipynb` derives all of them.

| # | what you implement | points |
|---|---|---|
| 1 | `l2_penalty_and_grads(params, lam)` | 12 |
| 2 | `dropout_forward(x, p, rng, train=True)` | 14 |
| 3 | `dropout_backward(dout, cache)` | 6 |
| 4 | `EarlyStopping(patience, min_delta)` with `step(val_loss, params)` | 14 |
| 5 | `ema_update(avg, params, decay)` | 8 |
| 6 | `add_input_noise(X, sigma, rng)` | 6 |
| 7 | `random_search(train_fn, space, n_trials, rng)` | 14 |
| 8 | experiment: `train_regularized(X_train, y_train, X_val, y_val, seed=0)` | 16 |
| 9 | written answer: reading two pairs of learning curves | 10 |
| | **total** | **100** |

**Notation.** A network's parameters are a dictionary `params = {"W1": ..., "b1": ..., "W2": ..., "b2": ...}`
(the layout of `course_utils.mlp.MLP`): `W{l}` has shape `(n_in, n_out)`, `b{l}` shape `(n_out,)`.
**Key rule:** a key that starts with `"W"` is a weight matrix; every other key is not. A data set has one
example per row: `X` has shape `(n, d)`, `y` shape `(n,)`. $\lambda$ (`lam`) is the strength of the L2
penalty, $p$ the probability of **dropping** a unit.

**How to work.** Write your code between the lines `# YOUR CODE HERE` (delete the
`raise NotImplementedError()`), keeping the names and signatures exactly as given: the autograder calls
them by name. Read each docstring: it is the contract your code must meet.

**How to check yourself.** Run the notebook from the top (*Kernel → Restart & Run All*). Each answer is
followed by a locked test cell: when it runs without an error your answer passes the visible tests; when it
fails, the message says what is wrong and, where it recognises a common mistake, which one. Before you
submit, run from the course folder

```
course validate exercises/06_regularization/regularization.ipynb
```

which reports every question as passing or failing. The graders run further, hidden tests (random inputs
compared number for number with a reference using the same seeds, edge cases), so passing the visible tests
is necessary, not sufficient.

**Rules.** Use NumPy only; do not import the functions you are asked to write from `course_utils` (the tests
detect it); in the experiment (section 8) you may, and should, use `course_utils`' `MLP`, optimizers,
`train` and `EarlyStopping`. **Never modify the arrays you are given** unless the docstring says so
(`ema_update` is the one function that updates its first argument in place). Draw random numbers only from
the generator `rng` you are given, with exactly the calls the docstring names, so that the same seed gives
the same numbers as the reference.
"""

SETUP = r"""
import numpy as np
import matplotlib.pyplot as plt

from course_utils.data import make_xor
from course_utils.mlp import MLP
from course_utils.optim import Adam
from course_utils.training import train

np.set_printoptions(precision=6, suppress=True)


def experiment_data(seed=0):
    # The small noisy data set of section 8: 50 training and 300 validation points of a noisy XOR
    # (Gaussian clouds of standard deviation 0.3 around the four corners of the unit square),
    # standardized with the training statistics. Returns X_train, y_train, X_val, y_val.
    X, y = make_xor(350, noise=0.3, seed=seed)
    X_train, y_train, X_val, y_val = X[:50], y[:50], X[50:], y[50:]
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, y_train, (X_val - mean) / std, y_val


def train_baseline(X_train, y_train, seed=0):
    # The unregularized baseline of section 8: MLP 2-100-100-2 (ReLU), Adam with lr 0.01,
    # 400 full-batch epochs, no penalty, no dropout, no early stopping.
    model = MLP([X_train.shape[1], 100, 100, 2], seed=seed)
    train(model, Adam(0.01), X_train, y_train, epochs=400, batch_size=len(X_train),
          rng=np.random.default_rng(seed), progress=False)
    return model
"""

# ------------------------------------------------------------------------------ 1. L2
L2_MD = r"""
## 1. The L2 penalty: weight decay (12 points)

To discourage large weights we add to the data loss $L$ the **L2 penalty**

$$R(\boldsymbol\theta) = \frac{\lambda}{2} \sum_{\ell} \lVert W_\ell \rVert_F^2
  = \frac{\lambda}{2} \sum_{\ell} \sum_{i,j} (W_\ell)_{ij}^2 ,
\qquad
\frac{\partial R}{\partial W_\ell} = \lambda\, W_\ell, \qquad \frac{\partial R}{\partial b_\ell} = 0 .$$

The factor $\tfrac12$ is there so that the gradient is exactly $\lambda W$ (the 2 of the square cancels).
With gradient descent the weight update becomes $W \leftarrow (1 - \eta\lambda)\,W - \eta\,\partial L/\partial W$:
every step first shrinks the weights by the factor $1 - \eta\lambda$, hence the name **weight decay**.

**Only weights are penalised, never biases.** A bias only shifts a unit's threshold; it does not make the
function wigglier, and a large bias can be exactly what the data need (e.g. a class that is much more
frequent). Penalising biases would pull the model towards predicting the same thing everywhere without
making it any simpler.

Write `l2_penalty_and_grads(params, lam)`: the penalty (a Python `float`) and a dictionary with a gradient
for **every** key of `params` (`lam * W` for weights, arrays of zeros of the same shape for the rest), so
that the caller can add it to the data gradients key by key. Do not modify `params`.
"""

L2_SRC = r'''
def l2_penalty_and_grads(params, lam):
    r"""L2 penalty on the weights (weight decay) and its gradient for every parameter.

    .. math:: R = \frac{\lambda}{2} \sum_{\ell} \lVert W_\ell \rVert_F^2, \qquad
              \frac{\partial R}{\partial W_\ell} = \lambda W_\ell, \qquad \frac{\partial R}{\partial b_\ell} = 0

    A key that starts with ``"W"`` is a weight (penalised); every other key is not.

    Parameters
    ----------
    params : dict of str -> ndarray
        E.g. ``{"W1": (d, h), "b1": (h,), "W2": (h, K), "b2": (K,)}``; not modified.
    lam : float >= 0
        The regularization strength ``lambda``.

    Returns
    -------
    penalty : float
        ``lam / 2 * (sum of the squares of all entries of all weight matrices)``.
    grads : dict of str -> ndarray
        One entry for EVERY key of ``params``, same shape: ``lam * W`` for weights, zeros otherwise.
    """
    ### BEGIN SOLUTION
    penalty = 0.0
    grads = {}
    for key, value in params.items():
        if key.startswith("W"):
            penalty += 0.5 * lam * float(np.sum(value ** 2))
            grads[key] = lam * value
        else:
            grads[key] = np.zeros_like(value, dtype=float)
    return penalty, grads
    ### END SOLUTION
'''

L2_TEST = CK + r'''
# --- visible tests ----------------------------------------------------------------------------
params = {"W1": np.array([[1.0, -2.0], [3.0, 0.5]]), "b1": np.array([4.0, -1.0]),
          "W2": np.array([[2.0], [-1.0]]), "b2": np.array([10.0])}
penalty, grads = ck.unchanged(l2_penalty_and_grads, params, 0.1)
# sum of squares of the weights: 1 + 4 + 9 + 0.25 + 4 + 1 = 19.25, so R = 0.1 / 2 * 19.25
ck.close(penalty, 0.9625, "the penalty for lam = 0.1",
         mistakes=[(0.1 * 19.25, "the penalty is lam * ||W||^2: it is (lam / 2) * ||W||^2 (the 1/2 makes "
                                 "the gradient lam * W)"),
                   (0.05 * (19.25 + 16 + 1 + 100), "you penalised the biases too: only keys starting with "
                                                   "'W' are weights"),
                   (0.1 * (19.25 + 16 + 1 + 100), "you penalised the biases and forgot the 1/2")])
ck.true(isinstance(grads, dict) and set(grads) == set(params),
        f"grads must have one entry for every key of params {sorted(params)}, got "
        f"{sorted(grads) if isinstance(grads, dict) else type(grads).__name__}: biases get zeros")
ck.close(grads["W1"], 0.1 * params["W1"], "grads['W1'] (lam * W1)",
         mistakes=[(0.2 * params["W1"], "the gradient is 2 lam W: with the factor 1/2 in the penalty the "
                                        "2 of the square cancels, the gradient is lam * W"),
                   (-0.1 * params["W1"], "the sign is flipped: the penalty grows with |W|, so its gradient "
                                         "is +lam * W")])
ck.close(grads["b1"], np.zeros(2), "grads['b1']",
         mistakes=[(0.1 * params["b1"], "you penalised the bias b1: biases are not regularized, their "
                                        "gradient from the penalty is 0")])
ck.close(grads["W2"], 0.1 * params["W2"], "grads['W2']")
ck.close(grads["b2"], np.zeros(1), "grads['b2']")
print("l2_penalty_and_grads: visible tests passed")

### BEGIN HIDDEN TESTS
from course_utils.regularization import l2_penalty as _ref
rng = np.random.default_rng(11)
for sizes, lam in [([3, 5, 2], 0.3), ([4, 7, 7, 3], 1e-3), ([2, 1], 2.5), ([6, 4, 2], 0.0)]:
    P = {}
    for l, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        P[f"W{l}"] = rng.normal(size=(a, b)); P[f"b{l}"] = rng.normal(size=b)
    pen, g = ck.unchanged(l2_penalty_and_grads, P, lam)
    rpen, rg = _ref(P, lam)
    ck.close(pen, rpen, f"the penalty for layers {sizes} and lam = {lam}", rtol=1e-10, atol=1e-12)
    ck.true(set(g) == set(P), "grads must have one entry for every key of params (zeros for biases)")
    for k in P:
        ck.close(g[k], rg[k], f"grads[{k!r}] for layers {sizes}, lam = {lam}", rtol=1e-10, atol=1e-12)
    # the gradient really is the derivative of the penalty (each weight matrix in turn)
    for k in [k for k in P if k.startswith("W")]:
        def f(w, k=k):
            Q = dict(P); Q[k] = w
            return l2_penalty_and_grads(Q, lam)[0]
        ck.gradient(f, P[k].copy(), g[k], f"the gradient of the penalty with respect to {k}")
# other key names follow the same rule; scalars and empty dictionaries work
pen, g = l2_penalty_and_grads({"W": np.array([[3.0, 4.0]]), "gamma": np.array([2.0])}, 2.0)
ck.close(pen, 25.0, "the penalty of {'W': [[3, 4]], 'gamma': [2]} with lam = 2 (only 'W...' keys count)")
ck.close(g["gamma"], np.zeros(1), "the gradient for the non-weight key 'gamma'")
pen, g = l2_penalty_and_grads({}, 0.5)
ck.close(pen, 0.0, "the penalty of an empty parameter dictionary")
ck.true(isinstance(pen, (float, np.floating)), "the penalty must be a number (a float), not an array")
ck.not_delegated(l2_penalty_and_grads)
### END HIDDEN TESTS
'''

# ------------------------------------------------------------------------------ 2. dropout forward
DF_MD = r"""
## 2. Dropout, forward (14 points)

**Dropout** (Srivastava et al. 2014) sets each hidden activation to zero with probability $p$, independently,
on every training step: each step trains a different "thinned" network. We use **inverted dropout**: the units
that are kept are divided by $1 - p$,

$$m_{ij} = \frac{[\,u_{ij} \ge p\,]}{1 - p}, \quad u_{ij} \sim U[0, 1), \qquad \text{out} = x \odot m .$$

Then $\mathbb E[m_{ij}] = \frac{(1-p)\cdot 1 + p \cdot 0}{1-p} = 1$, so $\mathbb E[\text{out}] = x$: on average a
unit sends the same signal as without dropout, and **at test time the layer is simply the identity** (no
dropping and no rescaling). Note that $p$ is the probability of **dropping** a unit, not of keeping it.

Write `dropout_forward(x, p, rng, train=True)`. When `train` is true and `p > 0`, draw **one** array
`u = rng.random(x.shape)`, build `mask = (u >= p) / (1 - p)` and return `x * mask`; the graders compare your
mask with the reference drawn from the same seed. When `train` is false or `p == 0`, return `x` unchanged
(as a float array) and draw **nothing**. The cache is `(mask, p, train)`, with `mask = None` when the layer
was the identity.
"""

DF_SRC = r'''
def dropout_forward(x, p, rng, train=True):
    r"""Inverted dropout: drop each unit with probability p while training, scale the rest by 1 / (1 - p).

    .. math:: m = \frac{[u \ge p]}{1 - p}, \quad u = \text{rng.random(x.shape)}, \qquad \text{out} = x \odot m

    so that E[out] = x. With ``train=False`` or ``p == 0`` the layer is the identity and draws no
    random numbers.

    Parameters
    ----------
    x : ndarray, any shape
        Activations (not modified).
    p : float in [0, 1)
        Probability of DROPPING a unit.
    rng : numpy.random.Generator
        Draws the mask with exactly one call ``u = rng.random(x.shape)``:
        ``mask = (u >= p) / (1 - p)``.
    train : bool, default True
        Training (drop units) or evaluation (identity).

    Returns
    -------
    out : ndarray, same shape as ``x``
        ``x * mask`` while training, ``x`` itself (as floats) otherwise.
    cache : tuple
        ``(mask, p, train)``: ``mask`` has the shape of ``x`` and entries 0 or 1 / (1 - p), or is
        ``None`` when the layer acted as the identity.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    if not train or p == 0:
        return x, (None, p, train)
    mask = (rng.random(x.shape) >= p) / (1.0 - p)
    return x * mask, (mask, p, train)
    ### END SOLUTION
'''

DF_TEST = CK + r'''
# --- visible tests ----------------------------------------------------------------------------
x = np.ones((2000, 50))
out, cache = ck.unchanged(dropout_forward, x, 0.3, np.random.default_rng(0))
ck.shape(out, x.shape, "dropout_forward(x, 0.3, rng) for x of shape (2000, 50)")
kept = out != 0
ck.close(1 - kept.mean(), 0.3, "the fraction of dropped units for p = 0.3", atol=0.01,
         mistakes=[(0.7, "you dropped a fraction 1 - p: p is the probability of DROPPING a unit, keep it "
                         "when u >= p")])
ck.true(np.allclose(out[kept], 1 / 0.7), "the kept units of x = 1 should become 1 / (1 - p) = 1.4286 (inverted "
        f"dropout scales by 1 / (1 - p)); your kept values include {np.unique(np.round(out[kept], 4))[:4]}" +
        (": dropout is not scaled at all" if np.allclose(out[kept], 1.0) else
         ": you scaled by 1 / p instead of 1 / (1 - p)" if np.allclose(out[kept], 1 / 0.3) else ""))
ck.close(out.mean(), 1.0, "the mean of the dropout output for x = 1 (E[out] = x)", atol=0.01)
ref_mask = (np.random.default_rng(0).random(x.shape) >= 0.3) / 0.7
ck.true(np.array_equal(out != 0, ref_mask != 0), "the dropped units differ from the reference drawn from the "
        "same seed: draw exactly u = rng.random(x.shape) (one call) and keep a unit when u >= p")
ck.true(isinstance(cache, tuple) and len(cache) == 3, "the cache must be the tuple (mask, p, train)")
ck.close(cache[0], ref_mask, "the mask in the cache (0 or 1 / (1 - p))")
# evaluation mode: the identity, and no random numbers drawn
xs = np.random.default_rng(1).normal(size=(4, 5))
rng = np.random.default_rng(2)
out_test, cache_test = dropout_forward(xs, 0.5, rng, train=False)
ck.close(out_test, xs, "dropout_forward(x, 0.5, rng, train=False): at test time the layer is the identity "
         "(inverted dropout already scaled during training)",
         mistakes=[(xs * 0.5, "you multiplied by 1 - p at test time: with inverted dropout no test-time "
                              "scaling is needed")])
ck.true(cache_test[0] is None, "with train=False the mask in the cache must be None")
ck.true(rng.random() == np.random.default_rng(2).random(), "with train=False dropout_forward must not "
        "draw random numbers from rng")
print("dropout_forward: visible tests passed")

### BEGIN HIDDEN TESTS
from course_utils.layers import dropout_forward as _ref
for shape, p, seed in [((7, 3), 0.5, 3), ((10,), 0.1, 4), ((3, 4, 5), 0.8, 5), ((1, 1), 0.25, 6)]:
    xh = np.random.default_rng(seed + 50).normal(size=shape)
    got, c = ck.unchanged(dropout_forward, xh, p, np.random.default_rng(seed))
    ref, rc = _ref(xh, p, np.random.default_rng(seed))
    ck.close(got, ref, f"dropout_forward(x of shape {shape}, p = {p}) against the reference with the same seed",
             rtol=1e-12, atol=1e-12)
    ck.close(c[0], rc[0], f"the cached mask for shape {shape}, p = {p}", rtol=1e-12, atol=1e-12)
# p = 0 is the identity and draws nothing
rng = np.random.default_rng(8)
got, c = dropout_forward(xs, 0.0, rng)
ck.close(got, xs, "dropout_forward with p = 0 (keep everything)")
ck.true(c[0] is None and rng.random() == np.random.default_rng(8).random(),
        "with p = 0 dropout must be the identity, with mask None, and draw no random numbers")
# statistics: fraction kept and E[out] = x for another p
xb = np.full((400, 250), 2.0)
got, _ = dropout_forward(xb, 0.6, np.random.default_rng(9))
ck.close((got == 0).mean(), 0.6, "the dropped fraction for p = 0.6", atol=0.01)
ck.close(got.mean(), 2.0, "the mean output for x = 2, p = 0.6 (should stay 2)", atol=0.03,
         mistakes=[(0.8, "the mean output shrank by (1 - p): scale kept units by 1 / (1 - p)"),
                   (2.0 * 0.4 / 0.6, "you scaled by 1 / p instead of 1 / (1 - p)")])
got, _ = dropout_forward(xb, 0.6, np.random.default_rng(9), train=False)
ck.close(got, xb, "dropout_forward(..., train=False) with p = 0.6")
# integer input gives a float output (no truncation of 1 / (1 - p))
got, _ = dropout_forward(np.ones((3, 3), dtype=int), 0.5, np.random.default_rng(10))
ck.true(set(np.unique(got)) <= {0.0, 2.0}, "an integer input must give float outputs 0 or 1 / (1 - p) = 2")
ck.not_delegated(dropout_forward)
### END HIDDEN TESTS
'''

# ------------------------------------------------------------------------------ 3. dropout backward
DB_MD = r"""
## 3. Dropout, backward (6 points)

The forward pass is $\text{out} = x \odot m$ with a fixed mask $m$, so
$\partial L/\partial x = \partial L/\partial \text{out} \odot m$: a dropped unit receives no gradient, a kept one
receives it scaled by the same $1/(1-p)$ as in the forward pass. Write `dropout_backward(dout, cache)` for the
cache `(mask, p, train)` of section 2 (when `mask` is `None` the layer was the identity and so is its backward).
"""

DB_SRC = r'''
def dropout_backward(dout, cache):
    r"""Backward pass of inverted dropout.

    .. math:: \frac{\partial L}{\partial x} = \frac{\partial L}{\partial \text{out}} \odot m

    Parameters
    ----------
    dout : ndarray, same shape as the forward input ``x``
        Upstream gradient dL/d(out) (not modified).
    cache : tuple
        ``(mask, p, train)`` from :func:`dropout_forward`; ``mask`` is ``None`` for the identity.

    Returns
    -------
    dx : ndarray, same shape as ``dout``
    """
    ### BEGIN SOLUTION
    mask, p, train = cache
    dout = np.asarray(dout, dtype=float)
    if mask is None:
        return dout
    return dout * mask
    ### END SOLUTION
'''

DB_TEST = CK + r'''
from course_utils.layers import dropout_forward as _reference_forward   # builds caches (mask, p, train)

# --- visible tests ----------------------------------------------------------------------------
x = np.random.default_rng(0).normal(size=(6, 4))
out, cache = _reference_forward(x, 0.5, np.random.default_rng(1))
dout = np.random.default_rng(2).normal(size=(6, 4))
dx = ck.unchanged(dropout_backward, dout, cache)
mask = cache[0]
ck.close(dx, dout * mask, "dropout_backward for p = 0.5",
         mistakes=[(dout, "you passed the gradient straight through: dropped units must get zero gradient"),
                   (dout * (mask != 0), "the kept units' gradient is not scaled: multiply by the mask, which "
                                        "holds 1 / (1 - p) for kept units"),
                   (dout * (mask != 0) * 0.5, "you scaled by (1 - p) instead of 1 / (1 - p)")])
ck.true(np.all(dx[mask == 0] == 0), "dropped units must receive zero gradient")
print("dropout_backward: visible tests passed")

### BEGIN HIDDEN TESTS
from course_utils.layers import dropout_backward as _ref_backward
for shape, p, seed in [((5, 3), 0.2, 3), ((8,), 0.7, 4), ((2, 3, 4), 0.5, 5)]:
    xh = np.random.default_rng(seed).normal(size=shape)
    out, cache = _reference_forward(xh, p, np.random.default_rng(seed + 1))
    dout = np.random.default_rng(seed + 2).normal(size=shape)
    ck.close(ck.unchanged(dropout_backward, dout, cache), _ref_backward(dout, cache),
             f"dropout_backward for shape {shape}, p = {p}", rtol=1e-12, atol=1e-12,
             mistakes=[(dout * (cache[0] != 0), "the gradient of kept units must be scaled by 1 / (1 - p)")])
    # gradient check of out = x * mask with the mask fixed
    w = np.random.default_rng(seed + 3).normal(size=shape)
    ck.gradient(lambda z: float(np.sum(w * z * cache[0])), xh.copy(), dropout_backward(w, cache),
                f"dropout_backward as the gradient of sum(w * dropout(x)) for shape {shape}")
# identity caches: evaluation mode and p = 0
for args in [(0.5, None, False), (0.0, None, True)]:
    p, _, tr = args
    _, cache = _reference_forward(x, p, np.random.default_rng(0), train=tr)
    ck.close(dropout_backward(dout, cache), dout, f"dropout_backward for an identity cache (p = {p}, train = {tr})")
ck.not_delegated(dropout_backward)
### END HIDDEN TESTS
'''

# ------------------------------------------------------------------------------ 4. early stopping
ES_MD = r"""
## 4. Early stopping (14 points)

Training longer lowers the training loss, but past some epoch the validation loss starts to rise again: the
network begins to fit the noise. **Early stopping** watches the validation loss after every epoch, keeps a
copy of the best parameters seen so far, and stops when the validation loss has not improved for `patience`
epochs in a row; then the best parameters are restored.

Write the class `EarlyStopping(patience, min_delta=0.0)`. Its method `step(val_loss, params)` is called once
per epoch and returns `True` when training should stop:

- a loss is an **improvement** when `val_loss < best_loss - min_delta` (strictly; `best_loss` starts at
  `np.inf`, so the first finite loss is always an improvement). On an improvement set `best_loss = val_loss`,
  store **copies** of the parameters (`{k: v.copy() for k, v in params.items()}`, because the optimizer will
  keep changing the arrays in place) in `best_params`, and reset `counter` to 0;
- otherwise increase `counter` by 1;
- return `counter >= patience`.

With `patience = 2` and losses `1.0, 0.9, 0.95, 0.93` the steps return `False, False, False, True`: the best
epoch is the second, and the fourth is the second one in a row without improvement. `best_params` is `None`
before the first improvement.
"""

ES_SRC = r'''
class EarlyStopping:
    r"""Stop training when the validation loss has stopped improving; keep copies of the best parameters.

    ``step(val_loss, params)``: an improvement is ``val_loss < best_loss - min_delta``; it sets
    ``best_loss = val_loss``, ``best_params = {k: copy of v}`` and ``counter = 0``. Otherwise
    ``counter += 1``. ``step`` returns ``counter >= patience`` (True means stop).

    Parameters
    ----------
    patience : int >= 1
        Number of consecutive epochs without improvement after which ``step`` returns True.
    min_delta : float >= 0, default 0.0
        A decrease must be larger than this to count as an improvement.

    Attributes
    ----------
    patience, min_delta : as given
    best_loss : float
        Lowest validation loss so far (``np.inf`` before the first step).
    best_params : dict of str -> ndarray or None
        COPIES of the parameters at the best epoch (``None`` before the first improvement).
    counter : int
        Number of consecutive steps without improvement.
    """

    def __init__(self, patience, min_delta=0.0):
        ### BEGIN SOLUTION
        self.patience = patience
        self.min_delta = min_delta
        self.best_loss = np.inf
        self.best_params = None
        self.counter = 0
        ### END SOLUTION

    def step(self, val_loss, params):
        """Record one epoch's validation loss; return True when training should stop.

        Parameters
        ----------
        val_loss : float
        params : dict of str -> ndarray
            The current parameters (copied, not referenced, when this epoch is the best so far).

        Returns
        -------
        bool
            ``counter >= patience`` after this step.
        """
        ### BEGIN SOLUTION
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_params = {k: np.array(v, copy=True) for k, v in params.items()}
            self.counter = 0
        else:
            self.counter += 1
        return self.counter >= self.patience
        ### END SOLUTION
'''

ES_TEST = CK + r'''
def _run(es, losses, params=None):
    params = {"W": np.zeros(1)} if params is None else params
    out = []
    for loss in losses:
        r = es.step(loss, params)
        ck.true(isinstance(r, (bool, np.bool_)), f"step must return True or False, got {r!r}")
        out.append(bool(r))
    return out

# --- visible tests ----------------------------------------------------------------------------
es = EarlyStopping(patience=2)
ck.true(es.best_loss == np.inf and es.counter == 0 and es.best_params is None,
        "a new EarlyStopping must start with best_loss = np.inf, counter = 0 and best_params = None")
ck.equal(_run(es, [1.0, 0.9, 0.95, 0.93]), [False, False, False, True],
         "the stop decisions for patience 2 and losses 1.0, 0.9, 0.95, 0.93",
         mistakes=[([False, False, False, False], "you stopped one step late: return True as soon as counter "
                                                  "reaches patience (counter >= patience, not >)")])
ck.close(es.best_loss, 0.9, "best_loss after the losses 1.0, 0.9, 0.95, 0.93")
# an improvement resets the counter
es = EarlyStopping(patience=2)
ck.equal(_run(es, [1.0, 1.1, 0.8, 0.85, 0.9]), [False, False, False, False, True],
         "the stop decisions for patience 2 and losses 1.0, 1.1, 0.8, 0.85, 0.9",
         mistakes=[([False, False, False, True, True], "the improvement at 0.8 did not reset the counter: an "
                                                     "improvement must reset it to 0 (patience counts "
                                                     "CONSECUTIVE epochs without improvement)")])
# best_params are copies
params = {"W": np.array([1.0, 2.0]), "b": np.array([0.5])}
es = EarlyStopping(patience=3)
es.step(0.5, params)
params["W"] += 10.0        # training goes on and changes the arrays in place
es.step(0.7, params)
ck.true(es.best_params is not None and set(es.best_params) == {"W", "b"},
        "best_params must be a dictionary with the same keys as params after an improvement")
ck.close(es.best_params["W"], [1.0, 2.0], "best_params['W'] after the parameters changed in place",
         mistakes=[([11.0, 12.0], "best_params holds references to the live arrays, which the optimizer "
                                  "changes in place: store copies, {k: v.copy() for k, v in params.items()}")])
print("EarlyStopping: visible tests passed")

### BEGIN HIDDEN TESTS
from course_utils.regularization import EarlyStopping as _Ref
rng = np.random.default_rng(0)
for patience, min_delta in [(1, 0.0), (3, 0.0), (2, 0.05), (5, 0.01)]:
    losses = list(np.round(1.0 + np.cumsum(rng.normal(-0.01, 0.05, size=40)), 3))
    mine, ref = EarlyStopping(patience, min_delta), _Ref(patience, min_delta)
    for e, loss in enumerate(losses):
        P = {"W1": np.full((2, 2), float(e)), "b1": np.full(2, -float(e))}
        got, want = bool(mine.step(loss, P)), ref.step(loss, P)
        ck.equal(got, want, f"step number {e + 1} with patience {patience}, min_delta {min_delta} "
                 f"(losses {losses[:e + 1][-5:]} ...)")
        ck.equal(mine.counter, ref.counter, f"counter after step {e + 1} (patience {patience}, min_delta {min_delta})")
        ck.close(mine.best_loss, ref.best_loss, f"best_loss after step {e + 1}")
        if want:
            break
    ck.close(mine.best_params["W1"], ref.best_params["W1"], "best_params['W1'] at the stopping point")
# min_delta: a decrease of exactly min_delta or less is not an improvement
es = EarlyStopping(patience=1, min_delta=0.1)
ck.equal(_run(es, [1.0, 0.95]), [False, True], "patience 1, min_delta 0.1, losses 1.0, 0.95 (a decrease of "
         "0.05 < min_delta is not an improvement)",
         mistakes=[([False, False], "a decrease smaller than min_delta must not count as an improvement: "
                                    "improve when val_loss < best_loss - min_delta")])
es = EarlyStopping(patience=1, min_delta=0.1)
ck.equal(_run(es, [1.0, 0.85]), [False, False], "patience 1, min_delta 0.1, losses 1.0, 0.85 (a decrease of "
         "0.15 > min_delta is an improvement)")
ck.close(es.best_loss, 0.85, "best_loss after 1.0, 0.85 with min_delta 0.1",
         mistakes=[(1.0, "a decrease larger than min_delta is an improvement")])
# an equal loss is not an improvement
es = EarlyStopping(patience=1)
ck.equal(_run(es, [0.5, 0.5]), [False, True], "patience 1 and an equal loss 0.5, 0.5 (equal is no improvement)")
# best_params copies at the best epoch, not the last one; the arrays are new objects
P = {"W1": np.array([[1.0]]), "b1": np.array([0.0])}
es = EarlyStopping(patience=5)
es.step(0.3, P)
ck.true(es.best_params["W1"] is not P["W1"] and not np.shares_memory(es.best_params["W1"], P["W1"]),
        "best_params['W1'] shares memory with params['W1']: store a copy")
P["W1"][...] = 7.0; P["b1"][...] = 7.0
es.step(0.4, P)
ck.close(es.best_params["W1"], [[1.0]], "best_params['W1'] after a worse epoch changed the arrays in place")
ck.close(es.best_params["b1"], [0.0], "best_params['b1'] (biases are copied too)")
ck.true(EarlyStopping(3).best_params is None, "best_params must be None before the first step")
ck.not_delegated(EarlyStopping)
### END HIDDEN TESTS
'''

# ------------------------------------------------------------------------------ 5. EMA
EMA_MD = r"""
## 5. Parameter averaging: an exponential moving average of the weights (8 points)

In its last epochs SGD jitters around a minimum. Averaging the parameters over the last steps (Polyak
averaging) lands closer to the centre of the jitter and often generalises better. The cheap way to average is
an **exponential moving average** (EMA), updated after every optimizer step:

$$\bar\theta \leftarrow \beta\, \bar\theta + (1 - \beta)\, \theta ,$$

with the decay $\beta$ close to 1 (e.g. 0.99 averages over roughly the last $1/(1-\beta) = 100$ steps).
Training continues with $\theta$; the averaged $\bar\theta$ is used only for evaluation. $\beta = 0$ just copies
the parameters, $\beta = 1$ never changes the average.

Write `ema_update(avg, params, decay)` with the semantics of `course_utils.regularization.ema_update`: it
updates the dictionary `avg` **in place** (each existing array keeps its identity: write
`avg[k][...] = ...` or `avg[k] *= ...`) and also **returns** it. A key that is missing from `avg` (e.g. on the
first call, with `avg = {}`) is initialised with a **copy** of `params[k]`. `params` is not modified.
"""

EMA_SRC = r'''
def ema_update(avg, params, decay):
    r"""Exponential moving average of the parameters, updated in place and returned.

    .. math:: \bar\theta_k \leftarrow \beta\, \bar\theta_k + (1 - \beta)\, \theta_k, \qquad \beta = \text{decay}

    Keys of ``params`` missing from ``avg`` are initialised with copies of ``params[k]``.

    Parameters
    ----------
    avg : dict of str -> ndarray
        The running averages; MODIFIED IN PLACE (existing arrays keep their identity).
    params : dict of str -> ndarray
        The current parameters (not modified).
    decay : float in [0, 1]
        ``beta``, the weight of the old average.

    Returns
    -------
    avg : dict
        The same dictionary object, updated.
    """
    ### BEGIN SOLUTION
    for k, v in params.items():
        if k not in avg:
            avg[k] = np.array(v, dtype=float, copy=True)
        else:
            avg[k][...] = decay * avg[k] + (1.0 - decay) * v
    return avg
    ### END SOLUTION
'''

EMA_TEST = CK + r'''
# --- visible tests ----------------------------------------------------------------------------
params = {"W": np.array([1.0, 2.0]), "b": np.array([0.0])}
avg = {}
out = ema_update(avg, params, 0.9)
ck.true(out is avg, "ema_update must return the same dictionary it was given (updated in place)")
ck.true(set(avg) == {"W", "b"}, "on the first call (avg = {}) every key must be initialised")
ck.close(avg["W"], [1.0, 2.0], "the average after the first call: a copy of the parameters")
ck.true(avg["W"] is not params["W"], "the first call must store a COPY of params['W'], not the array itself")
W_avg = avg["W"]
params2 = {"W": np.array([3.0, 0.0]), "b": np.array([1.0])}
ema_update(avg, params2, 0.9)
ck.close(avg["W"], [0.9 * 1 + 0.1 * 3, 0.9 * 2 + 0.1 * 0], "the average after one update with decay 0.9",
         mistakes=[(np.array([0.1 * 1 + 0.9 * 3, 0.1 * 2 + 0.9 * 0]),
                    "decay and 1 - decay are swapped: the OLD average gets the weight decay (0.9), the new "
                    "parameters get 1 - decay (0.1)")])
ck.true(avg["W"] is W_avg, "ema_update must update the arrays of avg in place (avg['W'] must stay the same "
        "array object, e.g. avg[k][...] = ...)")
ck.close(params2["W"], [3.0, 0.0], "params after ema_update (params must not be modified)")
print("ema_update: visible tests passed")

### BEGIN HIDDEN TESTS
from course_utils.regularization import ema_update as _ref
rng = np.random.default_rng(4)
mine, ref = {}, {}
for step, decay in enumerate([0.99, 0.5, 0.9, 0.0, 1.0, 0.7]):
    P = {"W1": rng.normal(size=(3, 2)), "b1": rng.normal(size=2)}
    before = {k: v.copy() for k, v in P.items()}
    ema_update(mine, P, decay); _ref(ref, P, decay)
    for k in P:
        ck.close(mine[k], ref[k], f"avg[{k!r}] after step {step + 1} (decay {decay})", rtol=1e-12, atol=1e-12)
        ck.close(P[k], before[k], "params (must not be modified)")
# decay 0 copies the parameters, decay 1 keeps the average
A = {"W": np.array([5.0])}
ema_update(A, {"W": np.array([2.0])}, 0.0)
ck.close(A["W"], [2.0], "the average with decay 0 (the new parameters)",
         mistakes=[([5.0], "with decay 0 the average must become the parameters: decay and 1 - decay swapped?")])
ema_update(A, {"W": np.array([9.0])}, 1.0)
ck.close(A["W"], [2.0], "the average with decay 1 (unchanged)",
         mistakes=[([9.0], "with decay 1 the average must not move: decay and 1 - decay swapped?")])
# later changes of params do not leak into an average initialised from them
P = {"W": np.array([1.0])}
A = ema_update({}, P, 0.5)
P["W"][...] = 100.0
ck.close(A["W"], [1.0], "an average initialised from params after params changed in place (store a copy)")
ck.not_delegated(ema_update)
### END HIDDEN TESTS
'''

# ------------------------------------------------------------------------------ 6. input noise
NOISE_MD = r"""
## 6. Noise injection (6 points)

Adding a little Gaussian noise to the inputs on every training step makes the training set effectively
infinite: the network never sees exactly the same point twice and cannot memorise the points. For a linear
model and the squared loss, noise of variance $\sigma^2$ on the inputs adds, in expectation,
$\sigma^2 \lVert \mathbf w \rVert^2$ to the loss: an L2 penalty $\frac{\lambda}{2}\lVert \mathbf w \rVert^2$ with
$\lambda = 2\sigma^2$ (Bishop 1995). It is the simplest form of **data augmentation**.

Write `add_input_noise(X, sigma, rng)`: return a **new** array
`X + sigma * rng.normal(size=X.shape)` (one call; $\sigma$ is the standard deviation of the noise, not its
variance), and leave `X` unchanged.
"""

NOISE_SRC = r'''
def add_input_noise(X, sigma, rng):
    r"""Gaussian input noise: a new array X + sigma * N(0, 1) noise, one draw per entry.

    .. math:: \tilde X = X + \sigma\, \varepsilon, \qquad \varepsilon_{ij} \sim \mathcal N(0, 1)

    Parameters
    ----------
    X : ndarray, shape (n, d)
        Inputs (not modified).
    sigma : float >= 0
        Standard deviation of the noise.
    rng : numpy.random.Generator
        Draws the noise with exactly one call ``rng.normal(size=X.shape)``.

    Returns
    -------
    X_noisy : ndarray, shape (n, d)
        A new array.
    """
    ### BEGIN SOLUTION
    return X + sigma * rng.normal(size=X.shape)
    ### END SOLUTION
'''

NOISE_TEST = CK + r'''
# --- visible tests ----------------------------------------------------------------------------
X = np.zeros((5000, 4))
Xn = ck.unchanged(add_input_noise, X, 0.5, np.random.default_rng(0))
ck.true(isinstance(Xn, np.ndarray) and Xn is not X, "add_input_noise must return a new array")
ck.shape(Xn, X.shape, "add_input_noise(X, 0.5, rng) for X of shape (5000, 4)")
ck.close(Xn.mean(), 0.0, "the mean of the noise", atol=0.02)
ck.close(Xn.std(), 0.5, "the standard deviation of the noise for sigma = 0.5", rtol=0.03,
         mistakes=[(0.25, "the noise has standard deviation sigma^2: sigma is the standard deviation, "
                          "multiply N(0, 1) noise by sigma")])
ck.true(np.std(Xn[:, 0] - Xn[:, 1]) > 0.1, "every entry must get its own noise (draw size=X.shape), not "
        "one value per row")
ck.close(Xn, 0.5 * np.random.default_rng(0).normal(size=X.shape), "the noise for rng = default_rng(0): "
         "draw exactly rng.normal(size=X.shape) from the rng you are given", rtol=1e-12, atol=1e-12)
print("add_input_noise: visible tests passed")

### BEGIN HIDDEN TESTS
for shape, sigma, seed in [((7, 3), 0.1, 1), ((1, 10), 2.0, 2), ((20, 1), 0.0, 3)]:
    Xh = np.random.default_rng(seed + 10).normal(size=shape)
    got = ck.unchanged(add_input_noise, Xh, sigma, np.random.default_rng(seed))
    ck.true(not np.shares_memory(got, Xh), "add_input_noise must return a new array, not modify X")
    ck.close(got, Xh + sigma * np.random.default_rng(seed).normal(size=shape),
             f"add_input_noise for shape {shape}, sigma {sigma}", rtol=1e-12, atol=1e-12)
Xh = np.full((3000, 3), 2.0)
got = add_input_noise(Xh, 1.5, np.random.default_rng(5))
ck.close(got.mean(), 2.0, "the mean of X + noise (the noise has mean 0)", atol=0.05)
ck.close(got.std(), 1.5, "the standard deviation for sigma 1.5", rtol=0.03,
         mistakes=[(2.25, "the noise has standard deviation sigma^2 instead of sigma")])
ck.true(not np.array_equal(add_input_noise(Xh, 1.0, np.random.default_rng(6)),
                           add_input_noise(Xh, 1.0, np.random.default_rng(7))),
        "different generators must give different noise: draw from the rng you are given")
ck.not_delegated(add_input_noise)
### END HIDDEN TESTS
'''

# ------------------------------------------------------------------------------ 7. random search
RS_MD = r"""
## 7. Random hyperparameter search (14 points)

Hyperparameters (learning rate, $\lambda$, dropout rate, width, ...) are chosen by training with several
settings and comparing the results on the **validation** set (never the test set). Bergstra & Bengio (2012)
showed that sampling the settings **at random** beats a grid with the same number of trials: usually only one
or two hyperparameters matter much, and a grid of $k \times k$ trials tries only $k$ distinct values of each,
while $k^2$ random trials try $k^2$ distinct values of every one. Scale parameters such as the learning rate
and $\lambda$ are sampled on a **log scale** (as many trials between $10^{-4}$ and $10^{-3}$ as between
$10^{-2}$ and $10^{-1}$).

Write `random_search(train_fn, space, n_trials, rng)`. `space` maps each hyperparameter name to either

- a tuple `(low, high, "linear")`: draw `rng.uniform(low, high)`;
- a tuple `(low, high, "log")`: draw `np.exp(rng.uniform(np.log(low), np.log(high)))`;
- a list of choices: draw `choices[rng.integers(len(choices))]`.

For each trial `t = 0, ..., n_trials - 1`, draw **one** value per hyperparameter, in the order of the keys of
`space` (one `rng` call each, exactly the calls above, nothing else), call `score = train_fn(**config)` and
record `(config, score)`. The score is a validation score to **maximise** (e.g. accuracy; pass
`-validation_loss` if you have a loss). Return `(best_config, best_score, trials)`, where `trials` is the list
of all `(config, score)` pairs in the order they were run and the best is the trial with the **largest**
score (the earliest one on a tie).
"""

RS_SRC = r'''
def random_search(train_fn, space, n_trials, rng):
    r"""Random hyperparameter search that MAXIMISES a validation score.

    For each of ``n_trials`` trials, draw one value per hyperparameter in the order of ``space``'s keys:

    - ``(low, high, "linear")``: ``rng.uniform(low, high)``
    - ``(low, high, "log")``: ``np.exp(rng.uniform(np.log(low), np.log(high)))``
    - a list of choices: ``choices[rng.integers(len(choices))]``

    then ``score = train_fn(**config)``.

    Parameters
    ----------
    train_fn : callable
        ``train_fn(**config) -> float``, a validation score (higher is better).
    space : dict of str -> tuple (low, high, "linear" | "log") or list
        The search space; ``0 < low < high`` on a log scale.
    n_trials : int >= 1
    rng : numpy.random.Generator
        The only source of randomness (exactly the calls above, nothing else).

    Returns
    -------
    best_config : dict of str -> value
        The configuration with the largest score (the earliest one on a tie).
    best_score : float
        Its score.
    trials : list of (dict, float)
        Every ``(config, score)`` in the order the trials were run.
    """
    ### BEGIN SOLUTION
    trials = []
    for _ in range(n_trials):
        config = {}
        for name, spec in space.items():
            if isinstance(spec, list):
                config[name] = spec[rng.integers(len(spec))]
            else:
                low, high, scale = spec
                if scale == "log":
                    config[name] = float(np.exp(rng.uniform(np.log(low), np.log(high))))
                else:
                    config[name] = float(rng.uniform(low, high))
        trials.append((config, float(train_fn(**config))))
    best_config, best_score = trials[0]
    for config, score in trials[1:]:
        if score > best_score:
            best_config, best_score = config, score
    return best_config, best_score, trials
    ### END SOLUTION
'''

RS_TEST = CK + r'''
def _reference_search(train_fn, space, n_trials, rng):
    trials = []
    for _ in range(n_trials):
        config = {}
        for name, spec in space.items():
            if isinstance(spec, list):
                config[name] = spec[rng.integers(len(spec))]
            elif spec[2] == "log":
                config[name] = float(np.exp(rng.uniform(np.log(spec[0]), np.log(spec[1]))))
            else:
                config[name] = float(rng.uniform(spec[0], spec[1]))
        trials.append((config, float(train_fn(**config))))
    best = max(range(n_trials), key=lambda i: (trials[i][1], -i))
    return trials[best][0], trials[best][1], trials

def _check_trials(trials, n, what):
    ck.true(isinstance(trials, list) and len(trials) == n,
            f"{what}: trials must be a list of {n} (config, score) pairs")
    for t in trials:
        ck.true(isinstance(t, tuple) and len(t) == 2 and isinstance(t[0], dict),
                f"{what}: every trial must be a pair (config dict, score)")

# --- visible tests ----------------------------------------------------------------------------
space = {"lr": (1e-4, 1e-1, "log"), "dropout": (0.0, 0.5, "linear"), "width": [16, 32, 64]}
calls = []
def score_fn(lr, dropout, width):
    calls.append((lr, dropout, width))
    return -(np.log10(lr) + 2.0) ** 2 - dropout + width / 1000      # best near lr = 0.01, dropout = 0
best, best_score, trials = random_search(score_fn, space, 20, np.random.default_rng(0))
_check_trials(trials, 20, "random_search(score_fn, space, 20, rng)")
ck.equal(len(calls), 20, "the number of calls of train_fn for n_trials = 20")
lrs = np.array([c["lr"] for c, _ in trials])
ck.true(np.all((lrs >= 1e-4) & (lrs <= 1e-1)), "every sampled lr must lie in [low, high] = [1e-4, 1e-1]")
ck.true(np.mean(lrs < 1e-2) > 0.4, "fewer than 40% of the learning rates are below 0.01: sample a log-scale "
        "hyperparameter uniformly in log(lr), np.exp(rng.uniform(np.log(low), np.log(high))), not uniformly in lr")
ck.true(all(c["width"] in (16, 32, 64) for c, _ in trials), "list hyperparameters must take one of the listed values")
scores = np.array([s for _, s in trials])
ck.close(best_score, scores.max(), "best_score (the LARGEST score: train_fn returns a score to maximise)",
         mistakes=[(scores.min(), "you picked the smallest score: the score is to be MAXIMISED")])
ck.true(best == trials[int(np.argmax(scores))][0], "best_config must be the configuration of the best trial")
rb, rs, rt = _reference_search(score_fn, space, 20, np.random.default_rng(0))
for i, ((c, s), (rc, r)) in enumerate(zip(trials, rt)):
    for k in rc:
        ck.close(c[k], rc[k], f"hyperparameter {k!r} of trial {i} for rng = default_rng(0): draw one value per "
                 "hyperparameter in the order of space's keys, with exactly the rng calls of the docstring",
                 rtol=1e-9)
print("random_search: visible tests passed")

### BEGIN HIDDEN TESTS
# determinism and the exact draws, on another space (key order matters, several lists)
space = {"width": [8, 16, 32, 64, 128], "lam": (1e-5, 1.0, "log"), "p": (0.1, 0.6, "linear"), "act": ["relu", "tanh"]}
f = lambda width, lam, p, act: float(np.sin(width) + np.log(lam) * 0.1 - p + (act == "relu"))
for seed, n in [(1, 1), (2, 7), (3, 30)]:
    got = random_search(f, space, n, np.random.default_rng(seed))
    ref = _reference_search(f, space, n, np.random.default_rng(seed))
    _check_trials(got[2], n, f"random_search with n_trials = {n}")
    for i, ((c, s), (rc, r)) in enumerate(zip(got[2], ref[2])):
        ck.equal(sorted(c), sorted(rc), f"the keys of the config of trial {i}")
        for k in rc:
            if isinstance(rc[k], str):
                ck.equal(c[k], rc[k], f"{k!r} in trial {i} (seed {seed})")
            else:
                ck.close(c[k], rc[k], f"{k!r} in trial {i} (seed {seed})", rtol=1e-9)
        ck.close(s, r, f"the score of trial {i}", rtol=1e-9)
    ck.close(got[1], ref[1], f"best_score for seed {seed}, n_trials {n}", rtol=1e-9,
             mistakes=[(min(r for _, r in ref[2]), "you picked the smallest score: maximise")] if n > 1 else [])
    ck.equal(sorted(got[0]), sorted(ref[0]), f"the keys of best_config for seed {seed}, n_trials {n}")
    for k in ref[0]:
        what = (f"best_config[{k!r}] for seed {seed}, n_trials {n} (the configuration of the trial with the "
                "largest score, the earliest one on a tie)")
        if isinstance(ref[0][k], str):
            ck.equal(got[0][k], ref[0][k], what)
        else:
            ck.close(got[0][k], ref[0][k], what, rtol=1e-9)
    again = random_search(f, space, n, np.random.default_rng(seed))
    ck.true(all(a[0] == b[0] for a, b in zip(got[2], again[2])), "the same seed must give the same trials")
# bounds and the log scale on many draws
got = random_search(lambda lam, p: 0.0, {"lam": (1e-6, 1e-2, "log"), "p": (0.2, 0.3, "linear")}, 400,
                    np.random.default_rng(9))
lams = np.array([c["lam"] for c, _ in got[2]]); ps = np.array([c["p"] for c, _ in got[2]])
ck.true(lams.min() >= 1e-6 and lams.max() <= 1e-2 and ps.min() >= 0.2 and ps.max() <= 0.3,
        "sampled values must lie within [low, high]")
ck.close(np.median(np.log10(lams)), -4.0, "the median of log10(lam) for a log-scale range [1e-6, 1e-2] "
         "(uniform in the exponent: median -4)", atol=0.3)
# ties: the earliest best trial wins
got = random_search(lambda p: 1.0, {"p": (0.0, 1.0, "linear")}, 5, np.random.default_rng(10))
ck.true(got[0] == got[2][0][0], "on a tie the earliest trial with the best score must win")
ck.not_delegated(random_search)
### END HIDDEN TESTS
'''

# ------------------------------------------------------------------------------ 8. experiment
EXP_MD = r"""
## 8. Experiment: regularization that pays (16 points)

The setup cell defines `experiment_data(seed)`: 50 training and 300 validation points of a **noisy XOR**
(four Gaussian clouds with large overlap), and `train_baseline(X_train, y_train, seed)`: a large network
(2-100-100-2, ReLU) trained with Adam for 400 full-batch epochs, **without** any regularization. The baseline
reaches 100% training accuracy and memorises the noise. The next cell shows it.

Write `train_regularized(X_train, y_train, X_val, y_val, seed=0)` that returns a trained model (anything with
`predict(X)` and `score(X, y)`, e.g. a `course_utils.mlp.MLP`) whose **validation** accuracy beats the baseline
on the same data. Use `course_utils` freely here: `MLP(sizes, l2=..., dropout=..., seed=seed)`, the optimizers,
`train(..., X_val=X_val, y_val=y_val, early_stopping=...)`, and seed everything from `seed` so that the run is
reproducible. Keep it fast (a few seconds at most). For early stopping, give `train` the library's class
(`train` also reads its `best_epoch`), imported under another name so that it does not replace your own class
of section 4: `from course_utils.regularization import EarlyStopping as LibEarlyStopping`.

**How it is graded.** For three data sets, `experiment_data(s)` for `s = 0, 1, 2`, the tests call
`train_regularized(..., seed=s)` and `train_baseline(..., seed=s)`; your mean validation accuracy must exceed
the baseline's mean by at least 1.5 percentage points, and no single run may be more than 1 point below its
baseline. (A network that regularizes well gains about 3-4 points here.)
"""

EXP_DEMO = r"""
X_train, y_train, X_val, y_val = experiment_data(0)
baseline = train_baseline(X_train, y_train, seed=0)
print(f"baseline: training accuracy {baseline.score(X_train, y_train):.3f}, "
      f"validation accuracy {baseline.score(X_val, y_val):.3f}")
"""

EXP_SRC = r'''
def train_regularized(X_train, y_train, X_val, y_val, seed=0):
    """Train a regularized network on a small noisy data set and return it.

    The returned model must beat ``train_baseline`` on the validation split (see the text above):
    regularize it (weight decay, dropout, early stopping, a smaller network, ...) and seed all randomness
    from ``seed``.

    Parameters
    ----------
    X_train : ndarray, shape (n, d)
    y_train : ndarray of int, shape (n,)
    X_val : ndarray, shape (m, d)
    y_val : ndarray of int, shape (m,)
    seed : int
        Seeds the initial weights, the dropout masks and the shuffling.

    Returns
    -------
    model : object with ``predict(X)`` and ``score(X, y)``, e.g. ``course_utils.mlp.MLP``
    """
    ### BEGIN SOLUTION
    from course_utils.regularization import EarlyStopping as LibEarlyStopping
    model = MLP([X_train.shape[1], 100, 100, 2], l2=0.03, seed=seed)   # large, with weight decay
    train(model, Adam(0.01), X_train, y_train, epochs=400, batch_size=len(X_train), X_val=X_val, y_val=y_val,
          early_stopping=LibEarlyStopping(patience=20), rng=np.random.default_rng(seed), progress=False)
    return model
    ### END SOLUTION
'''

EXP_TEST = CK + r'''
# --- visible test (seed 0) --------------------------------------------------------------------
Xt, yt, Xv, yv = experiment_data(0)
model = train_regularized(Xt, yt, Xv, yv, seed=0)
ck.true(hasattr(model, "score"), "train_regularized must return a trained model with a score(X, y) method "
        f"(e.g. an MLP), got {type(model).__name__}")
base_acc = train_baseline(Xt, yt, seed=0).score(Xv, yv)
acc = float(model.score(Xv, yv))
print(f"seed 0: your validation accuracy {acc:.3f}, baseline {base_acc:.3f}")
ck.true(acc > base_acc, f"on experiment_data(0) your model's validation accuracy {acc:.3f} does not beat the "
        f"unregularized baseline's {base_acc:.3f}" +
        (": your model does not even fit the training data (training accuracy "
         f"{model.score(Xt, yt):.2f}): regularization too strong or too few epochs?"
         if model.score(Xt, yt) < 0.8 else ": regularize more (weight decay, dropout, early stopping)"))
print("train_regularized: visible test passed")

### BEGIN HIDDEN TESTS
accs, bases = [acc], [base_acc]
for s in (1, 2):
    Xt, yt, Xv, yv = experiment_data(s)
    accs.append(float(train_regularized(Xt, yt, Xv, yv, seed=s).score(Xv, yv)))
    bases.append(float(train_baseline(Xt, yt, seed=s).score(Xv, yv)))
gaps = np.array(accs) - np.array(bases)
ck.true(gaps.mean() >= 0.015, f"over the data sets 0, 1, 2 your validation accuracies {np.round(accs, 3)} beat "
        f"the baseline's {np.round(bases, 3)} by {gaps.mean():.3f} on average; at least 0.015 is required")
ck.true(gaps.min() >= -0.01, f"on data set {int(np.argmin(gaps))} your model is {-gaps.min():.3f} below the "
        "baseline: make the recipe robust (early stopping on the validation loss with a patience of 10-30 "
        "epochs, weight decay around 1e-2)")
### END HIDDEN TESTS
'''

# ------------------------------------------------------------------------------ 9. written
WRITTEN_MD = r"""
## 9. Written answer: reading learning curves (10 points)

The cell below trains two models on the same 50 noisy-XOR training points of section 8 and plots their
learning curves (training and validation cross-entropy against the epoch): run **A** is the 2-100-100-2
network without regularization (the baseline); run **B** is a model without a hidden layer (2-2, a linear
softmax classifier), trained the same way. Run it and read the curves.
"""

WRITTEN_CODE = r"""
X_train, y_train, X_val, y_val = experiment_data(0)
runs = {}
for name, sizes in [("A: 2-100-100-2", [2, 100, 100, 2]), ("B: 2-2 (no hidden layer)", [2, 2])]:
    net = MLP(sizes, seed=0)
    runs[name] = train(net, Adam(0.01), X_train, y_train, epochs=400, batch_size=len(X_train),
                       X_val=X_val, y_val=y_val, rng=np.random.default_rng(0), progress=False)

fig, axes = plt.subplots(1, 2, figsize=(11, 4))
for ax, (name, h) in zip(axes, runs.items()):
    epochs = np.arange(1, h.epochs + 1)
    ax.plot(epochs, h.train_loss, label="training loss")
    ax.plot(epochs, h.val_loss, label="validation loss")
    ax.set(title=f"Run {name}", xlabel="epoch", ylabel="cross-entropy")
    ax.legend()
plt.show()
for name, h in runs.items():
    best = int(np.argmin(h.val_loss))
    print(f"{name:26s} train loss {h.train_loss[-1]:.3f} (acc {h.train_acc[-1]:.3f}), val loss "
          f"{h.val_loss[-1]:.3f} (acc {h.val_acc[-1]:.3f}); lowest val loss {h.val_loss[best]:.3f} at epoch {best + 1}")
"""

WRITTEN_Q = r"""
**Question.** For each run: (a) is the network under-fitting, over-fitting, or about right? Say which
features of the two curves tell you (their levels, the gap between them, their trends), quoting numbers.
(b) What would you change, and why? Give at least two concrete changes for each run, and say how you would
choose their settings without touching a test set. Answer in 6-12 sentences.
"""

WRITTEN_ANSWER = r"""
### BEGIN SOLUTION
Run A over-fits. Its training loss falls to almost 0 (0.000 at the end, training accuracy 100%), while the validation loss is lowest after only a few epochs (about 0.28 at epoch 2) and then
climbs steadily to about 3.2 by epoch 400; the gap between the curves keeps widening. The network memorises
the noise of 50 points: it is confidently wrong on the overlapping validation points (validation accuracy
about 0.85 even though the loss exploded). Changes: stop early (keep the weights of the epoch with the lowest
validation loss, patience 10-30 epochs); add weight decay (lambda around 1e-2) and/or dropout on the hidden
layers; use a smaller network; collect more data or augment it (input noise).
Run B under-fits. Both losses stay flat at about 0.68 (training) and 0.70 (validation), close to the 0.69 of
guessing (training accuracy 0.62, validation 0.53), with almost no gap: a linear boundary cannot separate
XOR whatever we do, so regularization, early stopping or more epochs cannot help. Changes: more capacity (a
hidden layer of a few tens of ReLU units), and then regularize that larger model as for A.
All settings (lambda, p, patience, width) are chosen by comparing validation loss or accuracy, e.g. with a
random search (lambda on a log scale, coarse first, then finer around the best values); the test set is used
only once, at the end.
### END SOLUTION
"""


def solution_cells():
    return [
        readonly("intro", INTRO),
        readonly("setup", SETUP, kind="code"),
        md(L2_MD), answer("l2_penalty_and_grads", L2_SRC), grade("test_l2_penalty_and_grads", 12, L2_TEST),
        md(DF_MD), answer("dropout_forward", DF_SRC), grade("test_dropout_forward", 14, DF_TEST),
        md(DB_MD), answer("dropout_backward", DB_SRC), grade("test_dropout_backward", 6, DB_TEST),
        md(ES_MD), answer("EarlyStopping", ES_SRC), grade("test_EarlyStopping", 14, ES_TEST),
        md(EMA_MD), answer("ema_update", EMA_SRC), grade("test_ema_update", 8, EMA_TEST),
        md(NOISE_MD), answer("add_input_noise", NOISE_SRC), grade("test_add_input_noise", 6, NOISE_TEST),
        md(RS_MD), answer("random_search", RS_SRC), grade("test_random_search", 14, RS_TEST),
        md(EXP_MD), code(EXP_DEMO), answer("train_regularized", EXP_SRC),
        grade("test_train_regularized", 16, EXP_TEST),
        md(WRITTEN_MD), code(WRITTEN_CODE), md(WRITTEN_Q), written("written_learning_curves", 10, WRITTEN_ANSWER),
    ]


SOLUTION = ROOT / "solutions/06_regularization/regularization.ipynb"
LECTURE = ROOT / "lectures/06_regularization.ipynb"


def lecture_cells():
    from build_06_regularization_lecture import lecture_cells as cells

    return cells()


TARGETS = [(SOLUTION, solution_cells, "regularization"), (LECTURE, lecture_cells, "06_regularization")]


def main(argv=None) -> int:
    return build_cli(TARGETS, argv, __file__)


if __name__ == "__main__":
    sys.exit(main())
