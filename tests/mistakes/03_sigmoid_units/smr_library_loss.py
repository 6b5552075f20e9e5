"""Hands the loss and dL/dO to course_utils.losses.softmax_cross_entropy instead of deriving them."""
TARGET = "softmax_regression_loss_and_grads"
EXPECT_MESSAGE = "course_utils"
EXPECT_MISTAKE = "softmax_regression_loss_and_grads.delegated"
import numpy as np
from course_utils import losses as _losses


def softmax_regression_loss_and_grads(W, b, X, labels):
    X = np.asarray(X, dtype=np.float64)
    loss, G = _losses.softmax_cross_entropy(X @ W + b, labels)
    return loss, X.T @ G, np.sum(G, axis=0)
