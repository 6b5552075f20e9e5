"""Clips each entry to [-max_norm, max_norm] with np.clip instead of rescaling by the norm."""
TARGET = "clip_by_global_norm"
EXPECT_MISTAKE = "clip_by_global_norm.np_clip"
import numpy as np


def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
    return {k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()}, total
