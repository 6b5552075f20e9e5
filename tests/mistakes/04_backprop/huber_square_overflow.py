"""Squares every residual inside np.where: overflow for a residual of 1e200."""
TARGET = "huber_loss"
EXPECT_MESSAGE = "overflow"
EXPECT_MISTAKE = "huber_loss.numerical_warning"
import numpy as np


def huber_loss(pred, target, delta=1.0):
    if not delta > 0:
        raise ValueError("delta must be positive")
    r = np.asarray(pred, dtype=np.float64) - target
    a = np.abs(r)
    per = np.where(a <= delta, 0.5 * r ** 2, delta * (a - 0.5 * delta))
    return float(per.sum() / r.shape[0]), np.clip(r, -delta, delta) / r.shape[0]
