"""Never rejects a non-positive delta."""
TARGET = "huber_loss"
EXPECT_MESSAGE = "ValueError"
EXPECT_MISTAKE = "huber_loss.no_exception"
import numpy as np


def huber_loss(pred, target, delta=1.0):
    r = np.asarray(pred, dtype=np.float64) - target
    a = np.abs(r)
    per = np.where(a <= delta, 0.5 * np.minimum(a, abs(delta)) ** 2, delta * (a - 0.5 * delta))
    return float(per.sum() / r.shape[0]), np.clip(r, -abs(delta), abs(delta)) / r.shape[0]
