"""Dropout 0.5 but only 3 epochs with a tiny learning rate: under-trained, not regularized."""
TARGET = "train_regularized"
import numpy as np


def train_regularized(X_train, y_train, X_val, y_val, seed=0):
    model = MLP([X_train.shape[1], 100, 100, 2], dropout=0.5, seed=seed)
    train(model, Adam(1e-4), X_train, y_train, epochs=3, batch_size=len(X_train),
          rng=np.random.default_rng(seed), progress=False)
    return model
