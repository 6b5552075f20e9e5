"""Trains for 120 epochs: over the 50-epoch budget."""
TARGET = "fit_digits"
EXPECT_MISTAKE = "fit_digits.over_budget"
EXPECT_MESSAGE = "50"
import numpy as np


def fit_digits(X_train, labels_train, rng):
    X_train = np.asarray(X_train, dtype=np.float64)
    mean = X_train.mean(axis=0)

    def features(X):
        return np.asarray(X, dtype=np.float64) - mean

    W, b, losses = train_softmax_regression(features(X_train), labels_train, 10, lr=0.5, n_epochs=120,
                                            batch_size=32, rng=rng)

    def predict(X):
        return np.argmax(features(X) @ W + b, axis=1)

    return predict, losses
