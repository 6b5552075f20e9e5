"""Benchmark: course_utils.mlp.MLP + Adam against scikit-learn's MLPClassifier and PyTorch (CPU).

Same task for everyone: the 8x8 digits (course_utils.data.load_digits), stratified split with seed 0
(1528 training / 269 test images, no validation split), standardized with training statistics; a 64-128-10 ReLU network;
softmax cross-entropy without weight decay; Adam with lr 1e-3 (betas 0.9/0.999, eps 1e-8); mini-batches of
32 reshuffled every epoch; the same number of epochs; float64 and float32.

Measured: wall-clock time per training epoch (the best of ``--repeats`` runs, each of ``--epochs`` epochs,
excluding set-up and evaluation) and the test accuracy after the last epoch (first run, fixed seeds).
Printed: a table and the ratio peer time / NumPy time (> 1 means the NumPy reference is faster).

    .venv/bin/python benchmarks/bench_mlp.py [--epochs 30] [--repeats 3] [--threads 1]

Every peer runs with the same number of threads (default 1, for BLAS and for PyTorch).

A peer that is not installed is skipped with a line saying so. Timings depend on the machine and its load;
they are printed, never asserted (this is not a test).
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import warnings


def _threads_from_argv(argv):
    """The --threads value, read before NumPy is imported (BLAS reads its thread count at load time)."""
    for i, a in enumerate(argv):
        if a == "--threads" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--threads="):
            return a.split("=", 1)[1]
    return "1"


_THREADS = _threads_from_argv(sys.argv[1:])
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = _THREADS

import numpy as np  # noqa: E402  (after the thread settings)

HIDDEN, BATCH, LR = 128, 32, 1e-3


def load_data():
    from course_utils.data import load_digits, standardize, train_val_test_split

    X, y = load_digits()
    Xtr, _, Xte, ytr, _, yte = train_val_test_split(X, y, val=0.0, test=0.15, seed=0)
    Xtr, Xte = standardize(Xtr, Xte)
    return Xtr, ytr, Xte, yte


# ---------------------------------------------------------------------------------------------------------
# The three implementations: each returns (seconds per epoch, test accuracy)
# ---------------------------------------------------------------------------------------------------------
def run_numpy(data, dtype, epochs, seed):
    from course_utils.mlp import MLP
    from course_utils.optim import Adam
    from course_utils.training import minibatches

    Xtr, ytr, Xte, yte = data
    Xtr = Xtr.astype(dtype)
    net = MLP([Xtr.shape[1], HIDDEN, 10], activation="relu", seed=seed, dtype=dtype)
    opt = Adam(lr=LR)
    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    for _ in range(epochs):
        for Xb, yb in minibatches(Xtr, ytr, BATCH, rng):
            _, grads = net.loss_and_grads(Xb, yb)
            opt.step(net.params, grads)
    elapsed = time.perf_counter() - t0
    return elapsed / epochs, net.score(Xte.astype(dtype), yte)


def run_sklearn(data, dtype, epochs, seed):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    Xtr, ytr, Xte, yte = data
    clf = MLPClassifier(hidden_layer_sizes=(HIDDEN,), activation="relu", solver="adam", alpha=0.0,
                        batch_size=BATCH, learning_rate_init=LR, beta_1=0.9, beta_2=0.999, epsilon=1e-8,
                        max_iter=epochs, shuffle=True, tol=0.0, n_iter_no_change=epochs + 1,
                        early_stopping=False, random_state=seed)
    Xtr, Xte = Xtr.astype(dtype), Xte.astype(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        t0 = time.perf_counter()
        clf.fit(Xtr, ytr)
        elapsed = time.perf_counter() - t0
    assert clf.n_iter_ == epochs, clf.n_iter_
    return elapsed / epochs, float(clf.score(Xte, yte))


def run_torch(data, dtype, epochs, seed):
    import torch

    Xtr, ytr, Xte, yte = data
    tdtype = torch.float64 if dtype == np.float64 else torch.float32
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(Xtr.shape[1], HIDDEN), torch.nn.ReLU(),
                                torch.nn.Linear(HIDDEN, 10)).to(tdtype)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    X = torch.from_numpy(Xtr.astype(dtype))
    y = torch.from_numpy(ytr.astype(np.int64))
    gen = torch.Generator().manual_seed(seed)
    n = len(y)
    t0 = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(n, generator=gen)
        Xs, ys = X[perm], y[perm]
        for start in range(0, n, BATCH):
            xb, yb = Xs[start:start + BATCH], ys[start:start + BATCH]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
    elapsed = time.perf_counter() - t0
    with torch.no_grad():
        pred = model(torch.from_numpy(Xte.astype(dtype))).argmax(dim=1).numpy()
    return elapsed / epochs, float(np.mean(pred == yte))


PEERS = [("numpy (course_utils)", None, run_numpy),
         ("scikit-learn MLPClassifier", "sklearn", run_sklearn),
         ("PyTorch (CPU)", "torch", run_torch)]


def available(module):
    if module is None:
        return True, ""
    try:
        mod = __import__(module)
    except Exception as exc:          # not installed (ImportError) or broken: skip the peer either way
        return False, f"{type(exc).__name__}: {exc}"
    return True, getattr(mod, "__version__", "")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=30, help="epochs per run (default 30)")
    ap.add_argument("--repeats", type=int, default=3, help="runs per configuration; the fastest counts (default 3)")
    ap.add_argument("--threads", type=int, default=1,
                    help="threads for every peer: BLAS (NumPy, scikit-learn) and PyTorch's intra-op pool "
                         "(default 1: these matrices are too small to gain from more, and results stay stable "
                         "on a busy machine)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    print(f"MLP benchmark: digits, 64-{HIDDEN}-10 ReLU, Adam lr={LR}, batch {BATCH}, {args.epochs} epochs, "
          f"best of {args.repeats}")
    print(f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPU(s), "
          f"{args.threads} thread(s) per peer")
    data = load_data()
    print(f"data: {len(data[1])} training, {len(data[3])} test images")
    usable = []
    for name, module, fn in PEERS:
        ok, info = available(module)
        if not ok:
            pip_name = {"sklearn": "scikit-learn"}.get(module, module)
            print(f"SKIPPED {name}: cannot import {module} ({info}); install it with: pip install {pip_name}")
            continue
        if module == "torch":
            import torch
            torch.set_num_threads(args.threads)
        if module:
            extra = f", {__import__('torch').get_num_threads()} threads" if module == "torch" else ""
            print(f"{name}: version {info}{extra}")
        usable.append((name, fn))

    # Repeats are interleaved (numpy, sklearn, torch, numpy, ...) so that a burst of load from elsewhere
    # hits every peer alike; the fastest run of each configuration counts.
    times, accs = {}, {}
    for _ in range(args.repeats):
        for dtype in (np.float64, np.float32):
            for name, fn in usable:
                key = (name, np.dtype(dtype).name)
                t, a = fn(data, dtype, args.epochs, args.seed)
                times.setdefault(key, []).append(t)
                accs.setdefault(key, a)
    results = {key: (min(ts), accs[key]) for key, ts in times.items()}

    print()
    print(f"{'implementation':<28} {'dtype':<8} {'ms/epoch':>9} {'test acc':>9} {'time ratio peer/numpy':>22}")
    print("-" * 80)
    for dtype in ("float64", "float32"):
        base = results.get((PEERS[0][0], dtype))
        for name, _fn in usable:
            t, acc = results[(name, dtype)]
            ratio = "" if name == PEERS[0][0] else f"{t / base[0]:.2f}x"
            print(f"{name:<28} {dtype:<8} {1e3 * t:>9.2f} {acc:>9.3f} {ratio:>22}")
    print()
    ours = PEERS[0][0]
    verdicts = []
    for dtype in ("float64", "float32"):
        t0, a0 = results[(ours, dtype)]
        for name, _fn in usable[1:]:
            t, a = results[(name, dtype)]
            faster = "faster" if t0 < t else "SLOWER"
            verdicts.append(f"{dtype}: numpy is {faster} than {name} ({t / t0:.2f}x), "
                            f"accuracy {a0:.3f} vs {a:.3f} (difference {a0 - a:+.3f})")
    print("\n".join(verdicts) if verdicts else "no peer available: nothing to compare")
    return 0


if __name__ == "__main__":
    sys.exit(main())
