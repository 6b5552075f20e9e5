"""Widget latency: every control of every widget, from the change to the new figure (PNG pushed).

Each round builds the six widgets afresh and moves every control the way a student would: every slider
from one end of its range to the other and back (``--positions`` stops each way), every option of every
drop-down and toggle and back, every checkbox off and on. A move counts from ``control.value = v`` to the
moment the new PNG is in the ``Image`` widget; a control that does not redraw by itself (the playground's
learning rate, optimizer, L2, dropout, batch size) is timed up to the next training tick, which shows it.

Goals (issue 21), p95 on a quiet 2-core machine: every slider <= 50 ms; a switch (data set, surface,
optimizer set, architecture) <= 300 ms; the regularization explorer's first visit of a setting (it trains a
network) <= 300 ms to the finished figure, without blocking the controls in a kernel. ``layer_stats()``
(unit 7, added after the issue) trains 60 steps on every change: its controls are held to 300 ms.

The table gives, per control, the median over rounds (``--rounds``, default 3) of each round's median and
p95, then the p95 of the CPU time the widget's thread spent per move (on a busy machine it grows less than
the wall time), where the time went (mean ms per move: the maths, static redraws,
blitting, PNG encoding) and how many moves redrew the whole figure or one axes. The load average is printed
before and after: the machine is shared, so compare runs made at a similar load.

Run: .venv/bin/python benchmarks/bench_widgets.py [--rounds 3] [--positions 24] [--only playground,...]
(or benchmarks/run_all.py --only widgets). Not a test: nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import time

import ipywidgets as W
import numpy as np

from course_utils.widgets import (activation_explorer, layer_stats, learning_rate_explorer, optimizer_race,
                                  perceptron_stepper, playground, regularization_explorer)

GOALS = {"slider": 50.0, "switch": 300.0, "tick": 50.0, "first visit": 300.0, "returns": 50.0, "trains": 300.0}
# sliders that the issue counts as switches: they change the network's architecture
ARCHITECTURE = {("playground", "hidden_layers"), ("playground", "units")}
# widgets whose every control trains a network before the figure changes (a first visit every time)
TRAINING = {"layer_stats"}
PHASES = ("compute", "static", "blit", "encode")

WIDGETS = {
    "learning_rate_explorer": learning_rate_explorer,
    "optimizer_race": optimizer_race,
    "perceptron_stepper": lambda: perceptron_stepper(dataset="xor"),   # XOR: a long run of updates for k
    "activation_explorer": activation_explorer,
    "playground": lambda: playground(dataset="xor"),
    "regularization_explorer": regularization_explorer,
    "layer_stats": layer_stats,                                         # unit 7 (trains 60 steps per change)
}


# ---- what to move ---------------------------------------------------------------------------------------------
def _options(control):
    return [o[1] if isinstance(o, tuple) else o for o in control.options]


def slider_positions(control, n):
    """``n`` positions evenly spread over a slider's range, snapped to values the slider can take."""
    if isinstance(control, W.SelectionSlider):
        return _options(control)
    if isinstance(control, W.FloatLogSlider):
        exps = np.round(np.linspace(control.min, control.max, n) / control.step) * control.step
        return [float(control.base ** e) for e in np.unique(np.clip(exps, control.min, control.max))]
    values = np.linspace(control.min, control.max, n)
    if isinstance(control, W.IntSlider):
        return [int(v) for v in np.unique(np.round(values).astype(int))]
    values = np.clip(control.min + np.round((values - control.min) / control.step) * control.step,
                     control.min, control.max)
    return [float(v) for v in np.unique(values)]


def moves(control, n):
    """The values a student would pass through: slider up and down its whole range and back to where it was,
    every option of a drop-down or toggle and back, a checkbox off and on."""
    start = control.value
    if isinstance(control, W.Checkbox):
        return [not start, start]
    if isinstance(control, (W.Dropdown, W.ToggleButtons)):
        return [o for o in _options(control) if o != start] + [start]
    up = slider_positions(control, n)
    path = up + up[::-1] + [start]
    return [v for i, v in enumerate(path) if v != (path[i - 1] if i else start)]


