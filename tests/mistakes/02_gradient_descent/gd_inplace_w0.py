"""Updates w0 in place (w = w0; w -= ...), so the caller's start changes."""
TARGET = "ridge_gradient_descent"
EXPECT_MESSAGE = "modified"
EXPECT_MISTAKE = "ridge_gradient_descent.modified_input"
import numpy as np


def ridge_gradient_descent(X, t, lam, lr, n_epochs, w0=None):
    w = np.zeros(X.shape[1]) if w0 is None else w0
    losses = [ridge_cost_grad(w, X, t, lam)[0]]
    for _ in range(n_epochs):
        w -= lr * ridge_cost_grad(w, X, t, lam)[1]
        losses.append(ridge_cost_grad(w, X, t, lam)[0])
    return w, np.array(losses)
