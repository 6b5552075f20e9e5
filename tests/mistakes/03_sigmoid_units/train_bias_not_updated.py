"""Forgets to update the bias: b stays 0."""
TARGET = "train_logistic_regression"
EXPECT_MESSAGE = "bias"
import numpy as np


def train_logistic_regression(X, t, lr, n_epochs, seed=0):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    losses = np.empty(n_epochs)
    for epoch in range(n_epochs):
        losses[epoch], dw, db = bce_loss_and_grads(w, b, X, t)
        w = w - lr * dw
    return w, b, losses
