"""Passes the variance 2/n_in to rng.normal, which takes the standard deviation."""
TARGET = "he_init"
EXPECT_MESSAGE = "standard deviation"
import numpy as np


def he_init(n_in, n_out, rng):
    return rng.normal(0.0, 2.0 / n_in, size=(n_in, n_out))
