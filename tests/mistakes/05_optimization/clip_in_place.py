"""Scales the caller's gradient arrays in place."""
TARGET = "clip_by_global_norm"
EXPECT_MESSAGE = "in place"
EXPECT_MISTAKE = "clip_by_global_norm.modified_input"
import numpy as np


def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
    if total > max_norm:
        for g in grads.values():
            g *= max_norm / total
    return grads, total
