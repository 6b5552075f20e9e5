"""Penalty uses the norm ||W|| instead of its square (lam/2 * sqrt(sum W^2))."""
TARGET = "l2_penalty_and_grads"
import numpy as np


def l2_penalty_and_grads(params, lam):
    penalty = 0.0
    grads = {}
    for key, value in params.items():
        if key.startswith("W"):
            penalty += 0.5 * lam * float(np.sqrt(np.sum(value ** 2)))
            grads[key] = lam * value
        else:
            grads[key] = np.zeros_like(value, dtype=float)
    return penalty, grads
