"""Plain gradient descent with a learning rate of 50: the loss explodes instead of going down."""
TARGET = "train_two_layer"
EXPECT_MESSAGE = "learning rate"
import numpy as np


def train_two_layer(X, y, X_val, y_val, seed=0):
    rng = np.random.default_rng(seed)
    d, K, H = X.shape[1], int(np.max(y)) + 1, 64
    params = {"W1": rng.normal(size=(d, H)) * np.sqrt(2 / d), "b1": np.zeros(H),
              "W2": rng.normal(size=(H, K)) * np.sqrt(2 / H), "b2": np.zeros(K)}
    with np.errstate(all="ignore"):
        for epoch in range(3):
            for start in range(0, len(X), 64):
                _, grads = two_layer_loss_and_grads(params, X[start:start + 64], y[start:start + 64])
                params = {k: params[k] - 50.0 * grads[k] for k in params}
    return params
