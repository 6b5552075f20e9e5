"""Cells of the lecture notebook lectures/04_backprop.ipynb (built by tools/build_04_backprop.py)."""
from nb import code, md


def lecture_cells():
    return [
        md(r"""
# Unit 4 — Backpropagation: how errors travel backwards

A network with hidden units can represent far more than a single unit (Unit 1 built XOR from two layers of
threshold units by hand). To *learn* such a network by gradient descent (Unit 2) we need the derivative of
the loss with respect to every weight, including the weights of units deep inside the network, and we
need it cheaply: modern networks have millions of weights. **Backpropagation** (Rumelhart, Hinton &
Williams, 1986) computes all of these derivatives in one backward sweep that costs about as much as two
forward passes. This unit derives it from nothing more than the chain rule, builds it in code, checks it
numerically, and uses it to train networks that learn their own features.

**Learning objectives.** After this unit you can

1. explain why a hidden unit has no target of its own and how the chain rule assigns it an error anyway;
2. draw a computational graph, run its forward and backward pass by hand, and compute error signals
   $\bar v = \partial L/\partial v$, including at nodes with fan-out (the multivariate chain rule);
3. derive the backward pass of regularised logistic least squares, of a two-layer network in index form
   (local gradients $\delta$) and in matrix form on a batch;
4. derive that the gradient of softmax cross-entropy with respect to the logits is *softmax minus one-hot*;
5. state the general algorithm (topological order) and count why a backward pass costs about two forward
   passes;
6. check any gradient with central differences and read the relative error (and know when float32 or a
   ReLU kink fools the check);
7. train networks on XOR and on handwritten digits, and look at the features their hidden units learn.
"""),
        code(r"""
%matplotlib inline
import math
import time

import numpy as np
import matplotlib.pyplot as plt

from course_utils.activations import sigmoid, sigmoid_grad, softmax
from course_utils.layers import affine_forward, affine_backward, relu_forward, relu_backward
from course_utils.losses import softmax_cross_entropy
from course_utils.gradcheck import numerical_gradient, rel_error, check_gradients
from course_utils.data import make_xor, load_digits, train_val_test_split
from course_utils.mlp import MLP
from course_utils.optim import Adam
from course_utils.training import train
from course_utils.plots import plot_decision_boundary, plot_history, plot_weights_as_images

np.set_printoptions(precision=4, suppress=True)
"""),
        md(r"""
## 1. The problem: targets exist only at the output

Training data tell us what the **output** of a network should be: the label of each image, the target
$t$ of each input. They say nothing about what a hidden unit should output. For the output layer, the
error $y - t$ is right there; for a hidden unit there is no "$h - t_h$" to compute. Yet the hidden
weights are exactly the ones that must change for the network to learn useful intermediate features.
This is the **credit assignment problem**: which hidden unit deserves how much of the blame for an error
at the output?

The answer is calculus, not a heuristic. The loss $L$ is a composition of simple functions of the
weights. The chain rule tells us exactly how a small change of a hidden activation $h$ changes $L$: by
the sum, over all paths from $h$ to $L$, of the products of the local derivatives along each path. So the
error at the output can be *sent back*, layer by layer, and every hidden unit receives precisely its
share: $\partial L/\partial h$. Backpropagation organises this so that no product is computed twice.
"""),
        md(r"""
## 2. The chain rule along a chain

Take one sigmoid unit with squared error (Unit 3), for one example $(x, t)$:

$$z = wx + b, \qquad y = \sigma(z), \qquad L = \tfrac12 (y - t)^2 .$$

Differentiating directly gives a long expression, $\partial L/\partial w = (\sigma(wx+b) - t)\,
\sigma'(wx+b)\,x$, and computing $\partial L/\partial b$ the same way repeats most of the work. Instead,
walk the chain backwards and name each intermediate derivative. For every variable $v$ we write

$$\bar v = \frac{\partial L}{\partial v}, \qquad\text{the **error signal** of } v .$$

An error signal is just a number the program computes (one per variable, with the variable's shape), not a
new mathematical operation. Starting from $\bar L = 1$:

$$\bar y = \bar L\,(y - t), \qquad \bar z = \bar y\,\sigma'(z), \qquad \bar w = \bar z\,x,
  \qquad \bar b = \bar z .$$

Each step multiplies the error signal arriving from above by one **local derivative** (the derivative of
one small function with respect to its input), and $\bar z$ is computed once and reused for both $\bar w$
and $\bar b$. Let us run it with numbers and compare with a numerical derivative.
"""),
        code(r"""
x, t = 1.5, 1.0
w, b = 0.8, -0.2

# forward pass: compute and keep every intermediate value
z = w * x + b
y = sigmoid(z)
L = 0.5 * (y - t) ** 2

# backward pass: error signals, from the loss down to the parameters
L_bar = 1.0
y_bar = L_bar * (y - t)
z_bar = y_bar * sigmoid_grad(z)
w_bar = z_bar * x
b_bar = z_bar

def loss(params):
    w_, b_ = params
    return 0.5 * (sigmoid(w_ * x + b_) - t) ** 2

print(f"z = {z:.4f}, y = {y:.4f}, L = {L:.6f}")
print("backprop:  dL/dw, dL/db =", np.array([w_bar, b_bar]))
print("numerical: dL/dw, dL/db =", numerical_gradient(loss, np.array([w, b])))
"""),
        md(r"""
## 3. Computational graphs: forward and backward

A **computational graph** has one node per intermediate value and an edge from each input of an operation
to its output. The **forward pass** visits the nodes from the inputs to the loss and computes their
values; the **backward pass** visits them in the opposite order and computes their error signals. A node
needs only two things in the backward pass: the error signal of its output, and the local derivatives of
its own operation, evaluated at the values the forward pass stored.

The classic small example: $f(x, y, z) = (x + y)\,z$ at $x = -2$, $y = 5$, $z = -4$. Name the
intermediate $q = x + y$, so $f = qz$.

* Forward: $q = -2 + 5 = 3$, then $f = 3\cdot(-4) = -12$.
* Backward: $\bar f = 1$. The multiplication $f = qz$ has local derivatives $\partial f/\partial q = z$ and
  $\partial f/\partial z = q$, so $\bar q = \bar f\, z = -4$ and $\bar z = \bar f\, q = 3$. The addition
  $q = x + y$ has local derivatives 1 and 1: it *routes* its error signal unchanged to both inputs,
  $\bar x = \bar q = -4$ and $\bar y = \bar q = -4$.

Check: $f = (x+y)z$, so $\partial f/\partial x = z = -4$, $\partial f/\partial y = z = -4$,
$\partial f/\partial z = x + y = 3$. ✓

Now let the computer do the bookkeeping. The class below (in the spirit of Karpathy's *micrograd*) is a
scalar that remembers which values it was computed from and the local derivatives of that operation.
`backward()` orders the graph so that every node comes after its inputs (a **topological order**), then
walks that order backwards, adding `error signal × local derivative` into each input's `grad`.
"""),
        code(r"""
class Value:
    # A scalar node of a computational graph.

    def __init__(self, data, parents=(), local_grads=(), op=""):
        self.data = float(data)
        self.grad = 0.0                  # the error signal dL/d(this), filled in by backward()
        self.parents = parents           # the nodes this one was computed from
        self.local_grads = local_grads   # d(this)/d(parent), evaluated in the forward pass
        self.op = op

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data), "*")

    __radd__, __rmul__ = __add__, __mul__

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,), "exp")

    def cos(self):
        return Value(math.cos(self.data), (self,), (-math.sin(self.data),), "cos")

    def backward(self):
        order, seen = [], set()
        def visit(node):                 # depth first: a node is listed after all its inputs
            if id(node) not in seen:
                seen.add(id(node))
                for parent in node.parents:
                    visit(parent)
                order.append(node)
        visit(self)
        self.grad = 1.0                  # dL/dL = 1
        for node in reversed(order):     # outputs before inputs
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad += node.grad * local     # += : contributions from several paths add up

    def __repr__(self):
        return f"Value({self.data:g}, grad={self.grad:g})"
"""),
        code(r"""
x, y, z = Value(-2.0), Value(5.0), Value(-4.0)
q = x + y
f = q * z
f.backward()
print("forward : q =", q.data, "  f =", f.data)
print("backward: df/dx =", x.grad, "  df/dy =", y.grad, "  df/dz =", z.grad, "  df/dq =", q.grad)
"""),
        md(r"""
Three patterns cover most of what you will meet in a backward pass:

| node | forward | backward |
|---|---|---|
| add $q = x + y$ | sum | **distributes**: $\bar x = \bar y = \bar q$ |
| multiply $f = qz$ | product | **swaps**: $\bar q = \bar f z$, $\bar z = \bar f q$ |
| fan-out ($x$ used twice) | copy | **sums**: $\bar x = \bar x^{(1)} + \bar x^{(2)}$ |

The last row is the subject of the next section.
"""),
        md(r"""
## 4. Fan-out and the multivariate chain rule

When a variable feeds several operations, a change in it reaches the loss along several paths, and the
contributions add up. For $f(x(t), y(t))$ the **multivariate chain rule** says

$$\frac{df}{dt} = \frac{\partial f}{\partial x}\frac{dx}{dt} + \frac{\partial f}{\partial y}\frac{dy}{dt},
  \qquad\text{in error-signal notation}\qquad \bar t = \bar x\,\frac{dx}{dt} + \bar y\,\frac{dy}{dt}.$$

Example: $f = y + e^{xy}$ with $x = \cos t$ and $y = t^2$. Here $y$ fans out (to the sum and to the
product $xy$), $x$ feeds the product, and $t$ fans out to both $x$ and $y$. With $\partial f/\partial x =
y e^{xy}$ and $\partial f/\partial y = 1 + x e^{xy}$:

$$\frac{df}{dt} = y e^{xy}\,(-\sin t) + \bigl(1 + x e^{xy}\bigr)\,2t .$$

In general, for a node $v$ with children $c$ (the nodes computed from $v$):
$\;\bar v = \sum_{c} \bar c\, \dfrac{\partial c}{\partial v}$. The `+=` in `Value.backward` is exactly
this sum. Let us check it at $t = 1$ against the formula and a central difference.
"""),
        code(r"""
def f_of_t(t_value):
    x, y = math.cos(t_value), t_value ** 2
    return y + math.exp(x * y)

t0 = 1.0
t = Value(t0)
x = t.cos()
y = t * t                        # t fans out twice into the product, and once more into cos
f = y + (x * y).exp()            # y fans out to the sum and to the product
f.backward()

formula = (y.data * math.exp(x.data * y.data)) * (-math.sin(t0)) + (1 + x.data * math.exp(x.data * y.data)) * 2 * t0
h = 1e-5
central = (f_of_t(t0 + h) - f_of_t(t0 - h)) / (2 * h)
print(f"f(1)                   = {f.data:.10f}")
print(f"df/dt by backprop      = {t.grad:.10f}")
print(f"df/dt by the formula   = {formula:.10f}")
print(f"df/dt central diff.    = {central:.10f}")
"""),
        md(r"""
## 5. Backprop for regularised logistic least squares

Add an L2 penalty to the unit of Section 2 (weight decay, Unit 6):

$$z = wx + b, \quad y = \sigma(z), \quad \mathcal L = \tfrac12 (y - t)^2, \quad \mathcal R = \tfrac12 w^2,
  \quad \mathcal L_{\text{reg}} = \mathcal L + \lambda \mathcal R .$$

Now $w$ fans out: it feeds $z$ *and* $\mathcal R$. Walking backwards from $\bar{\mathcal L}_{\text{reg}} = 1$:

$$\bar{\mathcal R} = \bar{\mathcal L}_{\text{reg}}\,\lambda, \qquad
  \bar{\mathcal L} = \bar{\mathcal L}_{\text{reg}}, \qquad
  \bar y = \bar{\mathcal L}\,(y - t), \qquad
  \bar z = \bar y\,\sigma'(z),$$

$$\bar w = \underbrace{\bar z\, x}_{\text{through } z} + \underbrace{\bar{\mathcal R}\, w}_{\text{through }\mathcal R},
  \qquad \bar b = \bar z .$$

The penalty simply adds $\lambda w$ to the weight's gradient, and nothing to the bias's.
"""),
        code(r"""
x, t, lam = 1.5, 1.0, 0.1
w, b = 0.8, -0.2

z = w * x + b; y = sigmoid(z); L = 0.5 * (y - t) ** 2; R = 0.5 * w ** 2
L_reg = L + lam * R

L_reg_bar = 1.0
R_bar = L_reg_bar * lam
L_bar = L_reg_bar
y_bar = L_bar * (y - t)
z_bar = y_bar * sigmoid_grad(z)
w_bar = z_bar * x + R_bar * w          # two paths: through z and through R
b_bar = z_bar

reg_loss = lambda p: 0.5 * (sigmoid(p[0] * x + p[1]) - t) ** 2 + lam * 0.5 * p[0] ** 2
print("backprop :", np.array([w_bar, b_bar]))
print("numerical:", numerical_gradient(reg_loss, np.array([w, b])))
"""),
        md(r"""
## 6. Local gradients (deltas) in a two-layer network

Now a network: inputs $x_i$, hidden pre-activations and activations, outputs.

$$a_j = \sum_i w^{(1)}_{ij} x_i + b^{(1)}_j, \qquad h_j = \phi(a_j), \qquad
  o_k = \sum_j w^{(2)}_{jk} h_j + b^{(2)}_k, \qquad L = \ell(\mathbf o, \mathbf t).$$

(Indices follow our convention $X W$: $w_{ij}$ connects input $i$ to unit $j$.) Give the error signal of a
unit's *pre-activation* a name of its own, the **local gradient** or **delta**:

$$\delta^{(2)}_k = \bar o_k = \frac{\partial L}{\partial o_k}, \qquad \delta_j = \bar a_j = \frac{\partial L}{\partial a_j}.$$

*Weights.* $w^{(2)}_{jk}$ affects $L$ only through $o_k$, with $\partial o_k/\partial w^{(2)}_{jk} = h_j$;
likewise for the first layer:

$$\frac{\partial L}{\partial w^{(2)}_{jk}} = \delta^{(2)}_k\, h_j, \qquad
  \frac{\partial L}{\partial w^{(1)}_{ij}} = \delta_j\, x_i, \qquad
  \frac{\partial L}{\partial b^{(2)}_k} = \delta^{(2)}_k, \qquad \frac{\partial L}{\partial b^{(1)}_j} = \delta_j .$$

Every weight gradient is *(delta at the receiving end) × (activity at the sending end)*.

*Deltas of hidden units.* $h_j$ fans out to every output $o_k$, so

$$\bar h_j = \sum_k \delta^{(2)}_k\, w^{(2)}_{jk}, \qquad
  \boxed{\;\delta_j = \phi'(a_j) \sum_k w^{(2)}_{jk}\,\delta^{(2)}_k\;}$$

This is the backpropagation rule: a hidden unit's delta is the weighted sum of the deltas of the units it
feeds, *with the same weights as in the forward pass*, times its own slope. For a sigmoid output with
squared error, $\delta^{(2)}_k = (o_k - t_k)\,o_k(1 - o_k)$ (this is the form in Mitchell's textbook, with
the opposite sign convention); for softmax with cross-entropy it is simply $p_k - t_k$ (Section 8). With
more layers, the same rule repeats: deltas flow from each layer to the one below.
"""),
        md(r"""
Here is the delta rule written with explicit loops, for one example, sigmoid hidden units, linear outputs
and squared error $L = \tfrac12\sum_k (o_k - t_k)^2$ (so $\delta^{(2)}_k = o_k - t_k$ and
$\phi'(a_j) = h_j(1 - h_j)$), checked against central differences.
"""),
        code(r"""
rng = np.random.default_rng(4)
x_in, t_out = rng.normal(size=3), np.array([1.0, 0.0])
W1, b1 = rng.normal(size=(3, 4)), rng.normal(size=4)      # w1[i, j]: input i -> hidden unit j
W2, b2 = rng.normal(size=(4, 2)), rng.normal(size=2)      # w2[j, k]: hidden unit j -> output k

def forward(W1, b1, W2, b2):
    a = np.array([sum(W1[i, j] * x_in[i] for i in range(3)) + b1[j] for j in range(4)])
    h = sigmoid(a)
    o = np.array([sum(W2[j, k] * h[j] for j in range(4)) + b2[k] for k in range(2)])
    return a, h, o

a, h, o = forward(W1, b1, W2, b2)
delta_out = o - t_out                                                  # delta_k = dL/do_k
delta_hid = np.array([h[j] * (1 - h[j]) * sum(W2[j, k] * delta_out[k] for k in range(2))
                      for j in range(4)])                              # delta_j = phi'(a_j) sum_k w_jk delta_k
dW1 = np.array([[delta_hid[j] * x_in[i] for j in range(4)] for i in range(3)])   # delta x input

loss_W1 = lambda V: 0.5 * np.sum((forward(V, b1, W2, b2)[2] - t_out) ** 2)
print("deltas of the hidden units:", delta_hid)
print("relative error of dL/dW1 against central differences:",
      f"{rel_error(dW1, numerical_gradient(loss_W1, W1.copy())):.1e}")
"""),
        md(r"""
## 7. The vectorised forward and backward pass on a batch

Stack $n$ examples as the rows of $X$ ($n\times d$). With $W_1$ ($d\times m$), $W_2$ ($m\times K$), and
$\phi = \mathrm{ReLU}$:

| forward | shape | backward | shape |
|---|---|---|---|
| $A_1 = XW_1 + \mathbf 1\mathbf b_1^\top$ | $n\times m$ | $\bar O = \partial L/\partial O$ | $n\times K$ |
| $H = \max(0, A_1)$ | $n\times m$ | $\bar W_2 = H^\top \bar O$, $\;\bar{\mathbf b}_2 = \sum_i \bar O_{i,:}$ | $m\times K$, $K$ |
| $O = HW_2 + \mathbf 1\mathbf b_2^\top$ | $n\times K$ | $\bar H = \bar O\,W_2^\top$ | $n\times m$ |
| $L = \frac1n\sum_i \ell(O_{i,:}, y_i)$ | scalar | $\bar A_1 = \bar H \odot [A_1 > 0]$ | $n\times m$ |
| | | $\bar W_1 = X^\top \bar A_1$, $\;\bar{\mathbf b}_1 = \sum_i \bar A_{1,i,:}$ | $d\times m$, $m$ |

These are the delta formulas of Section 6 with the sums over examples done by matrix products:
$(H^\top\bar O)_{jk} = \sum_i h_{ij}\,\bar o_{ik}$ adds up the per-example gradients. Two sanity rules
catch most bugs: every gradient has the **shape** of the thing it differentiates (so $\bar W_2$ must be
$m\times K$, which leaves $H^\top\bar O$ as the only product that fits), and the bias gradient is a **sum**
over the batch (every example uses the bias). Because the loss is a mean, the $1/n$ sits in $\bar O$
and nowhere else.

Each layer is a pair of functions: `*_forward` returns its output and a cache, `*_backward` turns the
error signal of the output into those of the inputs. The network's backward pass calls them in reverse.
"""),
        code(r"""
rng = np.random.default_rng(0)
n, d, m, K = 8, 5, 6, 3
X = rng.normal(size=(n, d)); labels = rng.integers(0, K, size=n)
params = {"W1": rng.normal(scale=0.5, size=(d, m)), "b1": rng.normal(scale=0.1, size=m),
          "W2": rng.normal(scale=0.5, size=(m, K)), "b2": rng.normal(scale=0.1, size=K)}

def loss_and_grads(p):
    A1, cache1 = affine_forward(X, p["W1"], p["b1"])     # forward: keep every cache
    H, cache_h = relu_forward(A1)
    O, cache2 = affine_forward(H, p["W2"], p["b2"])
    L, O_bar = softmax_cross_entropy(O, labels)           # O_bar = (softmax - onehot) / n
    H_bar, W2_bar, b2_bar = affine_backward(O_bar, cache2)  # backward: the same layers in reverse
    A1_bar = relu_backward(H_bar, cache_h)
    _, W1_bar, b1_bar = affine_backward(A1_bar, cache1)
    return L, {"W1": W1_bar, "b1": b1_bar, "W2": W2_bar, "b2": b2_bar}

L, grads = loss_and_grads(params)
print(f"loss = {L:.6f}")
print(check_gradients(lambda p: loss_and_grads(p)[0], params, grads))
"""),
        md(r"""
## 8. Softmax cross-entropy: the gradient is softmax minus one-hot

For one example with logits $\mathbf o\in\mathbb R^K$, probabilities $p_k = e^{o_k}/\sum_j e^{o_j}$ and
correct class $y$ (one-hot target $\mathbf t$, $t_k = [k = y]$):

$$\ell = -\log p_y = -o_y + \log\sum_j e^{o_j} .$$

Differentiate with respect to $o_k$. The first term gives $-[k = y] = -t_k$. For the second,
$\frac{\partial}{\partial o_k}\log\sum_j e^{o_j} = \frac{e^{o_k}}{\sum_j e^{o_j}} = p_k$. Hence

$$\boxed{\;\frac{\partial \ell}{\partial o_k} = p_k - t_k\;}\qquad\text{and, for the batch mean,}\qquad
  \bar O = \frac{1}{n}\,(P - T).$$

Predicted probability minus target: the same "output minus target" as for logistic regression with
cross-entropy (Unit 3), and as for a linear unit with squared error. The error signal is large exactly
when the network is confidently wrong, and it never saturates. Each row of $P - T$ sums to zero: pushing
the correct logit up is the same as pushing the others down.
"""),
        code(r"""
o = np.array([[0.6, -1.0, 5.0, 8.0, 4.0]])    # one example, five classes (the example of Unit 3)
label = np.array([2])
p = softmax(o)
t_onehot = np.eye(5)[label]
loss_value, grad = softmax_cross_entropy(o, label)
numeric = numerical_gradient(lambda v: softmax_cross_entropy(v, label)[0], o.copy())
print("p              =", p)
print("p - onehot     =", p - t_onehot)
print("library grad   =", grad)
print("numerical grad =", numeric)
print("rows sum to    =", grad.sum(axis=1))
"""),
        md(r"""
## 9. The general algorithm, in topological order

Everything so far is one algorithm. Order the nodes of the graph $v_1, \dots, v_N$ so that every node
comes after the nodes it is computed from (a topological order), with $v_N = L$.

* **Forward pass.** For $i = 1, \dots, N$: compute $v_i$ from its parents, and keep what the backward pass
  will need (the caches).
* **Backward pass.** Set $\bar v_N = 1$. For $i = N-1, \dots, 1$:
  $\displaystyle \bar v_i = \sum_{j\,\in\,\mathrm{children}(v_i)} \bar v_j\,\frac{\partial v_j}{\partial v_i}.$

When node $i$ is processed, all its children have higher numbers and their error signals are final, so
each error signal is computed exactly once, and each local derivative is used exactly once. That is the
whole trick: a naive application of the chain rule to every weight separately would recompute the shared
downstream products over and over (exponentially many paths in a deep graph); backprop computes each
$\bar v$ once and reuses it. In the language of numerical analysis it is **reverse-mode automatic
differentiation** (Linnainmaa 1970; Werbos 1974), made famous for neural networks by Rumelhart, Hinton &
Williams (1986). `Value.backward` above is this algorithm, and `MLP.loss_and_grads` in `course_utils` is
the same algorithm, hand-written layer by layer.
"""),
        md(r"""
## 10. What does a gradient cost? Count it, then time it

Count the multiply-adds of one affine layer $A = XW + \mathbf b$ with a batch of $n$ rows and $W$ of shape
$d_{in}\times d_{out}$.

* **Forward:** $XW$ is $n\cdot d_{in}\cdot d_{out}$ multiply-adds: **one per weight per example**.
* **Backward:** $\bar W = X^\top\bar A$ is $d_{in}\cdot n\cdot d_{out}$ multiply-adds, and
  $\bar X = \bar A W^\top$ is $n\cdot d_{out}\cdot d_{in}$ more: **two per weight per example**.

Everything else (biases, activations, the loss) is elementwise, of lower order. So a backward pass costs
about **two forward passes**, and forward plus backward about three, for the derivatives with respect to
*all* parameters at once. (The first layer may skip $\bar X$, since nobody needs the gradient with
respect to the data.) Compare with finite differences: two forward passes *per parameter*, so about
$2\times 10^5$ forward passes for a network with $10^5$ weights.
"""),
        code(r"""
def multiply_adds(sizes, n):
    # Multiply-adds of the matrix products of an MLP with these widths, for a batch of n rows.
    forward = sum(n * a * b for a, b in zip(sizes[:-1], sizes[1:]))    # X @ W, layer by layer
    backward = 2 * forward                                              # X.T @ dA and dA @ W.T
    skip_first = backward - n * sizes[0] * sizes[1]                     # without dX of the first layer
    return forward, backward, skip_first

print(f"{'widths':24s} {'forward':>13s} {'backward':>13s} {'ratio':>6s} {'skip 1st dX':>13s} {'ratio':>6s}")
for sizes in ([64, 64, 10], [784, 512, 256, 10], [1024, 1024, 1024, 10]):
    fwd, bwd, skip = multiply_adds(sizes, n=128)
    print(f"{str(sizes):24s} {fwd:>13,d} {bwd:>13,d} {bwd / fwd:6.2f} {skip:>13,d} {skip / fwd:6.2f}")
"""),
        md(r"""
Now time it: the forward and backward functions of an affine layer from `course_utils.layers`, on a
batch of 256 rows, for square layers of growing width. We alternate forward and backward calls and keep
the fastest of seven of each (the run least disturbed by whatever else the machine is doing). We time
with the matrix library restricted to one thread: with several threads, a machine busy with other work
can delay a single call by milliseconds, which would measure the scheduler rather than the arithmetic.
Matrix products dominate, so the measured ratio should be near 2, closer as the layers grow; for small
layers fixed overheads blur the picture.
"""),
        code(r"""
def seconds(fn, *args):
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start

try:                                    # one BLAS thread: time the arithmetic, not the thread scheduler
    from threadpoolctl import threadpool_limits
    one_thread = threadpool_limits(limits=1)
except ImportError:                     # (threadpoolctl comes with scikit-learn; without it, time as is)
    import contextlib
    one_thread = contextlib.nullcontext()

rng = np.random.default_rng(1)
widths = [128, 256, 512, 1024]
t_forward, t_backward = [], []
with one_thread:
    for width in widths:
        Xb = rng.normal(size=(256, width))
        Wb, bb = rng.normal(size=(width, width)), np.zeros(width)
        out, cache = affine_forward(Xb, Wb, bb)
        dout = rng.normal(size=out.shape)
        fwd, bwd = [], []
        for _ in range(7):              # alternate, so both see the same disturbances; keep the fastest
            fwd.append(seconds(affine_forward, Xb, Wb, bb))
            bwd.append(seconds(affine_backward, dout, cache))
        t_forward.append(min(fwd))
        t_backward.append(min(bwd))
t_forward, t_backward = np.array(t_forward), np.array(t_backward)

fig, axes = plt.subplots(1, 2, figsize=(11, 4))
axes[0].loglog(widths, 1e3 * t_forward, "o-", label="forward: X @ W + b")
axes[0].loglog(widths, 1e3 * t_backward, "s-", label="backward: dX, dW, db")
axes[0].set_xlabel("layer width (d_in = d_out)")
axes[0].set_ylabel("time per call (ms)")
axes[0].set_title("Affine layer on a batch of 256 rows")
axes[0].legend()
axes[1].semilogx(widths, t_backward / t_forward, "o-", color="C2", label="measured backward / forward")
axes[1].axhline(2.0, color="gray", ls="--", label="multiply-add count: 2")
axes[1].set_ylim(0, max(4.0, 1.1 * float(np.max(t_backward / t_forward))))   # never clip a point
axes[1].set_xlabel("layer width (d_in = d_out)")
axes[1].set_ylabel("time ratio")
axes[1].set_title("A backward pass costs about two forward passes")
axes[1].legend()
for ax in axes:
    ax.set_xticks(widths, [str(w) for w in widths])
    ax.minorticks_off()
plt.tight_layout()
plt.show()
print("measured ratios:", np.round(t_backward / t_forward, 2))
"""),
        md(r"""
## 11. Numerical gradient checking

A backward pass is easy to get subtly wrong (a transposed matrix, a missing $1/n$, a sign) and the
network may still train, just badly. So every new backward pass is checked against a numerical
derivative, the **central difference**

$$\frac{\partial f}{\partial x_i}\approx\frac{f(x + h e_i) - f(x - h e_i)}{2h},$$

whose truncation error is $\frac{h^2}{6}f'''$, much smaller than the $\frac h2 f''$ of the forward
difference $\frac{f(x + he_i) - f(x)}{h}$. But $h$ cannot be tiny: $f$ is computed with a relative
rounding error of about $\varepsilon_{\text{mach}}$ ($2.2\times10^{-16}$ in float64, $1.2\times10^{-7}$ in
float32), and dividing by $h$ amplifies it to about $\varepsilon_{\text{mach}}|f|/h$. Total error is
smallest where the two balance. Compare with a **relative error**

$$e = \frac{|a - n|}{\max(|a| + |n|,\ \text{tiny})},$$

which does not depend on the scale of the gradient. In float64 with $h = 10^{-5}$ a correct gradient
gives $e \lesssim 10^{-7}$, usually far less; a bug gives $e$ of order $10^{-2}$ to $1$.
"""),
        code(r"""
def derivative_errors(dtype, hs):
    # Relative error of forward and central differences of f(x) = exp(x) at x = 1 (exact: e).
    x = dtype(1.0)
    exact = math.e
    central, forward = [], []
    for h in hs:
        h = dtype(h)
        c = (np.exp(x + h) - np.exp(x - h)) / (dtype(2) * h)
        fwd = (np.exp(x + h) - np.exp(x)) / h
        central.append(abs(float(c) - exact) / exact)
        forward.append(abs(float(fwd) - exact) / exact)
    return np.maximum(central, 1e-17), np.maximum(forward, 1e-17)

hs = np.logspace(-12, -1, 45)
fig, ax = plt.subplots(figsize=(7, 4.5))
for dtype, style in ((np.float64, "-"), (np.float32, "--")):
    central, forward = derivative_errors(dtype, hs)
    name = dtype.__name__
    ax.loglog(hs, central, style, color="C0", label=f"central, {name}")
    ax.loglog(hs, forward, style, color="C3", label=f"forward, {name}")
ax.axvline(1e-5, color="gray", lw=0.8)
ax.set_xlabel("step h")
ax.set_ylabel("relative error of the derivative")
ax.set_title("Finite differences of exp at x = 1: truncation vs rounding")
ax.legend()
plt.show()
"""),
        md(r"""
Read the figure from right to left. For large $h$ the truncation error dominates: it falls like $h$ for
the forward difference and like $h^2$ for the central one. For small $h$ rounding takes over and the error
grows like $1/h$. In float64 the central difference reaches about $10^{-11}$ near $h = 10^{-5}$; in
float32 the best it can do is about $10^{-5}$ to $10^{-6}$, at $h\approx10^{-2}$, and at $h = 10^{-5}$ its
error is already a few times $10^{-3}$. **Always check gradients in float64**: the same correct network fails a
float32 check.
"""),
        code(r"""
rng = np.random.default_rng(0)
Xs, ys = rng.normal(size=(6, 4)), rng.integers(0, 3, size=6)
for dtype in (np.float64, np.float32):
    net = MLP([4, 5, 3], l2=0.1, seed=0, dtype=dtype)
    Xd = Xs.astype(dtype)
    loss_value, net_grads = net.loss_and_grads(Xd, ys)
    report = check_gradients(lambda p: net.loss_and_grads(Xd, ys)[0], net.params, net_grads)
    worst = max(row.max_rel_error for row in report.rows)
    print(f"{dtype.__name__}: same correct backprop, worst relative error {worst:.1e}, passed: {report.passed}")
"""),
        md(r"""
**Kinks.** ReLU is not differentiable at 0. If an input sits within $h$ of the kink, the central
difference straddles it and averages the two slopes: the numerical derivative of $\max(0, x)$ at
$x = 10^{-6}$ with $h = 10^{-5}$ is $\frac{(10^{-6} + 10^{-5}) - 0}{2\cdot 10^{-5}} = 0.55$, while the
analytic one is 1. A correct gradient then "fails". In a real network this happens to a few entries by
chance; if a check fails at a handful of entries and the rest agree to $10^{-9}$, look at the
pre-activations before you look for a bug, and test on inputs nudged away from the kinks.
"""),
        code(r"""
xk = np.array([1e-6, -3e-6, 0.5, -0.5])
analytic = (xk > 0).astype(float)                     # relu'(x), subgradient 0 at 0
numeric = numerical_gradient(lambda v: np.sum(np.maximum(v, 0)), xk.copy())
for xi, a, nm in zip(xk, analytic, numeric):
    print(f"x = {xi:8.1e}   analytic {a:4.2f}   numerical {nm:4.2f}   relative error {rel_error(a, nm):.2f}")
"""),
        md(r"""
## 12. Hidden units learn features: XOR

Unit 1 solved XOR by hand-designing two hidden threshold units (OR and AND). Now let gradient descent
find hidden units by itself. We train a network with **two** tanh hidden units on noisy XOR data (the four
corners of the unit square with Gaussian noise) with backprop and Adam. Two hidden units are the bare
minimum, and some random initialisations get stuck with one corner misclassified; this seed works (try
others in the playground at the end).
"""),
        code(r"""
X_xor, y_xor = make_xor(n=200, noise=0.15, seed=0)
xor_net = MLP([2, 2, 2], activation="tanh", seed=3)
xor_history = train(xor_net, Adam(lr=0.05), X_xor, y_xor, epochs=150, batch_size=200, progress=False)
print(f"training accuracy: {xor_net.score(X_xor, y_xor):.1%}")

# the hidden representation: what the output layer sees
H_xor = np.tanh(X_xor @ xor_net.params["W1"] + xor_net.params["b1"])
w_out = xor_net.params["W2"][:, 1] - xor_net.params["W2"][:, 0]      # class 1 wins where w_out . h + c > 0
c_out = xor_net.params["b2"][1] - xor_net.params["b2"][0]

fig, axes = plt.subplots(1, 2, figsize=(11, 4.5))
plot_decision_boundary(xor_net.predict, X_xor, y_xor, ax=axes[0],
                       title="Input space: XOR is not linearly separable")
for cls, marker in ((0, "o"), (1, "^")):
    pts = H_xor[y_xor == cls]
    axes[1].scatter(pts[:, 0], pts[:, 1], marker=marker, s=18, label=f"class {cls}",
                    color="C0" if cls == 0 else "C3")
h1 = np.linspace(-1.1, 1.1, 50)
if abs(w_out[1]) > 1e-12:
    axes[1].plot(h1, -(w_out[0] * h1 + c_out) / w_out[1], "k--", label="output unit's boundary")
axes[1].set_xlim(-1.1, 1.1); axes[1].set_ylim(-1.1, 1.1)
axes[1].set_xlabel("hidden unit 1, $h_1$")
axes[1].set_ylabel("hidden unit 2, $h_2$")
axes[1].set_title("Hidden space: a straight line separates the classes")
axes[1].legend(loc="lower right")
plt.tight_layout()
plt.show()
"""),
        md(r"""
On the left, the network's decision regions in the input plane: no single line could draw them. On the
right, the same 200 points as the output layer sees them, mapped by the two hidden units. The hidden layer
has moved the four clusters so that the two classes lie on opposite sides of a straight line, and the
output unit (a linear classifier, as in Units 1 and 3) only has to draw that line. Nobody told the
hidden units what to compute: backprop shaped them into features that make the problem linearly separable.
"""),
        md(r"""
## 13. Features learned from handwritten digits

A real task: 8×8 images of handwritten digits (1797 images, 64 pixels in $[0, 1]$, 10 classes). We split
them into training, validation and test parts, train an MLP with 64 ReLU hidden units (backprop gives the
gradients, Adam takes the steps, `course_utils.training.train` runs the mini-batch loop), and measure the
accuracy on the test images the network never saw.
"""),
        code(r"""
X_digits, y_digits = load_digits()
X_tr, X_va, X_te, y_tr, y_va, y_te = train_val_test_split(X_digits, y_digits, seed=1)
print("train / validation / test:", len(y_tr), len(y_va), len(y_te))

digits_net = MLP([64, 64, 10], activation="relu", seed=0)
start = time.perf_counter()
digits_history = train(digits_net, Adam(lr=1e-2), X_tr, y_tr, epochs=15, batch_size=32,
                       X_val=X_va, y_val=y_va, progress=False)
print(f"trained in {time.perf_counter() - start:.1f} s")
print(f"test accuracy: {digits_net.score(X_te, y_te):.1%}")
plot_history(digits_history, title="Two-layer MLP on the 8x8 digits (Adam, lr = 0.01)")
plt.show()
"""),
        md(r"""
What did the hidden units learn? Each hidden unit $j$ computes $\max(0, \mathbf x\cdot W_{:,j} + b_j)$: its
column of incoming weights $W_{:,j}$ is a 64-pixel template, and we can show it as an 8×8 image. Red
pixels excite the unit, blue ones inhibit it.
"""),
        code(r"""
fig = plot_weights_as_images(digits_net.params["W1"], shape=(8, 8), max_units=24, ncols=8,
                             title="Incoming weights of 24 hidden units (digits network)")
plt.show()
"""),
        md(r"""
The templates are not pictures of digits. After a few seconds of training they are noisy mixtures of
strokes and contrasts (red where a digit tends to have ink, blue where another digit would), pieces of
evidence that help tell digits apart. The network invented them to make the ten classes linearly
separable for its output layer, which is what the hidden layer did for XOR in two dimensions.

Look at the border columns, too: some pixels at the left and right edges are blank in (almost) every image.
Their weights keep the random values of the initialisation, because a weight's gradient is *delta ×
input*, $\partial L/\partial w_{ij} = \delta_j x_i$, and an input that is always 0 never passes on any
gradient. Backprop cannot teach a weight that never carries a signal. (Weight decay, Unit 6, would pull
such weights to 0.)
"""),
        md(r"""
## 14. What automatic differentiation automates

Look back at what we wrote by hand: for each operation, a forward function that stores what it needs, and
a backward function with its local derivatives; then the bookkeeping of calling them in reverse order and
adding up contributions at fan-outs. **Automatic differentiation** (autodiff) frameworks such as PyTorch,
TensorFlow and JAX automate the bookkeeping. They provide the local derivatives of hundreds of primitive
operations, record the graph while your program runs its forward pass (like `Value`), and run the backward
pass in topological order when you call `.backward()`. You write only the forward computation.

What autodiff does **not** change: the cost (still about two forward passes per backward), the memory
(every cached intermediate is kept until the backward pass uses it, which is what limits batch sizes in
practice), and the numerical issues (unstable formulas, saturating units, vanishing gradients through
many layers). Knowing how backprop works is how you reason about all three, and how you debug a model
whose gradients are silently wrong.
"""),
        md(r"""
## 15. Play: a network learning in front of you

The playground trains a small network (backprop and a gradient-based optimiser, from `course_utils.mlp`)
on a two-dimensional data set while you watch the decision regions and the training and test loss
curves. Start with XOR: how few hidden units suffice, and how often does a run with the bare minimum get
stuck? Does tanh or ReLU learn faster, and what happens when the learning rate is ten times larger? Then
try the circles, which need a closed boundary: how many hidden units does that take?
"""),
        code(r"""
from course_utils.widgets import playground
playground(dataset="xor")
"""),
        code(r"""
playground(dataset="circles")
"""),
        md(r"""
## Check your understanding

1. In $f = (x + y)\,z$ at $(x, y, z) = (-2, 5, -4)$, what are $\partial f/\partial x$, $\partial f/\partial y$
   and $\partial f/\partial z$, and which rule of thumb (add, multiply) gives each?
   <details><summary>Answer</summary>

   $\partial f/\partial x = \partial f/\partial y = z = -4$: the multiplication gives $\bar q = \bar f\cdot z
   = -4$, and the addition distributes $\bar q$ unchanged to both inputs. $\partial f/\partial z = q = x + y
   = 3$: the multiplication swaps in the other factor.
   </details>

2. A variable $v$ is used by three operations whose outputs have error signals $\bar c_1, \bar c_2,
   \bar c_3$. What is $\bar v$? What goes wrong if your code *assigns* instead of *adds*?
   <details><summary>Answer</summary>

   $\bar v = \sum_{k=1}^3 \bar c_k\,\partial c_k/\partial v$ (the multivariate chain rule). Assigning keeps
   only the last path's contribution; the gradient is wrong wherever there is fan-out (for example a weight
   that is both used in the network and penalised by weight decay).
   </details>

3. In the batch backward pass, why is $\bar{\mathbf b}$ a sum over the rows of $\bar A$ while $\bar W =
   X^\top\bar A$ has no explicit sum? And where is the $1/n$ of the mean loss?
   <details><summary>Answer</summary>

   Both are sums over examples: $(X^\top\bar A)_{kj} = \sum_i x_{ik}\,\bar a_{ij}$ performs the sum inside
   the matrix product. The bias is used once by every example, so its gradient adds the per-example
   contributions $\bar a_{ij}$ explicitly. The $1/n$ is in the loss's gradient $\bar O = (P - T)/n$, and
   every later error signal inherits it; no layer divides again.
   </details>

4. A gradient check reports relative errors around $10^{-3}$ for every parameter. Name two harmless and
   one harmful explanation.
   <details><summary>Answer</summary>

   Harmless: the check runs in float32 (rounding error around $10^{-3}$ at $h = 10^{-5}$), or $h$ is far too
   small or too large. Harmful: a small but real bug, such as a regularisation term whose gradient
   is missing, which changes the gradient slightly. Rerun in float64 with $h = 10^{-5}$: a correct gradient
   then agrees to about $10^{-8}$ or better; a failure concentrated in a few entries of a ReLU network may be
   a kink.
   </details>

5. Why does a backward pass cost about two forward passes, and why does that make gradient descent on
   large networks affordable?
   <details><summary>Answer</summary>

   Each affine layer needs one matrix product forward ($XW$) and two backward ($X^\top\bar A$ for the weights,
   $\bar A W^\top$ for the layer below), each with the same number of multiply-adds. So one forward and one
   backward pass, about three forward passes, yield the derivative with respect to every weight, whereas
   finite differences need two forward passes per weight.
   </details>
"""),
        md(r"""
## Summary

* Targets exist only at the output; the **chain rule** sends the error back so that every hidden unit
  receives its share, the error signal $\bar v = \partial L/\partial v$.
* A **computational graph** is evaluated forward (values, cached) and then backward (error signals):
  each node multiplies the incoming error signal by its local derivatives. Addition distributes, multiplication
  swaps, **fan-out sums** (the multivariate chain rule).
* For $f = (x+y)z$ at $(-2, 5, -4)$: $q = 3$, $f = -12$, $\partial f/\partial x = \partial f/\partial y = -4$,
  $\partial f/\partial z = 3$.
* In a network, the **delta** of a unit is the error signal of its pre-activation; weight gradients are
  delta × input, and $\delta_j = \phi'(a_j)\sum_k w_{jk}\delta_k$ sends deltas down a layer.
* On a batch: $\bar W = X^\top\bar A$, $\bar{\mathbf b} = \sum_i\bar A_{i,:}$, $\bar X = \bar A W^\top$, and
  softmax cross-entropy gives $\bar O = (P - T)/n$: **softmax minus one-hot**.
* The general algorithm runs the nodes in **topological order** forward and in reverse order backward; each
  error signal is computed once. A backward pass costs about **two forward passes**.
* Check every backward pass with **central differences** in **float64** and a relative error; beware of ReLU
  kinks.
* Trained by backprop, hidden units learn **features**: they make XOR linearly separable, and on digits
  they become templates of strokes and contrasts, reaching about 98% test accuracy in seconds.
* **Autodiff** frameworks automate the bookkeeping of exactly this algorithm; cost, memory and numerical
  stability remain yours to understand.
"""),
        md(r"""
## References

* S. Linnainmaa (1970). *The representation of the cumulative rounding error of an algorithm as a Taylor
  expansion of the local rounding errors*. Master's thesis, University of Helsinki (reverse-mode
  differentiation).
* P. J. Werbos (1974). *Beyond regression: new tools for prediction and analysis in the behavioral
  sciences*. PhD thesis, Harvard University.
* D. E. Rumelhart, G. E. Hinton and R. J. Williams (1986). Learning representations by back-propagating
  errors. *Nature* 323, 533–536.
* M. Minsky and S. Papert (1969). *Perceptrons*. MIT Press (XOR and the limits of a single layer).
* T. M. Mitchell (1997). *Machine Learning*, chapter 4 (the backpropagation algorithm with deltas).
  McGraw-Hill.
* Y. LeCun, L. Bottou, G. B. Orr and K.-R. Müller (1998). Efficient BackProp. In *Neural Networks: Tricks
  of the Trade*, Springer LNCS 1524, 9–50.
* A. G. Baydin, B. A. Pearlmutter, A. A. Radul and J. M. Siskind (2018). Automatic differentiation in
  machine learning: a survey. *Journal of Machine Learning Research* 18(153), 1–43.
* X. Glorot and Y. Bengio (2010). Understanding the difficulty of training deep feedforward neural
  networks. *AISTATS*, 249–256.
* K. He, X. Zhang, S. Ren and J. Sun (2015). Delving deep into rectifiers. *ICCV*, 1026–1034.
* D. P. Kingma and J. Ba (2015). Adam: a method for stochastic optimization. *ICLR*.
* E. Alpaydin and C. Kaynak (1998). Optical recognition of handwritten digits (UCI data set), the
  8×8 digits.
* A. Karpathy (2020). *micrograd*, a tiny scalar-valued autograd engine (github.com/karpathy/micrograd),
  the inspiration for the `Value` class.
"""),
    ]
