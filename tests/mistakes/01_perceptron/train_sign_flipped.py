"""Update sign flipped: w <- w - lr*y*x moves the boundary the wrong way."""
TARGET = "perceptron_train"
EXPECT_MESSAGE = "sign of the update"
EXPECT_MISTAKE = "perceptron_train.update_sign"
import numpy as np


def perceptron_train(X, y, lr=1.0, max_epochs=100):
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1])
    n_mistakes = 0
    for _ in range(max_epochs):
        errors = 0
        for x_i, y_i in zip(X, y):
            if y_i * (w @ x_i) <= 0:
                w = w - lr * y_i * x_i
                errors += 1
        n_mistakes += errors
        if errors == 0:
            break
    return w, n_mistakes
