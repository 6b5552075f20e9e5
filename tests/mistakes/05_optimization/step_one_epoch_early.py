"""Decay applied one epoch early: (epoch + 1) // every."""
TARGET = "step_decay"
EXPECT_MESSAGE = "one epoch early"
import numpy as np


def step_decay(lr0, epoch, drop=0.5, every=10):
    return float(lr0 * drop ** ((epoch + 1) // every))
