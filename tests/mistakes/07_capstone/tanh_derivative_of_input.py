"""The derivative is written in the input: 1 - x^2 instead of 1 - tanh(x)^2."""
TARGET = "Tanh"
EXPECT_MISTAKE = "Tanh.derivative_of_input"
import numpy as np


class Tanh:
    """Hyperbolic tangent, elementwise. No parameters (``params = grads = {}``)."""

    def __init__(self):
        self.params, self.grads = {}, {}

    def forward(self, x, train=True):
        """Output for ``x`` of any shape: an array of that shape. ``train`` is ignored."""
        self.x = x
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        """dL/dx for the last forward's x, given dL/dout (same shape)."""
        return dout * (1.0 - self.x ** 2)
