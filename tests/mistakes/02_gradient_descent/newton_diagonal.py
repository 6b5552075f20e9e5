"""Divides the gradient by the Hessian's diagonal (ignores the coupling between the weights)."""
TARGET = "newton_minimize"
EXPECT_MISTAKE = "newton_minimize.diagonal_only"
import numpy as np


def newton_minimize(cost_grad_hess, w0, n_steps):
    w = np.array(w0, dtype=float)
    c, g, H = cost_grad_hess(w)
    losses = [c]
    for _ in range(n_steps):
        w = w - g / np.diag(H)
        c, g, H = cost_grad_hess(w)
        losses.append(c)
    return w, np.array(losses)
