"""Build the notebooks of unit 04_backprop (lecture and nbgrader source).

    .venv/bin/python tools/build_04_backprop.py          # writes both notebooks
    .venv/bin/python tools/build_04_backprop.py --check  # exit 1 if the committed files differ

The committed notebooks must equal the output of this script. The lecture's cells live in
tools/build_04_backprop_lecture.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from nb import answer, build_cli, grade, md, readonly, written  # noqa: E402

CK = "from course_utils.checks import proven_checks\nck = proven_checks()\n"

# ===================================================================================== solution
INTRO = r"""
# Unit 4 — Backpropagation (exercise)

In this assignment you build backpropagation from NumPy alone: layers as pairs of functions (a forward
pass that remembers what it needs, a backward pass that turns the upstream error signal into gradients),
the softmax cross-entropy loss and its gradient, a numerical gradient to check all of them, and finally a
complete two-layer network that you train to read handwritten digits. The lecture
`lectures/04_backprop.ipynb` derives every formula you need.

| # | what you implement | points |
|---|---|---|
| 1 | `numerical_gradient(f, x, h=1e-5)` | 12 |
| 2 | `affine_forward(x, W, b)` | 8 |
| 3 | `affine_backward(dout, cache)` | 15 |
| 4 | `relu_forward(x)` | 5 |
| 5 | `relu_backward(dout, cache)` | 8 |
| 6 | `softmax_cross_entropy(logits, y)` | 15 |
| 7 | `two_layer_loss_and_grads(params, X, y, reg=0.0)` | 17 |
| 8 | `train_two_layer(X, y, X_val, y_val, seed=0)` | 12 |
| 9 | written answer: why a backward pass costs about two forward passes | 8 |
| | **total** | **100** |

**Notation.** As everywhere in the course, a batch has one example per **row**: `X` has shape `(n, d)`, an
affine layer computes `X @ W + b` with `W` of shape `(n_in, n_out)` and `b` of shape `(n_out,)`, and losses
are **means** over the batch. `dout` always denotes the error signal $\partial L/\partial(\text{output})$
of a layer; it has the shape of that output, and every gradient has the shape of the thing it
differentiates.

**How to work.** Write your code between the lines `# YOUR CODE HERE` (delete the
`raise NotImplementedError()`), keeping the function names and signatures exactly as given: the
autograder calls them by name. Read each docstring: it is the contract your function must meet. You may
call your own earlier functions from later ones (that is the point of layers).

**How to check yourself.** Run the notebook from the top (*Kernel → Restart & Run All*). Each function
is followed by a locked test cell: when it runs without an error your function passes the visible
tests, and when it fails the message says what is wrong and, where it recognises a common mistake,
which one. Before you submit, run from the course folder

```
course validate exercises/04_backprop/backprop.ipynb
```

which reports every question as passing or failing. The graders run further, hidden tests (gradient
checks on random data, extreme inputs, comparisons with a reference), so passing the visible tests is
necessary, not sufficient.

**Rules.** Use NumPy only; do not import the functions you are asked to write from `course_utils`
(the tests detect it). Work in float64. Do not modify the arrays you are given (build new ones). Every
function must be free of NumPy warnings for every finite input: `softmax_cross_entropy` in particular
must handle logits of ±1000.
"""

SETUP = r"""
import time

import numpy as np

from course_utils.data import load_digits, train_val_test_split

np.set_printoptions(precision=6, suppress=True)
"""

# ------------------------------------------------------------------------------ numerical gradient
NUMGRAD_MD = r"""
## 1. The numerical gradient (12 points)

Before writing any backward pass we build the tool that checks it. For a scalar function $f$ of an array
$x$, the **central difference** approximates each partial derivative by nudging one entry at a time:

$$\frac{\partial f}{\partial x_i} \approx \frac{f(x + h\,e_i) - f(x - h\,e_i)}{2h},$$

where $e_i$ is the array with a 1 at entry $i$ and zeros elsewhere. By Taylor's theorem its error is
$\frac{h^2}{6} f'''$, of order $h^2$, whereas the forward difference $\frac{f(x + h e_i) - f(x)}{h}$ has
an error $\frac{h}{2} f''$, of order $h$: with $h = 10^{-5}$ that is $10^{-10}$ against $10^{-5}$.

Loop over **every** entry of `x`, whatever its shape (`np.ndindex(x.shape)` yields every index tuple).
Change the entry in place, evaluate `f(x)`, and put the **saved** original value back afterwards: in
floating point `x[i] + h - h` is not always exactly `x[i]`, so restore by assignment, not by
arithmetic. When your function returns, `x` must be exactly as it was.
"""

NUMGRAD_SRC = r'''
def numerical_gradient(f, x, h=1e-5):
    r"""Gradient of a scalar function by central differences, one entry of ``x`` at a time.

    .. math:: g_i = \frac{f(x + h e_i) - f(x - h e_i)}{2h}

    ``x`` is perturbed in place (one entry at a time) and every entry is restored to its exact original
    value (saved beforehand, not recomputed), so ``x`` is unchanged when the function returns.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``: a scalar function of an array of ``x``'s shape.
    x : float64 ndarray of any shape (1-D, 2-D, ...)
        The point at which to differentiate.
    h : float, default 1e-5
        The step of the central difference.

    Returns
    -------
    grad : float64 ndarray of the same shape as ``x``
        ``grad[i]`` approximates the partial derivative of ``f`` with respect to ``x[i]``.
    """
    ### BEGIN SOLUTION
    grad = np.zeros(x.shape, dtype=np.float64)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        try:
            x[idx] = old + h
            f_plus = float(f(x))
            x[idx] = old - h
            f_minus = float(f(x))
        finally:
            x[idx] = old                          # restore the saved value exactly
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad
    ### END SOLUTION
'''

NUMGRAD_TEST = CK + r'''
# --- visible tests ----------------------------------------------------------------------------
x = np.array([[1.0, -2.0, 0.5], [3.0, 0.1, -1.5]])
x_before = x.copy()
cube = lambda v: float(np.sum(v ** 3))
g = numerical_gradient(cube, x)
ck.shape(g, x.shape, "numerical_gradient(f, x) for x of shape (2, 3)")
ck.true(np.array_equal(x, x_before),
        "numerical_gradient changed x: after perturbing an entry put the SAVED original value back "
        "(old = x[i]; ...; x[i] = old). Subtracting h again is not exact in floating point.")
