"""Cells of the lecture notebook lectures/05_optimization.ipynb (built by tools/build_05_optimization.py)."""
from nb import code, md

L_TITLE = r"""
# Unit 5 — Optimization: training networks that actually learn

Unit 4 gave us the gradient of the loss with respect to every weight, for the price of about two forward
passes. This unit is about what to *do* with it. Plain gradient descent works, but on a real network it is
slow, sensitive to the step size, and can fail before it starts if the weights are badly initialized. We
will see where the loss comes from (maximum likelihood), how to estimate its gradient cheaply
(mini-batches), how to choose and change the step size (schedules), how to step more cleverly (momentum,
Nesterov, AdaGrad, RMSProp, Adam, and why not Newton), what the landscape we walk on looks like (saddles
rather than bad minima), and how to start the walk (initialization and input scaling).

**Learning objectives.** After this unit you can
1. explain why minimizing the negative log-likelihood makes the model match the data distribution, through
   $\text{cross-entropy} = \text{entropy} + \text{KL divergence}$;
2. compare batch, single-sample and mini-batch training, and measure how the gradient noise shrinks with the
   batch size;
3. write the step, exponential and $1/t$ learning-rate schedules, and say why a decaying rate helps;
4. state momentum, Nesterov momentum, AdaGrad, RMSProp and Adam exactly as `torch.optim` implements them,
   and explain Adam's bias correction;
5. explain why Newton's method is not used for networks: its cost, and that it is attracted by saddle points;
6. classify critical points by the Hessian's eigenvalues and argue why saddles dominate in high dimension;
7. initialize weights so that signals neither explode nor vanish with depth (Xavier/Glorot, He), and explain
   why equal weights never learn;
8. read a loss curve and say whether the learning rate is too low, good, too high or divergent.
"""

L_SETUP = r"""
%matplotlib inline
import time

import numpy as np
import matplotlib.pyplot as plt

from course_utils.data import make_moons, load_digits, train_val_test_split, standardize
from course_utils.init import he_init, xavier_init
from course_utils.mlp import MLP
from course_utils.optim import (SGD, Momentum, Adam, adagrad_update, adam_update, exponential_decay,
                                inverse_time_decay, momentum_update, rmsprop_update, sgd_update, step_decay)
from course_utils.plots import plot_contour_trajectory
from course_utils.training import minibatches, train

np.set_printoptions(precision=4, suppress=True)
plt.rcParams["figure.dpi"] = 90

# the two-moons data used throughout: 420 training and 90 validation points, standardized
X_moons, y_moons = make_moons(600, noise=0.25, seed=0)
X_train, X_val, X_test, y_train, y_val, y_test = train_val_test_split(X_moons, y_moons, seed=1)
X_train, X_val, X_test = standardize(X_train, X_val, X_test)
print(X_train.shape, X_val.shape, X_test.shape)
"""

# ------------------------------------------------------------------------------------------- 1. NLL
L_NLL = r"""
## 1. What we minimize: the negative log-likelihood

A classifier with a softmax output defines a distribution $Q(y \mid \mathbf x, \boldsymbol\theta)$ over the
classes. Given training pairs $(\mathbf x_i, y_i)$, **maximum likelihood** picks the parameters that make
the observed labels most probable; taking logs (products become sums) and a minus sign (we like to
minimize), the training criterion is the **negative log-likelihood**

$$C(\boldsymbol\theta) = -\frac1n\sum_{i=1}^{n} \log Q(y_i \mid \mathbf x_i, \boldsymbol\theta),$$

which, with one-hot targets $t_{ik}$, is exactly the softmax cross-entropy
$-\frac1n\sum_i\sum_k t_{ik}\log Q_{ik}$ of Units 3 and 4. Learning has become optimization.

**Why is this the right criterion?** Suppose the data come from a true distribution $P(y \mid \mathbf x)$.
As $n$ grows, $C$ tends to the expected value $C(\boldsymbol\theta) = \mathbb E_P[-\log Q]$. Add and subtract
$\log P$ inside the expectation (for one input $\mathbf x$; average over $\mathbf x$ afterwards):

$$\mathbb E_P[-\log Q] = \underbrace{\mathbb E_P[-\log P]}_{H(P)\ \text{(entropy)}}
\;+\; \underbrace{\mathbb E_P\!\left[\log \frac{P}{Q}\right]}_{\mathrm{KL}(P\,\|\,Q)} .$$

The entropy $H(P)$ does not depend on $\boldsymbol\theta$: it is the noise in the labels that no model can
remove. The Kullback–Leibler divergence is never negative (Jensen's inequality, $\log$ being concave:
$-\mathrm{KL} = \mathbb E_P[\log(Q/P)] \le \log \mathbb E_P[Q/P] = \log \sum_y Q(y) = \log 1 = 0$), and it is
zero only when $Q = P$. So

$$\mathbb E_P[-\log Q] \;\ge\; H(P), \qquad \text{with equality exactly when } Q(\cdot \mid \mathbf x) = P(\cdot \mid \mathbf x):$$

the minimum of the expected negative log-likelihood is where the model equals the data distribution. (If the
model family can represent $P$, the gradient there is zero too:
$\nabla_\theta\,\mathbb E_P[\log Q] = \sum_y P\,\nabla_\theta Q / Q = \nabla_\theta \sum_y Q = \nabla_\theta 1 = 0$
at $Q = P$.)

Let us see it for the simplest model: a single probability $q$ of class 1, when the true probability is
$p = 0.3$.
"""

L_NLL_CODE = r"""
p = 0.3
q = np.linspace(0.01, 0.99, 197)
expected_nll = -(p * np.log(q) + (1 - p) * np.log(1 - q))          # E_P[-log Q]
entropy = -(p * np.log(p) + (1 - p) * np.log(1 - p))               # H(P)

labels = np.random.default_rng(0).random(40) < p                    # 40 observed labels
k = labels.sum()
empirical_nll = -(k * np.log(q) + (40 - k) * np.log(1 - q)) / 40    # the training loss C(q)

fig, ax = plt.subplots(figsize=(6.5, 4))
ax.plot(q, expected_nll, label=r"expected NLL $\mathbb{E}_P[-\log Q] = H(P) + \mathrm{KL}(P\|Q)$")
ax.plot(q, empirical_nll, "--", label=f"training NLL on 40 samples ({k} ones)")
ax.axhline(entropy, color="gray", lw=1, label=f"entropy H(P) = {entropy:.3f}")
ax.axvline(p, color="C0", ls=":", lw=1)
ax.axvline(k / 40, color="C1", ls=":", lw=1)
ax.set(title="The NLL is smallest where the model equals the data distribution",
       xlabel="model probability q of class 1 (true p = 0.3)", ylabel="negative log-likelihood", ylim=(0.5, 1.6))
ax.legend(fontsize=8)
plt.show()
print(f"expected NLL minimized at q = {q[np.argmin(expected_nll)]:.3f}; "
      f"training NLL minimized at q = {q[np.argmin(empirical_nll)]:.3f} = {k}/40, the sample frequency")
"""

L_NLL_NOTE = r"""
The gap between the blue curve and the grey line is $\mathrm{KL}(P\|Q)$, zero only at $q = p$. The training
loss (orange) is minimized at the *sample* frequency, not at the true $p$: with finite data, maximum
likelihood fits the sample, which is where overfitting (Unit 6) comes from.
"""

