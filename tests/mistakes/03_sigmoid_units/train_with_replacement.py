"""Batches drawn with replacement (rng.integers): some examples are used twice, others never."""
TARGET = "train_softmax_regression"
EXPECT_MISTAKE = "train_softmax_regression.with_replacement"
import numpy as np


def train_softmax_regression(X, labels, K, lr, n_epochs, batch_size, rng):
    X = np.asarray(X, dtype=np.float64)
    labels = np.asarray(labels)
    n, d = X.shape
    W = np.zeros((d, K))
    b = np.zeros(K)
    losses = [softmax_regression_loss_and_grads(W, b, X, labels)[0]]
    for epoch in range(n_epochs):
        order = rng.integers(n, size=n)
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            _, dW, db = softmax_regression_loss_and_grads(W, b, X[idx], labels[idx])
            W = W - lr * dW
            b = b - lr * db
        losses.append(softmax_regression_loss_and_grads(W, b, X, labels)[0])
    return W, b, np.array(losses)
