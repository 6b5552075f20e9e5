"""Records the cost before each step only: n_epochs values, the final cost missing."""
TARGET = "ridge_gradient_descent"
EXPECT_MESSAGE = "n_epochs + 1"
EXPECT_MISTAKE = "ridge_gradient_descent.losses_off_by_one"
import numpy as np


def ridge_gradient_descent(X, t, lam, lr, n_epochs, w0=None):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    losses = []
    for _ in range(n_epochs):
        cost, grad = ridge_cost_grad(w, X, t, lam)
        losses.append(cost)
        w = w - lr * grad
    return w, np.array(losses)
