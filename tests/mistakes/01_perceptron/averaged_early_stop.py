"""Stops after an epoch without mistakes, like plain training, so later epochs never enter the average."""
TARGET = "averaged_perceptron_train"
EXPECT_MISTAKE = "averaged_perceptron_train.stops_early"
import numpy as np


def averaged_perceptron_train(X, y, n_epochs):
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1])
    total = np.zeros(X.shape[1])
    visits = 0
    for _ in range(n_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            if y_i * (w @ x_i) <= 0:
                w = w + y_i * x_i
                mistakes += 1
            total = total + w
            visits += 1
        if mistakes == 0:
            break
    return total / visits, w
