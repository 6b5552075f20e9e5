"""The gradient of the L2 penalty (lam * W) returned for the L1 penalty."""
TARGET = "l1_penalty_and_grads"
EXPECT_MISTAKE = "l1_penalty_and_grads.l2_gradient"
import numpy as np


def l1_penalty_and_grads(params, lam):
    penalty, grads = 0.0, {}
    for key, value in params.items():
        value = np.asarray(value, dtype=float)
        if key.startswith("W"):
            penalty += lam * float(np.sum(np.abs(value)))
            grads[key] = lam * value
        else:
            grads[key] = np.zeros_like(value)
    return penalty, grads
