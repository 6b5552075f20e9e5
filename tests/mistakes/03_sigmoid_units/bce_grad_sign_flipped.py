"""Gradient sign flipped: uses (t - y) instead of (y - t)."""
TARGET = "bce_loss_and_grads"
EXPECT_MESSAGE = "sign"
import numpy as np


def bce_loss_and_grads(w, b, X, t):
    X = np.asarray(X, dtype=np.float64)
    n = X.shape[0]
    z = X @ w + b
    loss = float(np.mean(np.logaddexp(0.0, z) - t * z))
    err = t - sigmoid(z)
    return loss, X.T @ err / n, float(np.sum(err) / n)
