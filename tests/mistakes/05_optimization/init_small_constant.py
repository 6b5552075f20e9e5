"""The old habit N(0, 0.01^2) for every layer: the signal dies within a few layers."""
TARGET = "init_stack"
EXPECT_MISTAKE = "init_stack.activations_out_of_range"
import numpy as np


def init_stack(sizes, activation, rng):
    Ws = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        Ws.append(0.01 * rng.standard_normal((n_in, n_out)))
    return Ws
