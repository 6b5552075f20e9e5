"""Returns 0/1 labels instead of -1/+1."""
TARGET = "perceptron_predict"
EXPECT_MESSAGE = "-1 and +1"
EXPECT_MISTAKE = "perceptron_predict.zero_one_labels"
import numpy as np


def perceptron_predict(w, X):
    return (X @ w > 0).astype(int)
