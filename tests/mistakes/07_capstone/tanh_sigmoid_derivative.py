"""The sigmoid's derivative out (1 - out) used for tanh."""
TARGET = "Tanh"
EXPECT_MISTAKE = "Tanh.sigmoid_derivative"
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
        return dout * self.out * (1.0 - self.out)
