"""Gradient with the wrong sign: +X^T (t - Xw) points uphill."""
TARGET = "sse_grad"
EXPECT_MESSAGE = "points uphill"
import numpy as np


def sse_grad(w, X, t):
    return X.T @ (t - X @ w)
