"""Averages the weights at the end of each epoch only (divides by n_epochs), not after every visit."""
TARGET = "averaged_perceptron_train"
EXPECT_MISTAKE = "averaged_perceptron_train.per_epoch"
import numpy as np


def averaged_perceptron_train(X, y, n_epochs):
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1])
    total = np.zeros(X.shape[1])
    for _ in range(n_epochs):
        for x_i, y_i in zip(X, y):
            if y_i * (w @ x_i) <= 0:
                w = w + y_i * x_i
        total = total + w
    return total / n_epochs, w
