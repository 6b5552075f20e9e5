"""Differentiates with respect to the target: the gradient has the wrong sign."""
TARGET = "huber_loss"
EXPECT_MISTAKE = "huber_loss.sign_flipped"
import numpy as np


def huber_loss(pred, target, delta=1.0):
    if not delta > 0:
        raise ValueError("delta must be positive")
    r = np.asarray(pred, dtype=np.float64) - target
    a = np.abs(r)
    per = np.where(a <= delta, 0.5 * np.minimum(a, delta) ** 2, delta * (a - 0.5 * delta))
    return float(per.sum() / r.shape[0]), -np.clip(r, -delta, delta) / r.shape[0]
