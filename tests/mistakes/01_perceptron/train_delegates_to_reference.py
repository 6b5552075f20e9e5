"""Delegates to the course's reference Perceptron class instead of implementing the rule."""
TARGET = "perceptron_train"
EXPECT_MESSAGE = "reference implementation"
EXPECT_MISTAKE = "perceptron_train.delegated"
import numpy as np
from course_utils.perceptron import Perceptron


def perceptron_train(X, y, lr=1.0, max_epochs=100):
    model = Perceptron(lr=lr, max_epochs=max_epochs).fit(np.asarray(X, dtype=float)[:, 1:], y)
    return model.w_, model.n_mistakes
