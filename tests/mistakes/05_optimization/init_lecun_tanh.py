"""He for ReLU, but variance 1 / n_in for tanh (treats tanh as linear)."""
TARGET = "init_stack"
EXPECT_MESSAGE = "vanish"
EXPECT_MISTAKE = "init_stack.activations_out_of_range"
import numpy as np


def init_stack(sizes, activation, rng):
    Ws = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        std = np.sqrt(2.0 / n_in) if activation == "relu" else np.sqrt(1.0 / n_in)
        Ws.append(rng.normal(0.0, std, size=(n_in, n_out)))
    return Ws
