"""fan_out used for He: std sqrt(2 / n_out)."""
TARGET = "he_init"
EXPECT_MESSAGE = "n_out"
import numpy as np


def he_init(n_in, n_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / n_out), size=(n_in, n_out))
