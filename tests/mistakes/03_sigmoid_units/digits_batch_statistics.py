"""predict standardizes with the statistics of the rows it is given, not those of the training data."""
TARGET = "fit_digits"
EXPECT_MISTAKE = "fit_digits.batch_statistics"
EXPECT_MESSAGE = "on its own"
import numpy as np


def fit_digits(X_train, labels_train, rng):
    def features(X):
        X = np.asarray(X, dtype=np.float64)
        return (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-3)

    W, b, losses = train_softmax_regression(features(X_train), labels_train, 10, lr=0.1, n_epochs=30,
                                            batch_size=32, rng=rng)

    def predict(X):
        return np.argmax(features(X) @ W + b, axis=1)

    return predict, losses
