"""Trains a copy of the parameters but returns the initial (untrained) ones."""
TARGET = "train_two_layer"
EXPECT_MESSAGE = "did not learn"
import numpy as np


def train_two_layer(X, y, X_val, y_val, seed=0):
    rng = np.random.default_rng(seed)
    d, K, H = X.shape[1], int(np.max(y)) + 1, 64
    init = {"W1": rng.normal(size=(d, H)) * np.sqrt(2 / d), "b1": np.zeros(H),
            "W2": rng.normal(size=(H, K)) * np.sqrt(2 / H), "b2": np.zeros(K)}
    params = {k: v.copy() for k, v in init.items()}
    for epoch in range(3):
        for start in range(0, len(X), 64):
            _, grads = two_layer_loss_and_grads(params, X[start:start + 64], y[start:start + 64])
            params = {k: params[k] - 0.1 * grads[k] for k in params}
    return init
