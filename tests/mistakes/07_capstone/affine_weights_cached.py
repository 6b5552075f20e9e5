"""forward uses a copy of W taken in __init__, so optimizer updates never reach it."""
TARGET = "Affine"
EXPECT_MESSAGE = "read self.params"
EXPECT_MISTAKE = "Affine.weights_cached"
import numpy as np


class Affine:
    """A fully connected layer: every row ``x`` of the input becomes ``x @ W + b``.

    Parameters
    ----------
    n_in, n_out : int
        Input and output widths.
    rng : numpy.random.Generator
        Draws the initial weights.
    init : {"he", "xavier", "small"}, default "he"
        The weight initialisation (table above); biases start at zero. Anything else: ``ValueError``.

    Attributes
    ----------
    params : dict
        ``"W"``: float64 array (n_in, n_out); ``"b"``: float64 array (n_out,). Updated in place by
        optimizers, never replaced by the layer.
    grads : dict
        Same keys and shapes: the gradients of the loss, set by ``backward``.
    """

    def __init__(self, n_in, n_out, rng, init="he"):
        if init == "he":
            W = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
        elif init == "xavier":
            a = np.sqrt(6.0 / (n_in + n_out))
            W = rng.uniform(-a, a, size=(n_in, n_out))
        elif init == "small":
            W = rng.normal(0.0, 0.01, size=(n_in, n_out))
        else:
            raise ValueError(f"unknown init {init!r}: use 'he', 'xavier' or 'small'")
        self.params = {"W": W, "b": np.zeros(n_out)}
        self.grads = {"W": np.zeros_like(W), "b": np.zeros(n_out)}
        self.x = None
        self.W_used = W.copy()

    def forward(self, x, train=True):
        """Output for the batch ``x`` of shape (n, n_in): an array (n, n_out). ``train`` is ignored."""
        self.x = x
        return x @ self.W_used + self.params["b"]

    def backward(self, dout):
        """Given dL/dout (n, n_out): set ``self.grads`` and return dL/dx (n, n_in) for the last forward's x."""
        self.grads = {"W": self.x.T @ dout, "b": dout.sum(axis=0)}
        return dout @ self.params["W"].T
