"""Penalizes the bias w_0 too (in the cost and the gradient)."""
TARGET = "ridge_cost_grad"
EXPECT_MESSAGE = "bias"
EXPECT_MISTAKE = "ridge_cost_grad.penalizes_bias"
import numpy as np


def ridge_cost_grad(w, X, t, lam):
    w = np.asarray(w, dtype=float); X = np.asarray(X, dtype=float)
    r = X @ w - t
    return 0.5 * float(r @ r) / len(X) + 0.5 * lam * float(w @ w), X.T @ r / len(X) + lam * w
