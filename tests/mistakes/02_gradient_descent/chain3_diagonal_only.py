"""Hessian with the diagonal only (the mixed second derivatives left at 0)."""
TARGET = "chain3_cost_grad_hess"
EXPECT_MISTAKE = "chain3_cost_grad_hess.diagonal_only"
import numpy as np


def chain3_cost_grad_hess(w):
    a, b, c = (float(v) for v in w)
    r = a * b * c - 1.5
    dp = np.array([b * c, a * c, a * b])
    cost = r ** 2 + 0.04 * (a * a + b * b + c * c)
    return cost, 2 * r * dp + 0.08 * np.array([a, b, c]), np.diag(2 * dp ** 2 + 0.08)
