"""Multiplies by drop * (number of drops) instead of raising drop to that power."""
TARGET = "step_decay"
import numpy as np


def step_decay(lr0, epoch, drop=0.5, every=10):
    drops = epoch // every
    return float(lr0 * drop * drops) if drops else float(lr0)
