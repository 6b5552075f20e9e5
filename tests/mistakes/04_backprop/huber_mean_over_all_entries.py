"""Averages over all n*k entries instead of summing over outputs and averaging over rows."""
TARGET = "huber_loss"
EXPECT_MESSAGE = "all n * k entries"
EXPECT_MISTAKE = "huber_loss.mean_over_all_entries"
import numpy as np


def huber_loss(pred, target, delta=1.0):
    if not delta > 0:
        raise ValueError("delta must be positive")
    r = np.asarray(pred, dtype=np.float64) - target
    a = np.abs(r)
    per = np.where(a <= delta, 0.5 * np.minimum(a, delta) ** 2, delta * (a - 0.5 * delta))
    return float(per.mean()), np.clip(r, -delta, delta) / r.size
