"""Batch version: sums the updates of all misclassified examples and applies them once per epoch."""
TARGET = "perceptron_train"
EXPECT_MISTAKE = "perceptron_train.batch_update"
import numpy as np


def perceptron_train(X, y, lr=1.0, max_epochs=100):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    w = np.zeros(X.shape[1])
    n_mistakes = 0
    for _ in range(max_epochs):
        wrong = y * (X @ w) <= 0
        if not np.any(wrong):
            break
        w = w + lr * (y[wrong, None] * X[wrong]).sum(axis=0)
        n_mistakes += int(wrong.sum())
    return w, n_mistakes
