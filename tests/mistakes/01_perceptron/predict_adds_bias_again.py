"""Adds a second bias column although X already includes it."""
TARGET = "perceptron_predict"
EXPECT_MISTAKE = "perceptron_predict.bias_added_twice"
import numpy as np


def perceptron_predict(w, X):
    Xb = np.hstack([np.ones((X.shape[0], 1)), X])
    return np.where(Xb[:, :len(w)] @ w > 0, 1, -1)
