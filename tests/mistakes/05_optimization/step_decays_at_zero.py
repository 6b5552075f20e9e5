"""Exponent epoch // every + 1: the first epoch already uses lr0 * drop."""
TARGET = "step_decay"
EXPECT_MESSAGE = "epoch 0"
import numpy as np


def step_decay(lr0, epoch, drop=0.5, every=10):
    return float(lr0 * drop ** (epoch // every + 1))
