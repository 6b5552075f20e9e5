"""Derivative at the wrong point: sigma' evaluated at sigma(z) instead of at z."""
TARGET = "sigmoid_grad"
EXPECT_MESSAGE = "wrong point"
import numpy as np


def sigmoid_grad(z):
    s = sigmoid(sigmoid(z))
    return s * (1.0 - s)