# ------------------------------------------------------------------------------------------ 2. batches
L_BATCH = r"""
## 2. Batch, single-sample and mini-batch training

The loss is a mean over the training set, so its gradient is a mean of per-example gradients:
$\nabla C = \frac1n \sum_i \nabla \ell_i$. Three ways to use it:

| protocol | gradient per step | steps per epoch | each step costs |
|---|---|---|---|
| **batch** (full gradient descent) | all $n$ examples | 1 | $n$ example-gradients |
| **single sample** (stochastic, "online") | one random example | $n$ | 1 |
| **mini-batch** | $B$ random examples | $\lceil n/B \rceil$ | $B$ |

An **epoch** is one pass over the training data. A mini-batch gradient
$\mathbf g_B = \frac1B\sum_{i \in \text{batch}} \nabla\ell_i$ is an unbiased estimate of $\nabla C$ (over a
random batch, $\mathbb E[\mathbf g_B] = \nabla C$), and its spread shrinks like $1/\sqrt B$: the average of $B$
independent draws has $1/B$ times the variance of one (times a further factor $\frac{n-B}{n-1} \le 1$ when
drawing without replacement from $n$ examples, which makes the full batch, $B = n$, exact). We do not need an exact gradient: a
cheap noisy one lets us take many more steps per epoch. On MNIST, batches of 100 give 600 updates per pass
over the 60 000 images instead of one.

Let us measure the spread at the initial weights of a small network on the moons. `minibatches` (from
`course_utils.training`) shuffles and cuts one epoch; we take the first batch of many shuffles.
"""

L_BATCH_CODE = r"""
net = MLP([2, 32, 32, 2], seed=0)

def flat_grad(Xb, yb):
    _, grads = net.loss_and_grads(Xb, yb)
    return np.concatenate([g.ravel() for g in grads.values()])

g_full = flat_grad(X_train, y_train)
n = len(X_train)
rng = np.random.default_rng(0)
sizes = [1, 2, 4, 8, 16, 32, 64, 128, 256]
spread = []
for B in sizes:
    errors = [np.linalg.norm(flat_grad(*next(minibatches(X_train, y_train, B, rng))) - g_full)
              for _ in range(150)]
    spread.append(np.sqrt(np.mean(np.square(errors))))   # RMS distance from the full gradient
spread = np.array(spread)
theory = spread[0] * np.sqrt((n - np.array(sizes)) / ((n - 1) * np.array(sizes)))

fig, ax = plt.subplots(figsize=(6, 4))
ax.loglog(sizes, spread, "o-", label="measured RMS of $g_B - \\nabla C$")
ax.loglog(sizes, theory, "k--", lw=1, label="$\\propto \\sqrt{(n-B)/((n-1)B)}$")
ax.set(title="Mini-batch gradient noise shrinks like $1/\\sqrt{B}$", xlabel="batch size B",
       ylabel="distance from the full gradient")
ax.legend()
plt.show()
"""

L_HW = r"""
**Why not $B = 1$ then?** Hardware. A batch of $B$ examples is one matrix product `X @ W` instead of $B$
matrix–vector products; the arithmetic is the same, but the product uses caches, vector units and (on a
GPU) thousands of cores at once, and the Python overhead is paid once per batch. Time per example on this
machine (the numbers vary with the hardware, the pattern does not):
"""

L_HW_CODE = r"""
X_digits, y_digits = load_digits()
digits_net = MLP([64, 128, 10], seed=0)
digits_net.loss_and_grads(X_digits[:256], y_digits[:256])          # warm-up
for B in [1, 16, 256]:
    Xb, yb = X_digits[:B], y_digits[:B]
    reps = max(1, 256 // B)
    best = np.inf
    for _ in range(3):                                               # best of three: less timing noise
        t0 = time.perf_counter()
        for _ in range(reps):
            digits_net.loss_and_grads(Xb, yb)
        best = min(best, (time.perf_counter() - t0) / (reps * B))
    print(f"batch size {B:4d}: {1e6 * best:8.1f} microseconds per example (forward + backward)")
"""

L_HW_NOTE = r"""
Mini-batches of 32-256 are the usual compromise: nearly the per-example speed of large batches, many steps
per epoch, and a little gradient noise, which also helps to leave saddle points (Section 7). Reshuffle every
epoch so that the batches differ from pass to pass.
"""

# ---------------------------------------------------------------------------------------- 3. schedules
L_SCHED = r"""
## 3. Learning-rate schedules

With a constant learning rate, mini-batch descent never settles: near a minimum the gradient noise keeps
kicking the weights around at a distance that grows with $\eta$. Robbins & Monro (1951) showed that
decreasing steps with $\sum_t \eta_t = \infty$ (we can still go anywhere) and $\sum_t \eta_t^2 < \infty$ (the
noise adds up to something finite) make stochastic descent converge. Common schedules, with the epoch
$e = 0, 1, 2, \dots$:

- **step decay**: $\eta_e = \eta_0 \cdot \text{drop}^{\lfloor e/\text{every}\rfloor}$, e.g. halve every 5
  epochs, or divide by 10 every 20;
- **exponential decay**: $\eta_e = \eta_0\, e^{-k e}$;
- **$1/t$ decay**: $\eta_e = \eta_0/(1 + k e)$.

All three are in `course_utils.optim`; `train(..., schedule=lambda e: step_decay(0.5, e, 0.5, 10))` sets the
rate at the start of each epoch. In practice, err on the side of slow decay: once the rate is small, the
run cannot catch up.
"""

L_SCHED_CODE = r"""
epochs = np.arange(60)
runs = {"constant 0.5": None, "step decay: 0.5, halved every 10 epochs": lambda e: step_decay(0.5, e, 0.5, 10)}
histories = {}
for name, schedule in runs.items():
    histories[name] = train(MLP([2, 32, 32, 2], seed=0), SGD(0.5), X_train, y_train, epochs=60, batch_size=32,
                            schedule=schedule, rng=np.random.default_rng(0), progress=False)

fig, axes = plt.subplots(1, 2, figsize=(12, 4))
axes[0].step(epochs, step_decay(0.1, epochs, 0.5, 10), where="post", label="step: 0.1 · 0.5^⌊e/10⌋")
axes[0].plot(epochs, exponential_decay(0.1, epochs, 0.07), label="exponential: 0.1 · exp(−0.07 e)")
axes[0].plot(epochs, inverse_time_decay(0.1, epochs, 0.1), label="1/t: 0.1 / (1 + 0.1 e)")
axes[0].set(title="Three learning-rate schedules", xlabel="epoch e", ylabel="learning rate")
axes[0].legend()
for name, h in histories.items():
    axes[1].semilogy(range(1, 61), h.train_loss, label=name)
axes[1].set(title="SGD on the moons: constant rate vs step decay", xlabel="epoch",
            ylabel="training loss (log scale)")
axes[1].legend()
plt.show()
"""

L_SCHED_NOTE = r"""
With the constant rate the loss keeps jumping up (the noisy steps are large); halving the rate every ten
epochs lets the same run settle lower and stay there.
"""

