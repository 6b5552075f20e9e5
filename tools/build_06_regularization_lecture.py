"""Cells of the lecture notebook lectures/06_regularization.ipynb (built by tools/build_06_regularization.py)."""
from nb import code, md

L_TITLE = r"""
# Unit 6 — Regularization: networks that generalise

Units 4 and 5 taught a network to drive its training loss down. That is not the goal. The goal is a small
loss on data the network has **never seen**; the training set is only a sample of them. A network with
thousands of weights and a few dozen training points can fit every point, noise included, and then predicts
new points worse than a much simpler model. Everything that keeps a flexible model from fitting the noise is
called **regularization**. This unit shows how to see the problem (learning curves), the standard cures
(weight decay, early stopping, dropout, noise and data augmentation, ensembles and weight averaging), and how
to choose their settings honestly (a validation set and random search).

**Learning objectives.** After this unit you can
1. explain capacity, under-fitting and over-fitting, and diagnose them from training and validation curves;
2. derive the L2 penalty's gradient, explain why it is called weight decay and why biases are left alone;
3. use early stopping with a patience and restore the best weights;
4. explain dropout (Srivastava et al. 2014): random masks while training, inverted scaling with
   $\mathbb E[\text{out}] = x$, co-adaptation, and the view as an ensemble of $2^n$ thinned networks;
5. regularize with input noise and data augmentation, and say why noise acts like weight decay;
6. build ensembles (seeds, top models, checkpoints) and average parameters with an exponential moving average;
7. choose hyperparameters on a validation set, coarse to fine, with random rather than grid search
   (Bergstra & Bengio 2012), after first checking that the network can over-fit a small subset.
"""

L_SETUP = r"""
%matplotlib inline
import numpy as np
import matplotlib.pyplot as plt

from course_utils.data import make_xor
from course_utils.layers import dropout_forward
from course_utils.mlp import MLP
from course_utils.optim import Adam, SGD
from course_utils.plots import plot_decision_boundary
from course_utils.regularization import EarlyStopping, ema_update, l2_penalty
from course_utils.training import minibatches, train

np.set_printoptions(precision=4, suppress=True)
plt.rcParams["figure.dpi"] = 90


def noisy_xor(seed=0, n_train=50, n_val=300):
    # A small noisy problem: Gaussian clouds (std 0.3) around the four corners of the unit square,
    # label = XOR of the corner. Standardized with the training statistics.
    X, y = make_xor(n_train + n_val, noise=0.3, seed=seed)
    X_tr, y_tr, X_va, y_va = X[:n_train], y[:n_train], X[n_train:], y[n_train:]
    mean, std = X_tr.mean(axis=0), X_tr.std(axis=0)
    return (X_tr - mean) / std, y_tr, (X_va - mean) / std, y_va


def fit(sizes, epochs=400, l2=0.0, dropout=0.0, seed=0, early_stopping=None, lr=0.01, curves=True):
    # Full-batch Adam on the 50 training points; returns (model, history).
    net = MLP(sizes, l2=l2, dropout=dropout, seed=seed)
    if not curves:
        # Sweeps only need the final model: the same updates, without evaluating after every epoch
        # (training never looks at the validation set); the history is None.
        opt = Adam(lr)
        for epoch in range(epochs):
            loss, grads = net.loss_and_grads(X_train, y_train)
            opt.step(net.params, grads)
        return net, None
    h = train(net, Adam(lr), X_train, y_train, epochs=epochs, batch_size=len(X_train), X_val=X_val,
              y_val=y_val, early_stopping=early_stopping, rng=np.random.default_rng(seed), progress=False)
    return net, h


X_train, y_train, X_val, y_val = noisy_xor(0)
print("training set", X_train.shape, " validation set", X_val.shape)
"""

# ------------------------------------------------------------------------------------------- 1. capacity
L_CAP = r"""
## 1. Capacity, under-fitting and over-fitting

The **capacity** of a model is, loosely, how many different functions it can fit: a linear classifier can
only draw a straight boundary; a network with two hidden layers of 100 ReLUs (about 10 000 weights) can draw
almost any boundary through 50 points. Two ways to fail:

- **under-fitting**: the model is too simple (or too constrained) for the pattern; the training error is high,
  and the validation error about as high;
- **over-fitting**: the model is flexible enough to fit the noise of its particular training sample; the
  training error becomes very small while the validation error stays high or grows.

Our data set makes this visible: a noisy XOR with only 50 training points, four overlapping clouds. The best
possible boundary is the pair of axes through the centre (misclassifying the points that the noise carried
over), so even a perfect model errs on some points. We train three models the same way (Adam, learning rate
0.01, 400 full-batch epochs): a linear softmax classifier (2-2), a small network (2-4-2) and a large one
(2-100-100-2), and record, after every epoch, the loss on the training set and on 300 **validation** points
that training never uses. Plotting both against the epoch gives the **learning curves**.
"""

