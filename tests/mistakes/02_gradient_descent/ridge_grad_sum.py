"""Right cost, but the gradient forgets the 1/n of the mean (it is the sum's gradient)."""
TARGET = "ridge_cost_grad"
EXPECT_MESSAGE = "numerical gradient"
EXPECT_MISTAKE = "ridge_cost_grad.missing_factor"
import numpy as np


def ridge_cost_grad(w, X, t, lam):
    w = np.asarray(w, dtype=float); X = np.asarray(X, dtype=float)
    r = X @ w - t
    p = w.copy(); p[0] = 0.0
    return 0.5 * float(r @ r) / len(X) + 0.5 * lam * float(p @ p), X.T @ r + lam * p
