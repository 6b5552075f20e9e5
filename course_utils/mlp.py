"""A multi-layer perceptron for classification, assembled from the course's layers.

``MLP([d, h1, ..., K])`` is the network

    a⁽ˡ⁾ = h⁽ˡ⁻¹⁾ W⁽ˡ⁾ + b⁽ˡ⁾,   h⁽ˡ⁾ = dropout(φ(a⁽ˡ⁾))   for the hidden layers l = 1 .. L−1 (h⁽⁰⁾ = X)
    o = h⁽ᴸ⁻¹⁾ W⁽ᴸ⁾ + b⁽ᴸ⁾                                     the logits (one score per class)

trained on the softmax cross-entropy plus an L2 penalty on the weights,

    J = −(1/n) Σᵢ log softmax(oᵢ)_{yᵢ} + (λ/2) Σₗ ‖W⁽ˡ⁾‖²      (biases are not penalised).

The forward pass is the layer functions of :mod:`course_utils.layers` in sequence; the backward pass is
their backward functions in reverse order (backpropagation, Rumelhart, Hinton & Williams 1986). Nothing
else is hidden: read :meth:`MLP.loss_and_grads` next to the lecture's derivation.
"""
from __future__ import annotations

import numpy as np

from .activations import softmax
from .init import he_init, xavier_init
from .layers import (affine_backward, affine_forward, dropout_backward, dropout_forward, relu_backward,
                     relu_forward, sigmoid_backward, sigmoid_forward, tanh_backward, tanh_forward)
from .losses import softmax_cross_entropy

__all__ = ["MLP"]

_ACTIVATIONS = {
    "relu": (relu_forward, relu_backward, he_init),
    "tanh": (tanh_forward, tanh_backward, xavier_init),
    "sigmoid": (sigmoid_forward, sigmoid_backward, xavier_init),
}


