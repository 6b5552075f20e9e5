"""Delegates to the reference Perceptron's decision rule instead of writing w.x > 0."""
TARGET = "perceptron_predict"
EXPECT_MESSAGE = "reference implementation"
EXPECT_MISTAKE = "perceptron_predict.delegated"
import numpy as np
from course_utils import perceptron as reference


def perceptron_predict(w, X):
    model = reference.Perceptron()
    model.w_ = np.asarray(w, dtype=float)
    return model.predict(np.asarray(X, dtype=float)[:, 1:])
