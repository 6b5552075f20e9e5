"""Gradients only for the weights: the bias keys are missing from grads (no zeros)."""
TARGET = "l2_penalty_and_grads"
EXPECT_MESSAGE = "every key"
import numpy as np


def l2_penalty_and_grads(params, lam):
    penalty = 0.0
    grads = {}
    for key, value in params.items():
        if key.startswith("W"):
            penalty += 0.5 * lam * float(np.sum(value ** 2))
            grads[key] = lam * value
    return penalty, grads
