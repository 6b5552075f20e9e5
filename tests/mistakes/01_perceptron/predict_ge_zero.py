"""Uses w.x >= 0: ties at exactly 0 are classified +1 instead of -1."""
TARGET = "perceptron_predict"
EXPECT_MESSAGE = "strictly"
EXPECT_MISTAKE = "perceptron_predict.tie_positive"
import numpy as np


def perceptron_predict(w, X):
    return np.where(X @ w >= 0, 1, -1)
