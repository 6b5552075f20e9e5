"""Column-vector habit: out = W^T x^T + b, one example per column, i.e. the transposed output."""
TARGET = "affine_forward"
EXPECT_MESSAGE = "transposed"
import numpy as np


def affine_forward(x, W, b):
    return W.T @ x.T + b[:, None], (x, W, b)
