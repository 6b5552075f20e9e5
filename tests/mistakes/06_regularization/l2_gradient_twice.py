"""Right penalty, but the gradient 2 lam W ignores the 1/2 that cancels the 2 of the square."""
TARGET = "l2_penalty_and_grads"
EXPECT_MESSAGE = "2 lam W"
import numpy as np


def l2_penalty_and_grads(params, lam):
    penalty = 0.0
    grads = {}
    for key, value in params.items():
        if key.startswith("W"):
            penalty += 0.5 * lam * float(np.sum(value ** 2))
            grads[key] = 2 * lam * value
        else:
            grads[key] = np.zeros_like(value, dtype=float)
    return penalty, grads
