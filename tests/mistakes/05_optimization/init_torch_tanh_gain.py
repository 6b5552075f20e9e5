"""He for ReLU, and the gain 5/3 for tanh: the gradients grow about 5 times over 20 layers."""
TARGET = "init_stack"
EXPECT_MESSAGE = "explode"
EXPECT_MISTAKE = "init_stack.gradient_out_of_range"
import numpy as np


def init_stack(sizes, activation, rng):
    Ws = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        gain = np.sqrt(2.0) if activation == "relu" else 5.0 / 3.0
        Ws.append(rng.normal(0.0, gain / np.sqrt(n_in), size=(n_in, n_out)))
    return Ws
