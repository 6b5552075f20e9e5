"""The bias is left out of the logits."""
TARGET = "tanh_unit_loss_and_grads"
EXPECT_MISTAKE = "tanh_unit_loss_and_grads.forgot_bias"
import numpy as np


def tanh_unit_loss_and_grads(w, b, X, t):
    X = np.asarray(X, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    n = X.shape[0]
    z = X @ w
    loss = float(np.mean(tanh_nll(z, t)))
    dz = (np.tanh(z) - t) / n
    return loss, X.T @ dz, float(np.sum(dz))
