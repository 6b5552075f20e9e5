"""Exponential decay lr0 * exp(-k*epoch) instead of 1/t."""
TARGET = "inverse_time_decay"
EXPECT_MESSAGE = "exponential"
import numpy as np


def inverse_time_decay(lr0, epoch, k):
    return float(lr0 * np.exp(-k * epoch))
