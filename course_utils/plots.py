"""Figures the course draws again and again: decision boundaries, learning curves, loss landscapes, weights.

Every function draws into a Matplotlib ``Axes`` (a new figure when ``ax`` is None), gives it a title and
labelled axes, and returns what it drew on. None calls ``plt.show()``: in a notebook the figure appears by
itself; in a script call ``plt.show()`` or ``fig.savefig(...)`` yourself.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = ["plot_decision_boundary", "plot_history", "plot_contour_trajectory", "plot_weights_as_images"]

_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "<", ">"]


def _plt():
    import matplotlib.pyplot as plt
    return plt


def _new_ax(ax, figsize=(5.5, 4.5)):
    if ax is not None:
        return ax
    _fig, ax = _plt().subplots(figsize=figsize)
    return ax


# ---------------------------------------------------------------------------------------------------------
# Decision boundary
# ---------------------------------------------------------------------------------------------------------
def _class_colours(classes, cmap):
    """One RGBA colour per class: the ends of a diverging map for two classes, tab10 for more."""
    import matplotlib as mpl

    k = len(classes)
    if cmap is None:
        cmap = "coolwarm" if k <= 2 else "tab10"
    cm = mpl.colormaps[cmap]
    if getattr(cm, "N", 256) <= 20:                 # a qualitative map: take its colours in order
        return np.array([cm(i % cm.N) for i in range(k)])
    return cm(np.linspace(0, 1, max(k, 2)))[:k]


def plot_decision_boundary(predict_fn, X, y=None, ax=None, *, resolution=200, padding=0.5, title=None,
                           xlabel="$x_1$", ylabel="$x_2$", cmap=None, alpha=0.3, show_boundary=True,
                           legend=True):
    """Colour the input plane by the predicted class and scatter the data on top.

    ``predict_fn`` is evaluated on a ``resolution × resolution`` grid covering the data plus ``padding``.
    It may return class labels of shape ``(m,)`` (any integers, e.g. {0, 1} or {-1, +1}), scores of shape
    ``(m,)`` (real values: the boundary is drawn where the score changes sign, as for ``w·x + b``), or
    class probabilities / scores of shape ``(m, K)`` (the arg-max is used).

    Parameters
    ----------
    predict_fn : callable
        ``predict_fn(G) -> labels or scores`` for ``G`` of shape ``(m, 2)``.
    X : array_like of shape (n, 2)
        The data (only two input features can be drawn).
    y : array_like of shape (n,), optional
        Labels of ``X``, used to colour and mark the points.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    resolution : int, default 200
        Grid points per axis.
    padding : float, default 0.5
        Margin around the data, in data units.
    title, xlabel, ylabel : str
        Title (default "Decision regions") and axis labels.
    cmap : str, optional
        Colour map for the classes (default: "coolwarm" for two classes and for scores, "tab10" for more).
    alpha : float, default 0.3
        Opacity of the filled regions.
    show_boundary : bool, default True
        Draw the boundary lines between regions.
    legend : bool, default True
        Add a legend naming the classes.

    Returns
    -------
    ax : matplotlib Axes
    """
    import matplotlib as mpl

    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"plot_decision_boundary needs two input features: X of shape (n, 2), got {X.shape}")
    ax = _new_ax(ax)
    (x0, y0), (x1, y1) = X.min(axis=0) - padding, X.max(axis=0) + padding
    g1, g2 = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    grid = np.column_stack([g1.ravel(), g2.ravel()])
    out = np.asarray(predict_fn(grid))
    if out.ndim == 2 and out.shape[1] > 1:
        out = np.argmax(out, axis=1)
    elif out.ndim == 2:
        out = out[:, 0]
    if out.shape != (len(grid),):
        raise ValueError(f"predict_fn returned shape {out.shape} for {len(grid)} grid points")
    Z = out.reshape(g1.shape)
    labels = np.unique(y) if y is not None else None
    is_labels = np.issubdtype(Z.dtype, np.integer) or np.issubdtype(Z.dtype, np.bool_) or (
        np.all(Z == np.round(Z)) and len(np.unique(Z)) <= 20)
    if is_labels:
        classes = np.unique(np.concatenate([np.unique(Z), labels])) if labels is not None else np.unique(Z)
        index = np.searchsorted(classes, Z)
        colours = _class_colours(classes, cmap)
        lcmap = mpl.colors.ListedColormap(colours)
        levels = np.arange(len(classes) + 1) - 0.5
        ax.contourf(g1, g2, index, levels=levels, cmap=lcmap, alpha=alpha)
        if show_boundary and len(classes) > 1:
            ax.contour(g1, g2, index, levels=levels[1:-1], colors="k", linewidths=1.0)
    else:                                           # real-valued scores: the boundary is score = 0
        classes = labels if labels is not None else np.array([0, 1])
        colours = _class_colours(classes, cmap)
        lim = float(np.max(np.abs(Z))) or 1.0
        ax.contourf(g1, g2, Z, levels=21, cmap=cmap or "coolwarm", vmin=-lim, vmax=lim, alpha=alpha)
        if show_boundary and Z.min() < 0 < Z.max():
            ax.contour(g1, g2, Z, levels=[0.0], colors="k", linewidths=1.5)
    if y is not None:
        y = np.asarray(y)
        for i, c in enumerate(labels):
            pos = int(np.searchsorted(classes, c))
            sel = y == c
            ax.scatter(X[sel, 0], X[sel, 1], s=22, color=colours[pos % len(colours)],
                       marker=_MARKERS[i % len(_MARKERS)], edgecolors="k", linewidths=0.6, label=f"class {c}")
        if legend:
            ax.legend(loc="best", fontsize="small", framealpha=0.8)
    else:
        ax.scatter(X[:, 0], X[:, 1], s=18, color="k")
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel=xlabel, ylabel=ylabel,
           title=title if title is not None else "Decision regions")
    return ax


# ---------------------------------------------------------------------------------------------------------
# Learning curves
# ---------------------------------------------------------------------------------------------------------
def _series(history, name):
    if isinstance(history, Mapping):
        value = history.get(name)
    else:
        value = getattr(history, name, None)
    if value is None:
        return None
    value = [np.nan if v is None else v for v in value]
    return np.asarray(value, dtype=np.float64) if len(value) else None


def plot_history(history, ax=None, *, title=None):
    """Learning curves: training and validation loss, and accuracy, per epoch.

    Parameters
    ----------
    history : course_utils.training.History or dict
        Anything with per-epoch sequences ``train_loss`` and optionally ``val_loss``, ``train_acc``,
        ``val_acc`` (attributes or keys) and optionally ``best_epoch`` (0-based; marked by a dotted line).
    ax : matplotlib Axes or a pair of Axes, optional
        A pair: loss on the first, accuracy on the second. A single Axes: the loss only. None: a new figure
        with two panels (one panel when there is no accuracy to show).
    title : str, optional
        Figure title (default "Learning curves").

    Returns
    -------
    axes : ndarray of Axes (two panels) or a single Axes
        What was drawn on, in the form it was given (a new figure gives an array of its panels).
    """
    train_loss, val_loss = _series(history, "train_loss"), _series(history, "val_loss")
    train_acc, val_acc = _series(history, "train_acc"), _series(history, "val_acc")
    if train_loss is None and val_loss is None:
        raise ValueError("history has no train_loss or val_loss to plot")
    best = history.get("best_epoch") if isinstance(history, Mapping) else getattr(history, "best_epoch", None)
    has_acc = train_acc is not None or val_acc is not None
    if ax is None:
        ncols = 2 if has_acc else 1
        fig, axes = _plt().subplots(1, ncols, figsize=(5.0 * ncols, 3.8), squeeze=False)
        axes = axes[0]
        fig.suptitle(title if title is not None else "Learning curves")
        returned = axes if ncols == 2 else axes[0]
    elif isinstance(ax, (list, tuple, np.ndarray)):
        axes = list(np.ravel(ax))
        returned = ax
    else:
        axes = [ax]
        returned = ax
    panels = [("Loss", "loss", train_loss, val_loss)]
    if has_acc and len(axes) > 1:
        panels.append(("Accuracy", "accuracy", train_acc, val_acc))
    for a, (name, ylabel, tr, va) in zip(axes, panels):
        for series, label, style in ((tr, "training", "-"), (va, "validation", "--")):
            if series is not None:
                a.plot(np.arange(1, len(series) + 1), series, style, marker="o", markersize=3, label=label)
        if best is not None:
            a.axvline(best + 1, color="grey", linestyle=":", label=f"best epoch ({best + 1})")
        a.set(xlabel="epoch", ylabel=ylabel, title=name)
        a.legend(fontsize="small")
        a.grid(alpha=0.3)
    if len(axes) == 1 and ax is not None and title is not None:
        axes[0].set_title(title)
    return returned


# ---------------------------------------------------------------------------------------------------------
# Loss landscape with an optimizer's path
# ---------------------------------------------------------------------------------------------------------
def _grid_values(f, W1, W2):
    """Evaluate ``f`` on the grid, vectorised as ``f(W1, W2)`` when possible, point by point otherwise."""
    try:
        Z = np.asarray(f(W1, W2), dtype=np.float64)
        if Z.shape == W1.shape:
            return Z
    except (TypeError, ValueError, IndexError):
        pass
    return np.array([[float(f(np.array([a, b]))) for a, b in zip(r1, r2)] for r1, r2 in zip(W1, W2)])


def plot_contour_trajectory(f, trajectory, ax=None, *, xlim=None, ylim=None, levels=30, resolution=150,
                            log_levels=False, title=None, xlabel="$w_1$", ylabel="$w_2$", minimum=None):
    """Contours of a two-parameter function with one or more optimization paths drawn on top.

    Parameters
    ----------
    f : callable
        The function ``f(w1, w2)``, evaluated on 2-D grids (broadcasting, e.g.
        ``lambda a, b: (a * b - 1.5)**2 + 0.04 * (a**2 + b**2)``). A function of one vector,
        ``f(np.array([w1, w2]))``, also works (it is then evaluated point by point).
    trajectory : array_like of shape (T, 2), or dict of name -> array_like of shape (T, 2)
        The successive parameters ``w_0, w_1, ...``; a dict draws several paths with a legend.
    ax : matplotlib Axes, optional
    xlim, ylim : (float, float), optional
        The plotted window; default: the paths' range with a 20% margin.
    levels : int or sequence of float, default 30
        Contour levels.
    resolution : int, default 150
        Grid points per axis.
    log_levels : bool, default False
        Space the levels logarithmically (good for valleys of very different depths; needs ``f > 0``).
    title, xlabel, ylabel : str
        Title (default "Loss contours and optimization path") and axis labels.
    minimum : (float, float), optional
        Mark a known minimiser with a star.

    Returns
    -------
    ax : matplotlib Axes
    """
    paths = trajectory if isinstance(trajectory, Mapping) else {None: trajectory}
    paths = {k: np.asarray(v, dtype=np.float64).reshape(-1, 2) for k, v in paths.items()}
    pts = np.concatenate(list(paths.values()))
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    span = np.maximum(hi - lo, 1e-3)
    xlim = xlim if xlim is not None else (lo[0] - 0.2 * span[0], hi[0] + 0.2 * span[0])
    ylim = ylim if ylim is not None else (lo[1] - 0.2 * span[1], hi[1] + 0.2 * span[1])
    ax = _new_ax(ax, figsize=(5.5, 4.8))
    W1, W2 = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    Z = _grid_values(f, W1, W2)
    if log_levels and np.isscalar(levels):
        zmin = Z[Z > 0].min() if np.any(Z > 0) else 1e-12
        levels = np.geomspace(zmin, Z.max(), int(levels))
    cs = ax.contour(W1, W2, Z, levels=levels, cmap="viridis", linewidths=0.8)
    ax.figure.colorbar(cs, ax=ax, label="loss")
    for name, path in paths.items():
        line, = ax.plot(path[:, 0], path[:, 1], "-o", markersize=3, linewidth=1.3,
                        label=name if name is not None else "path")
        ax.plot(path[0, 0], path[0, 1], "s", color=line.get_color(), markersize=7)
        ax.plot(path[-1, 0], path[-1, 1], "X", color=line.get_color(), markersize=9)
    if minimum is not None:
        ax.plot(*minimum, "*", color="gold", markeredgecolor="k", markersize=14, label="minimum")
    ax.set(xlim=xlim, ylim=ylim, xlabel=xlabel, ylabel=ylabel,
           title=title if title is not None else "Loss contours and optimization path")
    if len(paths) > 1 or minimum is not None or None not in paths:
        ax.legend(fontsize="small")
    return ax


# ---------------------------------------------------------------------------------------------------------
# Weights as images
# ---------------------------------------------------------------------------------------------------------
def plot_weights_as_images(W, shape=(8, 8), *, max_units=32, ncols=8, title=None, cmap="RdBu_r"):
    """Show each hidden unit's incoming weights as an image (what pattern of pixels excites the unit).

    Column ``j`` of ``W`` (shape ``(n_in, n_hidden)``, as in ``X @ W + b``) is reshaped to ``shape``. Each
    image uses a symmetric colour scale around 0: red pixels increase the unit's input, blue ones decrease it.

    Parameters
    ----------
    W : array_like of shape (n_in, n_units)
        First-layer weights, ``n_in = shape[0] * shape[1]`` (e.g. 64 for the 8x8 digits).
    shape : (int, int), default (8, 8)
        Image height and width.
    max_units : int, default 32
        Draw at most this many units (the first ones).
    ncols : int, default 8
        Images per row.
    title : str, optional
        Figure title (default "Incoming weights of the first hidden units").
    cmap : str, default "RdBu_r"

    Returns
    -------
    fig : matplotlib Figure
        Its axes are ``fig.axes`` (one per unit, each titled "unit j"; then the colour bar).
    """
    W = np.asarray(W, dtype=np.float64)
    if W.ndim == 1:
        W = W[:, None]
    h, w = shape
    if W.shape[0] != h * w:
        raise ValueError(f"W has {W.shape[0]} rows (inputs) but shape {shape} needs {h * w}")
    n = min(W.shape[1], max_units)
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    plt = _plt()
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.3 * ncols + 1.0, 1.4 * nrows + 0.8), squeeze=False)
    lim = float(np.max(np.abs(W[:, :n]))) or 1.0
    im = None
    for j, a in enumerate(axes.ravel()):
        if j < n:
            im = a.imshow(W[:, j].reshape(h, w), cmap=cmap, vmin=-lim, vmax=lim, interpolation="nearest")
            a.set_title(f"unit {j + 1}", fontsize="small")
            a.set_xticks([])
            a.set_yticks([])
        else:
            a.set_axis_off()
    fig.suptitle(title if title is not None else "Incoming weights of the first hidden units")
    fig.supxlabel("pixel column")
    fig.supylabel("pixel row")
    fig.colorbar(im, ax=axes.ravel().tolist(), shrink=0.8, label="weight")
    return fig
