"""Differentiates the decay 0.04 w_j^2 as 0.04 w_j (and adds 0.04 to the Hessian's diagonal)."""
TARGET = "chain3_cost_grad_hess"
EXPECT_MISTAKE = "chain3_cost_grad_hess.decay_grad"
import numpy as np


def chain3_cost_grad_hess(w):
    a, b, c = (float(v) for v in w)
    r = a * b * c - 1.5
    dp = np.array([b * c, a * c, a * b])
    cost = r ** 2 + 0.04 * (a * a + b * b + c * c)
    H = 2 * np.outer(dp, dp) + 2 * r * np.array([[0, c, b], [c, 0, a], [b, a, 0]]) + 0.04 * np.eye(3)
    return cost, 2 * r * dp + 0.04 * np.array([a, b, c]), H
