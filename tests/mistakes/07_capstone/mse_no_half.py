"""The factor 1/2 of the course squared error is missing."""
TARGET = "MSELoss"
EXPECT_MESSAGE = "1/2"
EXPECT_MISTAKE = "MSELoss.no_half"
import numpy as np


class MSELoss:
    """Regression head: the course's squared error (half, summed over outputs, averaged over rows)."""

    def forward(self, pred, target):
        """Loss (a float) of pred (n, k) against target (n, k); a target of shape (n,) is one per row."""
        target = np.asarray(target, dtype=np.float64).reshape(pred.shape)
        self.diff = pred - target
        return float(np.sum(self.diff ** 2) / pred.shape[0])

    def backward(self):
        """dL/dpred (n, k) of the last forward call."""
        return self.diff / self.diff.shape[0]
