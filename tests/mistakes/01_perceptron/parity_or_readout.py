"""Adds the hidden units up (all output weights +1): the output fires for any one, i.e. OR."""
TARGET = "parity3_weights"
EXPECT_MESSAGE = "OR"
EXPECT_MISTAKE = "parity3_weights.or_readout"
import numpy as np


def parity3_weights():
    return np.ones((3, 3)), np.array([-0.5, -1.5, -2.5]), np.array([1.0, 1.0, 1.0]), -0.5