L_CAP_CODE = r"""
runs = {"2-2 (linear)": [2, 2], "2-4-2 (small)": [2, 4, 2], "2-100-100-2 (large)": [2, 100, 100, 2]}
models, hists = {}, {}
for name, sizes in runs.items():
    models[name], hists[name] = fit(sizes)
net_large, h_large = models["2-100-100-2 (large)"], hists["2-100-100-2 (large)"]   # reused below as the baseline

fig, axes = plt.subplots(1, 3, figsize=(14, 3.8), sharey=True)
for ax, (name, h) in zip(axes, hists.items()):
    ep = np.arange(1, h.epochs + 1)
    ax.plot(ep, h.train_loss, label="training loss")
    ax.plot(ep, h.val_loss, label="validation loss")
    ax.set(title=f"Learning curves: {name}", xlabel="epoch", ylabel="cross-entropy", ylim=(0, 3.5))
    ax.legend()
plt.tight_layout(); plt.show()
for name, h in hists.items():
    print(f"{name:20s} train acc {h.train_acc[-1]:.3f}  val acc {h.val_acc[-1]:.3f}  "
          f"train loss {h.train_loss[-1]:.3f}  val loss {h.val_loss[-1]:.3f}")
"""

L_CAP_NOTE = r"""
Three pictures, three diagnoses.

- **Linear (under-fitting).** Both curves flatten at about 0.69 $= \ln 2$, the loss of guessing: no straight
  line separates XOR. The gap between the curves is tiny, so regularizing would not help; more capacity would.
- **Small network.** It captures the XOR pattern (validation accuracy about 0.85); its training loss keeps
  falling (to about 0.1) while the validation loss levels off around 0.45. There is a gap, but a bounded one:
  with 4 hidden units there is little room to memorise.
- **Large network (over-fitting).** The training loss goes to zero (100% training accuracy), while the
  validation loss reaches its minimum within the first few epochs and then climbs far above its starting
  value. The network has become *confidently wrong* on the validation points that sit in the "wrong" cloud:
  each such mistake costs $-\log q$ with $q$ tiny.

The decision boundaries tell the same story more quietly. The large network bends its boundary so that every
training point lies on its own side (look at the kinks near the centre, around the points the noise carried
across), while the small network leaves a few training points on the wrong side. The bigger difference is
invisible in a plot of the boundary: the large network's probabilities are pushed to 0 or 1 almost
everywhere, so each validation point on the wrong side costs a huge loss.
"""

L_CAP_CODE2 = r"""
fig, axes = plt.subplots(1, 3, figsize=(14, 4))
for ax, (name, net) in zip(axes, models.items()):
    plot_decision_boundary(net.predict_proba, X_train, y_train, ax=ax, resolution=120)
    ax.set(title=f"{name}: val acc {net.score(X_val, y_val):.2f}", xlabel="$x_1$ (standardized)",
           ylabel="$x_2$ (standardized)")
plt.tight_layout(); plt.show()
"""

L_CAP_NOTE2 = r"""
Reading learning curves is the first diagnostic skill of this unit:

| what you see | diagnosis | what to change |
|---|---|---|
| both errors high, close together | under-fitting (high bias) | more capacity, less regularization, train longer |
| training error low, validation error much higher, gap growing | over-fitting (high variance) | regularize, stop early, more or augmented data, smaller model |
| both low and close | about right | (maybe a larger model with regularization) |

Note the last row of the over-fitting cure list: a smaller model is one remedy, but, as we will see in
section 7, a large model that is regularized is usually better.
"""

# ------------------------------------------------------------------------------------------- 2. L2
L_L2 = r"""
## 2. Weight decay: the L2 penalty

Large weights make steep, wiggly functions: to bend its boundary around one noisy point, or to be certain
right next to the boundary, a ReLU network needs large weights. The **L2 penalty** makes large weights expensive. The training objective becomes

$$J(\boldsymbol\theta) = L(\boldsymbol\theta) + \frac{\lambda}{2} \sum_{\ell} \lVert W_\ell \rVert_F^2
  = L(\boldsymbol\theta) + \frac{\lambda}{2} \sum_\ell \sum_{i,j} (W_\ell)_{ij}^2 .$$

Its gradient with respect to one weight is $\partial J / \partial w = \partial L / \partial w + \lambda w$ (the
factor $\tfrac12$ cancels the 2 of the square), so one step of gradient descent with learning rate $\eta$ reads

$$w \leftarrow w - \eta\left(\frac{\partial L}{\partial w} + \lambda w\right)
   = (1 - \eta\lambda)\, w - \eta \frac{\partial L}{\partial w} .$$

Before every data-driven step the weight shrinks by the factor $1 - \eta\lambda$: hence the historical name
**weight decay**. A weight survives only if the data keep pushing it away from zero.

**Weights only, not biases.** A bias shifts a unit's threshold; it does not make the function steeper or more
wiggly, and the data may need a large one (an unbalanced class, an input far from the origin). Penalising it
would pull every unit towards "off" without buying smoothness. (Krogh & Hertz 1992 analysed why such a
simple decay improves generalization: it suppresses the weight directions the data do not determine, and
with them part of the fit to the noise.) `course_utils.regularization.l2_penalty` (and
the exercise) penalise exactly the keys that start with `"W"`:
"""

L_L2_CODE = r"""
params = {"W1": np.array([[1.0, -2.0], [3.0, 0.5]]), "b1": np.array([4.0, -1.0])}
R, grads = l2_penalty(params, lam=0.1)
print("penalty", R, "= 0.1 / 2 *", np.sum(params["W1"] ** 2))
print("dR/dW1 =\n", grads["W1"], "\ndR/db1 =", grads["b1"])
"""

