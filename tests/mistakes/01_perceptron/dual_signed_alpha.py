"""Stores y_i in alpha (alpha_i += y_i): the weights come out right but alpha is not a count of updates."""
TARGET = "dual_perceptron_train"
EXPECT_MISTAKE = "dual_perceptron_train.signed_alpha"
import numpy as np


def dual_perceptron_train(K, y, max_epochs=100):
    K = np.asarray(K, dtype=float)
    alpha = np.zeros(len(y), dtype=int)
    for _ in range(max_epochs):
        u = 0
        for i in range(len(y)):
            if y[i] * (alpha @ K[:, i]) <= 0:
                alpha[i] += y[i]
                u += 1
        if u == 0:
            break
    return alpha
