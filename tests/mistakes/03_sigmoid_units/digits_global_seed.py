"""Seeds NumPy's global generator and trains with a generator of its own instead of rng."""
TARGET = "fit_digits"
EXPECT_MESSAGE = "global random state"
EXPECT_MISTAKE = "fit_digits.global_random_state"
import numpy as np


def fit_digits(X_train, labels_train, rng):
    np.random.seed(0)
    X_train = np.asarray(X_train, dtype=np.float64)
    mean = X_train.mean(axis=0)

    def features(X):
        return np.asarray(X, dtype=np.float64) - mean

    W, b, losses = train_softmax_regression(features(X_train), labels_train, 10, lr=0.5, n_epochs=30,
                                            batch_size=32, rng=np.random.default_rng(np.random.randint(1000)))

    def predict(X):
        return np.argmax(features(X) @ W + b, axis=1)

    return predict, losses
