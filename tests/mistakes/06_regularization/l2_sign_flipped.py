"""Gradient sign flipped: -lam * W would grow the weights instead of decaying them."""
TARGET = "l2_penalty_and_grads"
EXPECT_MESSAGE = "sign"
import numpy as np


def l2_penalty_and_grads(params, lam):
    penalty = 0.0
    grads = {}
    for key, value in params.items():
        if key.startswith("W"):
            penalty += 0.5 * lam * float(np.sum(value ** 2))
            grads[key] = -lam * value
        else:
            grads[key] = np.zeros_like(value, dtype=float)
    return penalty, grads
