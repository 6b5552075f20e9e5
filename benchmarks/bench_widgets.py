"""Widget latency: time from a control change to the updated figure (PNG pushed), median and p95.

Goal: p95 < 100 ms on a 2-core machine (the playground: per tick of 10 training steps).
Run: .venv/bin/python benchmarks/bench_widgets.py [repeats]. Not a test.
"""
import sys
import time

import numpy as np

from course_utils.widgets import (activation_explorer, learning_rate_explorer, optimizer_race, perceptron_stepper,
                                  playground, regularization_explorer)


def timed_changes(widget, control, values, repeats):
    times = []
    for i in range(repeats):
        t0 = time.perf_counter()
        widget.controls[control].value = values[i % len(values)]
        times.append(time.perf_counter() - t0)
    return times


def main(repeats=40):
    rows = []
    w = learning_rate_explorer()
    rows.append(("learning_rate_explorer", "lr slider", timed_changes(w, "lr", np.geomspace(0.01, 0.4, 17), repeats)))
    w = optimizer_race()
    rows.append(("optimizer_race", "lr slider (6 optimizers)",
                 timed_changes(w, "lr", np.geomspace(0.005, 0.1, 13), repeats)))
    w = perceptron_stepper(dataset="xor")
    rows.append(("perceptron_stepper", "update slider k", timed_changes(w, "k", list(range(1, 200, 7)), repeats)))
    w = activation_explorer()
    rows.append(("activation_explorer", "bias slider", timed_changes(w, "bias", np.linspace(-3, 3, 19), repeats)))
    rows.append(("activation_explorer", "gain slider", timed_changes(w, "gain", np.geomspace(0.5, 50, 19), repeats)))
    w = playground(dataset="circles")
    ticks = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        w.step()
        ticks.append(time.perf_counter() - t0)
    rows.append(("playground", "tick = 10 steps + redraw", ticks))
    w = regularization_explorer()
    l2 = [0.0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1]
    rows.append(("regularization_explorer", "L2 slider, first visit", timed_changes(w, "l2", l2[1:], len(l2) - 1)))
    rows.append(("regularization_explorer", "L2 slider, cached", timed_changes(w, "l2", l2, repeats)))

    print(f"{'widget':<26}{'change':<28}{'n':>4}{'median ms':>11}{'p95 ms':>9}  goal p95 < 100 ms")
    for name, what, t in rows:
        t = np.array(t) * 1e3
        p95 = np.percentile(t, 95)
        flag = "ok" if p95 < 100 else ("(training, < 1 s)" if "first" in what else "SLOW")
        print(f"{name:<26}{what:<28}{len(t):>4}{np.median(t):>11.1f}{p95:>9.1f}  {flag}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
