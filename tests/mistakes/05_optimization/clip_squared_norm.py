"""Uses the squared norm (no square root) as the global norm."""
TARGET = "clip_by_global_norm"
EXPECT_MESSAGE = "square"
EXPECT_MISTAKE = "clip_by_global_norm.squared_norm"
import numpy as np


def clip_by_global_norm(grads, max_norm):
    total = float(sum(np.sum(g * g) for g in grads.values()))
    scale = max_norm / total if total > max_norm else 1.0
    return {k: g * scale for k, g in grads.items()}, total
