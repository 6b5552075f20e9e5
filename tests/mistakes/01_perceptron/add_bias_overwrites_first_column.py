"""Sets the first feature to 1 in place instead of adding a new column (loses x1, changes the input)."""
TARGET = "add_bias"
import numpy as np


def add_bias(X):
    X[:, 0] = 1
    return X
