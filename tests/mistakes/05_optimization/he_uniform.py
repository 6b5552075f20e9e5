"""He's uniform variant U[-sqrt(6/n_in), sqrt(6/n_in)] instead of the normal law."""
TARGET = "he_init"
EXPECT_MESSAGE = "normal"
import numpy as np


def he_init(n_in, n_out, rng):
    a = np.sqrt(6.0 / n_in)
    return rng.uniform(-a, a, size=(n_in, n_out))
