"""Off by one epoch: records the loss after each update, so losses[0] is not the starting loss log 2."""
TARGET = "train_logistic_regression"
EXPECT_MESSAGE = "log 2"
import numpy as np


def train_logistic_regression(X, t, lr, n_epochs, seed=0):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    losses = np.empty(n_epochs)
    for epoch in range(n_epochs):
        _, dw, db = bce_loss_and_grads(w, b, X, t)
        w = w - lr * dw
        b = b - lr * db
        losses[epoch] = bce_loss_and_grads(w, b, X, t)[0]
    return w, b, losses
