"""Clips every entry to [-c, c] instead of projecting each column onto the ball."""
TARGET = "max_norm"
EXPECT_MISTAKE = "max_norm.norm_exceeds"
import numpy as np


def max_norm(params, c):
    return {key: (np.clip(np.asarray(v, dtype=float), -c, c) if key.startswith("W") else np.array(v, dtype=float))
            for key, v in params.items()}
