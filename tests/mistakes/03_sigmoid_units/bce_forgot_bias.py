"""Forgets the bias in the logits: z = X @ w instead of X @ w + b."""
TARGET = "bce_loss_and_grads"
import numpy as np


def bce_loss_and_grads(w, b, X, t):
    X = np.asarray(X, dtype=np.float64)
    n = X.shape[0]
    z = X @ w
    loss = float(np.mean(np.logaddexp(0.0, z) - t * z))
    err = sigmoid(z) - t
    return loss, X.T @ err / n, float(np.sum(err) / n)