L_L2_CODE2 = r"""
lams = [0.0, 1e-3, 1e-2, 3e-2, 1e-1]
norms, val_accs, nets_l2 = [], [], {0.0: net_large}            # lambda = 0 is section 1's large network
for lam in lams:
    net = nets_l2[lam] if lam in nets_l2 else fit([2, 100, 100, 2], l2=lam, curves=False)[0]
    nets_l2[lam] = net
    norms.append(np.sqrt(sum(np.sum(W ** 2) for k, W in net.params.items() if k.startswith("W"))))
    val_accs.append(net.score(X_val, y_val))

fig, axes = plt.subplots(1, 3, figsize=(15, 4))
xs = np.arange(len(lams))
axes[0].bar(xs, norms, color="tab:blue")
axes[0].set(title="Weight decay shrinks the weights", xlabel=r"$\lambda$", ylabel=r"$\sqrt{\sum_\ell \|W_\ell\|^2}$",
            xticks=xs, xticklabels=[str(l) for l in lams])
for ax, lam in zip(axes[1:], [0.0, 3e-2]):
    plot_decision_boundary(nets_l2[lam].predict_proba, X_train, y_train, ax=ax, resolution=120)
    ax.set(title=f"2-100-100-2, $\\lambda$ = {lam}: val acc {nets_l2[lam].score(X_val, y_val):.2f}",
           xlabel="$x_1$", ylabel="$x_2$")
plt.tight_layout(); plt.show()
print("weight norm by lambda:        ", {lam: round(float(n), 1) for lam, n in zip(lams, norms)})
print("validation accuracy by lambda:", {lam: round(float(a), 3) for lam, a in zip(lams, val_accs)})
"""

L_L2_NOTE = r"""
As $\lambda$ grows the total weight norm falls by an order of magnitude (from about 27 without decay to about
2 with $\lambda = 0.1$), and the boundary becomes simpler: with $\lambda = 0.03$ it no longer kinks to capture
individual points, and the validation accuracy rises from 0.85 to 0.87. Smaller weights also mean smaller
logits, hence less extreme probabilities: the network is less confidently wrong. Too large a $\lambda$ would flatten the network into under-fitting (try
$\lambda = 1$: every weight decays to zero and the network predicts one class); $\lambda$ is a hyperparameter,
chosen on the validation set (section 8).

A note for later: with adaptive optimizers such as Adam, adding $\lambda w$ to the gradient is *not* the same
as shrinking the weights directly, because Adam rescales the gradient per weight; AdamW (Loshchilov & Hutter
2019) applies the decay separately. With plain SGD the two coincide.
"""

# ------------------------------------------------------------------------------------------- 3. early stopping
L_ES = r"""
## 3. Early stopping

The large network's validation loss was lowest after a few epochs and then grew. The simplest regularizer
is to **stop there**. We cannot know the best epoch in advance, so we watch: after every epoch compute the
validation loss; when it improves (by more than `min_delta`), remember a **copy** of the weights; when it has
not improved for `patience` epochs in a row, stop, and **restore** the remembered weights. The patience
absorbs the wiggles of a noisy validation curve (a curve can also fall again after an initial rise, so a
patience of one would stop too soon); the copy matters because the optimizer keeps updating the weight
arrays in place. The number of epochs becomes a hyperparameter that the validation set chooses for us, at no
extra training cost. (Prechelt 1998 compares stopping criteria of this kind on many problems: patient ones
cost more epochs but find better networks.)
"""

L_ES_CODE = r"""
es = EarlyStopping(patience=20)
net_es, h_es = fit([2, 100, 100, 2], early_stopping=es)
h_full = h_large                             # the same run without stopping (section 1), for comparison

fig, ax = plt.subplots(figsize=(8, 4))
ep = np.arange(1, h_full.epochs + 1)
ax.plot(ep, h_full.train_loss, color="tab:blue", alpha=0.4, label="training loss (no stopping)")
ax.plot(ep, h_full.val_loss, color="tab:orange", alpha=0.4, label="validation loss (no stopping)")
ax.plot(np.arange(1, h_es.epochs + 1), h_es.val_loss, color="tab:orange", lw=2.5, label="validation loss (early stopping)")
ax.axvline(es.best_epoch + 1, color="green", ls="--", label=f"best epoch {es.best_epoch + 1} (weights restored)")
ax.axvline(h_es.epochs, color="red", ls=":", label=f"stopped after epoch {h_es.epochs} (patience 20)")
ax.set(title="Early stopping on the large network", xlabel="epoch", ylabel="cross-entropy", xlim=(0, 120), ylim=(0, 1.5))
ax.legend(fontsize=8); plt.show()
print(f"restored weights: val loss {net_es.loss(X_val, y_val):.3f}, val acc {net_es.score(X_val, y_val):.3f}; "
      f"after 400 epochs without stopping: val loss {h_full.val_loss[-1]:.3f}, val acc {h_full.val_acc[-1]:.3f}")
"""

L_ES_NOTE = r"""
Early stopping ran 22 epochs instead of 400 (the best validation loss came at epoch 2, then 20 epochs
without improvement), and the restored weights (from the green line, not the red one) have a validation loss
of 0.28 instead of 3.2, and a higher validation accuracy. Why is this a regularizer? Starting from small random weights,
gradient descent first fits the broad structure and grows the weights only gradually; stopping early limits
how far the weights can travel from their small start, much like an L2 penalty (for a quadratic loss the two
are approximately equivalent, with $\lambda \approx 1/(\eta\,t)$ after $t$ steps). Two cautions: the validation
set that chooses the stopping epoch is now slightly optimistic, so report final results on a separate test
set; and with strong regularization the validation curve may keep falling for a long time, so the patience
must not be too small.
"""

