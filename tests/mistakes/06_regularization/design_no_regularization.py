"""The baseline's own recipe: no regularization at all."""
TARGET = "train_regularized"
EXPECT_MISTAKE = "train_regularized.gap_too_small"
import numpy as np


def train_regularized(X_train, y_train, X_val, y_val, seed=0):
    model = MLP([X_train.shape[1], 100, 100, 2], seed=seed)
    train(model, Adam(0.01), X_train, y_train, epochs=300, batch_size=len(X_train),
          rng=np.random.default_rng(seed), progress=False)
    return model
