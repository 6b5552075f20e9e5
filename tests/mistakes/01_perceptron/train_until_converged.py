"""Loops until an epoch has no mistake and ignores max_epochs: never ends on XOR."""
TARGET = "perceptron_train"
EXPECT_MISTAKE = "perceptron_train.no_epoch_limit"
EXPECT_MESSAGE = "max_epochs"
import numpy as np


def perceptron_train(X, y, lr=1.0, max_epochs=100):
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1])
    n_mistakes = 0
    converged = False
    while not converged:
        converged = True
        for x_i, y_i in zip(X, y):
            if y_i * (w @ x_i) <= 0:
                w = w + lr * y_i * x_i
                n_mistakes += 1
                converged = False
    return w, n_mistakes
