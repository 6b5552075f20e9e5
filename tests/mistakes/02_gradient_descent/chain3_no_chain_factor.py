"""Forgets the factor 2 of the square in the gradient (and in the Hessian's data term)."""
TARGET = "chain3_cost_grad_hess"
EXPECT_MISTAKE = "chain3_cost_grad_hess.square_factor"
import numpy as np


def chain3_cost_grad_hess(w):
    a, b, c = (float(v) for v in w)
    r = a * b * c - 1.5
    dp = np.array([b * c, a * c, a * b])
    cost = r ** 2 + 0.04 * (a * a + b * b + c * c)
    H = np.outer(dp, dp) + r * np.array([[0, c, b], [c, 0, a], [b, a, 0]]) + 0.08 * np.eye(3)
    return cost, r * dp + 0.08 * np.array([a, b, c]), H