# ---------------------------------------------------------------------------------------- 4. momentum
L_MOM = r"""
## 4. Momentum and Nesterov's look-ahead

On an elongated valley gradient descent zig-zags: the gradient points mostly *across* the valley, where the
curvature is large, and only a little *along* it, where the minimum is. **Momentum** (Polyak 1964, the
"heavy ball") lets the weights build up velocity in directions where successive gradients agree while the
zig-zag components cancel. In the convention of `torch.optim` and `course_utils.optim`:

$$\mathbf v \leftarrow \beta\,\mathbf v + \mathbf g, \qquad \mathbf w \leftarrow \mathbf w - \eta\,\mathbf v,
\qquad \mathbf v = \mathbf 0 \text{ at the start}.$$

Unrolled, $\mathbf v_t = \mathbf g_t + \beta\mathbf g_{t-1} + \beta^2\mathbf g_{t-2} + \dots$: a sum of past
gradients fading by $\beta$ per step. If the gradient is constant the velocity tends to $\mathbf g/(1-\beta)$,
so the step tends to $\eta\mathbf g/(1-\beta)$: ten times the plain step for $\beta = 0.9$. If the gradient
alternates in sign the terms cancel. (Another common form, $\mathbf u \leftarrow \beta\mathbf u - \eta\mathbf g$,
$\mathbf w \leftarrow \mathbf w + \mathbf u$, gives the same weights for a constant $\eta$, with
$\mathbf u = -\eta\mathbf v$.)

**Nesterov momentum** (Nesterov 1983; for networks Sutskever et al. 2013) computes the gradient where the
velocity is about to take us, at the look-ahead point $\mathbf w + \beta\mathbf u$:

$$\mathbf u \leftarrow \beta\,\mathbf u - \eta\,\nabla C(\mathbf w + \beta\mathbf u), \qquad \mathbf w \leftarrow \mathbf w + \mathbf u .$$

That needs the gradient at a point other than the current weights. Rename the look-ahead point
$\tilde{\mathbf w} = \mathbf w + \beta\mathbf u$ and follow it instead: with $\mathbf g = \nabla C(\tilde{\mathbf w})$,

$$\tilde{\mathbf w}_{\text{new}} = \mathbf w_{\text{new}} + \beta\mathbf u_{\text{new}}
= (\tilde{\mathbf w} - \beta\mathbf u) + \mathbf u_{\text{new}} + \beta\mathbf u_{\text{new}}
= \tilde{\mathbf w} - \eta\,\mathbf g + \beta\,\mathbf u_{\text{new}} ,$$

using $\mathbf u_{\text{new}} - \beta\mathbf u = -\eta\mathbf g$. In the velocity $\mathbf v = -\mathbf u/\eta$ this is
`torch.optim.SGD(nesterov=True)`:

$$\mathbf v \leftarrow \beta\,\mathbf v + \mathbf g, \qquad \mathbf w \leftarrow \mathbf w - \eta\,(\mathbf g + \beta\,\mathbf v).$$

Only the step differs from plain momentum: $\mathbf g + \beta\mathbf v$ instead of $\mathbf v = \mathbf g + \beta\mathbf v_{\text{old}}$,
one more step of velocity ahead. When the velocity overshoots, the gradient at the look-ahead point already
pulls back, which damps the oscillation.

We compare the rules on the quadratic valley $C(\mathbf w) = \tfrac12(0.2\,w_1^2 + 10\,w_2^2)$, whose
curvatures are 0.2 along and 10 across the valley (plain descent diverges above $\eta = 2/10$).
"""

L_MOM_CODE = r"""
curv = np.array([0.2, 10.0])
valley = lambda w1, w2: 0.5 * (curv[0] * w1 ** 2 + curv[1] * w2 ** 2)
valley_grad = lambda w: curv * w
w_start = np.array([-4.0, 1.0])

def run(update, n_steps=60, **hyper):
    # iterate one of course_utils.optim's pure update functions on the valley
    w, state, path = w_start.copy(), None, [w_start.copy()]
    for t in range(1, n_steps + 1):
        g = valley_grad(w)
        if update is sgd_update:
            w = sgd_update(w, g, **hyper)
        elif update is adam_update:
            w, state_m, state_v = adam_update(w, g, *(state or (None, None)), t, **hyper)
            state = (state_m, state_v)
        else:
            w, state = update(w, g, state, **hyper)
        path.append(w.copy())
    return np.array(path)

paths = {
    "gradient descent, lr 0.18": run(sgd_update, lr=0.18),
    "momentum, lr 0.1, beta 0.8": run(momentum_update, lr=0.1, beta=0.8),
    "Nesterov, lr 0.1, beta 0.8": run(momentum_update, lr=0.1, beta=0.8, nesterov=True),
}
fig, axes = plt.subplots(1, 2, figsize=(12, 4.2))
plot_contour_trajectory(valley, {k: v[:30] for k, v in paths.items()}, ax=axes[0], xlim=(-4.5, 1), ylim=(-1.5, 1.5),
                        title="First 30 steps on an elongated valley", minimum=(0, 0))
for name, path in paths.items():
    axes[1].semilogy([valley(*w) for w in path], label=name)
axes[1].set(title="Loss per step", xlabel="step", ylabel="C(w) (log scale)")
axes[1].legend()
plt.show()

# error factor per step along each axis (curvature lam): |1 - lr lam| for gradient descent; for momentum the
# largest |root| of r^2 - (1 + beta - lr lam) r + beta = 0 (derived below)
for lam in curv:
    rho = np.abs(np.roots([1.0, -(1 + 0.8 - 0.1 * lam), 0.8])).max()
    print(f"curvature {lam:4}: gradient descent (lr 0.18) x{abs(1 - 0.18 * lam):.3f} per step, "
          f"momentum (lr 0.1, beta 0.8) x{rho:.3f} per step")
"""

L_MOM_NOTE = r"""
Gradient descent needs $\eta$ close to the limit $2/10$ to make progress along the flat direction, and then
zig-zags across the valley; the along-valley error shrinks only by $1 - 0.18 \cdot 0.2 = 0.964$ per step. With
momentum a smaller $\eta$ suffices: the velocity accumulates along the valley, while the gradients across it,
alternating in sign, partly cancel in the velocity. Nesterov's look-ahead damps the oscillation across the valley (here it even cancels $w_2$ exactly in
two steps: $-0.8$, then $0$) and overshoots along the valley only once, by about 0.05; the sharp dip in its loss
near step 27 is the moment it crosses the minimum.

**When is momentum stable, and how fast?** Along an eigen-direction of curvature $\lambda$ the gradient is
$g = \lambda w$ (minimum at 0). From $v_{t+1} = \beta v_t + \lambda w_t$ and $w_{t+1} = w_t - \eta v_{t+1}$,
$w_{t+1} - w_t = -\eta(\beta v_t + \lambda w_t) = \beta(w_t - w_{t-1}) - \eta\lambda w_t$ (using
$\eta v_t = w_{t-1} - w_t$), that is

$$w_{t+1} = (1 + \beta - \eta\lambda)\, w_t - \beta\, w_{t-1}, \qquad
w_t \propto r^t \ \text{ with } \ r^2 - (1 + \beta - \eta\lambda)\, r + \beta = 0 .$$

Both roots lie inside the unit circle exactly when $0 < \eta\lambda < 2(1 + \beta)$: momentum tolerates learning
rates up to $1 + \beta$ times larger than plain descent ($\eta\lambda < 2$), 1.9 times for $\beta = 0.9$. When
the roots are complex, for $(1 - \sqrt\beta)^2 < \eta\lambda < (1 + \sqrt\beta)^2$, both have modulus
$\sqrt\beta$ (their product is $\beta$): the error spirals in by the factor $\sqrt\beta$ per step *whatever the
curvature*. Here $\eta\lambda = 0.02$ and $1$ both lie in that band for $\beta = 0.8$, so both directions shrink
by $\sqrt{0.8} \approx 0.894$ per step (the printed factors). Across the valley that is slower than gradient
descent's $0.8$, but along it gradient descent manages only $0.964$, and the slowest direction sets the pace:
that is the speed-up in the loss plot.
"""

