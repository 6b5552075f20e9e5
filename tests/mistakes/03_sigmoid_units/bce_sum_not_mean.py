"""Missing mean over samples: loss and gradients summed over the batch instead of averaged."""
TARGET = "bce_loss_and_grads"
EXPECT_MESSAGE = "mean over"
import numpy as np


def bce_loss_and_grads(w, b, X, t):
    X = np.asarray(X, dtype=np.float64)
    z = X @ w + b
    loss = float(np.sum(np.logaddexp(0.0, z) - t * z))
    err = sigmoid(z) - t
    return loss, X.T @ err, float(np.sum(err))
