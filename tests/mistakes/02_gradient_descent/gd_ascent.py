"""Steps along the gradient (w + lr * grad): gradient ascent."""
TARGET = "ridge_gradient_descent"
EXPECT_MESSAGE = "AGAINST"
EXPECT_MISTAKE = "ridge_gradient_descent.ascent"
import numpy as np


def ridge_gradient_descent(X, t, lam, lr, n_epochs, w0=None):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    losses = [ridge_cost_grad(w, X, t, lam)[0]]
    for _ in range(n_epochs):
        w = w + lr * ridge_cost_grad(w, X, t, lam)[1]
        losses.append(ridge_cost_grad(w, X, t, lam)[0])
    return w, np.array(losses)
