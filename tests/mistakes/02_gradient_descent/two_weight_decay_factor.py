"""Derivative of the decay term taken as 0.04 w_i instead of 2 * 0.04 w_i = 0.08 w_i."""
TARGET = "two_weight_cost_grad"
EXPECT_MESSAGE = "0.08"
import numpy as np


def two_weight_cost_grad(w):
    w1, w2 = w
    r = w1 * w2 - 1.5
    cost = r ** 2 + 0.04 * (w1 ** 2 + w2 ** 2)
    return cost, np.array([2 * r * w2 + 0.04 * w1, 2 * r * w1 + 0.04 * w2])
