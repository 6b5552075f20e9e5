"""Normalises each row over its features (layer norm) instead of each feature over the batch."""
TARGET = "batchnorm_forward"
EXPECT_MESSAGE = "layer norm"
import numpy as np


def batchnorm_forward(x, gamma, beta, running_mean, running_var, train=True, momentum=0.9, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    if train:
        mean = x.mean(axis=1, keepdims=True)
        var = x.var(axis=1, keepdims=True)
        new_mean = momentum * running_mean + (1 - momentum) * mean.mean()
        new_var = momentum * running_var + (1 - momentum) * var.mean()
    else:
        mean, var = running_mean, running_var
        new_mean, new_var = running_mean.copy(), running_var.copy()
    out = gamma * (x - mean) / np.sqrt(var + eps) + beta
    return out, (x, gamma, eps, mean.ravel(), var.ravel(), train), new_mean, new_var
