"""Logit form with np.log(1 + np.exp(z)): exp overflows for large logits."""
TARGET = "bce_loss_and_grads"
EXPECT_MESSAGE = "overflow"
import numpy as np


def bce_loss_and_grads(w, b, X, t):
    X = np.asarray(X, dtype=np.float64)
    n = X.shape[0]
    z = X @ w + b
    loss = float(np.mean(np.log(1 + np.exp(z)) - t * z))
    err = sigmoid(z) - t
    return loss, X.T @ err / n, float(np.sum(err) / n)
