"""Hessian without the second-derivative term of the product (only 2 dp dp^T + 0.08 I)."""
TARGET = "chain3_cost_grad_hess"
EXPECT_MISTAKE = "chain3_cost_grad_hess.gauss_newton"
EXPECT_MESSAGE = "Hessian"
import numpy as np


def chain3_cost_grad_hess(w):
    a, b, c = (float(v) for v in w)
    r = a * b * c - 1.5
    dp = np.array([b * c, a * c, a * b])
    cost = r ** 2 + 0.04 * (a * a + b * b + c * c)
    return cost, 2 * r * dp + 0.08 * np.array([a, b, c]), 2 * np.outer(dp, dp) + 0.08 * np.eye(3)