# ------------------------------------------------------------------------------------------- 4. dropout
L_DROP = r"""
## 4. Dropout

**Dropout** (Srivastava, Hinton, Krizhevsky, Sutskever & Salakhutdinov 2014): on every training step, set each
hidden unit's output to zero with probability $p$ (typically 0.5 for hidden layers), independently, with a
fresh random mask each step. The backward pass uses the same mask, so a dropped unit gets no gradient on that
step.

**Inverted scaling.** With a mask $m_j = [u_j \ge p]$, $u_j \sim U[0,1)$, the expected output is
$\mathbb E[m_j x_j] = (1-p)\,x_j$: the next layer receives on average a fraction $1-p$ of its usual input. At
test time we want the full network and the same scale. Rather than multiplying by $1-p$ at test time (the
original paper's recipe), we divide the kept units by $1-p$ while training:

$$\text{out}_j = \frac{m_j}{1-p}\, x_j, \qquad
\mathbb E[\text{out}_j] = \frac{(1-p)\cdot x_j + p \cdot 0}{1-p} = x_j .$$

Then the test-time network is the plain network, with no dropout and no rescaling. Let us check the mean (and
look at the variance it adds: $\operatorname{Var}[\text{out}_j] = x_j^2\, p/(1-p)$, which equals $x_j^2$ for
$p = 0.5$):
"""

L_DROP_CODE = r"""
x = np.full((200_000, 1), 3.0)
for p in [0.2, 0.5, 0.8]:
    out, _ = dropout_forward(x, p, np.random.default_rng(0))
    print(f"p = {p}: fraction dropped {np.mean(out == 0):.3f}, mean output {out.mean():.3f} (x = 3), "
          f"variance {out.var():.2f} (theory {9 * p / (1 - p):.2f})")
out_test, _ = dropout_forward(x[:3], 0.5, None, train=False)
print("test time (train=False):", out_test.ravel())
"""

L_DROP_NOTE = r"""
**Why it helps: co-adaptation.** Without dropout a hidden unit can become useful only in combination with a few
specific others, for instance to correct their mistakes on particular training points. Such conspiracies fit
noise. When any partner may vanish on any step, each unit must be useful on its own, in many contexts: the
features become more robust and more redundant.

**The ensemble view.** A layer of $n$ units can be thinned in $2^n$ ways, so training with dropout trains,
with shared weights, a huge family of $2^n$ sub-networks, each on a few mini-batches. At test time the full
network with (inverted) scaled weights approximates averaging the predictions of all of them (for a single
layer followed by a softmax it gives exactly their normalized geometric mean). Averaging many
models is one of the most reliable ways to reduce variance (section 6); dropout gets a version of it for the
price of one network. The costs: each step is noisier, so training takes more epochs.
"""

L_DROP_CODE2 = r"""
results = {0.0: h_large, 0.5: fit([2, 100, 100, 2], dropout=0.5)[1]}     # p = 0: section 1's large network

fig, axes = plt.subplots(1, 2, figsize=(12, 4), sharey=True)
for ax, (p, h) in zip(axes, results.items()):
    ep = np.arange(1, h.epochs + 1)
    ax.plot(ep, h.train_loss, label="training loss")
    ax.plot(ep, h.val_loss, label="validation loss")
    ax.set(title=f"2-100-100-2 with dropout p = {p}", xlabel="epoch", ylabel="cross-entropy", ylim=(0, 3.5))
    ax.legend()
plt.tight_layout(); plt.show()
for p, h in results.items():
    print(f"p = {p}: final val loss {h.val_loss[-1]:.3f}, val acc {h.val_acc[-1]:.3f}, train acc {h.train_acc[-1]:.3f}")
"""

L_DROP_NOTE2 = r"""
Dropout slows the memorisation: after 400 epochs the validation loss is about 1.5 instead of 3.2, because
the network is less confidently wrong. On its own, on 50 points and 400 epochs, it does not stop the over-fitting completely;
in practice one combines it with early stopping and a little weight decay.
"""

# ------------------------------------------------------------------------------------------- 5. noise
L_NOISE = r"""
## 5. Noise injection and data augmentation

Another way to stop a network from memorising its training points is to never show it the same point twice.
**Input noise**: on every step, feed $\tilde{\mathbf x} = \mathbf x + \sigma\boldsymbol\varepsilon$ with
$\boldsymbol\varepsilon \sim \mathcal N(0, I)$. For a linear model $\hat y = \mathbf w^\top \mathbf x$ and the
squared loss, the expected loss over the noise is

$$\mathbb E_{\boldsymbol\varepsilon}\big[(\mathbf w^\top(\mathbf x + \sigma\boldsymbol\varepsilon) - y)^2\big]
= (\mathbf w^\top \mathbf x - y)^2 + 2\sigma\,(\mathbf w^\top\mathbf x - y)\,\mathbf w^\top\mathbb E[\boldsymbol\varepsilon]
 + \sigma^2\, \mathbb E[(\mathbf w^\top\boldsymbol\varepsilon)^2]
= (\mathbf w^\top \mathbf x - y)^2 + \sigma^2 \lVert\mathbf w\rVert^2 ,$$

since $\mathbb E[\boldsymbol\varepsilon] = 0$ and $\mathbb E[\boldsymbol\varepsilon\boldsymbol\varepsilon^\top] = I$:
input noise of variance $\sigma^2$ is, on average, an L2 penalty with $\lambda/2 = \sigma^2$ (Bishop 1995). For a
network the equivalence is only approximate, but the effect is similar: the function must be flat around each
training point. Noise can also be injected into hidden units (dropout is multiplicative noise of this kind).

**Data augmentation** is the informed version: transformations that we know do not change the label (shift,
rotate, crop or recolour an image; change the speed of a recording) turn one example into many. It is the most
effective regularizer wherever such transformations are known. Here we train with fresh Gaussian noise on
every epoch:
"""

