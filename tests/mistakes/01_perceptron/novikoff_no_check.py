"""Returns a number even when w_star does not separate the data (gamma <= 0)."""
TARGET = "novikoff_bound"
EXPECT_MESSAGE = "ValueError"
import numpy as np


def novikoff_bound(X, y, w_star):
    R = np.max(np.linalg.norm(X, axis=1))
    gamma = np.min(y * (X @ w_star)) / np.linalg.norm(w_star)
    with np.errstate(divide="ignore"):
        return float((R / gamma) ** 2)
