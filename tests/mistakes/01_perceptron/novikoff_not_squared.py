"""Returns R / gamma instead of (R / gamma)^2."""
TARGET = "novikoff_bound"
EXPECT_MESSAGE = "its square"
import numpy as np


def novikoff_bound(X, y, w_star):
    R = np.max(np.linalg.norm(X, axis=1))
    gamma = np.min(y * (X @ w_star)) / np.linalg.norm(w_star)
    if gamma <= 0:
        raise ValueError("not separating")
    return float(R / gamma)
