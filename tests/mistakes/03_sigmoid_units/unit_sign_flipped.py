"""Sign flipped: t - y instead of y - t."""
TARGET = "tanh_unit_loss_and_grads"
EXPECT_MISTAKE = "tanh_unit_loss_and_grads.sign_flipped"
import numpy as np


def tanh_unit_loss_and_grads(w, b, X, t):
    X = np.asarray(X, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    n = X.shape[0]
    z = X @ w + b
    loss = float(np.mean(tanh_nll(z, t)))
    dz = (t - np.tanh(z)) / n
    return loss, X.T @ dz, float(np.sum(dz))
