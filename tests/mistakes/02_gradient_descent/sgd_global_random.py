"""Shuffles with NumPy's global random state instead of the rng argument: runs are not reproducible."""
TARGET = "stochastic_gradient_descent"
import numpy as np


def stochastic_gradient_descent(X, t, lr, n_epochs, rng):
    n, d = X.shape
    w = np.zeros(d)
    losses = [0.5 * np.sum((t - X @ w) ** 2)]
    for _ in range(n_epochs):
        for i in np.random.permutation(n):
            w = w + lr * (t[i] - X[i] @ w) * X[i]
        losses.append(0.5 * np.sum((t - X @ w) ** 2))
    return w, np.array(losses)
