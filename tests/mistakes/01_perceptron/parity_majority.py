"""Counts the ones but reads out "at least two": the majority, not the parity."""
TARGET = "parity3_weights"
EXPECT_MESSAGE = "MAJORITY"
EXPECT_MISTAKE = "parity3_weights.majority"
import numpy as np


def parity3_weights():
    return np.ones((3, 3)), np.array([-0.5, -1.5, -2.5]), np.array([0.0, 1.0, 0.0]), -0.5
