"""Takes a plain gradient step w - g (the Hessian unused)."""
TARGET = "newton_minimize"
EXPECT_MESSAGE = "gradient step"
EXPECT_MISTAKE = "newton_minimize.gradient_step"
import numpy as np


def newton_minimize(cost_grad_hess, w0, n_steps):
    w = np.array(w0, dtype=float)
    c, g, H = cost_grad_hess(w)
    losses = [c]
    for _ in range(n_steps):
        w = w - g
        c, g, H = cost_grad_hess(w)
        losses.append(c)
    return w, np.array(losses)
