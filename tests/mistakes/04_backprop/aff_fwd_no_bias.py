"""Forgets the bias: out = x @ W."""
TARGET = "affine_forward"
EXPECT_MESSAGE = "bias is missing"
import numpy as np


def affine_forward(x, W, b):
    return x @ W, (x, W, b)
