"""Uses the Frobenius norm of the whole matrix instead of each column's norm."""
TARGET = "max_norm"
EXPECT_MISTAKE = "max_norm.whole_matrix"
import numpy as np


def max_norm(params, c):
    new = {}
    for key, value in params.items():
        value = np.array(value, dtype=float)
        if key.startswith("W"):
            value = value * min(1.0, c / max(float(np.sqrt(np.sum(value ** 2))), 1e-300))
        new[key] = value
    return new