# ------------------------------------------------------------------------------------------ 5. adaptive
L_ADAPT = r"""
## 5. Per-parameter step sizes: AdaGrad, RMSProp and Adam

Momentum still uses one learning rate for every weight. But gradients of different weights can differ by
orders of magnitude (weights of rare input features, of different layers), and one $\eta$ cannot suit them
all. The adaptive methods divide each coordinate's step by a running measure of its own gradient size. All
operations are element-wise, with state starting at zero, exactly as in `torch.optim`:

**AdaGrad** (Duchi, Hazan & Singer 2011) divides by the root of the *sum* of all past squared gradients:
$$G \leftarrow G + g^2, \qquad w \leftarrow w - \eta\,\frac{g}{\sqrt{G} + \varepsilon}.$$
Rarely-updated coordinates keep large steps; but $G$ only grows, so every step eventually dies out.

**RMSProp** (Tieleman & Hinton 2012) forgets old gradients with an exponential moving average:
$$s \leftarrow \alpha\, s + (1 - \alpha)\, g^2, \qquad w \leftarrow w - \eta\,\frac{g}{\sqrt{s} + \varepsilon}
\qquad (\alpha = 0.99 \text{ by default}).$$

**Adam** (Kingma & Ba 2015) combines an average of the gradients (a momentum) with RMSProp's average of their
squares, and corrects both for starting at zero. For step $t = 1, 2, \dots$:
$$m \leftarrow \beta_1 m + (1 - \beta_1)\, g, \qquad v \leftarrow \beta_2 v + (1 - \beta_2)\, g^2,$$
$$\hat m = \frac{m}{1 - \beta_1^{\,t}}, \qquad \hat v = \frac{v}{1 - \beta_2^{\,t}}, \qquad
w \leftarrow w - \eta\,\frac{\hat m}{\sqrt{\hat v} + \varepsilon}
\qquad (\beta_1 = 0.9,\ \beta_2 = 0.999,\ \varepsilon = 10^{-8}).$$
In all three, $\varepsilon$ is added *after* the square root.

**Why the bias correction?** Unroll the average: $m_t = (1-\beta_1)\sum_{s=1}^{t}\beta_1^{\,t-s} g_s$. If the
gradients have mean $\mu$, then $\mathbb E[m_t] = \mu\,(1-\beta_1)\sum_{s=1}^{t}\beta_1^{\,t-s} = \mu\,(1 - \beta_1^{\,t})$:
the zero start biases $m$ towards zero, most strongly at the beginning. After the first step
$m_1 = (1-\beta_1)\,g = 0.1\,g$ and $v_1 = (1-\beta_2)\,g^2 = 0.001\,g^2$. Dividing by $1 - \beta^t$ removes
exactly this factor: $\hat m_1 = g$, $\hat v_1 = g^2$, and the first step is $\eta\, g/(|g| + \varepsilon)
\approx \eta\,\mathrm{sign}(g)$. Without the correction the first steps would be
$\eta \cdot 0.1/\sqrt{0.001} \approx 3.2\,\eta$ per coordinate and then grow further, because $v$ (with
$\beta_2 = 0.999$) warms up far more slowly than $m$.
"""

L_ADAPT_CODE = r"""
rng = np.random.default_rng(1)
T = 3000
g = 1.0 + 0.5 * rng.standard_normal(T)          # noisy gradients with mean 1 and RMS sqrt(1.25)
beta1, beta2 = 0.9, 0.999
m = v = 0.0
steps_raw, steps_hat, m_raw, m_hat = [], [], [], []
for t in range(1, T + 1):
    m = beta1 * m + (1 - beta1) * g[t - 1]
    v = beta2 * v + (1 - beta2) * g[t - 1] ** 2
    m_raw.append(m); m_hat.append(m / (1 - beta1 ** t))
    steps_raw.append(m / np.sqrt(v))                                   # step / lr without correction
    steps_hat.append((m / (1 - beta1 ** t)) / np.sqrt(v / (1 - beta2 ** t)))   # with correction

ts = np.arange(1, T + 1)
fig, axes = plt.subplots(1, 2, figsize=(12, 4))
axes[0].plot(ts[:50], m_raw[:50], label="m (no correction)")
axes[0].plot(ts[:50], m_hat[:50], label="m̂ = m / (1 − β₁ᵗ)")
axes[0].axhline(1.0, color="gray", lw=1, label="true mean gradient")
axes[0].set(title="First moment: the zero start biases m towards 0", xlabel="step t", ylabel="estimate")
axes[0].legend()
axes[1].semilogx(ts, steps_raw, label="m / √v (no correction)")
axes[1].semilogx(ts, steps_hat, label="m̂ / √v̂ (Adam)")
axes[1].axhline(1.0 / np.sqrt(1.25), color="gray", lw=1, label="mean / RMS of the gradients")
axes[1].set(title="Step size in units of η", xlabel="step t (log scale)", ylabel="step / η", ylim=(0, 8.5))
axes[1].legend(loc="upper right")
plt.show()
print(f"first step without correction: {steps_raw[0]:.3f} η, with correction: {steps_hat[0]:.3f} η")
"""

L_ADAPT_NOTE = r"""
Without correction the first step is $0.1/\sqrt{0.001} \approx 3.16$ times $\eta$, and because $\sqrt v$
warms up about a hundred times more slowly than $m$, the steps grow to several times $\eta$ for hundreds of
steps: exactly when the weights are far from anything sensible. With the correction the step is about $\eta$
from the start and settles near the gradients' mean divided by their root mean square (grey line): the
noisier the gradient, the shorter the steps.

On the valley of Section 4, where the two coordinates have curvatures 0.2 and 10, the adaptive methods make
both coordinates move at similar speeds:
"""

L_ADAPT_CODE2 = r"""
paths.update({
    "AdaGrad, lr 1": run(adagrad_update, lr=1.0),
    "RMSProp, lr 0.1": run(rmsprop_update, lr=0.1),
    "Adam, lr 0.3": run(adam_update, lr=0.3),
})
fig, ax = plt.subplots(figsize=(7, 4.2))
for name, path in paths.items():
    ax.semilogy([valley(*w) for w in path], label=name)
ax.set(title="Six optimizers on the elongated valley", xlabel="step", ylabel="C(w) (log scale)")
ax.legend(fontsize=8)
plt.show()
"""

L_ADAPT_NOTE2 = r"""
On this valley AdaGrad and RMSProp win by far, and the reason is special: the valley's axes are the
coordinate axes, so dividing each coordinate by its own gradient size undoes the ill-conditioning exactly.
(On a rotated valley the per-coordinate scaling helps much less, because the adaptation is per coordinate,
not per eigen-direction of the Hessian.) Adam applies the same kind of scaling plus momentum; with a constant
$\eta = 0.3$ its steps stay about $\eta$ long while the gradient keeps its sign, so it overshoots and circles
the minimum, and would need a smaller or decaying rate to settle. A ranking on one toy surface says little
about networks; Adam's strength is that its default settings work reasonably well on very different
problems.
"""

