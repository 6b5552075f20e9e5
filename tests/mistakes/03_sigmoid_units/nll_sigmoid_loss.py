"""The sigmoid unit's loss log(1 + e^{-tz}): the factor 2 of tanh(z) = 2 sigma(2z) - 1 is missing."""
TARGET = "tanh_nll"
EXPECT_MESSAGE = "sigmoid unit"
EXPECT_MISTAKE = "tanh_nll.sigmoid_loss"
import numpy as np


def tanh_nll(z, t):
    z = np.asarray(z, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    return np.logaddexp(0.0, -t * z)
