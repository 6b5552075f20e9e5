"""Only the first example's gradient (an incremental step's gradient, not the batch gradient)."""
TARGET = "sse_grad"
import numpy as np


def sse_grad(w, X, t):
    return -(t[0] - X[0] @ w) * X[0]
