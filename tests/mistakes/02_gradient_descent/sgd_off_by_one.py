"""losses misses the error before training (n_epochs entries)."""
TARGET = "stochastic_gradient_descent"
EXPECT_MESSAGE = "off by one"
import numpy as np


def stochastic_gradient_descent(X, t, lr, n_epochs, rng):
    n, d = X.shape
    w = np.zeros(d)
    losses = []
    for _ in range(n_epochs):
        for i in rng.permutation(n):
            w = w + lr * (t[i] - X[i] @ w) * X[i]
        losses.append(0.5 * np.sum((t - X @ w) ** 2))
    return w, np.array(losses)
