"""Velocity as an average v = beta*v + (1 - beta)*g (dampening), not torch's v = beta*v + g."""
TARGET = "momentum_update"
EXPECT_MESSAGE = "without the factor"
import numpy as np


def momentum_update(w, dw, v, lr, beta=0.9):
    v_new = beta * v + (1 - beta) * dw
    return w - lr * v_new, v_new
