"""The loss is summed over the batch instead of averaged."""
TARGET = "SoftmaxCrossEntropy"
EXPECT_MESSAGE = "MEAN"
EXPECT_MISTAKE = "SoftmaxCrossEntropy.sum_not_mean"
import numpy as np


class SoftmaxCrossEntropy:
    """Classification head: softmax of the scores, then the mean negative log-probability of the labels."""

    def forward(self, scores, y):
        """Mean cross-entropy (a float) of scores (n, K) against integer labels y (n,) in 0..K-1."""
        n = scores.shape[0]
        shifted = scores - scores.max(axis=1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        self.p = np.exp(log_p)
        self.y = np.asarray(y)
        return float(-np.sum(log_p[np.arange(n), self.y]))

    def backward(self):
        """dL/dscores (n, K) of the last forward call."""
        n = self.p.shape[0]
        d = self.p.copy()
        d[np.arange(n), self.y] -= 1.0
        return d / n
