"""Adds the weights to the running sum BEFORE each visit's update instead of after it."""
TARGET = "averaged_perceptron_train"
EXPECT_MESSAGE = "BEFORE"
EXPECT_MISTAKE = "averaged_perceptron_train.before_update"
import numpy as np


def averaged_perceptron_train(X, y, n_epochs):
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1])
    total = np.zeros(X.shape[1])
    for _ in range(n_epochs):
        for x_i, y_i in zip(X, y):
            total = total + w
            if y_i * (w @ x_i) <= 0:
                w = w + y_i * x_i
    return total / (len(X) * n_epochs), w
