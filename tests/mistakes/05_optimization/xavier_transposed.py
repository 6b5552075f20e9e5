"""Shape (n_out, n_in) instead of (n_in, n_out)."""
TARGET = "xavier_init"
EXPECT_MESSAGE = "(n_in, n_out)"
import numpy as np


def xavier_init(n_in, n_out, rng):
    a = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-a, a, size=(n_out, n_in))
