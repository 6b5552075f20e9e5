"""forward zeroes the negative inputs in place, changing the caller's array."""
TARGET = "ReLU"
EXPECT_MESSAGE = "in place"
EXPECT_MISTAKE = "ReLU.modified_input"
import numpy as np


class ReLU:
    """Rectified linear unit, elementwise: out = max(0, x). No parameters (``params = grads = {}``)."""

    def __init__(self):
        self.params, self.grads = {}, {}

    def forward(self, x, train=True):
        """Output for ``x`` of any shape: an array of that shape. ``train`` is ignored."""
        self.mask = x > 0
        x[~self.mask] = 0.0
        return x

    def backward(self, dout):
        """dL/dx for the last forward's x, given dL/dout (same shape); the subgradient at x = 0 is 0."""
        return np.where(self.mask, dout, 0.0)
