"""Starts from small random weights (seeded) instead of w = 0, b = 0."""
TARGET = "train_logistic_regression"
EXPECT_MESSAGE = "log 2"
import numpy as np


def train_logistic_regression(X, t, lr, n_epochs, seed=0):
    X = np.asarray(X, dtype=np.float64)
    rng = np.random.default_rng(seed)
    w = rng.normal(scale=0.1, size=X.shape[1])
    b = 0.0
    losses = np.empty(n_epochs)
    for epoch in range(n_epochs):
        losses[epoch], dw, db = bce_loss_and_grads(w, b, X, t)
        w = w - lr * dw
        b = b - lr * db
    return w, b, losses
