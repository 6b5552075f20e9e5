"""1/sqrt(t) decay: lr0 / sqrt(1 + k*epoch)."""
TARGET = "inverse_time_decay"
EXPECT_MESSAGE = "square root"
import numpy as np


def inverse_time_decay(lr0, epoch, k):
    return float(lr0 / np.sqrt(1 + k * epoch))
