"""Scores with sum_j alpha_j K[j, i], forgetting the labels y_j in the dual weights."""
TARGET = "dual_perceptron_train"
EXPECT_MISTAKE = "dual_perceptron_train.no_labels"
import numpy as np


def dual_perceptron_train(K, y, max_epochs=100):
    K = np.asarray(K, dtype=float)
    alpha = np.zeros(len(y), dtype=int)
    for _ in range(max_epochs):
        u = 0
        for i in range(len(y)):
            if y[i] * (alpha @ K[:, i]) <= 0:
                alpha[i] += 1
                u += 1
        if u == 0:
            break
    return alpha
