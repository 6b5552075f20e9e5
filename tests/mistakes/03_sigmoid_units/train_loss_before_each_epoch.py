"""The unit-3 convention of old: n_epochs losses, each before an epoch; the final loss is missing."""
TARGET = "train_softmax_regression"
EXPECT_MESSAGE = "n_epochs"
EXPECT_MISTAKE = "train_softmax_regression.wrong_shape"
import numpy as np


def train_softmax_regression(X, labels, K, lr, n_epochs, batch_size, rng):
    X = np.asarray(X, dtype=np.float64)
    labels = np.asarray(labels)
    n, d = X.shape
    W = np.zeros((d, K))
    b = np.zeros(K)
    losses = []
    for epoch in range(n_epochs):
        losses.append(softmax_regression_loss_and_grads(W, b, X, labels)[0])
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            _, dW, db = softmax_regression_loss_and_grads(W, b, X[idx], labels[idx])
            W = W - lr * dW
            b = b - lr * db
    return W, b, np.array(losses)
