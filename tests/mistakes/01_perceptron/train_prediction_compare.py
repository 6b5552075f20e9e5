"""Counts a mistake when predict(x) != y: a negative example exactly on the boundary is not updated."""
TARGET = "perceptron_train"
EXPECT_MESSAGE = "exactly 0 as a mistake"
EXPECT_MISTAKE = "perceptron_train.prediction_compare"
import numpy as np


def perceptron_train(X, y, lr=1.0, max_epochs=100):
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1])
    n_mistakes = 0
    for _ in range(max_epochs):
        errors = 0
        for x_i, y_i in zip(X, y):
            prediction = 1 if w @ x_i > 0 else -1
            if prediction != y_i:
                w = w + lr * y_i * x_i
                errors += 1
        n_mistakes += errors
        if errors == 0:
            break
    return w, n_mistakes
