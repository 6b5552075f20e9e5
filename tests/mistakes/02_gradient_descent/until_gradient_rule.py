"""Stops on a small gradient (the lecture's rule) instead of on little progress of the cost."""
TARGET = "gradient_descent_until"
EXPECT_MISTAKE = "gradient_descent_until.gradient_rule"
import numpy as np


def gradient_descent_until(cost_grad, w0, lr, tol, patience, max_epochs):
    w = np.array(w0, dtype=float)
    cost, grad = cost_grad(w)
    losses = [cost]
    for _ in range(max_epochs):
        if np.linalg.norm(grad) < tol:
            break
        w = w - lr * grad
        cost, grad = cost_grad(w)
        losses.append(cost)
    return w, np.array(losses)
