"""Own gradient summed over the samples instead of averaged: steps n times too large."""
TARGET = "train_logistic_regression"
EXPECT_MESSAGE = "sum over the samples"
import numpy as np


def train_logistic_regression(X, t, lr, n_epochs, seed=0):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    losses = np.empty(n_epochs)
    for epoch in range(n_epochs):
        losses[epoch] = bce_loss_and_grads(w, b, X, t)[0]
        err = sigmoid(X @ w + b) - t
        w = w - lr * (X.T @ err)
        b = b - lr * float(np.sum(err))
    return w, b, losses
