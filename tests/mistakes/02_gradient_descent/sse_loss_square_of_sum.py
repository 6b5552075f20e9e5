"""Squared the sum of the residuals instead of summing their squares."""
TARGET = "sse_loss"
EXPECT_MESSAGE = "squared the sum"
import numpy as np


def sse_loss(w, X, t):
    return 0.5 * np.sum(t - X @ w) ** 2
