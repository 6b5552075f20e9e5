"""np.sign(w.x): a score of exactly 0 gives 0, which is not a label."""
TARGET = "perceptron_predict"
EXPECT_MESSAGE = "np.sign"
EXPECT_MISTAKE = "perceptron_predict.np_sign"
import numpy as np


def perceptron_predict(w, X):
    return np.sign(X @ w)
