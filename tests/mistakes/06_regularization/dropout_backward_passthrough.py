"""Backward passes dout straight through: dropped units still receive gradient."""
TARGET = "dropout_backward"
EXPECT_MESSAGE = "straight through"
import numpy as np


def dropout_backward(dout, cache):
    return np.asarray(dout, dtype=float)