L_NOISE_CODE = r"""
def train_with_input_noise(sigma, epochs=400, seed=0):
    net, opt, rng = MLP([2, 100, 100, 2], seed=seed), Adam(0.01), np.random.default_rng(seed)
    val_loss = []
    for epoch in range(epochs):
        X_noisy = X_train + sigma * rng.normal(size=X_train.shape)     # a new noisy copy every epoch
        loss, grads = net.loss_and_grads(X_noisy, y_train)
        opt.step(net.params, grads)
        val_loss.append(net.loss(X_val, y_val))
    return net, val_loss

noise_runs = {0.0: (h_large.val_loss, h_large.val_acc[-1])}      # sigma = 0: section 1's large network
for sigma in [0.3, 0.6]:
    net, vl = train_with_input_noise(sigma)
    noise_runs[sigma] = (vl, net.score(X_val, y_val))

fig, ax = plt.subplots(figsize=(8, 4))
for sigma, (vl, acc) in noise_runs.items():
    ax.plot(np.arange(1, len(vl) + 1), vl, label=f"sigma = {sigma}: final val acc {acc:.2f}")
ax.set(title="Input noise on the large network: validation loss", xlabel="epoch", ylabel="cross-entropy", ylim=(0, 2))
ax.legend(); plt.show()
"""

L_NOISE_NOTE = r"""
With $\sigma = 0.3$ or $0.6$ (in standardized units) the validation loss stays near 0.3 for all 400 epochs
instead of climbing to 3.2, and the validation accuracy rises from 0.85 to 0.88-0.89: the network cannot
bend its boundary around points that move on every step. Too much noise, of course, blurs the classes
themselves; $\sigma$ is one more hyperparameter.
"""

# ------------------------------------------------------------------------------------------- 6. ensembles
L_ENS = r"""
## 6. Ensembles and parameter averaging

Over-fitted networks are wrong in *different* ways: each fits its own accidents of initialization and
mini-batch order. Averaging the predicted probabilities of several independently trained models cancels part
of these errors (it reduces variance, not bias). Ways to form an ensemble, from the most to the least
expensive:

- **the same model, different initializations**: train the best configuration $k$ times with different seeds;
  the variety comes only from the seeds;
- **the top models of the hyperparameter search**: the best few configurations found on the validation set;
  more variety, no extra training, but some members are worse;
- **checkpoints of a single run**: save the weights at several epochs and average their predictions; little
  variety, almost free.

Here are five large networks, each early-stopped, that differ only in their seed:
"""

L_ENS_CODE = r"""
members, probs = [], []
for seed in range(5):
    net, _ = fit([2, 100, 100, 2], seed=seed, early_stopping=EarlyStopping(patience=20))
    members.append(net.score(X_val, y_val))
    probs.append(net.predict_proba(X_val))
ensemble_acc = np.mean(np.mean(probs, axis=0).argmax(axis=1) == y_val)
print("members' validation accuracies:", np.round(members, 3), " mean", round(float(np.mean(members)), 3))
print(f"ensemble of the 5 (average of the probabilities): {ensemble_acc:.3f}")
"""

L_EMA = r"""
The ensemble is better than its average member, and usually better than its best one: averaging cancels part
of the members' individual mistakes.

**Parameter averaging.** Instead of averaging predictions, average the *weights* along one training run.
Near the end of training with mini-batches, SGD jitters around a minimum; the average of the recent iterates
lies closer to its centre (Polyak & Juditsky 1992). The cheap way is an **exponential moving average** (EMA)
kept next to the weights and updated after every step,

$$\bar\theta \leftarrow \beta\,\bar\theta + (1 - \beta)\,\theta, \qquad \beta \approx 0.9 \ldots 0.999,$$

which weighs the step $k$ steps ago by $(1-\beta)\beta^k$ and so averages over roughly the last $1/(1-\beta)$
steps. Training continues with $\theta$; $\bar\theta$ is only used for evaluation. (This works within one run,
where the weights stay in one basin; averaging the weights of independently trained networks does not work,
because their hidden units are permuted differently.) Below, SGD with mini-batches of 8 and a large learning
rate, on the larger data set of 400 points, with and without an EMA of decay 0.98:
"""

