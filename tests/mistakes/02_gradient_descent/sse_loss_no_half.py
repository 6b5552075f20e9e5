"""Forgot the factor 1/2: E = sum (t - Xw)^2 is twice the lecture's error."""
TARGET = "sse_loss"
EXPECT_MESSAGE = "factor 1/2"
import numpy as np


def sse_loss(w, X, t):
    residual = t - X @ w
    return np.sum(residual ** 2)