# ------------------------------------------------------------------------------------------- 6. Newton
L_NEWTON = r"""
## 6. Newton's method: fewer oscillations, but not for networks

Newton's method fits a quadratic model $C(\mathbf w + \boldsymbol\delta) \approx C + \mathbf g^\top\boldsymbol\delta
+ \tfrac12\boldsymbol\delta^\top H\boldsymbol\delta$ with the Hessian $H$, and jumps to the model's
stationary point:

$$\mathbf w \leftarrow \mathbf w - H^{-1}\mathbf g .$$

Each eigen-direction of $H$ is rescaled by its own curvature, so there is no zig-zag: on the quadratic valley
above, one Newton step lands exactly on the minimum. Two problems rule it out for networks:

1. **Cost.** $H$ has $p^2$ entries for $p$ parameters, and solving $H\boldsymbol\delta = \mathbf g$ costs about
   $p^3/3$ operations. A modest network with $p = 10^6$ weights would need $10^{12}$ numbers (8 TB) and
   $\sim 3\cdot 10^{17}$ operations *per step*. (Approximations exist, such as Hessian-free optimization
   (Martens 2010), but are not widely used.)
2. **Wrong directions.** Newton's step goes to the stationary point of the quadratic model, whatever its
   kind. Where the Hessian has a negative eigenvalue, the step in that direction goes *uphill*, towards a
   saddle or a maximum. On the pure saddle $C = \tfrac12(w_1^2 - w_2^2)$, $H = \mathrm{diag}(1, -1)$ and
   $-H^{-1}\mathbf g = -(w_1, w_2)$: from *any* start, one Newton step lands exactly on the saddle.

We compare the two on $C(\mathbf w) = \tfrac12 w_1^2 + \tfrac14 w_2^4 - \tfrac12 w_2^2$, which has a saddle at
the origin (Hessian $\mathrm{diag}(1, -1)$) and two minima at $(0, \pm 1)$.
"""

L_NEWTON_CODE = r"""
saddle = lambda w1, w2: 0.5 * w1 ** 2 + 0.25 * w2 ** 4 - 0.5 * w2 ** 2
saddle_grad = lambda w: np.array([w[0], w[1] ** 3 - w[1]])
saddle_hess = lambda w: np.array([[1.0, 0.0], [0.0, 3 * w[1] ** 2 - 1]])

start = np.array([1.2, 0.3])
newton, gd = [start], [start]
for _ in range(12):
    w = newton[-1]
    newton.append(w - np.linalg.solve(saddle_hess(w), saddle_grad(w)))
for _ in range(40):
    gd.append(sgd_update(gd[-1], saddle_grad(gd[-1]), lr=0.3))
newton, gd = np.array(newton), np.array(gd)

fig, ax = plt.subplots(figsize=(6.5, 5))
plot_contour_trajectory(saddle, {"Newton (12 steps)": newton, "gradient descent, lr 0.3 (40 steps)": gd}, ax=ax,
                        xlim=(-1.5, 1.5), ylim=(-1.5, 1.5), levels=25,
                        title="Newton's method converges to the saddle")
ax.plot([0], [0], "kx", ms=10, mew=2)
ax.annotate("saddle", (0, 0), xytext=(0.1, -0.3))
plt.show()
print("Newton ends at", newton[-1].round(6), "| eigenvalues of H there:", np.linalg.eigvalsh(saddle_hess(newton[-1])))
print("gradient descent ends at", gd[-1].round(4), "| eigenvalues of H there:", np.linalg.eigvalsh(saddle_hess(gd[-1])))
w = np.array([0.7, -2.0])
print("pure saddle 0.5*(w1^2 - w2^2): one Newton step from", w, "lands on",
      w - np.linalg.solve(np.diag([1.0, -1.0]), w * np.array([1.0, -1.0])))
"""

L_NEWTON_NOTE = r"""
At $w_2 = 0.3$ the curvature along $w_2$ is $3 w_2^2 - 1 = -0.73 < 0$, so Newton's quadratic model has a
maximum in that direction and the step goes towards it, to $w_2 = 0$; gradient descent simply goes downhill,
away from the saddle, to the minimum $(0, 1)$. (Fixes exist, such as using $|H|$, the saddle-free Newton
method of Dauphin et al. 2014, but the cost remains.)
"""

# ------------------------------------------------------------------------------------ 7. critical points
L_CRIT = r"""
## 7. Critical points: why saddles, not bad local minima

Training stops changing the weights where the gradient vanishes, at a **critical point**. The Hessian's
eigenvalues $\lambda_1, \dots, \lambda_p$ say which kind (near it,
$C(\mathbf w^* + \boldsymbol\delta) \approx C(\mathbf w^*) + \tfrac12\sum_i \lambda_i\, (\mathbf u_i\cdot\boldsymbol\delta)^2$
along the eigenvectors $\mathbf u_i$):

- all $\lambda_i > 0$: a **local minimum** (up in every direction);
- all $\lambda_i < 0$: a **local maximum**;
- some positive, some negative: a **saddle point** (down along the negative-curvature directions);
- some $\lambda_i = 0$: degenerate, the second-order test does not decide.

In one or two dimensions we picture landscapes full of local minima. Dauphin et al. (2014) argued that in
high dimension the picture is reversed: for a minimum, *every one* of the $p$ curvatures must be positive,
and for a "random" critical point that is extraordinarily unlikely. A crude model makes the point: take the
Hessian at a critical point to be a random symmetric matrix, $H = (A + A^\top)/2$ with independent standard
normal entries in $A$, and count how often all its eigenvalues are positive.
"""

L_CRIT_CODE = r"""
rng = np.random.default_rng(0)
dims = np.arange(1, 6)
n_samples = 40_000
fraction = []
for d in dims:
    A = rng.standard_normal((n_samples, d, d))
    eigenvalues = np.linalg.eigvalsh((A + A.transpose(0, 2, 1)) / 2)
    fraction.append(np.mean(eigenvalues.min(axis=1) > 0))
fraction = np.array(fraction)

fig, ax = plt.subplots(figsize=(6, 4))
ax.semilogy(dims, fraction, "o-", label="random symmetric H: all eigenvalues > 0")
ax.semilogy(dims, 0.5 ** dims, "k--", lw=1, label="$2^{-d}$ (if the signs were independent coin flips)")
ax.set(title="Minima become rare among critical points as dimension grows", xlabel="dimension d",
       ylabel="fraction of critical points that are minima", xticks=dims)
ax.legend(fontsize=8)
plt.show()
for d, f in zip(dims, fraction):
    print(f"d = {d}: {f:.5f}")
"""

L_CRIT_NOTE = r"""
The fraction falls even faster than $2^{-d}$ (the eigenvalues of a random matrix repel each other, so having
all of them on one side of zero is rarer than independent signs would suggest): $0.5$, about $0.15$, $0.025$,
$0.0025$, $2\cdot10^{-4}$, and by $d = 10$ it is far too small to sample. A network has millions of dimensions.
Dauphin et al. found, for real networks, that critical points with high loss are almost all saddles, while
the local minima that do exist tend to have a loss close to the global minimum (see also Choromanska et al.
2015). The practical trouble is therefore not being trapped in a bad minimum but *slowing down* near saddles,
where the gradient is small; gradient noise and momentum help to leave them, while Newton's method is
attracted to them.
"""

# ------------------------------------------------------------------------------------------ 8. init
L_SYM = r"""
## 8. Initialization

### 8.1 Equal weights never break the symmetry

If two hidden units start with the same incoming and outgoing weights, they compute the same output on every
input, receive the same error signal, and therefore get the same gradient: after the update they are still
equal, and so forever. The network then has, in effect, one hidden unit. Let us start a 2-8-2 network with all
weights of a layer equal and train it with SGD.
"""

