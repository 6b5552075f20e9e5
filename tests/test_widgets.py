"""Headless tests of the six widgets: set controls, check the computed state and the plotted data."""
import asyncio

import numpy as np
import pytest

from course_utils.widgets import (activation_explorer, layer_stats, learning_rate_explorer, optimizer_race,
                                  perceptron_stepper, playground, regularization_explorer)
from course_utils.widgets.surfaces import (SURFACES, DIVERGENCE_NORM, IllConditionedQuadratic, TwoWeight,
                                           gradient_descent_path)
from course_utils.gradcheck import numerical_gradient


# ---- surfaces: exact maths -------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(SURFACES))
def test_surface_gradient_and_hessian_match_finite_differences(name):
    s = SURFACES[name]
    rng = np.random.default_rng(0)
    for _ in range(5):
        w = np.array([rng.uniform(*s.xlim), rng.uniform(*s.ylim)])
        num = numerical_gradient(lambda v: float(s.value(v)), w.copy())
        np.testing.assert_allclose(s.gradient(w), num, rtol=1e-6, atol=1e-6)
        H_num = np.column_stack([numerical_gradient(lambda v: float(s.gradient(v)[i]), w.copy()) for i in (0, 1)])
        np.testing.assert_allclose(s.hessian(w), H_num.T, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(s.hessian(w), s.hessian(w).T)
    for m in s.minima:
        np.testing.assert_allclose(s.gradient(np.array(m)), 0.0, atol=1e-12)
        assert np.all(np.linalg.eigvalsh(s.hessian(np.array(m))) > 0)


def test_two_weight_surface_facts_from_the_lecture():
    s = TwoWeight()
    H = s.hessian(np.array(s.minima[0]))
    np.testing.assert_allclose(H, [[3.0, 2.84], [2.84, 3.0]], atol=1e-12)
    np.testing.assert_allclose(np.linalg.eigvalsh(H), [0.16, 5.84], atol=1e-12)
    assert s.hessian(np.zeros(2))[0, 1] == -3.0          # the origin is a saddle (eigenvalues ±3 + 0.08)
    c_star = float(s.value(np.array(s.minima[0])))
    slow = s.value(gradient_descent_path(s, s.start, 0.25, 50)) - c_star
    fast = s.value(gradient_descent_path(s, s.start, 0.35, 50)) - c_star
    assert np.all(np.diff(slow) < 0) and 1e-4 < slow[-1] < 1e-3     # 0.25 decreases every step, but crawls
    assert np.sum(np.diff(fast[10:]) > 0) >= 15 and fast[-1] > 1e-2   # 0.35 keeps oscillating


def test_quadratic_converges_below_and_diverges_above_two_over_lambda_max():
    q = IllConditionedQuadratic()
    assert q.lambda_max() == pytest.approx(10.0)
    below = gradient_descent_path(q, q.start, 0.19, 200)
    above = gradient_descent_path(q, q.start, 0.21, 400)
    assert np.linalg.norm(below[-1]) < 1e-6
    assert len(above) < 401 and np.max(np.abs(above[-1])) > DIVERGENCE_NORM   # stopped, without overflow


# ---- the widgets ----------------------------------------------------------------------------------------------
def _png(w):
    return bytes(w.image.value)


def test_learning_rate_explorer_state_and_artists_follow_the_slider():
    w = learning_rate_explorer()
    assert w.state.surface == "two_weight" and w.state.lr == pytest.approx(0.25)
    png0, path0 = _png(w), w.artists["path"].get_xydata().copy()
    w.controls["lr"].value = 0.35
    assert w.state.lr > w.state.stability_limit and "above the stability limit" in w.status.value
    assert _png(w) != png0 and not np.allclose(w.artists["path"].get_xydata(), path0)
    np.testing.assert_allclose(w.artists["path"].get_xydata(), w.state.path)
    w.controls["surface"].value = "quadratic"
    assert w.state.stability_limit == pytest.approx(0.2)
    w.controls["lr"].value = 0.15
    assert not w.state.growing and w.state.gap[-1] < 1e-6
    w.controls["lr"].value = 0.25
    assert w.state.growing and "diverg" in w.status.value
    w.controls["w1"].value = 1.0
    assert w.state.path[0][0] == 1.0 and w.artists["start"].get_xdata()[0] == 1.0
    assert w.figure.axes[0].get_title() and w.figure.axes[0].get_xlabel() == "w1"


def test_optimizer_race_uses_every_optimizer_and_toggles():
    w = optimizer_race()
    assert set(w.state.paths) == {"SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"}
    paths = {k: v.copy() for k, v in w.state.paths.items()}
    assert not np.allclose(paths["Momentum"], paths["SGD"])            # they really differ
    assert w.state.final_gap["Momentum"] < w.state.final_gap["SGD"]     # momentum is faster in the valley
    w.controls["beta"].value = 0.0
    np.testing.assert_allclose(w.state.paths["Momentum"], paths["SGD"])  # β = 0: momentum is plain SGD
    w.controls["Adam"].value = False
    assert "Adam" not in w.state.paths and not w.artists["path_Adam"].get_visible()
    png = _png(w)
    w.controls["lr"].value = 0.01
    assert _png(w) != png
    np.testing.assert_allclose(w.artists["path_SGD"].get_xydata(), w.state.paths["SGD"])


def test_perceptron_stepper_steps_within_novikoffs_bound():
    w = perceptron_stepper()
    assert w.state.k == 0 and w.state.culprit is None and np.all(w.state.w == 0)
    png = _png(w)
    w.step()
    assert w.state.k == 1 and w.state.culprit is not None and _png(w) != png
    x = np.r_[1.0, w.X[w.state.culprit]]
    np.testing.assert_allclose(w.state.w, w.weights[0] + w.state.lr * w.y[w.state.culprit] * x)
    np.testing.assert_allclose(w.artists["culprit"].get_xydata()[0], w.X[w.state.culprit])
    w.step(1000)
    assert w.state.converged and w.state.k == w.state.n_updates <= w.state.bound
    assert w.state.wrong.sum() == 0
    w.reset()
    assert w.state.k == 0
    w.controls["dataset"].value = "xor"
    assert not w.state.converged and w.state.bound == np.inf


def test_activation_explorer_gain_approaches_a_threshold():
    w = activation_explorer()
    assert w.state.max_slope == pytest.approx(0.25, abs=1e-4)          # σ'(0) = 1/4
    flat0 = w.state.vanishing.mean()
    w.controls["gain"].value = 50.0
    assert w.state.max_slope == pytest.approx(50 / 4, rel=1e-3)
    assert w.state.vanishing.mean() > 0.9 > flat0
    w.controls["bias"].value = 2.0
    assert w.state.threshold == pytest.approx(-2.0 / 50.0)
    h = w.artists["h_sigmoid"].get_ydata()
    z = w.state.z
    assert np.all(h[z < -0.2] < 0.01) and np.all(h[z > 0.2] > 0.99)
    w.controls["activation"].value = "relu"
    assert w.state.activation == "relu" and w.artists["h_relu"].get_linewidth() > w.artists["h_sigmoid"].get_linewidth()


def test_playground_trains_and_controls_change_the_model():
    w = playground(dataset="xor")
    assert w.state.steps == 0
    heat0 = w.artists["heat"].get_array().copy()
    w.step(20)
    assert w.state.steps == 200 and len(w.state.train_loss) == 21
    assert w.state.train_loss[-1] < 0.5 * w.state.train_loss[0] and w.state.test_acc > 0.8
    assert not np.allclose(w.artists["heat"].get_array(), heat0)
    np.testing.assert_allclose(w.artists["train_loss"].get_ydata(), w.state.train_loss)
    w.controls["use_l2"].value = True
    w.controls["dropout"].value = 0.2
    assert w.model.l2 == pytest.approx(w.controls["l2"].value) and w.model.dropout == 0.2
    w.controls["hidden_layers"].value = 2
    assert w.state.steps == 0 and w.state.sizes == [2, 8, 8, 2] and len(w.model.params) == 6
    w.controls["dataset"].value = "circles"
    assert len(w.X) == 100


def test_playground_play_runs_as_an_asyncio_task_and_pause_cancels():
    w = playground(dataset="circles")

    async def drive():
        w.play()
        await asyncio.sleep(0.3)
        assert w.playing
        w.controls["lr"].value = 0.01            # the controls are handled while training runs
        steps = w.state.steps
        w.pause()
        await asyncio.sleep(0.05)
        return steps

    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        steps = loop.run_until_complete(drive())
    finally:
        asyncio.set_event_loop(None)
        loop.close()
    assert steps >= 10 and not w.playing and w.state.steps == steps


def test_regularization_explorer_l2_shrinks_the_generalisation_gap():
    w = regularization_explorer()
    gap0, val0 = w.state.gap, w.artists["val"].get_ydata().copy()
    assert w.state.val_loss[-1] > w.state.val_loss[w.state.best_epoch]     # it overfits without help
    assert w.artists["best"].get_xdata()[0] == w.state.best_epoch + 1
    w.controls["l2"].value = 0.01
    assert w.state.gap < 0.5 * gap0 and not np.allclose(w.artists["val"].get_ydata(), val0)
    assert (0.0, 0.0) in w.cache and (0.01, 0.0) in w.cache
    w.controls["l2"].value = 0.0
    w.controls["dropout"].value = 0.5
    assert w.state.dropout == 0.5 and w.state.gap < gap0


def test_no_widget_state_or_pyplot_figures_leak():
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    learning_rate_explorer()
    assert plt.get_fignums() == before


@pytest.mark.parametrize("make", [learning_rate_explorer, optimizer_race, perceptron_stepper, activation_explorer,
                                  playground, regularization_explorer])
def test_every_axes_has_a_title_labels_and_a_legend(make):
    w = make()
    assert len(w.image.value) > 1000 and w.image.format == "png"
    for ax in w.figure.axes:
        assert ax.get_title(), f"{make.__name__}: an axes has no title"
        assert ax.get_xlabel() and ax.get_ylabel(), f"{make.__name__}: unlabelled axes"
        assert ax.get_legend() is not None, f"{make.__name__}: an axes has no legend"


# ---- the drawing mechanism (widgets/_base.py): cheap frames that still show the right picture ----------------
from widget_frames import assert_frame_is_a_full_redraw as _assert_frame_is_a_full_redraw  # noqa: E402
from widget_frames import pixels as _pixels  # noqa: E402


def test_encode_png_round_trips_rgb_and_rgba():
    from course_utils.widgets._base import encode_png
    rgba = np.random.default_rng(0).integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    np.testing.assert_array_equal(_pixels(encode_png(rgba, alpha=True)), rgba)
    rgb = _pixels(encode_png(rgba))
    np.testing.assert_array_equal(rgb[..., :3], rgba[..., :3])
    assert np.all(rgb[..., 3] == 255)


MOVES = {
    learning_rate_explorer: [("lr", 0.05), ("n_steps", 137), ("w1", 0.3), ("n_steps", 12), ("surface", "banana"),
                             ("n_steps", 333), ("w2", -0.4), ("surface", "two_weight")],
    optimizer_race: [("n_steps", 330), ("Adam", False), ("beta", 0.5), ("lr", 0.2), ("surface", "saddle"),
                     ("n_steps", 40), ("SGD", False)],
    perceptron_stepper: [("k", 3), ("lr", 5.0), ("k", 1), ("dataset", "xor"), ("lr", 0.02), ("k", 40)],
    activation_explorer: [("gain", 20.0), ("bias", -3.0), ("activation", "relu")],
    playground: [("noise", 0.4), ("train_fraction", 0.8), ("units", 3), ("hidden_layers", 2), ("activation", "relu"),
                 ("dataset", "spiral"), ("batch_size", 4), ("noise", 0.0)],
    layer_stats: [("lr", 1e-5), ("init", "small (std 0.01)"), ("depth", 8), ("activation", "relu"), ("lr", 0.1),
                  ("depth", 2)],
}


@pytest.mark.parametrize("make", list(MOVES), ids=lambda f: f.__name__)
def test_every_frame_equals_a_full_redraw(make):
    w = make()
    for name, value in MOVES[make]:
        w.controls[name].value = value
        if make is playground:
            w.step(3)                       # training grows the loss axis: its limits change too
        _assert_frame_is_a_full_redraw(w, f"{make.__name__}: {name} = {value!r}")


def test_only_the_axes_that_changed_are_redrawn():
    w = learning_rate_explorer()
    fig = w.fig
    full, axes = fig.full_draws, fig.axes_draws
    w.controls["lr"].value = 0.1                       # only animated artists move
    w.controls["w1"].value = 1.0
    assert (fig.full_draws, fig.axes_draws) == (full, axes) and fig.timings["mode"] == "blit"
    w.controls["n_steps"].value = 120                  # new x limits of the loss axis: its overlaid x axis alone
    assert (fig.full_draws, fig.axes_draws) == (full, axes) and fig.timings["mode"] == "overlay"
    assert w.ax_l.get_xlim() == (0, 120) and [t.get_text() for t in w.ax_l.get_xticklabels()][-1] == "120"
    assert not fig.update_axes(w.ax_l, xlim=(0, 120))  # same limits again: nothing to redraw
    w.controls["surface"].value = "quadratic"          # new contours: everything
    assert fig.full_draws == full + 1
    assert set(w.timings) >= {"compute", "artists", "static", "blit", "encode"}

    p = playground(dataset="circles")
    full, axes = p.fig.full_draws, p.fig.axes_draws
    p.step(21)                                         # 210 steps: the loss axis doubles its x range
    assert p.ax_l.get_xlim()[1] == 400 and (p.fig.full_draws, p.fig.axes_draws) == (full, axes)
    p.controls["dataset"].value = "moons"              # a new box for the heat map: that axes alone
    assert (p.fig.full_draws, p.fig.axes_draws) == (full, axes + 1)


def test_perceptron_learning_rate_only_rescales_and_redraws_nothing_static():
    w = perceptron_stepper(dataset="xor")
    w.step(5)
    culprits, weights = w.culprits.copy(), w.weights.copy()
    full, axes = w.fig.full_draws, w.fig.axes_draws
    w.controls["lr"].value = 0.1
    np.testing.assert_array_equal(w.culprits, culprits)
    np.testing.assert_allclose(w.weights, 0.1 * weights, rtol=1e-12, atol=1e-14)
    assert (w.fig.full_draws, w.fig.axes_draws) == (full, axes) and w.state.k == 5


def test_optimizer_race_reuses_paths_and_still_matches_race_paths():
    from course_utils.widgets.optimizer_race import race_paths
    from course_utils.widgets.surfaces import SURFACES
    w = optimizer_race()
    for name, value in [("n_steps", 300), ("n_steps", 50), ("lr", 0.2), ("beta", 0.3), ("lr", 0.05), ("n_steps", 170)]:
        w.controls[name].value = value
        st = w.state
        ref = race_paths(SURFACES[st.surface], st.start, st.lr, st.beta, st.n_steps)
        for opt, path in ref.items():
            np.testing.assert_array_equal(st.paths[opt], path, err_msg=f"{opt} after {name} = {value}")


def test_playground_box_holds_every_noise_level_and_noise_redraws_no_axes():
    w = playground(dataset="moons")
    full, axes = w.fig.full_draws, w.fig.axes_draws
    for noise in (0.0, 0.25, 0.5):
        w.controls["noise"].value = noise
        X = np.vstack([w.X, w.X_test])
        assert w.xlim[0] < X[:, 0].min() and X[:, 0].max() < w.xlim[1]
        assert w.ylim[0] < X[:, 1].min() and X[:, 1].max() < w.ylim[1]
    w.controls["units"].value = 5                      # a new title, no new axes drawing
    assert w.ax_b.get_title().startswith("moons: network 2-5-2")
    assert (w.fig.full_draws, w.fig.axes_draws) == (full, axes)


# ---- the regularization explorer trains a new setting in the background inside an event loop ------------------
def _in_event_loop(coro_fn):
    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        return loop.run_until_complete(coro_fn())
    finally:
        asyncio.set_event_loop(None)
        loop.close()


@pytest.fixture
def short_slices(monkeypatch):
    """Background training in slices of 10 ms, so that a run takes several slices on any machine."""
    import importlib
    module = importlib.import_module("course_utils.widgets.regularization_explorer")  # the module, not the function
    monkeypatch.setattr(module, "BACKGROUND_SLICE", 0.01)


def test_regularization_first_visit_trains_in_the_background_and_ends_with_the_right_figure(short_slices):
    from course_utils.widgets.regularization_explorer import regularization_run
    w = regularization_explorer()
    seen = []

    async def drive():
        w.controls["l2"].value = 0.01                  # returns before training: the controls stay live
        seen.append((w.pending, w.state.pending, w.state.epochs_done))
        while w.pending:
            await asyncio.sleep(0)                      # the training task and this loop take turns
            seen.append((w.pending, w.state.pending, w.state.epochs_done))

    _in_event_loop(drive)
    assert seen[0] == (True, True, 0)
    partial = [n for pending, _, n in seen if pending and n > 0]
    assert partial and all(0 < n < w.epochs for n in partial)          # the curves grew on the figure
    ref = regularization_run(0.01, 0.0)
    np.testing.assert_array_equal(w.state.val_loss, ref["val_loss"])   # the same run as one uninterrupted
    np.testing.assert_array_equal(w.artists["val"].get_ydata(), ref["val_loss"])
    assert not w.state.pending and w.state.best_epoch == ref["best_epoch"] and (0.01, 0.0) in w.cache
    assert w.artists["best"].get_xdata()[0] == ref["best_epoch"] + 1 and "final training loss" in w.status.value
    _assert_frame_is_a_full_redraw(w, "after background training")


def test_regularization_setting_left_mid_training_resumes_where_it_stopped(short_slices):
    from course_utils.widgets.regularization_explorer import regularization_run
    w = regularization_explorer()

    async def drive():
        w.controls["dropout"].value = 0.3
        while w.state.epochs_done == 0:
            await asyncio.sleep(0)
        w.controls["dropout"].value = 0.0               # cached: shown at once, the partial run is kept
        assert not w.pending and w.state.dropout == 0.0
        return w._runs[(0.0, 0.3)].epoch

    done_before = _in_event_loop(drive)
    assert 0 < done_before < w.epochs and (0.0, 0.3) not in w.cache
    w.controls["dropout"].value = 0.3                   # no event loop: trains the rest before returning
    assert not w.pending and (0.0, 0.3) in w.cache
    np.testing.assert_array_equal(w.state.train_loss, regularization_run(0.0, 0.3)["train_loss"])


def test_regularization_finish_completes_a_pending_setting():
    w = regularization_explorer()

    async def drive():
        w.controls["l2"].value = 0.1
        assert w.pending
        w.finish()                                      # blocking, from code
        assert not w.pending and w.state.epochs_done == w.epochs

    _in_event_loop(drive)
    assert (0.1, 0.0) in w.cache


def test_one_blas_thread_limits_inside_and_restores_after():
    from threadpoolctl import threadpool_info
    from course_utils.widgets._base import one_blas_thread

    def blas_threads():
        return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]

    before = blas_threads()
    with one_blas_thread():
        assert all(n == 1 for n in blas_threads())
    assert blas_threads() == before


def test_layer_stats_moves_its_curves_and_trains_each_setting_once():
    w = layer_stats(depth=3, steps=4)
    full = w.fig.full_draws
    w.controls["lr"].value = 0.1
    np.testing.assert_array_equal(w.artists["act_after"].get_ydata(), w.state.act_std[-1])
    np.testing.assert_array_equal(w.artists["ratio_W4"].get_ydata(), np.maximum(w.state.ratio[:, 3], 1e-30))
    assert w.artists["ratio_W4"].get_visible() and not w.artists["ratio_W5"].get_visible()
    assert w.fig.full_draws == full                    # new limits redraw single axes, not the figure
    bottom, top = w.axes[2].get_ylim()
    assert np.log10(bottom) == int(np.log10(bottom)) and np.log10(top) == int(np.log10(top))   # whole decades
    w.controls["depth"].value = 5                      # the ratio legend names W1..W6
    assert [t.get_text() for t in w.axes[2].get_legend().get_texts()][-2:] == ["W6", "about 1e-3"]
    cached = dict(w.cache)
    w.controls["lr"].value = 1e-3
    w.controls["lr"].value = 0.1                       # seen before: not trained again
    assert w.cache.keys() == cached.keys() | {(5, "tanh", "xavier", 1e-3)}
