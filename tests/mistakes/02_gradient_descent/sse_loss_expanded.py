"""Expanded the square, 1/2 (t.t - 2 t.Xw + w.X^T X w): overflows and cancels badly at extreme inputs."""
TARGET = "sse_loss"
EXPECT_MESSAGE = "warning"
import numpy as np


def sse_loss(w, X, t):
    return 0.5 * (t @ t - 2 * t @ (X @ w) + w @ (X.T @ X) @ w)