class MLP:
    """Fully connected feed-forward classifier: affine → activation (→ dropout) ... → affine → softmax.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths ``[d, h1, ..., K]``: ``d`` inputs, hidden layers ``h1, ...``, ``K`` classes
        (at least two numbers; ``[d, K]`` is multinomial logistic regression).
    activation : {"relu", "tanh", "sigmoid"}, default "relu"
        Hidden-layer non-linearity ``φ``. Weights are initialised with :func:`~course_utils.init.he_init`
        for ReLU (He et al. 2015) and :func:`~course_utils.init.xavier_init` otherwise
        (Glorot & Bengio 2010); biases start at zero.
    output_scale : float, default 0.01
        Factor applied to the output layer's initial weights ``W⁽ᴸ⁾`` after they are drawn (the draws
        themselves, and so every hidden layer, do not depend on it). He or Xavier scaling keeps the spread
        of the activations from layer to layer, which is right for hidden layers, but it gives the logits
        that spread as well: the untrained network is then confidently wrong (unit 5's 2-32-32-2 ReLU net on the
        moons would start at loss 2.78 instead of ln 2 ≈ 0.69; with the default, 0.70). With small output weights all ``K`` scores start
        near zero, every softmax probability near ``1/K``, and the initial loss is ≈ ``ln K``, the sanity
        check every training run should pass (CS231n; Karpathy 2019). ``1.0`` gives the plain He/Xavier
        network, ``0.0`` a zero output layer (still trainable: its gradient ``h⁽ᴸ⁻¹⁾ᵀ (p − y)/n`` is not zero).
    l2 : float, default 0.0
        Weight-decay strength ``λ`` in ``(λ/2) Σ ‖W‖²``.
    dropout : float, default 0.0
        Probability ``p`` of **dropping** each hidden unit during training (inverted dropout after every
        hidden activation, Srivastava et al. 2014); never applied at prediction time.
    seed : int, default 0
        Seeds ``self.rng = np.random.default_rng(seed)``, which draws the initial weights and then the
        dropout masks: the same seed gives the same network and the same training run.
    dtype : numpy float dtype, default np.float64
        Dtype of the parameters and of all computations (``np.float32`` halves memory and is faster;
        gradient checks need float64).

    Attributes
    ----------
    params : dict of str -> ndarray
        ``"W1", "b1", "W2", "b2", ...``: ``W{l}`` of shape ``(sizes[l-1], sizes[l])``, ``b{l}`` of shape
        ``(sizes[l],)``. Optimizers update these arrays in place.
    rng : numpy.random.Generator
        The model's generator (dropout masks when ``loss_and_grads`` gets no ``rng``).

    Examples
    --------
    >>> from course_utils.optim import Adam
    >>> net = MLP([64, 128, 10], seed=0)
    >>> opt = Adam(lr=1e-3)
    >>> loss, grads = net.loss_and_grads(X_batch, y_batch)
    >>> opt.step(net.params, grads)
    """

    def __init__(self, sizes, activation="relu", l2=0.0, dropout=0.0, seed=0, dtype=np.float64,
                 output_scale=0.01):
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes must list at least an input and an output width, all >= 1, got {sizes}")
        if activation not in _ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, got {activation!r}")
        if l2 < 0:
            raise ValueError(f"l2 must be non-negative, got {l2}")
        if not 0 <= dropout < 1:
            raise ValueError(f"dropout is the probability of dropping a unit and must be in [0, 1), got {dropout}")
        if not (np.isfinite(output_scale) and output_scale >= 0):
            raise ValueError(f"output_scale must be a finite number >= 0, got {output_scale}")
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64, got {self.dtype}")
        self.sizes = sizes
        self.activation = activation
        self.l2 = float(l2)
        self.dropout = float(dropout)
        self.seed = seed
        self.output_scale = float(output_scale)
        self.rng = np.random.default_rng(seed)
        self._act_forward, self._act_backward, init = _ACTIVATIONS[activation]
        self.params = {}
        for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            self.params[f"W{l}"] = init(n_in, n_out, self.rng).astype(self.dtype, copy=False)
            self.params[f"b{l}"] = np.zeros(n_out, dtype=self.dtype)
        self.params[f"W{self.n_layers}"] *= self.dtype.type(self.output_scale)

    # -----------------------------------------------------------------------------------------------
    @property
    def n_layers(self) -> int:
        """Number of affine layers ``L`` (hidden layers + the output layer)."""
        return len(self.sizes) - 1

    @property
    def n_params(self) -> int:
        """Total number of trainable numbers."""
        return sum(p.size for p in self.params.values())

    def __repr__(self):
        extra = "".join(f", {k}={v}" for k, v in (("l2", self.l2), ("dropout", self.dropout)) if v)
        if self.output_scale != 0.01:
            extra += f", output_scale={self.output_scale}"
        dt = "" if self.dtype == np.float64 else f", dtype={self.dtype.name}"
        return f"MLP({self.sizes}, activation={self.activation!r}{extra}, seed={self.seed}{dt})"

    def _input(self, X):
        X = np.asarray(X)
        if X.dtype != self.dtype:
            X = X.astype(self.dtype)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"X must have shape (n, {self.sizes[0]}), got {X.shape}")
        return X

    # -----------------------------------------------------------------------------------------------
    def forward(self, X, train=False, rng=None):
        """Logits of a batch: the network without the softmax.

        Parameters
        ----------
        X : array_like of shape (n, d)
        train : bool, default False
            Apply dropout (training mode). Prediction uses ``train=False``: dropout is then the identity.
        rng : numpy.random.Generator, optional
            Source of the dropout masks (default: ``self.rng``); only used when ``train`` and ``dropout > 0``.

        Returns
        -------
        logits : ndarray of shape (n, K)
        """
        h = self._input(X)
        L, p = self.n_layers, self.dropout
        use_dropout = train and p > 0
        rng = self.rng if rng is None else rng
        for l in range(1, L):
            h, _ = affine_forward(h, self.params[f"W{l}"], self.params[f"b{l}"])
            h, _ = self._act_forward(h)
            if use_dropout:
                h, _ = dropout_forward(h, p, rng, train=True)
        logits, _ = affine_forward(h, self.params[f"W{L}"], self.params[f"b{L}"])
        return logits

    def penalty(self) -> float:
        """The weight-decay term ``(λ/2) Σₗ ‖W⁽ˡ⁾‖²`` (0 when ``l2 = 0``)."""
        if not self.l2:
            return 0.0
        return 0.5 * self.l2 * sum(float(np.vdot(W, W)) for k, W in self.params.items() if k[0] == "W")

    def loss_and_grads(self, X, y, rng=None):
        """Training objective on a batch and its gradient with respect to every parameter (backpropagation).

        Forward in training mode (dropout on), then

            J = −(1/n) Σᵢ log softmax(oᵢ)_{yᵢ} + (λ/2) Σₗ ‖W⁽ˡ⁾‖²
            δ⁽ᴸ⁾ = ∂J/∂o = (softmax(o) − onehot(y)) / n
            ∂J/∂W⁽ˡ⁾ = h⁽ˡ⁻¹⁾ᵀ δ⁽ˡ⁾ + λ W⁽ˡ⁾,   ∂J/∂b⁽ˡ⁾ = Σᵢ δᵢ⁽ˡ⁾
            δ⁽ˡ⁻¹⁾ = (δ⁽ˡ⁾ W⁽ˡ⁾ᵀ) ⊙ mask⁽ˡ⁻¹⁾ ⊙ φ'(a⁽ˡ⁻¹⁾)

        (``mask`` is the scaled dropout mask, all ones without dropout.)

        Parameters
        ----------
        X : array_like of shape (n, d)
        y : array_like of int, shape (n,)
            Class labels in ``0 .. K−1``.
        rng : numpy.random.Generator, optional
            Source of the dropout masks (default: ``self.rng``).

        Returns
        -------
        loss : float
            ``J`` (data loss plus penalty) on this batch.
        grads : dict of str -> ndarray
            ``∂J/∂params[key]``, same keys, shapes and dtype as ``params``.
        """
        P = self.params
        L, p, lam = self.n_layers, self.dropout, self.l2
        use_dropout = p > 0
        rng = self.rng if rng is None else rng
        act_forward, act_backward = self._act_forward, self._act_backward
        h = self._input(X)
        caches = []
        for l in range(1, L):
            h, aff = affine_forward(h, P[f"W{l}"], P[f"b{l}"])
            h, act = act_forward(h)
            drop = None
            if use_dropout:
                h, drop = dropout_forward(h, p, rng, train=True)
            caches.append((aff, act, drop))
        logits, aff = affine_forward(h, P[f"W{L}"], P[f"b{L}"])
        loss, dout = softmax_cross_entropy(logits, y)

        grads = {}
        for l in range(L, 0, -1):
            if l == 1:
                # The input X needs no gradient: take only the parameter gradients of affine_backward
                # (dW = Xᵀ δ, db = Σᵢ δᵢ) and skip the (n, d) product δ Wᵀ.
                x = aff[0]
                dW, db = x.T @ dout, dout.sum(axis=0)
            else:
                dout, dW, db = affine_backward(dout, aff)
            if lam:
                dW += lam * P[f"W{l}"]
            grads[f"W{l}"], grads[f"b{l}"] = dW, db
            if l > 1:
                aff, act, drop = caches[l - 2]
                if drop is not None:
                    dout = dropout_backward(dout, drop)
                dout = act_backward(dout, act)
        if lam:
            loss += self.penalty()
        return float(loss), {k: grads[k] for k in P}

    # -----------------------------------------------------------------------------------------------
    def loss(self, X, y) -> float:
        """Mean cross-entropy of the network in evaluation mode (no dropout, no penalty).

        Parameters
        ----------
        X : array_like of shape (n, d)
        y : array_like of int, shape (n,)

        Returns
        -------
        float
        """
        return float(softmax_cross_entropy(self.forward(X), y)[0])

    def predict_proba(self, X):
        """Class probabilities ``softmax(o)``, shape ``(n, K)``, each row summing to 1."""
        return softmax(self.forward(X))

    def predict(self, X):
        """Predicted classes ``argmaxₖ oₖ``, an int array of shape ``(n,)``."""
        return np.argmax(self.forward(X), axis=1)

    def score(self, X, y) -> float:
        """Accuracy: the fraction of rows whose predicted class equals ``y``."""
        return float(np.mean(self.predict(X) == np.asarray(y)))
