"""The derivative 1 - tanh(x) (the square is missing)."""
TARGET = "Tanh"
EXPECT_MISTAKE = "Tanh.missing_square"
import numpy as np


class Tanh:
    """Hyperbolic tangent, elementwise. No parameters (``params = grads = {}``)."""

    def __init__(self):
        self.params, self.grads = {}, {}

    def forward(self, x, train=True):
        """Output for ``x`` of any shape: an array of that shape. ``train`` is ignored."""
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        """dL/dx for the last forward's x, given dL/dout (same shape)."""
        return dout * (1.0 - self.out)
