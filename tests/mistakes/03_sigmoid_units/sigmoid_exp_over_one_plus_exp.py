"""Rewritten as exp(z)/(1 + exp(z)) for every z: overflows (inf/inf = nan) for large positive z."""
TARGET = "sigmoid"
CATCH = ["test_sigmoid"]
EXPECT_MESSAGE = "overflow"
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    ez = np.exp(z)
    return ez / (1.0 + ez)
