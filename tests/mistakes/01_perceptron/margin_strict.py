"""Updates only while y*w.x < margin (strict): with margin 0 the start w = 0 is never updated."""
TARGET = "margin_perceptron_train"
EXPECT_MESSAGE = "EQUAL to the margin"
EXPECT_MISTAKE = "margin_perceptron_train.strict_margin"
import numpy as np


def margin_perceptron_train(X, y, margin, max_epochs=1000):
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1])
    n = 0
    for _ in range(max_epochs):
        u = 0
        for x_i, y_i in zip(X, y):
            if y_i * (w @ x_i) < margin:
                w = w + y_i * x_i
                u += 1
        n += u
        if u == 0:
            break
    return w, n
