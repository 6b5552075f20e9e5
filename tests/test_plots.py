"""Figures: each returns what it drew on, is titled, has labelled axes, and never calls plt.show."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.data import make_blobs, make_spiral  # noqa: E402
from course_utils.plots import (plot_contour_trajectory, plot_decision_boundary, plot_history,  # noqa: E402
                                plot_weights_as_images)
from course_utils.training import History  # noqa: E402


@pytest.fixture(autouse=True)
def no_show_and_close(monkeypatch):
    def forbidden(*a, **k):
        raise AssertionError("plots must never call plt.show()")
    monkeypatch.setattr(plt, "show", forbidden)
    yield
    plt.close("all")


def labelled(ax):
    return bool(ax.get_title()) and bool(ax.get_xlabel()) and bool(ax.get_ylabel())


# ---------------------------------------------------------------------------------------------------------
# Decision boundary
# ---------------------------------------------------------------------------------------------------------
def test_decision_boundary_with_labels_and_the_grid_it_asks_about():
    X, y = make_blobs(n=40, margin=0.5, seed=0)
    calls = []

    def predict(G):
        calls.append(G)
        return (G[:, 0] > 0).astype(int)

    ax = plot_decision_boundary(predict, X, y, resolution=50, padding=0.5)
    assert isinstance(ax, matplotlib.axes.Axes) and labelled(ax)
    G = calls[0]
    assert G.shape == (2500, 2)
    np.testing.assert_allclose(G.min(axis=0), X.min(axis=0) - 0.5)
    np.testing.assert_allclose(G.max(axis=0), X.max(axis=0) + 0.5)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["class 0", "class 1"]
    points = [c for c in ax.collections if hasattr(c, "get_offsets") and len(c.get_offsets()) and
              type(c).__name__ == "PathCollection"]
    assert sum(len(c.get_offsets()) for c in points) == 40      # every data point drawn


def test_decision_boundary_signed_labels_scores_probabilities_and_existing_axes():
    X, t = make_blobs(n=30, margin=0.5, seed=1, signed=True)
    w = np.array([1.0, -0.5])
    fig, axes = plt.subplots(1, 3)
    a = plot_decision_boundary(lambda G: np.where(G @ w > 0, 1, -1), X, t, ax=axes[0])
    b = plot_decision_boundary(lambda G: G @ w, X, t, ax=axes[1], title="scores")          # real scores
    Xs, ys = make_spiral(n=90, seed=0)
    c = plot_decision_boundary(lambda G: np.column_stack([G[:, 0], G[:, 1], -G.sum(1)]), Xs, ys, ax=axes[2])
    assert (a, b, c) == tuple(axes)
    assert all(labelled(ax) for ax in axes) and b.get_title() == "scores"
    assert [t.get_text() for t in c.get_legend().get_texts()] == ["class 0", "class 1", "class 2"]


def test_decision_boundary_rejects_non_2d_inputs_and_bad_predictions():
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        plot_decision_boundary(lambda G: G[:, 0], np.zeros((5, 3)), np.zeros(5))
    with pytest.raises(ValueError, match="returned shape"):
        plot_decision_boundary(lambda G: np.zeros(3), np.random.default_rng(0).random((5, 2)), None)


# ---------------------------------------------------------------------------------------------------------
# Learning curves
# ---------------------------------------------------------------------------------------------------------
def make_history():
    return History(train_loss=[1.0, 0.6, 0.4], val_loss=[1.1, 0.7, 0.8], train_acc=[0.5, 0.8, 0.9],
                   val_acc=[0.45, 0.75, 0.7], lr=[0.1] * 3, best_epoch=1)


def test_plot_history_two_panels():
    axes = plot_history(make_history())
    assert len(axes) == 2
    loss_ax, acc_ax = axes
    assert labelled(loss_ax) and labelled(acc_ax)
    assert loss_ax.get_ylabel() == "loss" and acc_ax.get_ylabel() == "accuracy"
    assert loss_ax.figure._suptitle.get_text() == "Learning curves"
    lines = {ln.get_label(): ln for ln in loss_ax.get_lines()}
    np.testing.assert_array_equal(lines["training"].get_xdata(), [1, 2, 3])  # epochs counted from 1
    np.testing.assert_array_equal(lines["validation"].get_ydata(), [1.1, 0.7, 0.8])
    assert "best epoch (2)" in lines                                          # early stopping marker


def test_plot_history_from_a_dict_and_into_given_axes():
    fig, ax = plt.subplots()
    out = plot_history({"train_loss": [3.0, 2.0]}, ax=ax, title="SGD")
    assert out is ax and ax.get_title() == "SGD" and ax.get_xlabel() == "epoch"
    fig, pair = plt.subplots(1, 2)
    assert plot_history(make_history(), ax=pair) is pair
    assert pair[1].get_ylabel() == "accuracy"
    single = plot_history({"train_loss": [3.0, 2.0], "val_loss": [3.5, 2.5]})        # no accuracy: one panel
    assert isinstance(single, matplotlib.axes.Axes) and labelled(single)
    with pytest.raises(ValueError):
        plot_history({"lr": [0.1]})


# ---------------------------------------------------------------------------------------------------------
# Contours with trajectories
# ---------------------------------------------------------------------------------------------------------
def dtu_loss(a, b):
    """The two-weight example of the DTU lecture: C = (w1 w2 - 1.5)^2 + 0.04 (w1^2 + w2^2)."""
    return (a * b - 1.5) ** 2 + 0.04 * (a**2 + b**2)


def test_contour_with_one_trajectory():
    traj = np.array([[0.2, 0.1], [0.5, 0.6], [1.0, 1.1], [1.15, 1.2]])
    ax = plot_contour_trajectory(dtu_loss, traj)
    assert labelled(ax)
    path = [ln for ln in ax.get_lines() if ln.get_label() == "path"][0]
    np.testing.assert_array_equal(path.get_xdata(), traj[:, 0])
    np.testing.assert_array_equal(path.get_ydata(), traj[:, 1])
    x0, x1 = ax.get_xlim()
    assert x0 < traj[:, 0].min() and x1 > traj[:, 0].max()               # window around the path
    assert ax.figure.axes[-1].get_ylabel() == "loss"                     # colour bar labelled


def test_contour_with_several_named_trajectories_and_a_vector_function():
    calls = []

    def f(w):                                                             # only accepts one vector
        calls.append(1)
        if np.ndim(w) != 1:
            raise TypeError("one point at a time")
        return float(w[0] ** 2 + 10 * w[1] ** 2)

    trajs = {"SGD": [[1.0, 1.0], [0.8, -0.5], [0.6, 0.3]], "Adam": [[1.0, 1.0], [0.9, 0.9]]}
    ax = plot_contour_trajectory(f, trajs, resolution=20, xlim=(-1.5, 1.5), ylim=(-1.5, 1.5), minimum=(0, 0),
                                 log_levels=True, title="Ill-conditioned bowl")
    assert len(calls) >= 400                                             # evaluated point by point
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["SGD", "Adam", "minimum"]
    assert ax.get_title() == "Ill-conditioned bowl" and ax.get_xlim() == (-1.5, 1.5)


# ---------------------------------------------------------------------------------------------------------
# Weights as images
# ---------------------------------------------------------------------------------------------------------
def test_weights_as_images():
    W = np.random.default_rng(0).standard_normal((64, 10))
    fig = plot_weights_as_images(W, shape=(8, 8), ncols=5)
    assert isinstance(fig, matplotlib.figure.Figure)
    image_axes = [a for a in fig.axes if a.images]
    assert len(image_axes) == 10
    np.testing.assert_array_equal(image_axes[3].images[0].get_array(), W[:, 3].reshape(8, 8))
    assert image_axes[3].get_title() == "unit 4"
    assert fig._suptitle.get_text() and fig._supxlabel.get_text() and fig._supylabel.get_text()
    lo, hi = image_axes[0].images[0].get_clim()
    assert lo == -hi == -np.abs(W).max()                                 # symmetric colour scale


def test_weights_as_images_limits_and_errors():
    fig = plot_weights_as_images(np.ones((4, 50)), shape=(2, 2), max_units=12, title="W1")
    assert len([a for a in fig.axes if a.images]) == 12 and fig._suptitle.get_text() == "W1"
    with pytest.raises(ValueError, match="rows"):
        plot_weights_as_images(np.ones((63, 3)))