# the forward difference (f(x + h) - f(x)) / h, entry by entry, for comparison with your result
fwd = np.zeros_like(x)
for i in np.ndindex(x.shape):
    xp = x.copy(); xp[i] += 1e-5
    fwd[i] = (cube(xp) - cube(x)) / 1e-5
ck.close(g, 3 * x ** 2, "numerical gradient of sum(x^3)", rtol=1e-7, atol=1e-8,
         mistakes=[(fwd, "this is the forward difference (f(x + h) - f(x)) / h, whose error is of order h; "
                         "use the central difference (f(x + h) - f(x - h)) / (2h), whose error is of order h^2"),
                   (6 * x ** 2, "twice the derivative: the central difference divides by 2h, not by h")])
# with a large step the central difference of a cubic is exactly 3 x^2 + h^2
ck.close(numerical_gradient(cube, x.copy(), h=0.1), 3 * x ** 2 + 0.01,
         "numerical_gradient(sum(x^3), x, h=0.1), which should be 3x^2 + h^2 exactly: do you use the h you are given?")
print("numerical_gradient: visible tests passed")

### BEGIN HIDDEN TESTS
import course_utils.gradcheck as ref_gc
rng = np.random.default_rng(11)
for shape in [(5,), (3, 4), (2, 3, 2)]:
    c = rng.normal(size=shape)
    xx = rng.normal(size=shape)
    saved = xx.copy()
    quad = lambda v: float(np.sum(c * v ** 2) + np.prod(np.tanh(v.ravel()[:2])))
    got = numerical_gradient(quad, xx)
    ck.true(np.array_equal(xx, saved), f"numerical_gradient changed x of shape {shape}: restore every entry "
            "to its saved original value")
    ck.close(got, ref_gc.numerical_gradient(quad, xx.copy()), f"numerical gradient for x of shape {shape}",
             rtol=1e-6, atol=1e-8)
# f must be called with an array of x's shape
A = rng.normal(size=(3, 4))
def matrix_only(M):
    assert np.shape(M) == (3, 4), "f must receive the whole array x, of its own shape"
    return float(np.sum(A * M) + 0.5 * np.sum(M ** 2))
M = rng.normal(size=(3, 4))
ck.close(numerical_gradient(matrix_only, M.copy()), A + M, "numerical gradient of sum(A*M) + ||M||^2/2",
         rtol=1e-7, atol=1e-8)
# exact restore even where x + h - h != x in floating point
tricky = np.array([0.1, 1 / 3, 2.0 / 7.0, 1e-3, 123.456])
saved = tricky.copy()
numerical_gradient(lambda v: float(np.sum(np.sin(v))), tricky, h=1e-5)
ck.true(np.array_equal(tricky, saved), "x is not exactly restored: x[i] + h - h (or - 2h + h) differs from "
        "x[i] in the last bit for some values; save old = x[i] and assign x[i] = old")
# a 0-dimensional "array"
z = np.array(0.7)
ck.close(numerical_gradient(lambda v: float(np.exp(v)), z), np.exp(0.7), "gradient of exp at a 0-d array",
         rtol=1e-8)
ck.not_delegated(numerical_gradient)
### END HIDDEN TESTS
'''

# ------------------------------------------------------------------------------------------ affine
AFF_F_MD = r"""
## 2. The affine layer, forward (8 points)

A batch $X$ (one example per row, shape $(n, d_{in})$) goes through

$$A = X W + \mathbf{1}\mathbf{b}^\top, \qquad a_{ij} = \sum_k x_{ik} w_{kj} + b_j,$$

with $W$ of shape $(d_{in}, d_{out})$ and $\mathbf{b}$ of shape $(d_{out},)$; in NumPy, `x @ W + b`
(broadcasting adds `b` to every row). Return the output and a `cache`: whatever your `affine_backward`
will need (the inputs, as a tuple).
"""

AFF_F_SRC = r'''
def affine_forward(x, W, b):
    r"""Forward pass of a fully connected (affine) layer: ``out = x @ W + b``.

    .. math:: A = X W + \mathbf{1} \mathbf{b}^\top, \qquad a_{ij} = \sum_k x_{ik} w_{kj} + b_j

    Parameters
    ----------
    x : ndarray, shape (n, d_in)
        A batch of inputs, one example per row.
    W : ndarray, shape (d_in, d_out)
        Weights; column ``j`` holds the incoming weights of output unit ``j``.
    b : ndarray, shape (d_out,)
        Biases.

    Returns
    -------
    out : float64 ndarray, shape (n, d_out)
        The affine outputs (pre-activations).
    cache : tuple
        What ``affine_backward`` needs, e.g. ``(x, W, b)``.

    The inputs are not modified.
    """
    ### BEGIN SOLUTION
    out = x @ W + b
    cache = (x, W, b)
    return out, cache
    ### END SOLUTION
'''

AFF_F_TEST = CK + r'''
# --- visible tests ----------------------------------------------------------------------------
x = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5], [1.0, 1.0]])   # n = 4 examples, d_in = 2
W = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.5]])           # d_in = 2, d_out = 3
b = np.array([0.5, -1.0, 2.0])
result = affine_forward(x, W, b)
ck.true(isinstance(result, tuple) and len(result) == 2, "affine_forward must return a pair (out, cache)")
out, cache = result
expected = np.array([[5.5, 1.0, 2.0], [-1.5, -2.0, 1.5], [4.5, -0.5, -0.75], [3.5, 0.0, 1.5]])
ck.close(out, expected, "affine_forward(x, W, b)",
         mistakes=[(expected - b, "the bias is missing: out = x @ W + b"),
                   (expected - 2 * b, "the bias is subtracted: out = x @ W + b")])
print("affine_forward: visible tests passed")

### BEGIN HIDDEN TESTS
import course_utils.layers as ref_layers
rng = np.random.default_rng(21)
for n, d_in, d_out in [(1, 4, 3), (7, 5, 2), (16, 64, 10), (4, 3, 3)]:
    xx = rng.normal(size=(n, d_in)); WW = rng.normal(size=(d_in, d_out)); bb = rng.normal(size=d_out)
    got, _ = ck.unchanged(affine_forward, xx, WW, bb)
    ck.close(got, ref_layers.affine_forward(xx, WW, bb)[0], f"affine_forward with x {xx.shape}, W {WW.shape}",
             rtol=1e-10, atol=1e-12)
