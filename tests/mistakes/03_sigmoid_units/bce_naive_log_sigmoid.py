"""Loss as -[t log y + (1 - t) log(1 - y)] from the probabilities: log(0) at saturated logits (divide by zero)."""
TARGET = "bce_loss_and_grads"
EXPECT_MESSAGE = "warning"
import numpy as np


def bce_loss_and_grads(w, b, X, t):
    X = np.asarray(X, dtype=np.float64)
    n = X.shape[0]
    z = X @ w + b
    y = sigmoid(z)
    loss = float(-np.mean(t * np.log(y) + (1 - t) * np.log(1 - y)))
    err = y - t
    return loss, X.T @ err / n, float(np.sum(err) / n)
