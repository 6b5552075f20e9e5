"""A target of shape (n,) broadcast against predictions (n, 1) into an (n, n) matrix."""
TARGET = "MSELoss"
EXPECT_MESSAGE = "broadcast"
EXPECT_MISTAKE = "MSELoss.broadcast"
import numpy as np


class MSELoss:
    """Regression head: the course's squared error (half, summed over outputs, averaged over rows)."""

    def forward(self, pred, target):
        """Loss (a float) of pred (n, k) against target (n, k); a target of shape (n,) is one per row."""
        target = np.asarray(target, dtype=np.float64)
        self.diff = pred - target
        return float(0.5 * np.sum(self.diff ** 2) / pred.shape[0])

    def backward(self):
        """dL/dpred (n, k) of the last forward call."""
        return self.diff / self.diff.shape[0]
