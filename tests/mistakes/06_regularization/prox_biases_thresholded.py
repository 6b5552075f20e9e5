"""The biases are soft-thresholded too."""
TARGET = "l1_proximal_step"
EXPECT_MISTAKE = "l1_proximal_step.thresholds_biases"
EXPECT_MESSAGE = "plain gradient step"
import numpy as np


def l1_proximal_step(params, grads, lr, lam):
    new = {}
    for key, value in params.items():
        z = np.asarray(value, dtype=float) - lr * np.asarray(grads[key], dtype=float)
        new[key] = np.sign(z) * np.maximum(np.abs(z) - lr * lam, 0.0)
    return new
