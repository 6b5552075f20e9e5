"""Every parameter penalised, biases included."""
TARGET = "l1_penalty_and_grads"
EXPECT_MESSAGE = "bias"
EXPECT_MISTAKE = "l1_penalty_and_grads.penalizes_biases"
import numpy as np


def l1_penalty_and_grads(params, lam):
    penalty, grads = 0.0, {}
    for key, value in params.items():
        value = np.asarray(value, dtype=float)
        penalty += lam * float(np.sum(np.abs(value)))
        grads[key] = lam * np.sign(value)
    return penalty, grads
