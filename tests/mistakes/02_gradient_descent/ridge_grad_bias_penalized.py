"""Right cost, but the gradient includes lam * w_0 for the unpenalized bias."""
TARGET = "ridge_cost_grad"
EXPECT_MISTAKE = "ridge_cost_grad.penalizes_bias"
import numpy as np


def ridge_cost_grad(w, X, t, lam):
    w = np.asarray(w, dtype=float); X = np.asarray(X, dtype=float)
    r = X @ w - t
    p = w.copy(); p[0] = 0.0
    return 0.5 * float(r @ r) / len(X) + 0.5 * lam * float(p @ p), X.T @ r / len(X) + lam * w
