"""Uses the unbiased batch variance (divides by n - 1)."""
TARGET = "batchnorm_forward"
EXPECT_MESSAGE = "n - 1"
EXPECT_MISTAKE = "batchnorm_forward.unbiased_variance"
import numpy as np


def batchnorm_forward(x, gamma, beta, running_mean, running_var, train=True, momentum=0.9, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    if train:
        mean = x.mean(axis=0)
        var = x.var(axis=0, ddof=1)
        new_mean = momentum * running_mean + (1 - momentum) * mean
        new_var = momentum * running_var + (1 - momentum) * var
    else:
        mean, var = running_mean, running_var
        new_mean, new_var = running_mean.copy(), running_var.copy()
    out = gamma * (x - mean) / np.sqrt(var + eps) + beta
    return out, (x, gamma, eps, mean, var, train), new_mean, new_var