ck.not_delegated(affine_forward)
### END HIDDEN TESTS
'''

AFF_B_MD = r"""
## 3. The affine layer, backward (15 points)

The backward pass receives the error signal $\bar A = \partial L/\partial A$ (`dout`, shape $(n, d_{out})$)
and returns the error signals of the layer's inputs. Since $a_{ij} = \sum_k x_{ik} w_{kj} + b_j$, the chain
rule sums over every output an input influences:

$$\bar x_{ik} = \sum_j \bar a_{ij}\, w_{kj}, \qquad
  \bar w_{kj} = \sum_i \bar a_{ij}\, x_{ik}, \qquad
  \bar b_j = \sum_i \bar a_{ij},$$

that is, in matrix form,

$$\bar X = \bar A\, W^\top \;(n \times d_{in}), \qquad \bar W = X^\top \bar A \;(d_{in} \times d_{out}),
  \qquad \bar{\mathbf b} = \textstyle\sum_i \bar A_{i,:} \;(d_{out},).$$

Check the shapes: each gradient has the shape of what it differentiates. The bias gradient is a **sum**
over the batch (each example uses the bias once), and the layer never divides by $n$: when the loss is a
mean, the $1/n$ is already inside `dout`.
"""

AFF_B_SRC = r'''
def affine_backward(dout, cache):
    r"""Backward pass of the affine layer: the gradients of the loss with respect to x, W and b.

    .. math:: \bar X = \bar A\, W^\top, \qquad \bar W = X^\top \bar A, \qquad
              \bar{\mathbf{b}} = \sum_{i=1}^{n} \bar A_{i,:}
              \qquad (\bar A = \partial L / \partial A = \text{dout})

    No division by the batch size here: the 1/n of a mean loss is already inside ``dout``.

    Parameters
    ----------
    dout : ndarray, shape (n, d_out)
        Upstream gradient ``dL/dout``.
    cache : tuple
        The cache returned by your ``affine_forward``.

    Returns
    -------
    dx : float64 ndarray, shape (n, d_in)
    dW : float64 ndarray, shape (d_in, d_out)
    db : float64 ndarray, shape (d_out,)
    """
    ### BEGIN SOLUTION
    x, W, b = cache
    dx = dout @ W.T
    dW = x.T @ dout
    db = dout.sum(axis=0)
    return dx, dW, db
    ### END SOLUTION
'''

AFF_B_TEST = CK + r'''
import course_utils.layers as ref_layers
# --- visible tests ----------------------------------------------------------------------------
rng = np.random.default_rng(0)
x = rng.normal(size=(4, 3)); W = rng.normal(size=(3, 5)); b = rng.normal(size=5)
dout = rng.normal(size=(4, 5))
_, cache = affine_forward(x, W, b)
result = affine_backward(dout, cache)
ck.true(isinstance(result, tuple) and len(result) == 3, "affine_backward must return a triple (dx, dW, db)")
dx, dW, db = result
ref_dx, ref_dW, ref_db = ref_layers.affine_backward(dout, ref_layers.affine_forward(x, W, b)[1])
ck.true(np.shape(db) == (5,), f"db has shape {np.shape(db)}, but b has shape (5,): the bias gradient is "
        "summed over the batch (dout.sum(axis=0)), because every example uses the same bias"
        + (" — you returned dout itself" if np.shape(db) == dout.shape else ""))
ck.close(db, ref_db, "db", mistakes=[(ref_db / 4, "db is the mean of dout over the batch; it is the sum "
                                                  "(the 1/n of a mean loss is already inside dout)")])
ck.close(dW, ref_dW, "dW (shape (d_in, d_out) = (3, 5), like W)",
         mistakes=[(ref_dW / 4, "dW is divided by the batch size n = 4: do not average in the layer, the "
                                "1/n of a mean loss is already inside dout")])
ck.close(dx, ref_dx, "dx (shape (n, d_in) = (4, 3), like x)")
print("affine_backward: visible tests passed")

### BEGIN HIDDEN TESTS
rng = np.random.default_rng(31)
for n, d_in, d_out in [(1, 4, 3), (6, 5, 2), (8, 7, 7), (20, 3, 9)]:
    xx = rng.normal(size=(n, d_in)); WW = rng.normal(size=(d_in, d_out)); bb = rng.normal(size=d_out)
    G = rng.normal(size=(n, d_out))
    _, cc = affine_forward(xx, WW, bb)
    gx, gW, gb = ck.unchanged(affine_backward, G, cc)
    # L = sum(G * (x W + b)) has dL/dout = G: check every gradient against finite differences
    ck.gradient(lambda v: np.sum(G * (v @ WW + bb)), xx, gx, f"dx for x of shape {xx.shape}")
    ck.gradient(lambda v: np.sum(G * (xx @ v + bb)), WW, gW, f"dW for W of shape {WW.shape}")
    ck.gradient(lambda v: np.sum(G * (xx @ WW + v)), bb, gb, f"db for b of shape {bb.shape}")
    rx, rW, rb = ref_layers.affine_backward(G, ref_layers.affine_forward(xx, WW, bb)[1])
    ck.close(gx, rx, "dx", rtol=1e-10, atol=1e-12)
    ck.close(gW, rW, "dW", rtol=1e-10, atol=1e-12)
    ck.close(gb, rb, "db", rtol=1e-10, atol=1e-12)
ck.not_delegated(affine_backward)
### END HIDDEN TESTS
'''

# -------------------------------------------------------------------------------------------- relu
RELU_F_MD = r"""
## 4. ReLU, forward (5 points)

$$h = \max(0, a) \quad\text{elementwise.}$$

Do not modify the input (`x[x < 0] = 0` would change the caller's array): build a new one, e.g. with
`np.maximum`. The cache is whatever your `relu_backward` needs.
"""

RELU_F_SRC = r'''
def relu_forward(x):
    r"""Forward pass of the rectified linear unit, elementwise: ``out = max(0, x)``.

    .. math:: h = \max(0, a)

    Parameters
    ----------
    x : ndarray of any shape
        Pre-activations.

    Returns
    -------
    out : float64 ndarray, same shape as ``x``
    cache : object
        What ``relu_backward`` needs (for example ``x``).

    ``x`` is not modified.
    """
    ### BEGIN SOLUTION
    out = np.maximum(x, 0.0)
    cache = x
    return out, cache
    ### END SOLUTION
