"""Weights the new batch statistic by momentum and the old running average by 1 - momentum."""
TARGET = "batchnorm_forward"
EXPECT_MESSAGE = "swapped"
EXPECT_MISTAKE = "batchnorm_forward.momentum_swapped"
import numpy as np


def batchnorm_forward(x, gamma, beta, running_mean, running_var, train=True, momentum=0.9, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    if train:
        mean = x.mean(axis=0)
        var = x.var(axis=0)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var
    else:
        mean, var = running_mean, running_var
        new_mean, new_var = running_mean.copy(), running_var.copy()
    out = gamma * (x - mean) / np.sqrt(var + eps) + beta
    return out, (x, gamma, eps, mean, var, train), new_mean, new_var
