"""The bias is left out of the scores."""
TARGET = "softmax_regression_loss_and_grads"
EXPECT_MISTAKE = "softmax_regression_loss_and_grads.forgot_bias"
import numpy as np


def softmax_regression_loss_and_grads(W, b, X, labels):
    X = np.asarray(X, dtype=np.float64)
    n = X.shape[0]
    O = X @ W
    S = O - np.max(O, axis=1, keepdims=True)
    log_p = S - np.log(np.sum(np.exp(S), axis=1, keepdims=True))
    rows = np.arange(n)
    loss = float(-np.mean(log_p[rows, labels]))
    G = np.exp(log_p)
    G[rows, labels] -= 1.0
    G /= n
    return loss, X.T @ G, np.sum(G, axis=0)