'''

RELU_F_TEST = CK + r'''
# --- visible tests ----------------------------------------------------------------------------
x = np.array([[-2.0, 0.0, 3.0], [0.5, -0.1, -7.0]])
result = ck.unchanged(relu_forward, x)
ck.true(isinstance(result, tuple) and len(result) == 2, "relu_forward must return a pair (out, cache)")
out, cache = result
ck.close(out, [[0.0, 0.0, 3.0], [0.5, 0.0, 0.0]], "relu_forward(x)",
         mistakes=[((x > 0).astype(float), "you returned the mask [x > 0], not max(0, x)"),
                   (np.minimum(x, 0), "you computed min(0, x); ReLU is max(0, x)"),
                   (np.abs(x), "you computed |x|; ReLU is max(0, x)")])
print("relu_forward: visible tests passed")

### BEGIN HIDDEN TESTS
import course_utils.layers as ref_layers
rng = np.random.default_rng(41)
for shape in [(6,), (5, 4), (2, 3, 4)]:
    xx = rng.normal(size=shape)
    got, _ = ck.unchanged(relu_forward, xx)
    ck.close(got, ref_layers.relu_forward(xx)[0], f"relu_forward of shape {shape}", rtol=0, atol=0)
big = np.array([-1e300, -1.0, 0.0, 1e300])
ck.close(ck.no_warnings(relu_forward, big)[0], [0.0, 0.0, 0.0, 1e300], "relu_forward at ±1e300")
ck.not_delegated(relu_forward)
### END HIDDEN TESTS
'''

RELU_B_MD = r"""
## 5. ReLU, backward (8 points)

The local derivative of $\max(0, a)$ is 1 where $a > 0$ and 0 where $a < 0$; at the kink $a = 0$ we use
the subgradient 0 (as PyTorch does). So the error signal passes where the unit was active and is blocked
elsewhere:

$$\bar a = \bar h \odot [a > 0].$$

The mask comes from the **forward** pass: from the input $a$, or equivalently from the output
($h > 0$ exactly where $a > 0$). It never comes from `dout`: whether a unit was active does not depend on
the sign of the error signal.
"""

RELU_B_SRC = r'''
def relu_backward(dout, cache):
    r"""Backward pass of ReLU: the upstream gradient passes where the input was positive.

    .. math:: \bar a = \bar h \odot [a > 0]

    At exactly ``a = 0`` the (sub)gradient is taken to be 0.

    Parameters
    ----------
    dout : ndarray, same shape as the forward input
        Upstream gradient ``dL/dout``.
    cache : object
        The cache returned by your ``relu_forward``.

    Returns
    -------
    dx : float64 ndarray, same shape as ``dout``
    """
    ### BEGIN SOLUTION
    x = cache
    return dout * (x > 0)
    ### END SOLUTION
'''

RELU_B_TEST = CK + r'''
# --- visible tests ----------------------------------------------------------------------------
x = np.array([[-2.0, 1.0, 3.0], [0.5, -0.1, 2.0]])
dout = np.array([[10.0, -20.0, 30.0], [-40.0, 50.0, 60.0]])
_, cache = relu_forward(x)
dx = relu_backward(dout, cache)
ck.close(dx, [[0.0, -20.0, 30.0], [-40.0, 0.0, 60.0]], "relu_backward",
         mistakes=[(dout, "you passed dout through unchanged: multiply it by the mask [x > 0] of the forward input"),
                   (dout * (dout > 0), "the mask was taken from dout; it must come from the forward pass "
                                       "(the input x, or equivalently the output max(0, x))"),
                   (dout * (x <= 0), "the mask is inverted: the gradient passes where x > 0"),
                   ((x > 0).astype(float), "you returned the mask itself; multiply dout by it"),
                   (dout * np.maximum(x, 0), "you multiplied dout by max(0, x); the local derivative is the "
                                             "0/1 mask [x > 0]")])
print("relu_backward: visible tests passed")

### BEGIN HIDDEN TESTS
import course_utils.layers as ref_layers
rng = np.random.default_rng(51)
for shape in [(7,), (6, 5), (2, 3, 4)]:
    xx = rng.normal(size=shape)
    xx[np.abs(xx) < 0.05] = 0.3                     # keep finite differences away from the kink
    G = rng.normal(size=shape)
    _, cc = relu_forward(xx)
    got = ck.unchanged(relu_backward, G, cc)
    ck.gradient(lambda v: np.sum(G * np.maximum(v, 0)), xx, got, f"relu_backward for shape {shape}")
    ck.close(got, ref_layers.relu_backward(G, ref_layers.relu_forward(xx)[1]), f"relu_backward for shape {shape}")
# the kink: at exactly x = 0 the subgradient is 0
xz = np.array([[0.0, 1.0, -1.0, 0.0]])
_, cz = relu_forward(xz)
ck.close(relu_backward(np.ones((1, 4)), cz), [[0.0, 1.0, 0.0, 0.0]], "relu_backward at x = 0",
         mistakes=[([[1.0, 1.0, 0.0, 1.0]], "at exactly x = 0 use the subgradient 0: the mask is [x > 0], "
                                           "not [x >= 0]")])
