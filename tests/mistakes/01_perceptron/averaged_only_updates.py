"""Averages only the weight vectors produced by updates, not the weights held at every visit."""
TARGET = "averaged_perceptron_train"
EXPECT_MISTAKE = "averaged_perceptron_train.only_updates"
import numpy as np


def averaged_perceptron_train(X, y, n_epochs):
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1])
    total = np.zeros(X.shape[1])
    count = 0
    for _ in range(n_epochs):
        for x_i, y_i in zip(X, y):
            if y_i * (w @ x_i) <= 0:
                w = w + y_i * x_i
                total = total + w
                count += 1
    return total / max(count, 1), w
