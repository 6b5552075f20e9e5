"""Loss from clipped probabilities: log(clip(y, 1e-12, 1 - 1e-12)) caps the loss of a confidently wrong unit."""
TARGET = "bce_loss_and_grads"
EXPECT_MESSAGE = "logits"
import numpy as np


def bce_loss_and_grads(w, b, X, t):
    X = np.asarray(X, dtype=np.float64)
    n = X.shape[0]
    z = X @ w + b
    y = sigmoid(z)
    p = np.clip(y, 1e-12, 1 - 1e-12)
    loss = float(-np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)))
    err = y - t
    return loss, X.T @ err / n, float(np.sum(err) / n)