ck.not_delegated(relu_backward)
### END HIDDEN TESTS
'''

# --------------------------------------------------------------------------- softmax cross-entropy
SCE_MD = r"""
## 6. Softmax cross-entropy and its gradient (15 points)

For logits $o_i \in \mathbb{R}^K$ (row $i$ of `logits`) and integer labels $y_i$, the softmax gives
$p_{ik} = e^{o_{ik}} / \sum_j e^{o_{ij}}$ and the loss is the mean negative log-probability of the correct
class:

$$L = -\frac{1}{n}\sum_{i=1}^{n} \log p_{i y_i}
    = \frac{1}{n}\sum_{i=1}^n \Big(\log \sum_j e^{o_{ij}} - o_{i y_i}\Big),
  \qquad \frac{\partial L}{\partial o_{ik}} = \frac{p_{ik} - [k = y_i]}{n}.$$

The gradient is **softmax minus one-hot**, divided by $n$ because the loss is a mean (the lecture derives
it). For stability subtract each row's maximum $m_i$ first: $\log\sum_j e^{o_{ij}} = m_i + \log\sum_j
e^{o_{ij} - m_i}$, where every exponent is $\le 0$. Never compute `np.log(p)`: a probability that rounds to
0 gives $\log 0 = -\infty$ (and a warning); use the log-sum-exp form of the loss instead.
"""

SCE_SRC = r'''
def softmax_cross_entropy(logits, y):
    r"""Mean softmax cross-entropy of integer labels, and its gradient with respect to the logits.

    .. math:: L = \frac{1}{n} \sum_{i=1}^{n} \Big( \log \sum_{j} e^{o_{ij}} - o_{i y_i} \Big), \qquad
              \frac{\partial L}{\partial o_{ik}} = \frac{\mathrm{softmax}(o_i)_k - [k = y_i]}{n}

    Numerically stable: no overflow, NaN or NumPy warning for any finite logits (e.g. ±1000).

    Parameters
    ----------
    logits : ndarray, shape (n, K)
        Scores, one row per example, one column per class.
    y : ndarray of int, shape (n,)
        The correct class of each example, in ``0 .. K-1``.

    Returns
    -------
    loss : float
        The mean cross-entropy over the batch.
    dlogits : float64 ndarray, shape (n, K)
        ``dL/dlogits``.

    ``logits`` is not modified.
    """
    ### BEGIN SOLUTION
    n = logits.shape[0]
    rows = np.arange(n)
    shifted = logits - logits.max(axis=1, keepdims=True)   # every exponent <= 0
    e = np.exp(shifted)
    s = e.sum(axis=1)
    loss = float(np.mean(np.log(s) - shifted[rows, y]))
    dlogits = e / s[:, None]
    dlogits[rows, y] -= 1.0
    dlogits /= n
    return loss, dlogits
    ### END SOLUTION
'''

SCE_TEST = CK + r'''
import course_utils.losses as ref_losses
# --- visible tests ----------------------------------------------------------------------------
logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [0.0, 0.0, 0.0], [-1.0, 3.0, 1.0]])
y = np.array([0, 1, 2, 2])
result = ck.unchanged(softmax_cross_entropy, logits, y)
ck.true(isinstance(result, tuple) and len(result) == 2, "softmax_cross_entropy must return (loss, dlogits)")
loss, dlogits = result
ref_loss, ref_grad = ref_losses.softmax_cross_entropy(logits, y)
ck.true(np.ndim(loss) == 0, f"the loss must be a single number (the mean over the batch), got shape {np.shape(loss)}")
onehot = np.eye(3)[y]
p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
p_cols = np.exp(logits) / np.exp(logits).sum(axis=0, keepdims=True)
ck.close(dlogits, ref_grad, "dlogits",
         mistakes=[((onehot - p) / 4, "sign flipped: the gradient is softmax MINUS one-hot, (p - onehot) / n"),
                   (p - onehot, "4 times too large: you forgot to divide by the batch size n = 4 (the loss is a mean)"),
                   ((p_cols - onehot) / 4, "the softmax was normalised over the wrong axis: each ROW (example) "
                                           "sums to 1, so sum over axis=1")])
ck.close(loss, ref_loss, "loss (the MEAN cross-entropy over the 4 examples)")
# extreme logits: no overflow, no log(0)
extreme = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 0.0]])
loss_x, grad_x = ck.no_warnings(softmax_cross_entropy, extreme, np.array([1, 1]))
ck.close(loss_x, 1000.0, "loss at logits ±1000 (labels [1, 1]): row 1 costs 2000, row 2 costs 0")
ck.close(grad_x, [[0.5, -0.5, 0.0], [0.0, 0.0, 0.0]], "dlogits at logits ±1000", atol=1e-12)
print("softmax_cross_entropy: visible tests passed")

### BEGIN HIDDEN TESTS
rng = np.random.default_rng(61)
for n, K, scale in [(1, 3, 1.0), (5, 4, 2.0), (12, 10, 1.5), (32, 10, 5.0), (7, 2, 30.0)]:
    L = rng.normal(scale=scale, size=(n, K)); yy = rng.integers(0, K, size=n)
    got_loss, got_grad = ck.unchanged(softmax_cross_entropy, L, yy)
    r_loss, r_grad = ref_losses.softmax_cross_entropy(L, yy)
    ck.close(got_loss, r_loss, f"loss for logits of shape {(n, K)}", rtol=1e-9)
    ck.close(got_grad, r_grad, f"dlogits for logits of shape {(n, K)}", rtol=1e-8, atol=1e-12)
    if scale <= 2.0:     # (tiny probabilities make finite differences meaningless at large scales)
        ck.gradient(lambda v: softmax_cross_entropy(v, yy)[0], L, got_grad, f"dlogits for shape {(n, K)}")
# very large logits everywhere, and a shift that must not change anything
L = rng.normal(scale=800.0, size=(6, 5)); yy = rng.integers(0, 5, size=6)
got_loss, got_grad = ck.no_warnings(softmax_cross_entropy, L, yy)
r_loss, r_grad = ref_losses.softmax_cross_entropy(L, yy)
ck.close(got_loss, r_loss, "loss for logits of size ~800", rtol=1e-9)
ck.close(got_grad, r_grad, "dlogits for logits of size ~800", rtol=1e-8, atol=1e-12)
L = rng.normal(size=(4, 3)); yy = np.array([2, 0, 1, 1])
ck.close(ck.no_warnings(softmax_cross_entropy, L - 1000.0, yy)[0], ref_losses.softmax_cross_entropy(L, yy)[0],
         "loss with every logit shifted by -1000 (the softmax ignores a common shift)", rtol=1e-9)
