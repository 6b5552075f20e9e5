"""Returns the backward list in the order it was computed (last layer first)."""
TARGET = "signal_stats"
EXPECT_MISTAKE = "signal_stats.backward_reversed"
import numpy as np


def signal_stats(Ws, X, activation, dout):
    if activation not in ("relu", "tanh"):
        raise ValueError(activation)
    h, cache, fw = X, [], []
    for W in Ws:
        z = h @ W
        h = np.maximum(z, 0.0) if activation == "relu" else np.tanh(z)
        cache.append((z, h)); fw.append(np.sqrt(np.mean(h * h)))
    dh, bw = dout, []
    for W, (z, h) in zip(Ws[::-1], cache[::-1]):
        dh = (dh * (z > 0) if activation == "relu" else dh * (1 - h * h)) @ W.T
        bw.append(np.sqrt(np.mean(dh * dh)))
    return np.array(fw), np.array(bw)
