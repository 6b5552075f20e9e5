"""Glorot's compromise variance 2 / (n_in + n_out) for both activations (as the lecture's Xavier)."""
TARGET = "init_stack"
EXPECT_MISTAKE = "init_stack.activations_out_of_range"
import numpy as np


def init_stack(sizes, activation, rng):
    Ws = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        Ws.append(rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out)))
    return Ws
