"""Uses a full cosine period (cos(2 pi p)), so the rate comes back up to lr_max at t = total."""
TARGET = "warmup_cosine"
EXPECT_MISTAKE = "warmup_cosine.full_period"
import numpy as np


def warmup_cosine(t, lr_max, warmup, total, lr_min=0.0):
    if not 0 <= warmup < total:
        raise ValueError("need 0 <= warmup < total")
    t = np.asarray(t, dtype=np.float64)
    ramp = lr_max * t / max(warmup, 1)
    p = np.clip((t - warmup) / (total - warmup), 0.0, 1.0)
    out = np.where(t < warmup, ramp, lr_min + 0.5 * (lr_max - lr_min) * (1 + np.cos(2 * np.pi * p)))
    return float(out) if out.ndim == 0 else out
