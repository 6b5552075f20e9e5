"""Sign of the exponent flipped: 1/(1 + exp(+z)) = sigma(-z), computed stably."""
TARGET = "sigmoid"
CATCH = ["test_sigmoid"]
EXPECT_MESSAGE = "sign"
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, z))
