"""Gradient ascent: w <- w + lr * grad E climbs the error surface."""
TARGET = "batch_gradient_descent"
EXPECT_MESSAGE = "gradient ascent"
import numpy as np


def batch_gradient_descent(X, t, lr, n_epochs, w0=None):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    losses = [0.5 * np.sum((t - X @ w) ** 2)]
    for _ in range(n_epochs):
        grad = -X.T @ (t - X @ w)
        w = w + lr * grad
        losses.append(0.5 * np.sum((t - X @ w) ** 2))
    return w, np.array(losses)
