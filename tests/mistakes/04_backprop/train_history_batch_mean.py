"""Records the mean of the epoch's batch losses instead of the training loss after the epoch."""
TARGET = "train_digits"
EXPECT_MISTAKE = "train_digits.history_not_final_loss"
EXPECT_MESSAGE = "batch losses"
import numpy as np


def train_digits(X, y, X_val, y_val, seed=0, epochs=None):
    rng = np.random.default_rng(seed)
    X = np.asarray(X, dtype=np.float64)
    n, d = X.shape
    K = max(10, int(np.max(y)) + 1)
    hidden, lr, batch, reg = 100, 0.1, 16, 1e-4
    n_epochs = 20 if epochs is None else int(epochs)
    params = {"W1": rng.normal(scale=np.sqrt(2.0 / d), size=(d, hidden)), "b1": np.zeros(hidden),
              "W2": rng.normal(scale=np.sqrt(1.0 / hidden), size=(hidden, K)), "b2": np.zeros(K)}

    def data_loss(p):
        return mlp_loss_and_grads(p, X, y, reg=0.0)[0]

    history = [data_loss(params)]
    
    for epoch in range(n_epochs):
        order = rng.permutation(n)
        batch_losses = []
        for start in range(0, n, batch):
            idx = order[start:start + batch]
            loss, grads = mlp_loss_and_grads(params, X[idx], y[idx], reg=reg)
            batch_losses.append(loss)
            params = {k: params[k] - lr * grads[k] for k in params}
        history.append(float(np.mean(batch_losses)))
    return params, history
