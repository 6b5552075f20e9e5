"""No clamp after total: the cosine rises again for t > total."""
TARGET = "warmup_cosine"
EXPECT_MISTAKE = "warmup_cosine.no_clamp"
import numpy as np


def warmup_cosine(t, lr_max, warmup, total, lr_min=0.0):
    if not 0 <= warmup < total:
        raise ValueError("need 0 <= warmup < total")
    t = np.asarray(t, dtype=np.float64)
    ramp = lr_max * t / max(warmup, 1)
    p = (t - warmup) / (total - warmup)
    out = np.where(t < warmup, ramp, lr_min + 0.5 * (lr_max - lr_min) * (1 + np.cos(np.pi * p)))
    return float(out) if out.ndim == 0 else out
