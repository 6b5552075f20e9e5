"""Uses the mean norm of the examples for R instead of the largest."""
TARGET = "novikoff_bound"
EXPECT_MESSAGE = "mean norm"
import numpy as np


def novikoff_bound(X, y, w_star):
    R = np.mean(np.linalg.norm(X, axis=1))
    gamma = np.min(y * (X @ w_star)) / np.linalg.norm(w_star)
    if gamma <= 0:
        raise ValueError("not separating")
    return float((R / gamma) ** 2)
