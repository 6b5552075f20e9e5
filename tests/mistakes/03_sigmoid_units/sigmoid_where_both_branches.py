"""Stable branches chosen with np.where, which still evaluates exp(-z) and exp(z) everywhere and overflows."""
TARGET = "sigmoid"
CATCH = ["test_sigmoid"]
EXPECT_MESSAGE = "overflow"
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    return np.where(z >= 0, 1.0 / (1.0 + np.exp(-z)), np.exp(z) / (1.0 + np.exp(z)))
