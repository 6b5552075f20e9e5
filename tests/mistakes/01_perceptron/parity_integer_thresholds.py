"""Thresholds at the integer sums 0, 1, 2: right on the corners, wrong as soon as an input is a little off."""
TARGET = "parity3_weights"
EXPECT_MISTAKE = "parity3_weights.threshold_at_sum"
EXPECT_MESSAGE = "within 0.1"
import numpy as np


def parity3_weights():
    return np.ones((3, 3)), np.array([0.0, -1.0, -2.0]), np.array([1.0, -1.0, 1.0]), -0.5
