"""Rescales every column to norm exactly c, also the short ones."""
TARGET = "max_norm"
EXPECT_MISTAKE = "max_norm.rescales_short"
import numpy as np


def max_norm(params, c):
    new = {}
    for key, value in params.items():
        value = np.array(value, dtype=float)
        if key.startswith("W"):
            norms = np.sqrt(np.sum(value ** 2, axis=0, keepdims=True))
            value = value * c / np.maximum(norms, 1e-300)
        new[key] = value
    return new
