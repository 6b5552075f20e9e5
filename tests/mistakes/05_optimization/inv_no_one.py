"""lr0 / (k*epoch): the 1 is missing (division by zero at epoch 0)."""
TARGET = "inverse_time_decay"
import numpy as np


def inverse_time_decay(lr0, epoch, k):
    return float(lr0 / (k * epoch))