L_EMA_CODE = r"""
Xb_tr, yb_tr, Xb_va, yb_va = noisy_xor(seed=1, n_train=400, n_val=400)
net, opt, rng = MLP([2, 32, 2], seed=0), SGD(0.3), np.random.default_rng(0)
avg = {}
raw_curve, ema_curve = [], []
for epoch in range(30):
    for Xb, yb in minibatches(Xb_tr, yb_tr, 8, rng):
        loss, grads = net.loss_and_grads(Xb, yb)
        opt.step(net.params, grads)
        ema_update(avg, net.params, 0.98)
    raw_curve.append(net.loss(Xb_va, yb_va))
    live = {k: v.copy() for k, v in net.params.items()}      # evaluate the averaged weights, then put the live ones back
    for k in net.params: net.params[k][...] = avg[k]
    ema_curve.append(net.loss(Xb_va, yb_va))
    for k in net.params: net.params[k][...] = live[k]

fig, ax = plt.subplots(figsize=(8, 4))
ax.plot(np.arange(1, 31), raw_curve, label="last iterate")
ax.plot(np.arange(1, 31), ema_curve, label="EMA of the weights (decay 0.98)")
ax.set(title="Parameter averaging: validation loss of SGD with lr 0.3, batches of 8", xlabel="epoch",
       ylabel="cross-entropy")
ax.legend(); plt.show()
print(f"mean validation loss over the last 10 epochs: last iterate {np.mean(raw_curve[-10:]):.3f}, "
      f"EMA {np.mean(ema_curve[-10:]):.3f}")
"""

L_EMA_NOTE = r"""
The last iterate jumps from epoch to epoch (validation loss between about 0.20 and 0.30), while the averaged
weights give a smooth curve near the bottom of that band, at the cost of one extra copy of the weights and no
extra training. (The averaged curve starts higher: the average still remembers the random initial weights for
its first $1/(1-\beta) = 50$ steps.)
"""

# ------------------------------------------------------------------------------------------- 7. small vs large
L_SIZE = r"""
## 7. A small model, or a large regularized one?

If the large network over-fits, why not simply use a small one? Because capacity and regularization are not
the same knob. A small network has few ways to fit the data; if the one it finds is poor (a bad
initialization, a narrow layer of dead ReLUs), nothing rescues it. A large network with weight decay has many
ways to fit the data, and the penalty chooses a smooth one among them; it is also easier to optimize. We
compare widths from 2 to 128 hidden units per layer, with and without weight decay, over three seeds:
"""

L_SIZE_CODE = r"""
widths = [2, 8, 32, 128]
curves = {0.0: [], 0.03: []}
for lam in curves:
    for w in widths:
        accs = [fit([2, w, w, 2], l2=lam, seed=s, epochs=300, curves=False)[0].score(X_val, y_val) for s in range(3)]
        curves[lam].append(np.mean(accs))

fig, ax = plt.subplots(figsize=(7, 4))
for lam, accs in curves.items():
    ax.plot(widths, accs, "o-", label="no regularization" if lam == 0 else f"weight decay lambda = {lam}")
ax.set_xscale("log", base=2)
ax.set(title="Validation accuracy against network width (mean of 3 seeds)", xlabel="hidden units per layer",
       ylabel="validation accuracy")
ax.legend(); plt.show()
"""

L_SIZE_NOTE = r"""
Without regularization the accuracy peaks at about 8 units per layer and then slowly falls as the network grows;
with weight decay it keeps rising, and the largest regularized network is the best of all. The practical rule: make the network big enough not to
under-fit, and control over-fitting with regularization, not by shrinking the model.
"""

# ------------------------------------------------------------------------------------------- 8. hyperparameters
L_HP = r"""
## 8. Choosing hyperparameters: validation set, coarse to fine, random not grid

We now have many knobs: $\lambda$, $p$, the patience, the width, the learning rate. They are chosen by
training with different settings and comparing **validation** scores. Never the test set: a test score that
has been used to choose anything is no longer an unbiased estimate of performance.

**Coarse to fine.** Start with wide ranges and short runs (a few epochs tell a hopeless learning rate from a
promising one), then narrow the ranges around the best settings and train longer. Scale parameters
($\eta$, $\lambda$) are searched on a **log scale**: the difference between $10^{-4}$ and $10^{-3}$ matters as
much as that between $10^{-2}$ and $10^{-1}$, so draw $\log\lambda$ uniformly.

**Random rather than grid** (Bergstra & Bengio 2012). Usually only a few hyperparameters really matter, and
we do not know which. A $3 \times 3$ grid spends 9 trials but tries only 3 distinct values of each
hyperparameter; 9 random trials try 9 distinct values of every one. The figure shows a score that depends
strongly on $x_1$ and hardly on $x_2$:
"""

