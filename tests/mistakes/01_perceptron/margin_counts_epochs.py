"""Returns the number of epochs instead of the number of updates."""
TARGET = "margin_perceptron_train"
EXPECT_MISTAKE = "margin_perceptron_train.counts_epochs"
EXPECT_MESSAGE = "updates"
import numpy as np


def margin_perceptron_train(X, y, margin, max_epochs=1000):
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1])
    epochs = 0
    for _ in range(max_epochs):
        epochs += 1
        u = 0
        for x_i, y_i in zip(X, y):
            if y_i * (w @ x_i) <= margin:
                w = w + y_i * x_i
                u += 1
        if u == 0:
            break
    return w, epochs