L_SYM_CODE = r"""
net = MLP([2, 8, 2], seed=0)
net.params["W1"][...] = 0.5          # every hidden unit gets the same incoming weights
net.params["W2"][...] = 0.3          # ... and the same outgoing weights
history = train(net, SGD(0.1), X_train, y_train, epochs=30, batch_size=32, rng=np.random.default_rng(0),
                progress=False)
W1 = net.params["W1"]
print("W1 after 30 epochs (one column per hidden unit):\n", W1)
print("largest difference between hidden units:", np.abs(W1 - W1[:, :1]).max())
print(f"training accuracy {history.train_acc[-1]:.3f}  (a single hidden unit's worth of capacity)")
"""

L_SYM_NOTE = r"""
All eight columns are still identical after 420 updates (14 mini-batches per epoch, 30 epochs): the weights
did change, but in lockstep. Random initial weights break the symmetry. (Zero weights are even worse with
ReLU: every hidden pre-activation is 0, the ReLU's derivative there is 0, and no gradient reaches the first
layer at all.) Biases may start at zero: the random weights already make the units differ.
"""

L_SCALE = r"""
### 8.2 Scale matters: signals that explode or vanish with depth

Ignore the biases and fix which ReLUs are on. Then a deep ReLU network is linear along each path, and an
output is a sum over paths of products of weights, one per layer:

$$y_i = \sum_{j,k,l} \mathbf 1(h^{(2)}_j > 0)\,\mathbf 1(h^{(1)}_k > 0)\, W^{(3)}_{ij} W^{(2)}_{jk} W^{(1)}_{kl}\, x_l ,$$

and the gradient $\partial y_i/\partial x_l$ is the same sum without the $x_l$. With $L$ layers each factor
enters $L$ times, so if the weights are a little too large the signals grow like $c^L$, and if a little too
small they shrink like $c^L$: **exponentially in depth, forward and backward.**

How large is "right"? For a unit $z = \sum_{k=1}^{n_{in}} w_k h_k$ with independent zero-mean weights of
variance $\sigma_w^2$ and inputs with second moment $\mathbb E[h^2]$,

$$\operatorname{Var}(z) = n_{in}\,\sigma_w^2\,\mathbb E[h^2].$$

- For units that are roughly linear around zero (tanh), $\mathbb E[h^2] \approx \operatorname{Var}(z_{\text{prev}})$,
  so the forward signal keeps its size when $\sigma_w^2 = 1/n_{in}$; the same argument backwards gives
  $1/n_{out}$. **Glorot & Bengio (2010)** take the compromise $\sigma_w^2 = 2/(n_{in} + n_{out})$, drawn
  uniformly from $[-a, a]$ with $a = \sqrt{6/(n_{in} + n_{out})}$ (a uniform law has variance $a^2/3$).
- A ReLU zeroes the negative half of a symmetric $z$, so $\mathbb E[\mathrm{relu}(z)^2] = \tfrac12\operatorname{Var}(z)$:
  every layer halves the second moment. **He et al. (2015)** compensate with $\sigma_w^2 = 2/n_{in}$, i.e.
  $W \sim \mathcal N(0, 2/n_{in})$.

`course_utils.init` implements both exactly this way (`xavier_init`: uniform; `he_init`: normal, fan-in).
We push a batch through 30 ReLU layers of width 256 and back, for four initial scales.
"""

L_SCALE_CODE = r"""
depth, width = 30, 256
rng = np.random.default_rng(0)
x = rng.standard_normal((100, width))
inits = {
    "N(0, 0.01²)": lambda n_in, n_out, r: 0.01 * r.standard_normal((n_in, n_out)),
    "Xavier (uniform, 2/(n_in+n_out))": xavier_init,
    "He (normal, 2/n_in)": he_init,
    "1.5 × He": lambda n_in, n_out, r: 1.5 * he_init(n_in, n_out, r),
}
fig, axes = plt.subplots(1, 2, figsize=(12, 4.2))
for name, init in inits.items():
    Ws = [init(width, width, np.random.default_rng(l)) for l in range(depth)]
    h, masks, forward_std = x, [], []
    for W in Ws:                                   # forward: h <- relu(h W)
        z = h @ W
        masks.append(z > 0)
        h = np.where(z > 0, z, 0.0)
        forward_std.append(h.std())
    dh, backward_std = np.random.default_rng(99).standard_normal(h.shape), []
    for W, mask in zip(Ws[::-1], masks[::-1]):     # backward: dh <- (dh * relu'(z)) W^T
        dh = (dh * mask) @ W.T
        backward_std.append(dh.std())
    axes[0].semilogy(range(1, depth + 1), forward_std, "o-", ms=3, label=name)
    axes[1].semilogy(range(depth, 0, -1), backward_std, "o-", ms=3, label=name)
axes[0].set(title="Forward: activation std per layer (30 ReLU layers)", xlabel="layer",
            ylabel="std of the activations (log scale)")
axes[1].set(title="Backward: error-signal std per layer", xlabel="layer (the signal flows right to left)",
            ylabel="std of dL/dh (log scale)")
for ax in axes:
    ax.legend(fontsize=8)
plt.show()
"""

L_SCALE_NOTE = r"""
He's scale keeps the activations and the error signals at the same size through all 30 layers. Xavier's
variance, $1/256$ here, is half of what a ReLU layer needs, so the signal shrinks by $1/\sqrt2$ per layer
(a factor $2^{-15} \approx 3\cdot10^{-5}$ after 30 layers); small constant weights kill it completely
($0.01\sqrt{256/2} \approx 0.11$ per layer); 1.5 times He's scale makes it grow by 1.5 per layer, to
$1.5^{30} \approx 2\cdot10^5$. The backward pass shows the same factors, so the first layers of a badly
initialized deep net get vanishing (or exploding) gradients and barely learn (or blow up). With tanh units
Xavier's scale is the right one.
"""

L_RESCALE = r"""
### 8.3 The rescaling symmetry

The tiny network $y = w_2 h$, $h = w_1 x$ with loss $C = (w_1 w_2 x - 1.5)^2$ has gradients

$$\frac{\partial C}{\partial w_1} = 2(w_1 w_2 x - 1.5)\, w_2 x, \qquad \frac{\partial C}{\partial w_2} = 2(w_1 w_2 x - 1.5)\, w_1 x .$$

Double $w_1$ and halve $w_2$: the output, and the loss, are unchanged, but $\partial C/\partial w_2$ doubles
and $\partial C/\partial w_1$ halves. The same holds for ReLU networks, since $\mathrm{relu}(c z) = c\,\mathrm{relu}(z)$
for $c > 0$: scaling one layer's weights and biases by $c$ and the next layer's weights by $1/c$ gives the
same function.
"""

L_RESCALE_CODE = r"""
def tiny(w1, w2, x=1.0):
    r = w1 * w2 * x - 1.5
    return r ** 2, np.array([2 * r * w2 * x, 2 * r * w1 * x])

for w1, w2 in [(1.0, 1.0), (2.0, 0.5)]:
    loss, grad = tiny(w1, w2)
    print(f"w1 = {w1}, w2 = {w2}: output {w1 * w2:.2f}, loss {loss:.3f}, dC/dw1 = {grad[0]:+.3f}, dC/dw2 = {grad[1]:+.3f}")

net = MLP([2, 32, 2], seed=0)
loss_a, grads_a = net.loss_and_grads(X_train, y_train)
net.params["W1"] *= 2; net.params["b1"] *= 2; net.params["W2"] /= 2      # same function
loss_b, grads_b = net.loss_and_grads(X_train, y_train)
print(f"\nReLU network: loss {loss_a:.6f} -> {loss_b:.6f}")
for key in ["W1", "W2"]:
    print(f"  |grad {key}| changes by a factor {np.linalg.norm(grads_b[key]) / np.linalg.norm(grads_a[key]):.3f}")
"""