ck.not_delegated(softmax_cross_entropy)
### END HIDDEN TESTS
'''

# --------------------------------------------------------------------------------------- two layer
TWO_MD = r"""
## 7. A two-layer network: loss and gradients (17 points)

Put the layers together. With parameters `params = {"W1", "b1", "W2", "b2"}` the forward pass is

$$A_1 = X W_1 + \mathbf b_1, \qquad H = \max(0, A_1), \qquad O = H W_2 + \mathbf b_2,$$

$$J = \underbrace{\frac1n \sum_i \Big(\log\sum_k e^{o_{ik}} - o_{i y_i}\Big)}_{\text{softmax cross-entropy}}
   + \frac{\lambda}{2}\big(\lVert W_1\rVert^2 + \lVert W_2\rVert^2\big),$$

with $\lambda$ = `reg` and $\lVert W\rVert^2$ the sum of the squared entries. The penalty acts on the
**weights only**, never on the biases. The backward pass runs the layers in reverse order:

$$\bar O = \frac{P - Y}{n}, \quad \bar W_2 = H^\top \bar O + \lambda W_2, \quad \bar{\mathbf b}_2 = \textstyle\sum_i \bar O_{i,:}, \quad
  \bar H = \bar O W_2^\top, \quad \bar A_1 = \bar H \odot [A_1 > 0],$$

$$\bar W_1 = X^\top \bar A_1 + \lambda W_1, \qquad \bar{\mathbf b}_1 = \textstyle\sum_i \bar A_{1,i,:}.$$

Use your functions from above.
"""

TWO_SRC = r'''
def two_layer_loss_and_grads(params, X, y, reg=0.0):
    r"""Loss and gradients of the network affine - ReLU - affine - softmax cross-entropy, with L2 on the weights.

    .. math:: J = \frac{1}{n} \sum_{i=1}^{n} \Big( \log \sum_k e^{o_{ik}} - o_{i y_i} \Big)
                  + \frac{\lambda}{2} \big( \lVert W_1 \rVert^2 + \lVert W_2 \rVert^2 \big),
              \qquad O = \max(0, X W_1 + \mathbf{b}_1)\, W_2 + \mathbf{b}_2

    The penalty (``reg`` = lambda) applies to the weights ``W1`` and ``W2`` only, not to the biases.

    Parameters
    ----------
    params : dict
        ``"W1"`` (d, h), ``"b1"`` (h,), ``"W2"`` (h, K), ``"b2"`` (K,). Not modified.
    X : ndarray, shape (n, d)
        Inputs, one example per row.
    y : ndarray of int, shape (n,)
        Class labels in ``0 .. K-1``.
    reg : float, default 0.0
        L2 strength lambda >= 0.

    Returns
    -------
    loss : float
        ``J``: the mean cross-entropy plus the penalty.
    grads : dict
        ``dJ/dparams[key]`` for the same four keys, each with the shape of its parameter.
    """
    ### BEGIN SOLUTION
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    a1, cache1 = affine_forward(X, W1, b1)
    h, cache_relu = relu_forward(a1)
    logits, cache2 = affine_forward(h, W2, b2)
    loss, dlogits = softmax_cross_entropy(logits, y)
    loss += 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

    dh, dW2, db2 = affine_backward(dlogits, cache2)
    da1 = relu_backward(dh, cache_relu)
    _, dW1, db1 = affine_backward(da1, cache1)
    grads = {"W1": dW1 + reg * W1, "b1": db1, "W2": dW2 + reg * W2, "b2": db2}
    return float(loss), grads
    ### END SOLUTION
'''

TWO_TEST = CK + r'''
from course_utils.mlp import MLP

def reference_loss_and_grads(params, X, y, reg):
    r"""course_utils' network with these parameters (affine - ReLU - affine - softmax, L2 on weights)."""
    d, h = params["W1"].shape
    net = MLP([d, h, params["W2"].shape[1]], activation="relu", l2=reg)
    net.params = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    return net.loss_and_grads(X, y)

def small_problem(seed, n=6, d=4, h=5, K=3):
    rng = np.random.default_rng(seed)
    params = {"W1": rng.normal(size=(d, h)), "b1": rng.normal(scale=0.5, size=h),
              "W2": rng.normal(size=(h, K)), "b2": rng.normal(scale=0.5, size=K)}
    return params, rng.normal(size=(n, d)), rng.integers(0, K, size=n)

# --- visible tests ----------------------------------------------------------------------------
params, X, y = small_problem(0)
result = ck.unchanged(two_layer_loss_and_grads, params, X, y)
ck.true(isinstance(result, tuple) and len(result) == 2, "two_layer_loss_and_grads must return (loss, grads)")
loss, grads = result
ck.true(isinstance(grads, dict) and set(grads) == {"W1", "b1", "W2", "b2"},
        f"grads must be a dict with the keys W1, b1, W2, b2, got {sorted(grads) if isinstance(grads, dict) else type(grads)}")
ref_loss, ref_grads = reference_loss_and_grads(params, X, y, 0.0)
ck.close(loss, ref_loss, "loss with reg = 0")
for key in ["W2", "b2", "W1", "b1"]:
    ck.close(grads[key], ref_grads[key], f"grads['{key}'] with reg = 0 (shape {params[key].shape})")

reg = 0.3
loss, grads = two_layer_loss_and_grads(params, X, y, reg=reg)
ref_loss, ref_grads = reference_loss_and_grads(params, X, y, reg)
penalty_with_b = 0.5 * reg * sum(np.sum(v ** 2) for v in params.values())
ck.close(loss, ref_loss, "loss with reg = 0.3",
         mistakes=[(ref_loss - 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2)),
                    "the penalty reg/2 * (||W1||^2 + ||W2||^2) is missing from the loss"),
                   (ref_loss + 0.5 * reg * (np.sum(params["b1"] ** 2) + np.sum(params["b2"] ** 2)),
                    "the penalty was applied to the biases too: L2 acts on the weights W1, W2 only"),
                   (ref_loss + 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2)),
                    "the penalty is twice too large: it is reg/2 * ||W||^2, not reg * ||W||^2")])
for key in ["W2", "W1"]:
    ck.close(grads[key], ref_grads[key], f"grads['{key}'] with reg = 0.3",
             mistakes=[(ref_grads[key] - reg * params[key], f"the gradient of the penalty, reg * {key}, is missing"),
                       (ref_grads[key] + reg * params[key], f"the penalty's gradient is 2 * reg * {key}; "
                        f"the derivative of reg/2 * ||{key}||^2 is reg * {key}")])
for key in ["b2", "b1"]:
    ck.close(grads[key], ref_grads[key], f"grads['{key}'] with reg = 0.3",
             mistakes=[(ref_grads[key] + reg * params[key], "the biases were regularised: the penalty acts on "
                                                            "the weights only, so the bias gradients do not change")])
print("two_layer_loss_and_grads: visible tests passed")

