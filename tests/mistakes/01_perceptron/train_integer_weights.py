"""w = np.zeros_like(X[0]) inherits an integer dtype from integer X, so lr = 0.5 cannot be added in place."""
TARGET = "perceptron_train"
EXPECT_MISTAKE = "perceptron_train.integer_weights"
import numpy as np


def perceptron_train(X, y, lr=1.0, max_epochs=100):
    w = np.zeros_like(X[0])
    n_mistakes = 0
    for _ in range(max_epochs):
        errors = 0
        for x_i, y_i in zip(X, y):
            if y_i * (w @ x_i) <= 0:
                w += lr * y_i * x_i
                errors += 1
        n_mistakes += errors
        if errors == 0:
            break
    return w, n_mistakes
