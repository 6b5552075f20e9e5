"""Draws the permutation but visits the examples in their stored order anyway."""
TARGET = "stochastic_gradient_descent"
EXPECT_MESSAGE = "stored order"
import numpy as np


def stochastic_gradient_descent(X, t, lr, n_epochs, rng):
    n, d = X.shape
    w = np.zeros(d)
    losses = [0.5 * np.sum((t - X @ w) ** 2)]
    for _ in range(n_epochs):
        order = rng.permutation(n)  # noqa: F841 (drawn, then forgotten)
        for i in range(n):
            w = w + lr * (t[i] - X[i] @ w) * X[i]
        losses.append(0.5 * np.sum((t - X @ w) ** 2))
    return w, np.array(losses)
