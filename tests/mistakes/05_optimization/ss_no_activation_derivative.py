"""Backpropagates through the weights only, forgetting the activation's derivative."""
TARGET = "signal_stats"
EXPECT_MISTAKE = "signal_stats.no_activation_derivative"
import numpy as np


def signal_stats(Ws, X, activation, dout):
    if activation not in ("relu", "tanh"):
        raise ValueError(activation)
    h, fw = X, []
    for W in Ws:
        z = h @ W
        h = np.maximum(z, 0.0) if activation == "relu" else np.tanh(z)
        fw.append(np.sqrt(np.mean(h * h)))
    dh, bw = dout, []
    for W in Ws[::-1]:
        dh = dh @ W.T
        bw.append(np.sqrt(np.mean(dh * dh)))
    return np.array(fw), np.array(bw[::-1])