L_RESCALE_NOTE = r"""
Same function, different gradients: gradient descent is not invariant to how a function is parametrized. The
layer made twice as large gets half the gradient, so *relative to its size* it changes four times more
slowly, and the layer made half as large four times faster. This is one more reason to start all layers at
comparable, well-chosen scales, and part of why per-parameter step sizes (Adam) are forgiving.
"""

# ------------------------------------------------------------------------------------ 9. normalization
L_NORM = r"""
## 9. Input normalization

The same argument applies to the inputs. If one feature is measured in metres (values about 0.5) and another
in grams (values about 3000), the first layer's gradient for the large feature is thousands of times
larger, the loss surface is an extremely elongated valley, and the learning rate must be small enough for
the steep direction, so the network learns almost nothing from the small feature. The fix is to
**standardize**: subtract the training mean and divide by the training standard deviation, per feature,
and apply the *same* numbers to the validation and test data (`course_utils.data.standardize`).

Below, the moons' second coordinate is recorded in different units (times 100, plus 50).
"""

L_NORM_CODE = r"""
X_raw = X_moons * np.array([1.0, 100.0]) + np.array([0.0, 50.0])
Xr_train, Xr_val, _, yr_train, yr_val, _ = train_val_test_split(X_raw, y_moons, seed=1)
Xs_train, Xs_val = standardize(Xr_train, Xr_val)
print("feature std, raw:", Xr_train.std(axis=0).round(2), " standardized:", Xs_train.std(axis=0).round(2))
runs = {"raw inputs, lr 3e-5": (Xr_train, 3e-5), "raw inputs, lr 1e-4": (Xr_train, 1e-4),
        "standardized inputs, lr 0.3": (Xs_train, 0.3)}
fig, ax = plt.subplots(figsize=(6.5, 4))
for name, (Xtr, lr) in runs.items():
    h = train(MLP([2, 32, 2], seed=0), SGD(lr), Xtr, yr_train, epochs=40, batch_size=32,
              rng=np.random.default_rng(0), progress=False)
    ax.semilogy(range(1, 41), h.train_loss, label=f"{name} (final {h.train_loss[-1]:.2f})")
ax.set(title="Standardized inputs train faster", xlabel="epoch", ylabel="training loss (log scale)")
ax.legend(fontsize=8)
plt.show()
"""

L_NORM_NOTE = r"""
On the raw inputs even $3\cdot10^{-5}$ is barely stable (the loss bounces between about 0.6 and 3 and ends at
0.55), and $10^{-4}$ no longer trains at all; after standardizing, a rate ten thousand times larger trains
smoothly to a much lower loss. (Images are often only centred, by subtracting the mean image, because their
pixels already share one scale.)
"""

# ------------------------------------------------------------------------------------ 10. diagnosing lr
L_DIAG = r"""
## 10. Reading the learning rate from the loss curve

The learning rate is the first hyperparameter to tune, and the loss curve tells you which way to move it.
Four runs of the same network with SGD:
"""

L_DIAG_CODE = r"""
rates = {"too low (0.003)": 0.003, "good (0.1)": 0.1, "too high (3)": 3.0, "divergent (30)": 30.0}
fig, ax = plt.subplots(figsize=(7, 4.2))
for name, lr in rates.items():
    h = train(MLP([2, 32, 32, 2], seed=0), SGD(lr), X_train, y_train, epochs=40, batch_size=32,
              rng=np.random.default_rng(0), progress=False)
    ax.semilogy(range(1, h.epochs + 1), h.train_loss, "o-", ms=2, label=name)
ax.axhline(np.log(2), color="gray", ls=":", lw=1, label="ln 2: guessing 50/50")
ax.set(title="Diagnosing the learning rate from the training loss", xlabel="epoch",
       ylabel="training loss (log scale)")
ax.legend(fontsize=8)
plt.show()
"""

L_DIAG_NOTE = r"""
- **Too low**: a smooth curve that keeps going down, slowly; it would get there, eventually. Increase $\eta$
  (by factors of 3-10).
- **Good**: a fast drop, then a steady decrease with small wiggles from the mini-batch noise.
- **Too high**: the loss stalls at a poor value, with spikes. Here it hovers at or above $\ln 2$, the loss of
  a constant 50/50 guess: the large early steps have pushed every unit of the second hidden layer into the
  region where its ReLU is off for all training points, and such "dead" units pass no gradient, so the
  network is stuck with a constant output. Decrease $\eta$, or decay it.
- **Divergent**: the loss rises far above its starting value and jumps around at a high level; at still
  larger rates the weights overflow to `inf`/`nan` (then `train` stops and sets `history.diverged`). Decrease
  $\eta$ by a factor of 10 or more.

A good search is coarse to fine on a logarithmic grid (0.001, 0.01, 0.1, 1), a few epochs each, on a small
subset first.
"""

# -------------------------------------------------------------------------------------------- widget
L_WIDGET = r"""
## 11. Try it yourself: the optimizer race

The widget races gradient descent, momentum, Nesterov, AdaGrad, RMSProp and Adam on the same surfaces (the
two-weight valley, an ill-conditioned quadratic, a banana-shaped valley, a saddle). Things to try: on the
saddle, which optimizers escape first, and does anyone stop at the saddle point? On the ill-conditioned
quadratic, raise the learning rate until gradient descent oscillates and watch what momentum and Adam do at
the same rate. Does Adam's path depend on the scale of the surface?
"""

L_WIDGET_CODE = r"""
from course_utils.widgets import optimizer_race
optimizer_race()
"""

