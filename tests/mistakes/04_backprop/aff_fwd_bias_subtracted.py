"""Subtracts the bias: out = x @ W - b."""
TARGET = "affine_forward"
EXPECT_MESSAGE = "subtracted"
import numpy as np


def affine_forward(x, W, b):
    return x @ W - b, (x, W, b)
