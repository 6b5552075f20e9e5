"""Weight decay applied to the weight after the step instead of added to the gradient."""
TARGET = "SGD"
EXPECT_MISTAKE = "SGD.decoupled_decay"
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
            if self.momentum:
                v = self.velocity.get(key)
                v = g.copy() if v is None else self.momentum * v + g
                self.velocity[key] = v
                g = v
            w -= self.lr * g
            if self.weight_decay and key.startswith("W"):
                w -= self.lr * self.weight_decay * w
