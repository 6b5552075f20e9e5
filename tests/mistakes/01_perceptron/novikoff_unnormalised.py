"""Margin not divided by ||w_star||: the bound depends on the length of w_star."""
TARGET = "novikoff_bound"
EXPECT_MESSAGE = "||w_star||"
import numpy as np


def novikoff_bound(X, y, w_star):
    R = np.max(np.linalg.norm(X, axis=1))
    gamma = np.min(y * (X @ w_star))
    if gamma <= 0:
        raise ValueError("not separating")
    return float((R / gamma) ** 2)
