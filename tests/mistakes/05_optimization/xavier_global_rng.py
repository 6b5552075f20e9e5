"""Draws from np.random instead of the generator it is given."""
TARGET = "xavier_init"
EXPECT_MESSAGE = "same seed"
import numpy as np


def xavier_init(n_in, n_out, rng):
    a = np.sqrt(6.0 / (n_in + n_out))
    return np.random.uniform(-a, a, size=(n_in, n_out))
