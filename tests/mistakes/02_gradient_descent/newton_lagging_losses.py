"""Records the cost before each step: the last cost is missing and the first is repeated."""
TARGET = "newton_minimize"
EXPECT_MESSAGE = "lag"
EXPECT_MISTAKE = "newton_minimize.losses_lag"
import numpy as np


def newton_minimize(cost_grad_hess, w0, n_steps):
    w = np.array(w0, dtype=float)
    c, g, H = cost_grad_hess(w)
    losses = [c]
    for _ in range(n_steps):
        losses.append(c)
        w = w - np.linalg.solve(H, g)
        c, g, H = cost_grad_hess(w)
    return w, np.array(losses)
