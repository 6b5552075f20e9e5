"""Missing 1/2: penalty lam * ||W||^2, so the gradient is 2 lam W (twice too large)."""
TARGET = "l2_penalty_and_grads"
EXPECT_MESSAGE = "1/2"
import numpy as np


def l2_penalty_and_grads(params, lam):
    penalty = 0.0
    grads = {}
    for key, value in params.items():
        if key.startswith("W"):
            penalty += lam * float(np.sum(value ** 2))
            grads[key] = 2 * lam * value
        else:
            grads[key] = np.zeros_like(value, dtype=float)
    return penalty, grads
