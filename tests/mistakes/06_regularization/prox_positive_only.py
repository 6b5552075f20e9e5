"""max(z - t, 0): negative weights are all set to zero instead of shrunk."""
TARGET = "l1_proximal_step"
EXPECT_MISTAKE = "l1_proximal_step.not_minimiser"
import numpy as np


def l1_proximal_step(params, grads, lr, lam):
    new = {}
    for key, value in params.items():
        z = np.asarray(value, dtype=float) - lr * np.asarray(grads[key], dtype=float)
        if key.startswith("W"):
            z = np.maximum(z - lr * lam, 0.0)
        new[key] = z
    return new
