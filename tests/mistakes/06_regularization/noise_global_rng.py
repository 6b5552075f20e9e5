"""Noise drawn from the global np.random state instead of the rng argument."""
TARGET = "add_input_noise"
EXPECT_MESSAGE = "rng"
import numpy as np


def add_input_noise(X, sigma, rng):
    return X + sigma * np.random.normal(size=X.shape)
