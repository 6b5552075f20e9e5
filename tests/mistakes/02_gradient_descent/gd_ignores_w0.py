"""Always starts from zeros, ignoring w0."""
TARGET = "ridge_gradient_descent"
EXPECT_MISTAKE = "ridge_gradient_descent.ignores_w0"
import numpy as np


def ridge_gradient_descent(X, t, lam, lr, n_epochs, w0=None):
    w = np.zeros(np.shape(X)[1])
    losses = [ridge_cost_grad(w, X, t, lam)[0]]
    for _ in range(n_epochs):
        w = w - lr * ridge_cost_grad(w, X, t, lam)[1]
        losses.append(ridge_cost_grad(w, X, t, lam)[0])
    return w, np.array(losses)