### BEGIN HIDDEN TESTS
for seed, reg in [(1, 0.0), (2, 0.05), (3, 1.0)]:
    params, X, y = small_problem(seed, n=8, d=5, h=6, K=4)
    loss, grads = ck.unchanged(two_layer_loss_and_grads, params, X, y, reg=reg)
    for key in ["W1", "b1", "W2", "b2"]:
        def f(v, key=key):
            p = dict(params); p[key] = v
            return two_layer_loss_and_grads(p, X, y, reg=reg)[0]
        ck.gradient(f, params[key], grads[key], f"grads['{key}'] (seed {seed}, reg {reg})")
    ref_loss, ref_grads = reference_loss_and_grads(params, X, y, reg)
    ck.close(loss, ref_loss, f"loss (seed {seed}, reg {reg})", rtol=1e-9)
    for key in ref_grads:
        ck.close(grads[key], ref_grads[key], f"grads['{key}'] (seed {seed}, reg {reg})", rtol=1e-8, atol=1e-11)
# a bigger batch, as in training
params, X, y = small_problem(4, n=64, d=64, h=32, K=10)
loss, grads = two_layer_loss_and_grads(params, X, y, reg=0.01)
ref_loss, ref_grads = reference_loss_and_grads(params, X, y, 0.01)
ck.close(loss, ref_loss, "loss for a batch of 64 digits-sized inputs", rtol=1e-9)
for key in ref_grads:
    ck.close(grads[key], ref_grads[key], f"grads['{key}'] for a batch of 64", rtol=1e-8, atol=1e-11)