# ------------------------------------------------------------------------------------------- quiz etc.
L_QUIZ = r"""
## Check your understanding

1. A training set has labels with 20% noise: identical inputs carry the "wrong" label 20% of the time. What is
   the smallest expected cross-entropy a perfect model can reach on such an input, and why can training loss
   go below it?
   <details><summary>Answer</summary>
   The entropy of the true label distribution: $H = -(0.8\ln 0.8 + 0.2\ln 0.2) \approx 0.500$ nats. The expected
   NLL is $H(P) + \mathrm{KL}(P\|Q) \ge H(P)$. On the finite training set a flexible model can memorize the
   noisy labels (the training NLL is minimized by the sample frequencies), which drives the training loss below
   $H$; that is overfitting, and the validation loss shows it.
   </details>

2. You double the batch size from 64 to 128. By how much does the spread of the gradient estimate change, and
   how does the number of updates per epoch change?
   <details><summary>Answer</summary>
   The standard deviation shrinks by $\sqrt 2$ (variance halves; slightly more with the finite-population
   factor), and there are half as many updates per epoch. Because of the noise reduction one can often take a
   somewhat larger learning rate.
   </details>

3. With momentum $\beta = 0.9$ (torch convention) and a constant gradient $g$, what is the velocity after many
   steps and what is the first step from rest? And for Nesterov?
   <details><summary>Answer</summary>
   $v \to g/(1-\beta) = 10g$, so the step tends to $10\eta g$. The first step from $v = 0$ is $\eta g$ for
   heavy-ball momentum (since $v_1 = g$) and $\eta(g + \beta g) = 1.9\,\eta g$ for Nesterov. Nesterov's
   velocity tends to the same $10g$, so its step $\eta(g + \beta v)$ tends to $\eta(g + 9g) = 10\eta g$ as well.
   </details>

4. Why does Adam without bias correction take steps about $3.2\eta$ at the start, with $\beta_1 = 0.9$,
   $\beta_2 = 0.999$?
   <details><summary>Answer</summary>
   $m_1 = 0.1g$ and $v_1 = 0.001g^2$, so $m_1/\sqrt{v_1} = 0.1/\sqrt{0.001}\,\mathrm{sign}(g) \approx 3.16\,\mathrm{sign}(g)$.
   The corrections divide by $1-\beta_1 = 0.1$ and $1-\beta_2 = 0.001$, giving $\hat m_1/\sqrt{\hat v_1} = \mathrm{sign}(g)$.
   </details>

5. At a critical point the Hessian has eigenvalues $(3.1, 0.4, -0.02)$. What is it, and what will gradient
   descent and Newton's method do near it?
   <details><summary>Answer</summary>
   A saddle (one negative eigenvalue). Gradient descent escapes along the negative-curvature eigenvector, slowly
   at first because $|\lambda| = 0.02$ is small (this is the "plateau" of training). Newton's method rescales
   that direction by $1/\lambda < 0$, so it steps *towards* the saddle and can converge to it.
   </details>

6. A 20-layer ReLU network is initialized with Xavier's variance $1/n$ (equal fan-in and fan-out). Roughly by
   what factor has the activation scale changed at the last layer, and what would you use instead?
   <details><summary>Answer</summary>
   Each ReLU layer halves the second moment, so the standard deviation shrinks by $1/\sqrt 2$ per layer:
   $2^{-10} \approx 10^{-3}$ after 20 layers. Use He initialization, $\mathcal N(0, 2/n_{in})$.
   </details>
"""

L_SUMMARY = r"""
## Summary

- Training minimizes the negative log-likelihood (cross-entropy); its expected value is
  $H(P) + \mathrm{KL}(P\|Q)$, smallest exactly when the model equals the data distribution.
- Mini-batches give unbiased gradient estimates whose noise shrinks like $1/\sqrt B$; they allow many cheap
  updates per epoch and use the hardware efficiently. Reshuffle every epoch.
- Decay the learning rate (step, exponential, $1/t$) so that the noisy steps settle.
- Momentum: $v \leftarrow \beta v + g$, $w \leftarrow w - \eta v$; Nesterov: $w \leftarrow w - \eta(g + \beta v)$.
  RMSProp: $s \leftarrow \alpha s + (1-\alpha)g^2$, $w \leftarrow w - \eta g/(\sqrt s + \varepsilon)$. Adam: moving averages
  $m, v$ of $g$ and $g^2$, bias-corrected by $1-\beta^t$ ($t$ from 1), $w \leftarrow w - \eta\hat m/(\sqrt{\hat v} + \varepsilon)$.
- Newton's method removes the zig-zag but costs $O(p^3)$ per step and is attracted to saddles.
- Critical points are classified by the Hessian's eigenvalues; in high dimension almost all are saddles, and
  the minima that exist are mostly good ones.
- Initialize randomly (equal weights stay equal) at the right scale: Xavier $U[\pm\sqrt{6/(n_{in}+n_{out})}]$ for
  tanh, He $\mathcal N(0, 2/n_{in})$ for ReLU; otherwise signals and gradients explode or vanish exponentially
  with depth. Rescaling symmetries mean that parameter scale changes the gradients but not the function.
- Standardize the inputs with training statistics. Read the learning rate from the loss curve: slow and
  smooth means too low; a plateau or spikes mean too high; rising means divergent.
"""

L_REFS = r"""
## References

- B. T. Polyak (1964). Some methods of speeding up the convergence of iteration methods. *USSR Computational
  Mathematics and Mathematical Physics* 4(5), 1–17. (Momentum, the heavy-ball method.)
- Y. Nesterov (1983). A method for solving the convex programming problem with convergence rate $O(1/k^2)$.
  *Soviet Mathematics Doklady* 27, 372–376. (Accelerated gradient.)
- I. Sutskever, J. Martens, G. Dahl and G. Hinton (2013). On the importance of initialization and momentum in
  deep learning. *ICML*. (Nesterov momentum for networks.)
- H. Robbins and S. Monro (1951). A stochastic approximation method. *Annals of Mathematical Statistics* 22(3),
  400–407. (Decaying step sizes.)
- J. Duchi, E. Hazan and Y. Singer (2011). Adaptive subgradient methods for online learning and stochastic
  optimization. *JMLR* 12, 2121–2159. (AdaGrad.)
- T. Tieleman and G. Hinton (2012). Lecture 6.5, RMSProp: divide the gradient by a running average of its
  recent magnitude. *COURSERA: Neural Networks for Machine Learning*.
- D. P. Kingma and J. Ba (2015). Adam: a method for stochastic optimization. *ICLR*. arXiv:1412.6980.
- Y. Dauphin, R. Pascanu, C. Gulcehre, K. Cho, S. Ganguli and Y. Bengio (2014). Identifying and attacking the
  saddle point problem in high-dimensional non-convex optimization. *NIPS*.
- A. Choromanska, M. Henaff, M. Mathieu, G. Ben Arous and Y. LeCun (2015). The loss surfaces of multilayer
  networks. *AISTATS*.
- J. Martens (2010). Deep learning via Hessian-free optimization. *ICML*.
- X. Glorot and Y. Bengio (2010). Understanding the difficulty of training deep feedforward neural networks.
  *AISTATS*. (Xavier initialization.)
- K. He, X. Zhang, S. Ren and J. Sun (2015). Delving deep into rectifiers: surpassing human-level performance on
  ImageNet classification. *ICCV*. (He initialization.)
- Y. LeCun, L. Bottou, G. B. Orr and K.-R. Müller (1998). Efficient BackProp. In *Neural Networks: Tricks of
  the Trade*, Springer. (Input normalization, initialization, learning rates.)
"""


def lecture_cells():
    return [
        md(L_TITLE), code(L_SETUP),
        md(L_NLL), code(L_NLL_CODE), md(L_NLL_NOTE),
        md(L_BATCH), code(L_BATCH_CODE), md(L_HW), code(L_HW_CODE), md(L_HW_NOTE),
        md(L_SCHED), code(L_SCHED_CODE), md(L_SCHED_NOTE),
        md(L_MOM), code(L_MOM_CODE), md(L_MOM_NOTE),
        md(L_ADAPT), code(L_ADAPT_CODE), md(L_ADAPT_NOTE), code(L_ADAPT_CODE2), md(L_ADAPT_NOTE2),
        md(L_NEWTON), code(L_NEWTON_CODE), md(L_NEWTON_NOTE),
        md(L_CRIT), code(L_CRIT_CODE), md(L_CRIT_NOTE),
        md(L_SYM), code(L_SYM_CODE), md(L_SYM_NOTE),
        md(L_SCALE), code(L_SCALE_CODE), md(L_SCALE_NOTE),
        md(L_RESCALE), code(L_RESCALE_CODE), md(L_RESCALE_NOTE),
        md(L_NORM), code(L_NORM_CODE), md(L_NORM_NOTE),
        md(L_DIAG), code(L_DIAG_CODE), md(L_DIAG_NOTE),
        md(L_WIDGET), code(L_WIDGET_CODE),
        md(L_QUIZ), md(L_SUMMARY), md(L_REFS),
    ]
