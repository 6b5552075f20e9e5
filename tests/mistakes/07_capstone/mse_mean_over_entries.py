"""Averaged over all n*k entries instead of summed over outputs and averaged over rows."""
TARGET = "MSELoss"
EXPECT_MESSAGE = "n*k"
EXPECT_MISTAKE = "MSELoss.mean_over_entries"
import numpy as np


class MSELoss:
    """Regression head: the course's squared error (half, summed over outputs, averaged over rows)."""

    def forward(self, pred, target):
        """Loss (a float) of pred (n, k) against target (n, k); a target of shape (n,) is one per row."""
        target = np.asarray(target, dtype=np.float64).reshape(pred.shape)
        self.diff = pred - target
        return float(0.5 * np.mean(self.diff ** 2))

    def backward(self):
        """dL/dpred (n, k) of the last forward call."""
        return self.diff / self.diff.shape[0]