ck.not_delegated(two_layer_loss_and_grads)
### END HIDDEN TESTS
'''

# -------------------------------------------------------------------------------------------- train
TRAIN_MD = r"""
## 8. Train it on the digits (12 points)

Now train your network on the 8×8 handwritten digits: 64 pixel intensities in $[0, 1]$ per image, 10
classes. You choose everything: the hidden width, the initialisation, the optimiser (plain mini-batch
gradient descent works; Adam gets there faster), the learning rate, the batch size and the number of
epochs. Use your `two_layer_loss_and_grads` for the gradients. The validation split is yours to monitor
progress or to keep the best parameters.

The grader calls `train_two_layer` on the training split of `train_val_test_split(*load_digits(), seed=1)`
and requires **at least 95% accuracy on the test split**, which your function never sees. Keep the
training fast (a few seconds; it must finish within 60 s).

Any sound recipe clears this bar with room to spare: 64 or 128 hidden units, Adam (Kingma & Ba 2015)
with a learning rate of $10^{-3}$ or $10^{-2}$ or mini-batch gradient descent with momentum 0.9, and
20-40 epochs of mini-batches of 32-64 examples reach about 96-99% on the test split. The reference
solution uses 128 hidden units; weights initialised with random normal numbers scaled by
$\sqrt{2/n_{in}}$ (He et al. 2015) and biases with zeros; Adam with learning rate $10^{-2}$; 30 epochs of
mini-batches of 64 examples, reshuffled every epoch (about 98.5%). The fewer steps you take (small
learning rate, few epochs, large batches), the closer you get to the bar.

On this split the **validation** part is a little harder than the test part: the same networks score
usually one or two points less on it (about 93-98%). So the visible test below asks for 92% on
validation and prints a warning below 95%; the hidden test then asks for 95% on the test split.
"""

TRAIN_SRC = r'''
def train_two_layer(X, y, X_val, y_val, seed=0):
    r"""Train the two-layer ReLU network of ``two_layer_loss_and_grads`` to classify ``X``.

    The hidden width, initialisation, optimiser, learning rate, batch size, number of epochs and L2
    strength are yours to choose. All randomness must come from ``np.random.default_rng(seed)``.

    Parameters
    ----------
    X : ndarray, shape (n, d)
        Training inputs (for the digits: d = 64 pixel intensities in [0, 1]).
    y : ndarray of int, shape (n,)
        Training labels in ``0 .. K-1``.
    X_val : ndarray, shape (n_val, d)
        Validation inputs (for monitoring or selecting the parameters; never trained on).
    y_val : ndarray of int, shape (n_val,)
        Validation labels.
    seed : int, default 0
        Seed of the random generator (initialisation and shuffling).

    Returns
    -------
    params : dict
        ``"W1"`` (d, h), ``"b1"`` (h,), ``"W2"`` (h, K), ``"b2"`` (K,) with K the number of classes; the
        network predicts ``argmax(max(0, X @ W1 + b1) @ W2 + b2, axis=1)`` on raw (unscaled) inputs.
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    X = np.asarray(X, dtype=np.float64)
    n, d = X.shape
    K = int(max(np.max(y), np.max(y_val))) + 1
    hidden, lr, epochs, batch = 128, 1e-2, 30, 64
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    params = {"W1": rng.normal(size=(d, hidden)) * np.sqrt(2.0 / d), "b1": np.zeros(hidden),
              "W2": rng.normal(size=(hidden, K)) * np.sqrt(2.0 / hidden), "b2": np.zeros(K)}
    m = {k: np.zeros_like(v) for k, v in params.items()}          # Adam (Kingma & Ba 2015)
    v = {k: np.zeros_like(w) for k, w in params.items()}
    t = 0
    for epoch in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch):
            idx = order[start:start + batch]
            _, grads = two_layer_loss_and_grads(params, X[idx], y[idx])
            t += 1
            for k in params:
                m[k] = beta1 * m[k] + (1 - beta1) * grads[k]
                v[k] = beta2 * v[k] + (1 - beta2) * grads[k] ** 2
                m_hat = m[k] / (1 - beta1 ** t)
                v_hat = v[k] / (1 - beta2 ** t)
                params[k] = params[k] - lr * m_hat / (np.sqrt(v_hat) + eps)
    return params
    ### END SOLUTION
'''

TRAIN_TEST = CK + r'''
import course_utils.layers as ref_layers

def accuracy(params, X, y):
    r"""Accuracy of the network max(0, X W1 + b1) W2 + b2 (computed with course_utils' layers)."""
    h = ref_layers.relu_forward(ref_layers.affine_forward(X, params["W1"], params["b1"])[0])[0]
    return float(np.mean(np.argmax(ref_layers.affine_forward(h, params["W2"], params["b2"])[0], axis=1) == y))

def check_params(params, d, K):
    ck.true(isinstance(params, dict) and {"W1", "b1", "W2", "b2"} <= set(params),
            "train_two_layer must return a dict with the keys W1, b1, W2, b2")
    h = np.shape(params["W1"])[-1]
    for key, shape in [("W1", (d, h)), ("b1", (h,)), ("W2", (h, K)), ("b2", (K,))]:
        ck.shape(params[key], shape, f"params['{key}']")
        ck.true(np.all(np.isfinite(params[key])),
                f"params['{key}'] contains NaN or infinity: training diverged. Is the learning rate far too "
                "large? (Watch the loss: it should go down, not explode.)")

def judge(acc, where, required):
    chance = 0.1
    ck.true(acc > chance + 0.15,
            f"accuracy on the {where} is {acc:.1%}, about chance level (10%): the network did not learn. "
            "Are the parameters you return the trained ones (not the initial ones)? Does each step go "
            "against the gradient, params <- params - lr * grads? Is the learning rate so large that "
            "training diverges?")
    ck.true(acc >= required,
            f"accuracy on the {where} is {acc:.1%}; at least {required:.0%} is required. The network "
            "learns but not enough: train for more epochs, tune the learning rate, or use more hidden units.")

X_all, y_all = load_digits()
X_tr, X_va, X_te, y_tr, y_va, y_te = train_val_test_split(X_all, y_all, seed=1)
# --- visible tests ----------------------------------------------------------------------------
t0 = time.perf_counter()
params = ck.unchanged(train_two_layer, X_tr, y_tr, X_va, y_va, seed=0)
elapsed = time.perf_counter() - t0
print(f"training took {elapsed:.1f} s")
check_params(params, 64, 10)
acc_val = accuracy(params, X_va, y_va)
print(f"validation accuracy: {acc_val:.1%}")
judge(acc_val, "validation split", 0.92)
if acc_val < 0.95:
    print("warning: the hidden test needs 95% on the test split. Networks usually score one or two points more "
          "there than on validation, but below 95% on validation you are at risk: train for more steps "
          "(more epochs, a larger learning rate or smaller batches); see the instructions")
ck.true(elapsed < 60, f"training took {elapsed:.0f} s; it must finish within 60 s (a few seconds is enough)")
print("train_two_layer: visible tests passed")

### BEGIN HIDDEN TESTS
acc_test = accuracy(params, X_te, y_te)
print(f"test accuracy: {acc_test:.1%}")
judge(acc_test, "test split (data the network never saw)", 0.95)
ck.not_delegated(train_two_layer)
### END HIDDEN TESTS
'''

WRITTEN_MD = r"""
## 9. Written answer: the price of a gradient (8 points)

For a network of affine layers, a backward pass costs about as much as **two** forward passes. Explain
why, by counting the multiply-adds of one affine layer $A = XW + \mathbf b$ (batch of $n$ rows, $W$ of
shape $d_{in}\times d_{out}$) in the forward pass and in the backward pass. Say which product of the
backward pass the first layer can skip, and why this cost (a small constant times a forward pass, for
**all** the parameters at once) is what makes training large networks by gradient descent possible,
compared with estimating the gradient by finite differences. (5-10 sentences.)
"""

WRITTEN_ANSWER = r"""
*Model answer.* The forward pass of one affine layer is one matrix product $XW$: $n \cdot d_{in} \cdot d_{out}$
multiply-adds, one per weight and per example (the bias adds only $n \cdot d_{out}$ additions). The backward
pass needs two products of the same size: $\bar W = X^\top \bar A$ for the weight gradient and
$\bar X = \bar A W^\top$ to pass the error signal on to the layer below; each again costs
$n \cdot d_{in} \cdot d_{out}$ multiply-adds, so the backward pass is about twice the forward pass
(the elementwise work of activations, $\bar{\mathbf b}$ and the loss is of lower order). The first layer
needs no $\bar X$, since nobody uses the gradient with respect to the data, so it can skip that product.
In total, one forward and one backward pass cost about three forward passes and give the derivative
with respect to **every** parameter. Finite differences would need two forward passes per parameter,
millions of passes for a network with millions of weights; backpropagation reuses the shared
intermediate error signals instead, which is why gradient descent on large networks is affordable.

*Rubric (8):* the forward count, one product of $n \cdot d_{in} \cdot d_{out}$ multiply-adds (2); the two
backward products $X^\top \bar A$ and $\bar A W^\top$ named, each of the same size, hence about twice (3);
the first layer skips $\bar X$ because no gradient with respect to the data is needed (1); the comparison
with finite differences, two forward passes per parameter against a constant number for all of them (2).
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
        md(NUMGRAD_MD), answer("numerical_gradient", NUMGRAD_SRC), grade("test_numerical_gradient", 12, NUMGRAD_TEST),
        md(AFF_F_MD), answer("affine_forward", AFF_F_SRC), grade("test_affine_forward", 8, AFF_F_TEST),
        md(AFF_B_MD), answer("affine_backward", AFF_B_SRC), grade("test_affine_backward", 15, AFF_B_TEST),
        md(RELU_F_MD), answer("relu_forward", RELU_F_SRC), grade("test_relu_forward", 5, RELU_F_TEST),
        md(RELU_B_MD), answer("relu_backward", RELU_B_SRC), grade("test_relu_backward", 8, RELU_B_TEST),
        md(SCE_MD), answer("softmax_cross_entropy", SCE_SRC),
        grade("test_softmax_cross_entropy", 15, SCE_TEST),
        md(TWO_MD), answer("two_layer_loss_and_grads", TWO_SRC),
        grade("test_two_layer_loss_and_grads", 17, TWO_TEST),
        md(TRAIN_MD), answer("train_two_layer", TRAIN_SRC), grade("test_train_two_layer", 12, TRAIN_TEST),
        md(WRITTEN_MD), written("written_backward_cost", 8, WRITTEN_ANSWER),
        md(END_MD),
    ]


def lecture_cells():
    sys.path.insert(0, str(ROOT / "tools"))
    from build_04_backprop_lecture import lecture_cells as cells
    return cells()


LECTURE = ROOT / "lectures" / "04_backprop.ipynb"
SOLUTION = ROOT / "solutions" / "04_backprop" / "backprop.ipynb"
TARGETS = [(LECTURE, lecture_cells, "backprop"), (SOLUTION, solution_cells, "backprop")]


def main(argv=None) -> int:
    return build_cli(TARGETS, argv, __file__)


if __name__ == "__main__":
    sys.exit(main())
