"""Updates the weight arrays in place and returns the same arrays."""
TARGET = "l1_proximal_step"
EXPECT_MISTAKE = "l1_proximal_step.modified_input"
import numpy as np


def l1_proximal_step(params, grads, lr, lam):
    for key, value in params.items():
        value -= lr * grads[key]
        if key.startswith("W"):
            value[...] = np.sign(value) * np.maximum(np.abs(value) - lr * lam, 0.0)
    return params
