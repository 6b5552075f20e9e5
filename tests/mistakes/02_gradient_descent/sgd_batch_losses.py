"""Records the cost of the last batch after each epoch instead of the cost on the whole training set."""
TARGET = "minibatch_sgd"
EXPECT_MISTAKE = "minibatch_sgd.batch_cost"
EXPECT_MESSAGE = "WHOLE"
import numpy as np


def minibatch_sgd(X, t, lam, lr, n_epochs, batch_size, rng, w0=None):
    n = X.shape[0]
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    losses = [ridge_cost_grad(w, X, t, lam)[0]]
    for _ in range(n_epochs):
        order = rng.permutation(n)
        for s in range(0, n, batch_size):
            b = order[s:s + batch_size]
            w = w - lr * ridge_cost_grad(w, X[b], t[b], lam)[1]
        losses.append(ridge_cost_grad(w, X[b], t[b], lam)[0])
    return w, np.array(losses)
