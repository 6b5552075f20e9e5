"""Loss inlined from the probability (1 + t y)/2 instead of calling tanh_nll: log(0) for huge logits."""
TARGET = "tanh_unit_loss_and_grads"
EXPECT_MISTAKE = "tanh_unit_loss_and_grads.numerical_warning"
import numpy as np


def tanh_unit_loss_and_grads(w, b, X, t):
    X = np.asarray(X, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    n = X.shape[0]
    z = X @ w + b
    y = np.tanh(z)
    loss = float(np.mean(-np.log((1.0 + t * y) / 2.0)))
    dz = (y - t) / n
    return loss, X.T @ dz, float(np.sum(dz))
