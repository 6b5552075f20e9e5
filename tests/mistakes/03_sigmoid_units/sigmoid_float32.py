"""Computes in float32 instead of float64 (stable otherwise): loses precision and the required dtype."""
TARGET = "sigmoid"
CATCH = ["test_sigmoid"]
EXPECT_MESSAGE = "float64"
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=np.float32)
    return np.exp(-np.logaddexp(np.float32(0.0), -z))
