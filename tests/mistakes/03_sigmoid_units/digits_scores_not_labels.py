"""predict returns the (m, 10) scores instead of one label per image."""
TARGET = "fit_digits"
EXPECT_MISTAKE = "fit_digits.wrong_shape"
import numpy as np


def fit_digits(X_train, labels_train, rng):
    X_train = np.asarray(X_train, dtype=np.float64)
    mean = X_train.mean(axis=0)

    def features(X):
        return np.asarray(X, dtype=np.float64) - mean

    W, b, losses = train_softmax_regression(features(X_train), labels_train, 10, lr=0.5, n_epochs=30,
                                            batch_size=32, rng=rng)

    def predict(X):
        return features(X) @ W + b

    return predict, losses
