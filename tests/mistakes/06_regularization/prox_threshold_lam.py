"""Soft threshold at lam instead of lr * lam."""
TARGET = "l1_proximal_step"
EXPECT_MISTAKE = "l1_proximal_step.not_minimiser"
import numpy as np


def l1_proximal_step(params, grads, lr, lam):
    new = {}
    for key, value in params.items():
        z = np.asarray(value, dtype=float) - lr * np.asarray(grads[key], dtype=float)
        if key.startswith("W"):
            z = np.sign(z) * np.maximum(np.abs(z) - lam, 0.0)
        new[key] = z
    return new