L_HP_CODE = r"""
def score(x1, x2):                                     # important x1, unimportant x2
    return np.exp(-((x1 - 0.73) / 0.08) ** 2) + 0.05 * x2

g = np.array([1 / 6, 3 / 6, 5 / 6])
grid = np.array([(a, b) for a in g for b in g])
rand = np.random.default_rng(3).uniform(0, 1, size=(9, 2))

fig, axes = plt.subplots(1, 2, figsize=(12, 5.4))
t = np.linspace(0, 1, 300)
for ax, pts, name in [(axes[0], grid, "grid search, 9 trials"), (axes[1], rand, "random search, 9 trials")]:
    T1, T2 = np.meshgrid(t, t)
    ax.contourf(T1, T2, score(T1, T2), levels=20, cmap="Greens", alpha=0.6)
    ax.plot(pts[:, 0], pts[:, 1], "ko", label="trials")
    ax.plot(t, -0.15 + 0.12 * np.exp(-((t - 0.73) / 0.08) ** 2), "g-", clip_on=False, label="effect of $x_1$")
    ax.plot(pts[:, 0], np.full(len(pts), -0.15), "r|", ms=15, clip_on=False, label="values of $x_1$ tried")
    best = pts[np.argmax(score(pts[:, 0], pts[:, 1]))]
    ax.plot(*best, "r*", ms=16, label=f"best trial: score {score(*best):.2f}")
    ax.set(title=name, xlabel="$x_1$ (important)", ylabel="$x_2$ (unimportant)", xlim=(0, 1), ylim=(-0.17, 1))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=8)
plt.tight_layout(); plt.show()
print("distinct x1 values tried: grid", len(np.unique(grid[:, 0])), " random", len(np.unique(rand[:, 0])))
"""

L_HP_NOTE = r"""
The grid probes $x_1$ at only three places and misses the narrow peak; the random trials probe nine places and
one lands near it. In more dimensions the advantage grows: with $k$ trials a grid tries about $k^{1/d}$ values
of each hyperparameter, random search always $k$. Random search is also easy to extend (add trials until the
budget runs out) and tolerates crashed trials.

A small random search for $\lambda$ (log scale from $10^{-4}$ to 1) on our large network, coarse phase:
"""

L_HP_CODE2 = r"""
rng = np.random.default_rng(0)
lams = np.exp(rng.uniform(np.log(1e-4), np.log(1.0), size=8))      # uniform in log(lambda)
scores = [fit([2, 100, 100, 2], l2=lam, epochs=200, curves=False)[0].score(X_val, y_val) for lam in lams]
for lam, s in sorted(zip(lams, scores)):
    print(f"lambda = {lam:.2e}: validation accuracy {s:.3f}")
best = lams[int(np.argmax(scores))]
print(f"best lambda {best:.2e}; the fine phase would search, e.g., [{best / 3:.1e}, {best * 3:.1e}] with longer runs")
"""

L_HP_NOTE2 = r"""
Eight short runs locate the good region: $\lambda$ between about 0.03 and 0.08 (validation accuracy 0.867,
next to the $\lambda = 0.03$ of section 2), while the two smallest values are hardly better than no decay
(0.843) and the two largest under-fit. $\lambda \approx 0.45$ even scores 0.35, worse than guessing: after 200
epochs its weights are still collapsing (run for 400 epochs, it predicts one class everywhere and scores
0.50). With one seed and 300 validation points, differences of one or two points (3-6 validation points) are
noise, so the fine phase should also average over a few seeds.
"""

L_SUBSET = r"""
## 9. Before all this: over-fit a small subset

Regularization fights a network that fits too well. Before fighting it, make sure the network *can* fit: with
**regularization off**, train on a tiny subset (say 10 examples) and check that the training loss goes to
about zero and the training accuracy to 100%. If it cannot memorise 10 points, something is broken (a wrong
gradient, a learning rate far off, labels shuffled apart from their inputs, a dead network), and no amount of
tuning of $\lambda$ or $p$ will reveal it. Only then add the data and the regularization.
"""

L_SUBSET_CODE = r"""
net = MLP([2, 100, 100, 2], seed=0)                                  # no l2, no dropout
h = train(net, Adam(0.01), X_train[:10], y_train[:10], epochs=100, batch_size=10, progress=False)
print(f"10 examples, regularization off: training loss {h.train_loss[-1]:.4f}, training accuracy {h.train_acc[-1]:.2f}")
"""

# ------------------------------------------------------------------------------------------- widget
L_WIDGET = r"""
## 10. Explore

The widget trains an over-sized network on a small noisy 2-D data set, with sliders for the L2 strength
$\lambda$ and the dropout rate $p$; it shows the training and validation curves with the early-stopping point
marked, and the decision boundary. Things to try: start with no regularization and watch the gap between the
curves open and the stopping point move to the first epochs; raise $\lambda$ until the boundary is smooth, then
further until the network under-fits (both curves high); compare a moderate $\lambda$ with a moderate $p$.
"""

L_WIDGET_CODE = r"""
from course_utils.widgets import regularization_explorer
regularization_explorer()
"""

