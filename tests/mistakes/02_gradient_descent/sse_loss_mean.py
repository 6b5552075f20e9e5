"""Mean instead of sum: E = 1/2 * mean (t - Xw)^2 is n times smaller than the lecture's sum error."""
TARGET = "sse_loss"
EXPECT_MESSAGE = "not a mean"
import numpy as np


def sse_loss(w, X, t):
    residual = t - X @ w
    return 0.5 * np.mean(residual ** 2)
