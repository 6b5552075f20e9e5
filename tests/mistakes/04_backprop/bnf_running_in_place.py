"""Updates the running averages in place (running_mean *= momentum; ... +=), modifying the caller's arrays."""
TARGET = "batchnorm_forward"
EXPECT_MESSAGE = "modified"
EXPECT_MISTAKE = "batchnorm_forward.modified_input"
import numpy as np


def batchnorm_forward(x, gamma, beta, running_mean, running_var, train=True, momentum=0.9, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    if train:
        mean, var = x.mean(axis=0), x.var(axis=0)
        running_mean *= momentum
        running_mean += (1 - momentum) * mean
        running_var *= momentum
        running_var += (1 - momentum) * var
    else:
        mean, var = running_mean, running_var
    out = gamma * (x - mean) / np.sqrt(var + eps) + beta
    return out, (x, gamma, eps, mean, var, train), running_mean, running_var