# ------------------------------------------------------------------------------------------- quiz etc.
L_QUIZ = r"""
## Check your understanding

1. A network reaches 99% training accuracy and 70% validation accuracy, and the validation loss has risen
   for the last 50 epochs. Name three things you could change.
<details><summary>Answer</summary>
It over-fits (low training error, large and growing gap). Stop earlier (early stopping with restored weights),
add weight decay and/or dropout, add or augment data (input noise, label-preserving transformations), or use
an ensemble; a smaller network is a last resort. Choose the strengths on the validation set.
</details>

2. With weight decay and plain gradient descent, what happens in one step to a weight whose data gradient is
   zero? Why are biases not decayed?
<details><summary>Answer</summary>
$w \leftarrow (1 - \eta\lambda) w$: it shrinks geometrically towards zero, by the factor $1 - \eta\lambda$ per step.
Biases only shift the units' thresholds and do not make the function wigglier; the data may need large ones,
and penalising them buys no smoothness.
</details>

3. With dropout $p = 0.5$, a hidden unit outputs $x = 4$. What can the inverted-dropout layer output while
   training, with which probabilities, and what at test time?
<details><summary>Answer</summary>
$0$ with probability 0.5 and $4 / (1 - 0.5) = 8$ with probability 0.5: the mean is $4 = x$. At test time
the layer is the identity: it outputs 4, with no rescaling.
</details>

4. Your early stopping uses `best_params = params` instead of a copy. What goes wrong?
<details><summary>Answer</summary>
`best_params` refers to the same arrays the optimizer keeps updating in place, so at the end the "best"
weights are simply the last weights: restoring them does nothing, and the benefit of early stopping is lost.
</details>

5. You have a budget of 16 trials for two hyperparameters, $\lambda \in [10^{-5}, 10^{-1}]$ and
   $p \in [0, 0.6]$. Describe the search.
<details><summary>Answer</summary>
Random search: draw $\log\lambda$ uniformly in $[\log 10^{-5}, \log 10^{-1}]$ and $p$ uniformly in $[0, 0.6]$,
16 times; train each setting (short runs first), compare validation scores, then narrow the ranges around the
best few and spend the rest of the budget there. A 4 x 4 grid would try only 4 values of each, 16 random trials
try 16 of each.
</details>

6. Why first over-fit a small subset with regularization off?
<details><summary>Answer</summary>
It checks that the model and the code can fit data at all (gradients, learning rate, labels). If a network
cannot memorise 10 examples the problem is a bug or a broken optimization, which regularization would only hide.
</details>
"""

L_SUMMARY = r"""
## Summary

- Training loss measures fit; **validation** loss measures what we care about. Learning curves (both against the
  epoch) diagnose under-fitting (both high, no gap) and over-fitting (training low, gap growing).
- **Weight decay**: add $\frac{\lambda}{2}\sum\lVert W\rVert^2$ (weights only), gradient $+\lambda W$; each SGD step
  shrinks the weights by $1 - \eta\lambda$.
- **Early stopping**: stop after `patience` epochs without improvement of the validation loss, restore a
  *copy* of the best weights.
- **Dropout**: drop each hidden unit with probability $p$ while training, scale the kept ones by
  $1/(1-p)$ so that $\mathbb E[\text{out}] = x$; identity at test time. It prevents co-adaptation and trains an
  implicit ensemble of $2^n$ thinned networks.
- **Noise and augmentation**: input noise of variance $\sigma^2$ acts like an L2 penalty; label-preserving
  transformations multiply the data.
- **Ensembles** (seeds, top models, checkpoints) reduce variance; an **EMA of the weights** gives a cheap
  average within one run.
- Prefer a **large regularized** model to a small one; pick hyperparameters on the validation set, **coarse
  to fine**, by **random search** on log scales; but first **over-fit a small subset** with regularization off.
"""

L_REFS = r"""
## References

- N. Srivastava, G. Hinton, A. Krizhevsky, I. Sutskever, R. Salakhutdinov (2014). Dropout: a simple way to
  prevent neural networks from overfitting. *Journal of Machine Learning Research* 15, 1929-1958.
- J. Bergstra, Y. Bengio (2012). Random search for hyper-parameter optimization. *Journal of Machine Learning
  Research* 13, 281-305.
- A. Krogh, J. Hertz (1992). A simple weight decay can improve generalization. *NIPS 4*.
- C. Bishop (1995). Training with noise is equivalent to Tikhonov regularization. *Neural Computation* 7(1), 108-116.
- B. Polyak, A. Juditsky (1992). Acceleration of stochastic approximation by averaging. *SIAM Journal on Control
  and Optimization* 30(4), 838-855.
- L. Prechelt (1998). Early stopping, but when? In *Neural Networks: Tricks of the Trade*, Springer.
- I. Loshchilov, F. Hutter (2019). Decoupled weight decay regularization. *ICLR*.
- I. Goodfellow, Y. Bengio, A. Courville (2016). *Deep Learning*, chapter 7 (Regularization). MIT Press.
"""


def lecture_cells():
    return [
        md(L_TITLE), code(L_SETUP),
        md(L_CAP), code(L_CAP_CODE), md(L_CAP_NOTE), code(L_CAP_CODE2), md(L_CAP_NOTE2),
        md(L_L2), code(L_L2_CODE), code(L_L2_CODE2), md(L_L2_NOTE),
        md(L_ES), code(L_ES_CODE), md(L_ES_NOTE),
        md(L_DROP), code(L_DROP_CODE), md(L_DROP_NOTE), code(L_DROP_CODE2), md(L_DROP_NOTE2),
        md(L_NOISE), code(L_NOISE_CODE), md(L_NOISE_NOTE),
        md(L_ENS), code(L_ENS_CODE), md(L_EMA), code(L_EMA_CODE), md(L_EMA_NOTE),
        md(L_SIZE), code(L_SIZE_CODE), md(L_SIZE_NOTE),
        md(L_HP), code(L_HP_CODE), md(L_HP_NOTE), code(L_HP_CODE2), md(L_HP_NOTE2),
        md(L_SUBSET), code(L_SUBSET_CODE),
        md(L_WIDGET), code(L_WIDGET_CODE),
        md(L_QUIZ), md(L_SUMMARY), md(L_REFS),
    ]
