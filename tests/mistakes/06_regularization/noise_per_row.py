"""One noise value per row, shared by all features."""
TARGET = "add_input_noise"
EXPECT_MESSAGE = "one value per row"
import numpy as np


def add_input_noise(X, sigma, rng):
    return X + sigma * rng.normal(size=(X.shape[0], 1))
