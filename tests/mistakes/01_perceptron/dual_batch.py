"""Scores every example with the alpha of the epoch's start and applies all updates at the end of the epoch."""
TARGET = "dual_perceptron_train"
EXPECT_MISTAKE = "dual_perceptron_train.batch_update"
import numpy as np


def dual_perceptron_train(K, y, max_epochs=100):
    K = np.asarray(K, dtype=float)
    alpha = np.zeros(len(y), dtype=int)
    for _ in range(max_epochs):
        wrong = y * ((alpha * y) @ K) <= 0
        if not np.any(wrong):
            break
        alpha = alpha + wrong.astype(int)
    return alpha
