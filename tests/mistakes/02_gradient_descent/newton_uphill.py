"""Adds H^-1 g instead of subtracting it."""
TARGET = "newton_minimize"
EXPECT_MESSAGE = "UPHILL"
EXPECT_MISTAKE = "newton_minimize.uphill"
import numpy as np


def newton_minimize(cost_grad_hess, w0, n_steps):
    w = np.array(w0, dtype=float)
    c, g, H = cost_grad_hess(w)
    losses = [c]
    for _ in range(n_steps):
        w = w + np.linalg.solve(H, g)
        c, g, H = cost_grad_hess(w)
        losses.append(c)
    return w, np.array(losses)
