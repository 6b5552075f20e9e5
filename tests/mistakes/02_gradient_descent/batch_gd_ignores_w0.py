"""Ignores w0 and always starts from zeros."""
TARGET = "batch_gradient_descent"
EXPECT_MESSAGE = "ignored w0"
import numpy as np


def batch_gradient_descent(X, t, lr, n_epochs, w0=None):
    w = np.zeros(X.shape[1])
    losses = [0.5 * np.sum((t - X @ w) ** 2)]
    for _ in range(n_epochs):
        w = w + lr * X.T @ (t - X @ w)
        losses.append(0.5 * np.sum((t - X @ w) ** 2))
    return w, np.array(losses)
