"""Shuffles once before the first epoch and then reuses that order every epoch."""
TARGET = "stochastic_gradient_descent"
EXPECT_MESSAGE = "shuffled only once"
import numpy as np


def stochastic_gradient_descent(X, t, lr, n_epochs, rng):
    n, d = X.shape
    w = np.zeros(d)
    losses = [0.5 * np.sum((t - X @ w) ** 2)]
    order = rng.permutation(n)
    for _ in range(n_epochs):
        for i in order:
            w = w + lr * (t[i] - X[i] @ w) * X[i]
        losses.append(0.5 * np.sum((t - X @ w) ** 2))
    return w, np.array(losses)
