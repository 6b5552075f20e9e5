"""Samples n examples with replacement each epoch (rng.integers) instead of a permutation."""
TARGET = "stochastic_gradient_descent"
import numpy as np


def stochastic_gradient_descent(X, t, lr, n_epochs, rng):
    n, d = X.shape
    w = np.zeros(d)
    losses = [0.5 * np.sum((t - X @ w) ** 2)]
    for _ in range(n_epochs):
        for i in rng.integers(0, n, size=n):
            w = w + lr * (t[i] - X[i] @ w) * X[i]
        losses.append(0.5 * np.sum((t - X @ w) ** 2))
    return w, np.array(losses)
