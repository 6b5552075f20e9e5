"""Linear branch delta*|r| without the -delta/2: the loss jumps at |r| = delta (gradient still right)."""
TARGET = "huber_loss"
EXPECT_MESSAGE = "delta / 2"
EXPECT_MISTAKE = "huber_loss.linear_no_offset"
import numpy as np


def huber_loss(pred, target, delta=1.0):
    if not delta > 0:
        raise ValueError("delta must be positive")
    r = np.asarray(pred, dtype=np.float64) - target
    a = np.abs(r)
    per = np.where(a <= delta, 0.5 * np.minimum(a, delta) ** 2, delta * a)
    return float(per.sum() / r.shape[0]), np.clip(r, -delta, delta) / r.shape[0]
