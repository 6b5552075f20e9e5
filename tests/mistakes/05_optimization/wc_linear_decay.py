"""Decays linearly from lr_max to lr_min instead of along half a cosine."""
TARGET = "warmup_cosine"
EXPECT_MISTAKE = "warmup_cosine.linear_decay"
import numpy as np


def warmup_cosine(t, lr_max, warmup, total, lr_min=0.0):
    if not 0 <= warmup < total:
        raise ValueError("need 0 <= warmup < total")
    t = np.asarray(t, dtype=np.float64)
    ramp = lr_max * t / max(warmup, 1)
    p = np.clip((t - warmup) / (total - warmup), 0.0, 1.0)
    out = np.where(t < warmup, ramp, lr_max - (lr_max - lr_min) * p)
    return float(out) if out.ndim == 0 else out
