"""Interpolates each phase along a quarter sine period instead of half a cosine: not flat at the start of a phase."""
TARGET = "one_cycle"
EXPECT_MISTAKE = "one_cycle.quarter_period"
import numpy as np


def one_cycle(t, total, max_lr, pct_start=0.3, div_factor=25.0, final_div_factor=1e4,
              base_momentum=0.85, max_momentum=0.95, three_phase=False, anneal="cos"):
    if anneal not in ("cos", "linear"):
        raise ValueError(f"anneal must be 'cos' or 'linear', got {anneal!r}")
    if not 0.0 < pct_start < 1.0:
        raise ValueError(f"need 0 < pct_start < 1, got {pct_start}")
    steps = np.asarray(t, dtype=np.float64)
    if np.any(steps < 0) or np.any(steps > total - 1):
        raise ValueError(f"steps must lie in 0..total-1 = 0..{total - 1}")
    lr_start = max_lr / div_factor
    lr_end = lr_start / final_div_factor
    peak = pct_start * total - 1.0
    if three_phase:
        phases = [(peak, lr_start, max_lr, max_momentum, base_momentum),
                  (2.0 * peak, max_lr, lr_start, base_momentum, max_momentum),
                  (total - 1.0, lr_start, lr_end, max_momentum, max_momentum)]
    else:
        phases = [(peak, lr_start, max_lr, max_momentum, base_momentum),
                  (total - 1.0, max_lr, lr_end, base_momentum, max_momentum)]

    def interpolate(a, b, p):
        if anneal == "cos":
            return a + (b - a) * np.sin(0.5 * np.pi * p)
        return a + (b - a) * p

    lr = np.empty(steps.shape)
    momentum = np.empty(steps.shape)
    begin, done = 0.0, np.zeros(steps.shape, dtype=bool)
    for end, lr_a, lr_b, mom_a, mom_b in phases:
        here = ~done & (steps <= end)
        p = (steps[here] - begin) / (end - begin)
        lr[here] = interpolate(lr_a, lr_b, p)
        momentum[here] = interpolate(mom_a, mom_b, p)
        done |= here
        begin = end
    if steps.ndim == 0:
        return float(lr), float(momentum)
    return lr, momentum
