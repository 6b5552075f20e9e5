"""Scales by the fan-out n_out instead of the fan-in (fails when the widths change)."""
TARGET = "init_stack"
EXPECT_MISTAKE = "init_stack.activations_out_of_range"
import numpy as np


def init_stack(sizes, activation, rng):
    Ws = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        gain = np.sqrt(2.0) if activation == "relu" else 1.25
        Ws.append(rng.normal(0.0, gain / np.sqrt(n_out), size=(n_in, n_out)))
    return Ws
