"""Records the mean of the batch losses seen during the epoch, not the training-set loss after it."""
TARGET = "train_softmax_regression"
EXPECT_MISTAKE = "train_softmax_regression.batch_loss_history"
EXPECT_MESSAGE = "losses[-1]"
import numpy as np


def train_softmax_regression(X, labels, K, lr, n_epochs, batch_size, rng):
    X = np.asarray(X, dtype=np.float64)
    labels = np.asarray(labels)
    n, d = X.shape
    W = np.zeros((d, K))
    b = np.zeros(K)
    losses = [softmax_regression_loss_and_grads(W, b, X, labels)[0]]
    for epoch in range(n_epochs):
        order = rng.permutation(n)
        batch_losses = []
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            L, dW, db = softmax_regression_loss_and_grads(W, b, X[idx], labels[idx])
            batch_losses.append(L)
            W = W - lr * dW
            b = b - lr * db
        losses.append(float(np.mean(batch_losses)))
    return W, b, np.array(losses)
