"""Always rescales to max_norm, also stretching gradients that were shorter."""
TARGET = "clip_by_global_norm"
EXPECT_MISTAKE = "clip_by_global_norm.scaled_up"
import numpy as np


def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
    return {k: g * (max_norm / total) for k, g in grads.items()}, total
