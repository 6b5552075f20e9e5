"""A good recipe that ignores seed (always seed 0): every seed gives the same model."""
TARGET = "train_regularized"
EXPECT_MESSAGE = "same model"
EXPECT_MISTAKE = "train_regularized.ignores_seed"
import numpy as np


def train_regularized(X_train, y_train, X_val, y_val, seed=0):
    model = MLP([X_train.shape[1], 100, 100, 2], l2=0.01, dropout=0.5, seed=0)
    train(model, Adam(0.01), X_train, y_train, epochs=300, batch_size=len(X_train),
          rng=np.random.default_rng(0), progress=False)
    return model
