"""Clips every array to max_norm on its own instead of using one global norm."""
TARGET = "clip_by_global_norm"
EXPECT_MISTAKE = "clip_by_global_norm.each_array"
EXPECT_MESSAGE = "GLOBAL"
import numpy as np


def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
    out = {}
    for k, g in grads.items():
        n = np.linalg.norm(g)
        out[k] = g * min(1.0, max_norm / n) if n > 0 else g.copy()
    return out, total
