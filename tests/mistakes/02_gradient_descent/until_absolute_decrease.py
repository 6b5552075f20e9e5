"""Compares the absolute decrease C_{k-1} - C_k with tol instead of the relative one."""
TARGET = "gradient_descent_until"
EXPECT_MISTAKE = "gradient_descent_until.absolute_decrease"
import numpy as np


def gradient_descent_until(cost_grad, w0, lr, tol, patience, max_epochs):
    w = np.array(w0, dtype=float)
    cost, grad = cost_grad(w)
    losses = [cost]
    stalled = 0
    for _ in range(max_epochs):
        w = w - lr * grad
        new_cost, grad = cost_grad(w)
        stalled = stalled + 1 if (cost - new_cost) < tol else 0
        cost = new_cost
        losses.append(cost)
        if stalled >= patience:
            break
    return w, np.array(losses)
