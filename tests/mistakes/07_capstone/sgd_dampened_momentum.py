"""Momentum with dampening: v = beta v + (1 - beta) g."""
TARGET = "SGD"
EXPECT_MISTAKE = "SGD.dampened_momentum"
import numpy as np


class SGD:
    """Stochastic gradient descent with optional momentum and (coupled) weight decay on the weights.

    Parameters
    ----------
    lr : float
        Learning rate; the attribute ``self.lr`` may be changed between steps.
    momentum : float in [0, 1), default 0.0
        Heavy-ball momentum coefficient (0: none).
    weight_decay : float >= 0, default 0.0
        Added, times the weight, to the gradient of every key starting with "W".
    """

    def __init__(self, lr, momentum=0.0, weight_decay=0.0):
        self.lr, self.momentum, self.weight_decay = float(lr), float(momentum), float(weight_decay)
        self.velocity = {}

    def step(self, params, grads):
        """Update every array of ``params`` in place from ``grads`` (same keys); ``grads`` is not modified."""
        for key, w in params.items():
            g = grads[key]
            if self.weight_decay and key.startswith("W"):
                g = g + self.weight_decay * w
            if self.momentum:
                v = self.velocity.get(key)
                v = (1 - self.momentum) * g if v is None else self.momentum * v + (1 - self.momentum) * g
                self.velocity[key] = v
                g = v
            w -= self.lr * g
