"""Stable softmax, but the loss takes log of a probability that can round to 0."""
TARGET = "softmax_regression_loss_and_grads"
EXPECT_MISTAKE = "softmax_regression_loss_and_grads.numerical_warning"
import numpy as np


def softmax_regression_loss_and_grads(W, b, X, labels):
    X = np.asarray(X, dtype=np.float64)
    n = X.shape[0]
    O = X @ W + b
    E = np.exp(O - np.max(O, axis=1, keepdims=True))
    P = E / np.sum(E, axis=1, keepdims=True)
    rows = np.arange(n)
    loss = float(-np.mean(np.log(P[rows, labels])))
    G = P.copy()
    G[rows, labels] -= 1.0
    G /= n
    return loss, X.T @ G, np.sum(G, axis=0)
