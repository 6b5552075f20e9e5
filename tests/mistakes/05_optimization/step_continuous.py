"""Continuous exponent epoch / every instead of a whole number of drops."""
TARGET = "step_decay"
EXPECT_MESSAGE = "whole number"
import numpy as np


def step_decay(lr0, epoch, drop=0.5, every=10):
    return float(lr0 * drop ** (epoch / every))
