"""Constrains the rows (outgoing weights) instead of the columns (the weights into a unit)."""
TARGET = "max_norm"
EXPECT_MISTAKE = "max_norm.norm_exceeds"
import numpy as np


def max_norm(params, c):
    new = {}
    for key, value in params.items():
        value = np.array(value, dtype=float)
        if key.startswith("W"):
            norms = np.sqrt(np.sum(value ** 2, axis=1, keepdims=True))
            value = value * np.minimum(1.0, c / np.maximum(norms, 1e-300))
        new[key] = value
    return new