def kind(widget, name, control):
    if widget in TRAINING:
        return "trains"
    if isinstance(control, (W.Dropdown, W.ToggleButtons, W.Checkbox)):
        return "switch"
    return "switch" if (widget, name) in ARCHITECTURE else "slider"


# ---- timing ---------------------------------------------------------------------------------------------------
class Record:
    """Move times (ms) and phase timings of one row of the table, per round."""

    def __init__(self, widget, what, kind):
        self.widget, self.what, self.kind = widget, what, kind
        self.rounds = []            # list of lists of ms
        self.cpu = []               # CPU time of this process per move, ms (all rounds)
        self.phases = {p: [] for p in PHASES}
        self.full = self.axes = 0

    def add(self, rnd, ms, w=None, cpu=None):
        """Record one move of round ``rnd`` (its CPU time, and the widget's phase timings of it)."""
        while len(self.rounds) <= rnd:
            self.rounds.append([])
        self.rounds[rnd].append(ms)
        if cpu is not None:
            self.cpu.append(cpu)
        if w is not None:
            t = w.timings
            for p in PHASES:
                self.phases[p].append(t.get(p, 0.0) + (t.get("artists", 0.0) if p == "blit" else 0.0))

    def stats(self):
        med = np.median([np.median(r) for r in self.rounds if r])
        p95 = np.median([np.percentile(r, 95) for r in self.rounds if r])
        return med, p95, sum(len(r) for r in self.rounds)


class Clock:
    """Wall time and CPU time of the calling thread (where the widgets work) of a block, in ms."""

    def __enter__(self):
        self.t0, self.c0 = time.perf_counter(), time.thread_time()
        return self

    def __exit__(self, *exc):
        self.ms = 1e3 * (time.perf_counter() - self.t0)
        self.cpu = 1e3 * (time.thread_time() - self.c0)


def timed_move(w, control, value):
    """Set a control; return (clock, whether it redrew by itself, full and axes redraws). A control that does
    not redraw is followed by one training tick (the playground's ``step()``), which is when it shows."""
    renders, full, axes = w.fig.renders, w.fig.full_draws, w.fig.axes_draws
    with Clock() as clock:
        control.value = value
        redrew = w.fig.renders > renders
        if not redrew and hasattr(w, "step"):
            w.step()
    return clock, redrew, w.fig.full_draws - full, w.fig.axes_draws - axes


def sweep_controls(rnd, name, w, records, positions):
    for cname, control in w.controls.items():
        key = (name, cname)
        for value in moves(control, positions):
            clock, redrew, full, axes = timed_move(w, control, value)
            if key not in records:
                label = cname if redrew else f"{cname} (+ tick)"
                records[key] = Record(name, label, kind(name, cname, control))
            rec = records[key]
            rec.add(rnd, clock.ms, w, clock.cpu)
            rec.full += full
            rec.axes += axes


def bench_playground_ticks(rnd, w, records, n=40):
    rec = records.setdefault(("playground", "tick"), Record("playground", "tick = 10 steps + redraw", "tick"))
    for _ in range(n):
        full, axes = w.fig.full_draws, w.fig.axes_draws
        with Clock() as clock:
            w.step()
        rec.add(rnd, clock.ms, w, clock.cpu)
        rec.full += w.fig.full_draws - full
        rec.axes += w.fig.axes_draws - axes


