"""Draws the order with np.random.permutation (the global state) and ignores rng."""
TARGET = "pocket_perceptron_train"
EXPECT_MESSAGE = "global state"
EXPECT_MISTAKE = "pocket_perceptron_train.global_random_state"
import numpy as np


def pocket_perceptron_train(X, y, max_epochs, rng):
    X = np.asarray(X, dtype=float)
    n, p = X.shape
    w = np.zeros(p)
    errors_of = lambda v: int(np.sum(np.where(X @ v > 0, 1, -1) != y))
    best_w, best_e = w.copy(), errors_of(w)
    for _ in range(max_epochs):
        if best_e == 0:
            break
        for i in np.random.permutation(n):
            if y[i] * (w @ X[i]) <= 0:
                w = w + y[i] * X[i]
                e = errors_of(w)
                if e < best_e:
                    best_w, best_e = w.copy(), e
                    if e == 0:
                        break
    return best_w, best_e
