"""tanh computed from exponentials: overflow (and NaN) for large inputs."""
TARGET = "Tanh"
EXPECT_MESSAGE = "warning"
EXPECT_MISTAKE = "Tanh.numerical_warning"
import numpy as np


class Tanh:
    """Hyperbolic tangent, elementwise. No parameters (``params = grads = {}``)."""

    def __init__(self):
        self.params, self.grads = {}, {}

    def forward(self, x, train=True):
        """Output for ``x`` of any shape: an array of that shape. ``train`` is ignored."""
        self.out = (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
        return self.out

    def backward(self, dout):
        """dL/dx for the last forward's x, given dL/dout (same shape)."""
        return dout * (1.0 - self.out ** 2)
