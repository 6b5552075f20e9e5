"""Accumulates the per-example gradients at the epoch's starting weights: a batch step, not incremental."""
TARGET = "stochastic_gradient_descent"
EXPECT_MESSAGE = "batch step"
import numpy as np


def stochastic_gradient_descent(X, t, lr, n_epochs, rng):
    n, d = X.shape
    w = np.zeros(d)
    losses = [0.5 * np.sum((t - X @ w) ** 2)]
    for _ in range(n_epochs):
        delta = np.zeros(d)
        for i in rng.permutation(n):
            delta += lr * (t[i] - X[i] @ w) * X[i]
        w = w + delta
        losses.append(0.5 * np.sum((t - X @ w) ** 2))
    return w, np.array(losses)
