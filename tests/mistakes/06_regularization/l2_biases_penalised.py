"""Biases penalised too: every key, not only the "W..." weights, enters the penalty and its gradient."""
TARGET = "l2_penalty_and_grads"
EXPECT_MESSAGE = "biases"
import numpy as np


def l2_penalty_and_grads(params, lam):
    penalty = 0.0
    grads = {}
    for key, value in params.items():
        penalty += 0.5 * lam * float(np.sum(value ** 2))
        grads[key] = lam * value
    return penalty, grads
