"""backward passes dout through unchanged."""
TARGET = "ReLU"
EXPECT_MESSAGE = "unchanged"
EXPECT_MISTAKE = "ReLU.no_mask"
import numpy as np


class ReLU:
    """Rectified linear unit, elementwise: out = max(0, x). No parameters (``params = grads = {}``)."""

    def __init__(self):
        self.params, self.grads = {}, {}

    def forward(self, x, train=True):
        """Output for ``x`` of any shape: an array of that shape. ``train`` is ignored."""
        self.mask = x > 0
        return np.where(self.mask, x, 0.0)

    def backward(self, dout):
        """dL/dx for the last forward's x, given dL/dout (same shape); the subgradient at x = 0 is 0."""
        return dout
