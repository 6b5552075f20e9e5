"""Compares the geometric margin y*w.x/||w|| with the margin (and treats w = 0 as a mistake)."""
TARGET = "margin_perceptron_train"
EXPECT_MISTAKE = "margin_perceptron_train.margin_ignored"
import numpy as np


def margin_perceptron_train(X, y, margin, max_epochs=1000):
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1])
    n = 0
    for _ in range(max_epochs):
        u = 0
        for x_i, y_i in zip(X, y):
            norm = np.linalg.norm(w)
            if norm == 0 or y_i * (w @ x_i) / norm <= margin:
                w = w + y_i * x_i
                u += 1
        n += u
        if u == 0:
            break
    return w, n
