"""Differentiates lam/2 w_j^2 as lam/2 w_j (the 2 of the square forgotten)."""
TARGET = "ridge_cost_grad"
EXPECT_MISTAKE = "ridge_cost_grad.half_penalty_grad"
import numpy as np


def ridge_cost_grad(w, X, t, lam):
    w = np.asarray(w, dtype=float); X = np.asarray(X, dtype=float)
    r = X @ w - t
    p = w.copy(); p[0] = 0.0
    return 0.5 * float(r @ r) / len(X) + 0.5 * lam * float(p @ p), X.T @ r / len(X) + 0.5 * lam * p
