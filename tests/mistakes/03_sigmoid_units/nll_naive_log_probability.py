"""Loss from the probability: -log((1 + t tanh z) / 2) hits log(0) for a confidently wrong unit."""
TARGET = "tanh_nll"
EXPECT_MISTAKE = "tanh_nll.numerical_warning"
import numpy as np


def tanh_nll(z, t):
    z = np.asarray(z, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    return -np.log((1.0 + t * np.tanh(z)) / 2.0)
