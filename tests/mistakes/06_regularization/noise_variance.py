"""sigma used as the variance: noise of standard deviation sigma^2."""
TARGET = "add_input_noise"
EXPECT_MESSAGE = "sigma^2"
import numpy as np


def add_input_noise(X, sigma, rng):
    return X + sigma ** 2 * rng.normal(size=X.shape)
