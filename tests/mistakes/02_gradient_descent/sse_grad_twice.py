"""Kept the 2 from the square: -2 X^T (t - Xw) is twice the gradient of E = 1/2 sum (t - o)^2."""
TARGET = "sse_grad"
EXPECT_MESSAGE = "the 1/2 in E cancels the 2"
import numpy as np


def sse_grad(w, X, t):
    return -2 * X.T @ (t - X @ w)
