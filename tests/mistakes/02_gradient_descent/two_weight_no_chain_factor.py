"""Dropped the 2 of the square's derivative: (w1 w2 - 1.5) w2 instead of 2 (w1 w2 - 1.5) w2."""
TARGET = "two_weight_cost_grad"
EXPECT_MESSAGE = "factor 2"
import numpy as np


def two_weight_cost_grad(w):
    w1, w2 = w
    r = w1 * w2 - 1.5
    cost = r ** 2 + 0.04 * (w1 ** 2 + w2 ** 2)
    return cost, np.array([r * w2 + 0.08 * w1, r * w1 + 0.08 * w2])
