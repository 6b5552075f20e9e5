"""L1 penalty with a factor 1/2 copied from the L2 penalty: (lam/2) sum |W|."""
TARGET = "l1_penalty_and_grads"
EXPECT_MESSAGE = "1/2"
EXPECT_MISTAKE = "l1_penalty_and_grads.half_factor"
import numpy as np


def l1_penalty_and_grads(params, lam):
    penalty, grads = 0.0, {}
    for key, value in params.items():
        value = np.asarray(value, dtype=float)
        if key.startswith("W"):
            penalty += 0.5 * lam * float(np.sum(np.abs(value)))
            grads[key] = 0.5 * lam * np.sign(value)
        else:
            grads[key] = np.zeros_like(value)
    return penalty, grads
