"""Naive formula 1/(1 + exp(-z)): exp(-z) overflows for very negative z (warning at z = -1e4)."""
TARGET = "sigmoid"
CATCH = ["test_sigmoid"]
EXPECT_MESSAGE = "overflow"
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    return 1.0 / (1.0 + np.exp(-z))
