"""Uses the SUM over the examples (the lecture's E) instead of the mean, in the cost and the gradient."""
TARGET = "ridge_cost_grad"
EXPECT_MESSAGE = "MEAN"
EXPECT_MISTAKE = "ridge_cost_grad.sum_not_mean"
import numpy as np


def ridge_cost_grad(w, X, t, lam):
    w = np.asarray(w, dtype=float); X = np.asarray(X, dtype=float)
    r = X @ w - t
    p = w.copy(); p[0] = 0.0
    return 0.5 * float(r @ r) + 0.5 * lam * float(p @ p), X.T @ r + lam * p
