"""Softmax without the shift by the row maximum: exp overflows for large scores."""
TARGET = "softmax_regression_loss_and_grads"
EXPECT_MISTAKE = "softmax_regression_loss_and_grads.numerical_warning"
import numpy as np


def softmax_regression_loss_and_grads(W, b, X, labels):
    X = np.asarray(X, dtype=np.float64)
    n = X.shape[0]
    O = X @ W + b
    E = np.exp(O)
    P = E / np.sum(E, axis=1, keepdims=True)
    rows = np.arange(n)
    loss = float(-np.mean(np.log(P[rows, labels])))
    G = P.copy()
    G[rows, labels] -= 1.0
    G /= n
    return loss, X.T @ G, np.sum(G, axis=0)
