"""Updates the caller's w0 in place (w -= ...), changing the student's starting array."""
TARGET = "batch_gradient_descent"
EXPECT_MESSAGE = "in place"
import numpy as np


def batch_gradient_descent(X, t, lr, n_epochs, w0=None):
    w = np.zeros(X.shape[1]) if w0 is None else w0
    losses = [0.5 * np.sum((t - X @ w) ** 2)]
    for _ in range(n_epochs):
        w -= lr * (-X.T @ (t - X @ w))
        losses.append(0.5 * np.sum((t - X @ w) ** 2))
    return w, np.array(losses)
