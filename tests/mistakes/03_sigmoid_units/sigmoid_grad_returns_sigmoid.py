"""Returns sigma(z) itself instead of its derivative."""
TARGET = "sigmoid_grad"
EXPECT_MESSAGE = "not its derivative"
import numpy as np


def sigmoid_grad(z):
    return sigmoid(z)
