"""A single epoch of plain mini-batch gradient descent: it learns, but nowhere near 95%."""
TARGET = "train_two_layer"
EXPECT_MESSAGE = "learns but not enough"
import numpy as np


def train_two_layer(X, y, X_val, y_val, seed=0):
    rng = np.random.default_rng(seed)
    d, K, H = X.shape[1], int(np.max(y)) + 1, 64
    params = {"W1": rng.normal(size=(d, H)) * np.sqrt(2 / d), "b1": np.zeros(H),
              "W2": rng.normal(size=(H, K)) * np.sqrt(2 / H), "b2": np.zeros(K)}
    order = rng.permutation(len(X))
    for start in range(0, len(X), 32):
        idx = order[start:start + 32]
        _, grads = two_layer_loss_and_grads(params, X[idx], y[idx])
        params = {k: params[k] - 0.1 * grads[k] for k in params}
    return params
