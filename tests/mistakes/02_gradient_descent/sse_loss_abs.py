"""Absolute instead of squared residuals: 1/2 * sum |t - Xw|."""
TARGET = "sse_loss"
EXPECT_MESSAGE = "square the residuals"
import numpy as np


def sse_loss(w, X, t):
    return 0.5 * np.sum(np.abs(t - X @ w))
