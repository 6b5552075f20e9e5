"""The mask is applied in evaluation mode too."""
TARGET = "Dropout"
EXPECT_MESSAGE = "evaluation mode"
EXPECT_MISTAKE = "Dropout.at_test_time"
import numpy as np


class Dropout:
    """Inverted dropout. No parameters (``params = grads = {}``).

    Parameters
    ----------
    p : float in [0, 1)
        Probability of DROPPING a unit while training (otherwise ``ValueError``).
    rng : numpy.random.Generator
        The source of every mask.
    """

    def __init__(self, p, rng):
        if not 0.0 <= p < 1.0:
            raise ValueError(f"p is the probability of dropping a unit and must lie in [0, 1), got {p}")
        self.p, self.rng = float(p), rng
        self.params, self.grads = {}, {}
        self.mask = None

    def forward(self, x, train=True):
        """Output for ``x`` of any shape: a fresh random mask while training, the identity otherwise."""
        if self.p == 0.0:
            self.mask = None
            return x.copy()
        self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask

    def backward(self, dout):
        """dL/dx for the last forward call, given dL/dout (same shape)."""
        return dout.copy() if self.mask is None else dout * self.mask
