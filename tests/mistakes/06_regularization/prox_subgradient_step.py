"""A subgradient step z - lr*lam*sign(z) instead of the proximal step: no exact zeros, overshoots 0."""
TARGET = "l1_proximal_step"
EXPECT_MISTAKE = "l1_proximal_step.not_minimiser"
import numpy as np


def l1_proximal_step(params, grads, lr, lam):
    new = {}
    for key, value in params.items():
        z = np.asarray(value, dtype=float) - lr * np.asarray(grads[key], dtype=float)
        if key.startswith("W"):
            z = z - lr * lam * np.sign(z)
        new[key] = z
    return new
