"""Left the weight-decay term out of the cost (the gradient is right)."""
TARGET = "two_weight_cost_grad"
EXPECT_MESSAGE = "weight-decay"
import numpy as np


def two_weight_cost_grad(w):
    w1, w2 = w
    r = w1 * w2 - 1.5
    return r ** 2, np.array([2 * r * w2 + 0.08 * w1, 2 * r * w1 + 0.08 * w2])
