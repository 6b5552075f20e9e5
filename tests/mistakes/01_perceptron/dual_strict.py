"""Counts a mistake only when y * score < 0: from alpha = 0 nothing is ever updated."""
TARGET = "dual_perceptron_train"
EXPECT_MESSAGE = "exactly 0"
EXPECT_MISTAKE = "dual_perceptron_train.strict_inequality"
import numpy as np


def dual_perceptron_train(K, y, max_epochs=100):
    K = np.asarray(K, dtype=float)
    alpha = np.zeros(len(y), dtype=int)
    for _ in range(max_epochs):
        u = 0
        for i in range(len(y)):
            if y[i] * ((alpha * y) @ K[:, i]) < 0:
                alpha[i] += 1
                u += 1
        if u == 0:
            break
    return alpha
