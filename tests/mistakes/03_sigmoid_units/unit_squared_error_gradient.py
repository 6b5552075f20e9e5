"""Gradient of the squared error, (y - t)(1 - y^2), instead of the matched loss's."""
TARGET = "tanh_unit_loss_and_grads"
EXPECT_MISTAKE = "tanh_unit_loss_and_grads.squared_error_grad"
import numpy as np


def tanh_unit_loss_and_grads(w, b, X, t):
    X = np.asarray(X, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    n = X.shape[0]
    z = X @ w + b
    loss = float(np.mean(tanh_nll(z, t)))
    dz = (np.tanh(z) - t) * (1 - np.tanh(z) ** 2) / n
    return loss, X.T @ dz, float(np.sum(dz))
