"""Gradient sign flipped in the data term: X^T (t - X w) / n instead of its negative."""
TARGET = "ridge_cost_grad"
EXPECT_MISTAKE = "ridge_cost_grad.sign_flipped"
import numpy as np


def ridge_cost_grad(w, X, t, lam):
    w = np.asarray(w, dtype=float); X = np.asarray(X, dtype=float)
    r = t - X @ w
    p = w.copy(); p[0] = 0.0
    return 0.5 * float(r @ r) / len(X) + 0.5 * lam * float(p @ p), X.T @ r / len(X) + lam * p
