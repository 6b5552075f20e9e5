"""Counts every little-progress step without resetting after a good one (not consecutive)."""
TARGET = "gradient_descent_until"
EXPECT_MESSAGE = "CONSECUTIVE"
EXPECT_MISTAKE = "gradient_descent_until.not_consecutive"
import numpy as np


def gradient_descent_until(cost_grad, w0, lr, tol, patience, max_epochs):
    w = np.array(w0, dtype=float)
    cost, grad = cost_grad(w)
    losses = [cost]
    stalled = 0
    for _ in range(max_epochs):
        w = w - lr * grad
        new_cost, grad = cost_grad(w)
        if (cost - new_cost) / cost < tol:
            stalled += 1
        cost = new_cost
        losses.append(cost)
        if stalled >= patience:
            break
    return w, np.array(losses)
