"""Only full batches: the n % batch_size examples left over each epoch are never used."""
TARGET = "minibatch_sgd"
EXPECT_MESSAGE = "last batch"
EXPECT_MISTAKE = "minibatch_sgd.not_every_example"
import numpy as np


def minibatch_sgd(X, t, lam, lr, n_epochs, batch_size, rng, w0=None):
    n = X.shape[0]
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    losses = [ridge_cost_grad(w, X, t, lam)[0]]
    for _ in range(n_epochs):
        order = rng.permutation(n)
        for k in range(n // batch_size):
            b = order[k * batch_size:(k + 1) * batch_size]
            w = w - lr * ridge_cost_grad(w, X[b], t[b], lam)[1]
        losses.append(ridge_cost_grad(w, X, t, lam)[0])
    return w, np.array(losses)
