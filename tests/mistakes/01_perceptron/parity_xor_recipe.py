"""Carries the XOR recipe over (OR and not AND of all three): fires for one or two ones, not three."""
TARGET = "parity3_weights"
EXPECT_MESSAGE = "three ones are odd"
EXPECT_MISTAKE = "parity3_weights.xor_recipe"
import numpy as np


def parity3_weights():
    return np.ones((3, 2)), np.array([-0.5, -2.5]), np.array([1.0, -1.0]), -0.5
