"""Noise added in place: X += ... changes the caller's data."""
TARGET = "add_input_noise"
EXPECT_MESSAGE = "in place"
import numpy as np


def add_input_noise(X, sigma, rng):
    X += sigma * rng.normal(size=X.shape)
    return X
