"""Inner derivative at the wrong variable: d(w1 w2)/dw1 taken as w1."""
TARGET = "two_weight_cost_grad"
EXPECT_MESSAGE = "wrong variable"
import numpy as np


def two_weight_cost_grad(w):
    w1, w2 = w
    r = w1 * w2 - 1.5
    cost = r ** 2 + 0.04 * (w1 ** 2 + w2 ** 2)
    return cost, np.array([2 * r * w1 + 0.08 * w1, 2 * r * w2 + 0.08 * w2])
