"""losses misses the initial error: n_epochs entries instead of n_epochs + 1."""
TARGET = "batch_gradient_descent"
EXPECT_MESSAGE = "off by one"
import numpy as np


def batch_gradient_descent(X, t, lr, n_epochs, w0=None):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    losses = []
    for _ in range(n_epochs):
        w = w + lr * X.T @ (t - X @ w)
        losses.append(0.5 * np.sum((t - X @ w) ** 2))
    return w, np.array(losses)
