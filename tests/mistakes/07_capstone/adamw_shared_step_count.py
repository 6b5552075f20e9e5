"""One step counter for all keys, incremented once per key and step."""
TARGET = "AdamW"
EXPECT_MISTAKE = "AdamW.shared_step_count"
import numpy as np


class AdamW:
    """Adam with decoupled weight decay on the weights (keys starting with "W").

    Parameters
    ----------
    lr : float, default 1e-3
        Learning rate; the attribute ``self.lr`` may be changed between steps.
    beta1, beta2 : float, default 0.9, 0.999
        Decay rates of the first and second moment estimates.
    eps : float, default 1e-8
        Added after the square root.
    weight_decay : float >= 0, default 0.0
        Decoupled decay rate of the weights.
    """

    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
        self.lr, self.beta1, self.beta2, self.eps = float(lr), float(beta1), float(beta2), float(eps)
        self.weight_decay = float(weight_decay)
        self.m, self.v, self.t = {}, {}, {}

    def step(self, params, grads):
        """Update every array of ``params`` in place from ``grads`` (same keys); ``grads`` is not modified."""
        b1, b2 = self.beta1, self.beta2
        for key, w in params.items():
            g = grads[key]
            t = self.t["all"] = self.t.get("all", 0) + 1
            m = self.m[key] = b1 * self.m.get(key, 0.0) + (1 - b1) * g
            v = self.v[key] = b2 * self.v.get(key, 0.0) + (1 - b2) * g * g
            m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
            if self.weight_decay and key.startswith("W"):
                w *= 1.0 - self.lr * self.weight_decay
            w -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
