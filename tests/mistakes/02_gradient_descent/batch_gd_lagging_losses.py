"""Records the loss before each update, so losses lag one step behind (and miss the final weights)."""
TARGET = "batch_gradient_descent"
EXPECT_MESSAGE = "lag one step"
import numpy as np


def batch_gradient_descent(X, t, lr, n_epochs, w0=None):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    losses = [0.5 * np.sum((t - X @ w) ** 2)]
    for _ in range(n_epochs):
        losses.append(0.5 * np.sum((t - X @ w) ** 2))
        w = w + lr * X.T @ (t - X @ w)
    return w, np.array(losses)
