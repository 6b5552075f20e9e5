"""One sum over the whole batch instead of one per row."""
TARGET = "softmax_backward"
EXPECT_MISTAKE = "softmax_backward.batch_sum"
import numpy as np


def softmax_backward(dout, cache):
    p = cache
    return p * (dout - np.sum(dout * p))
