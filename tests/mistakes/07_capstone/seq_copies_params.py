"""model.params holds copies of the layers' arrays: optimizer steps never reach the layers."""
TARGET = "Sequential"
EXPECT_MESSAGE = "same objects"
EXPECT_MISTAKE = "Sequential.copies_params"
import numpy as np


class Sequential:
    """A network: layers applied in order, then a loss head.

    Parameters
    ----------
    layers : list
        Layer objects keeping the layer contract (``params``, ``grads``, ``forward``, ``backward``).
    head : object
        A loss head (``forward(scores, targets) -> float``, ``backward() -> dscores``).
    l2 : float, default 0.0
        L2 strength lambda >= 0 on the weights (keys starting with "W"), training mode only.

    Attributes
    ----------
    params : dict
        ``f"{name}{i}"`` -> layer ``i``'s array ``name`` (the layer's own array, not a copy), for every layer.
    grads : dict
        Same keys and shapes, set by ``backward``.
    """

    def __init__(self, layers, head, l2=0.0):
        self.layers, self.head, self.l2 = list(layers), head, float(l2)
        self.params = {}
        for i, layer in enumerate(self.layers):
            for name, value in layer.params.items():
                self.params[f"{name}{i}"] = value.copy()
        self.grads = {}
        self.penalised = False

    def forward(self, X, train=False):
        """The last layer's output for the batch X (no head): e.g. scores (n, K)."""
        out = X
        for layer in self.layers:
            out = layer.forward(out, train=train)
        return out

    def loss(self, X, y, train=True):
        """The head's loss on (X, y), plus the L2 penalty when training; a float. Remembers what backward needs."""
        loss = self.head.forward(self.forward(X, train=train), y)
        self.penalised = bool(train and self.l2 > 0)
        if self.penalised:
            loss += 0.5 * self.l2 * sum(float(np.sum(w * w)) for k, w in self.params.items() if k.startswith("W"))
        return loss

    def backward(self):
        """Gradients of the last ``loss`` call with respect to every parameter, into ``self.grads``."""
        dout = self.head.backward()
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        self.grads = {}
        for i, layer in enumerate(self.layers):
            for name, g in layer.grads.items():
                key = f"{name}{i}"
                self.grads[key] = g + self.l2 * self.params[key] if self.penalised and name.startswith("W") else g