def bench_regularization(rnd, records):
    """First visits (trains a network) and cached revisits, without an event loop (the control returns when
    the figure is finished) and inside one (as in a kernel: the control returns, training runs in the
    background, the figure is finished later)."""
    name = "regularization_explorer"

    def rec(key, what, k):
        return records.setdefault((name, key), Record(name, what, k))

    def move(control, v):
        with Clock() as clock:
            control.value = v
        return clock

    # no event loop: a first visit blocks until trained; then down and up again over cached settings
    w = regularization_explorer()
    for cname in ("l2", "dropout"):
        control = w.controls[cname]
        values = _options(control)
        for v in values[1:]:
            c = move(control, v)
            rec(f"{cname} first", f"{cname}, new setting (trains)", "first visit").add(rnd, c.ms, w, c.cpu)
        for v in values[-2::-1] + values[1:]:
            c = move(control, v)
            rec(f"{cname} cached", f"{cname}, cached setting", "slider").add(rnd, c.ms, w, c.cpu)
        control.value = values[0]

    # in an event loop: the control returns at once, the trained figure follows
    async def in_kernel():
        w = regularization_explorer()
        for cname in ("l2", "dropout"):
            control = w.controls[cname]
            for v in _options(control)[1:]:
                t0, c0 = time.perf_counter(), time.thread_time()
                control.value = v
                t1, c1 = time.perf_counter(), time.thread_time()
                while w.pending:
                    await asyncio.sleep(0.001)      # the kernel idles; the training task runs its slices
                t2, c2 = time.perf_counter(), time.thread_time()
                rec(f"{cname} bg returns", f"{cname}, new setting, kernel: returns",
                    "returns").add(rnd, 1e3 * (t1 - t0), cpu=1e3 * (c1 - c0))
                rec(f"{cname} bg done", f"{cname}, new setting, kernel: trained",
                    "first visit").add(rnd, 1e3 * (t2 - t0), cpu=1e3 * (c2 - c0))
            control.value = 0.0

    asyncio.run(in_kernel())


def run(args):
    records = {}
    wanted = {s.strip() for s in args.only.split(",") if s.strip()} or set(WIDGETS)
    for rnd in range(args.rounds):
        for name, make in WIDGETS.items():
            if name not in wanted:
                continue
            if name == "regularization_explorer":
                bench_regularization(rnd, records)
                continue
            w = make()
            sweep_controls(rnd, name, w, records, args.positions)
            if name == "playground":
                bench_playground_ticks(rnd, w, records)
    return records


def report(records):
    head = (f"{'widget':<24}{'control':<40}{'kind':<12}{'moves':>6}{'median':>8}{'p95':>8}{'goal':>7}  "
            f"{'':<5}{'cpu p95':>8}{'maths':>7}{'static':>7}{'blit':>6}{'png':>6}  redraws")
    print(head)
    print("-" * len(head))
    misses = []
    for rec in records.values():
        med, p95, n = rec.stats()
        goal = GOALS[rec.kind]
        ok = p95 <= goal
        if not ok:
            misses.append(f"{rec.widget} {rec.what}: p95 {p95:.0f} ms > {goal:.0f} ms")
        ph = "".join(f"{np.mean(rec.phases[p]):>{w}.1f}" if rec.phases[p] else f"{'':>{w}}"
                     for p, w in zip(PHASES, (7, 7, 6, 6)))
        redraws = f"{rec.full} full, {rec.axes} axes" if rec.full or rec.axes else ""
        cpu = f"{np.percentile(rec.cpu, 95):>8.1f}" if rec.cpu else f"{'':>8}"
        print(f"{rec.widget:<24}{rec.what:<40}{rec.kind:<12}{n:>6}{med:>8.1f}{p95:>8.1f}{goal:>7.0f}  "
              f"{'ok' if ok else 'SLOW':<5}{cpu}{ph}  {redraws}")
    print()
    print("all controls meet their goals" if not misses else "above goal:\n  " + "\n  ".join(misses))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3, help="fresh widgets and full sweeps (default 3)")
    ap.add_argument("--positions", type=int, default=24, help="stops per slider and direction (default 24)")
    ap.add_argument("--only", default="", help="comma-separated widget names (default: all six)")
    args = ap.parse_args(argv)
    load0 = os.getloadavg()
    t0 = time.perf_counter()
    records = run(args)
    print(f"{os.cpu_count()} cores; load average before {load0[0]:.2f}, after {os.getloadavg()[0]:.2f} "
          f"(1 min); {args.rounds} rounds in {time.perf_counter() - t0:.0f} s; times in ms, "
          f"median and p95 are medians over the rounds\n")
    report(records)


if __name__ == "__main__":
    main()
