"""Bound sqrt(6 / n_in): ignores the fan-out."""
TARGET = "xavier_init"
EXPECT_MESSAGE = "both fans"
import numpy as np


def xavier_init(n_in, n_out, rng):
    a = np.sqrt(6.0 / n_in)
    return rng.uniform(-a, a, size=(n_in, n_out))
