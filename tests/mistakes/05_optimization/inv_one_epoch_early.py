"""Off by one: lr0 / (1 + k*(epoch + 1))."""
TARGET = "inverse_time_decay"
EXPECT_MESSAGE = "epoch 0 must give lr0"
import numpy as np


def inverse_time_decay(lr0, epoch, k):
    return float(lr0 / (1 + k * (epoch + 1)))
