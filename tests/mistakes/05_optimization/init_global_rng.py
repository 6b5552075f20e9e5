"""Draws the weights from the global np.random instead of rng."""
TARGET = "init_stack"
EXPECT_MESSAGE = "np.random"
EXPECT_MISTAKE = "init_stack.global_random_state"
import numpy as np


def init_stack(sizes, activation, rng):
    Ws = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        gain = np.sqrt(2.0) if activation == "relu" else 1.25
        Ws.append(np.random.normal(0.0, gain / np.sqrt(n_in), size=(n_in, n_out)))
    return Ws
