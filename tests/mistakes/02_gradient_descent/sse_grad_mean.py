"""Divided the gradient by n (the gradient of a mean error), though E is a sum."""
TARGET = "sse_grad"
EXPECT_MESSAGE = "divided by n"
import numpy as np


def sse_grad(w, X, t):
    return -X.T @ (t - X @ w) / len(t)
