"""Returns the LAST weights (and their errors) instead of the best ones kept in the pocket."""
TARGET = "pocket_perceptron_train"
EXPECT_MESSAGE = "fewest errors"
EXPECT_MISTAKE = "pocket_perceptron_train.returns_last"
import numpy as np


def pocket_perceptron_train(X, y, max_epochs, rng):
    X = np.asarray(X, dtype=float)
    n, p = X.shape
    w = np.zeros(p)
    for _ in range(max_epochs):
        mistakes = 0
        for i in rng.permutation(n):
            if y[i] * (w @ X[i]) <= 0:
                w = w + y[i] * X[i]
                mistakes += 1
        if mistakes == 0:
            break
    return w, int(np.sum(np.where(X @ w > 0, 1, -1) != y))
