"""Training loop: mini-batches, History, schedules, early stopping, progress display."""
import numpy as np
import pytest

from course_utils import training
from course_utils.data import make_moons, make_spiral
from course_utils.mlp import MLP
from course_utils.optim import SGD, Adam, step_decay
from course_utils.regularization import EarlyStopping
from course_utils.training import History, minibatches, train


# ---------------------------------------------------------------------------------------------------------
# minibatches
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("n,bs", [(10, 3), (10, 5), (10, 10), (10, 32), (1, 1)])
def test_every_sample_exactly_once_with_a_smaller_last_batch(n, bs):
    X = np.arange(2 * n, dtype=float).reshape(n, 2)
    y = np.arange(n)
    batches = list(minibatches(X, y, bs, np.random.default_rng(0)))
    sizes = [len(yb) for _, yb in batches]
    assert sizes == [bs] * (n // bs) + ([n % bs] if n % bs else []) if bs <= n else sizes == [n]
    seen = np.concatenate([yb for _, yb in batches])
    np.testing.assert_array_equal(np.sort(seen), y)                        # a permutation: each exactly once
    for Xb, yb in batches:                                                  # rows stay paired with labels
        np.testing.assert_array_equal(Xb[:, 0], 2 * yb)


def test_shuffling_is_fresh_each_call_and_reproducible():
    X, y = np.zeros((100, 1)), np.arange(100)
    rng = np.random.default_rng(1)
    first = np.concatenate([yb for _, yb in minibatches(X, y, 10, rng)])
    second = np.concatenate([yb for _, yb in minibatches(X, y, 10, rng)])
    assert not np.array_equal(first, np.arange(100))                      # shuffled
    assert not np.array_equal(first, second)                              # a new order every epoch
    again = np.concatenate([yb for _, yb in minibatches(X, y, 10, np.random.default_rng(1))])
    np.testing.assert_array_equal(first, again)                           # same seed, same order


def test_no_rng_keeps_the_order():
    X, y = np.arange(14.0).reshape(7, 2), np.arange(7)
    batches = list(minibatches(X, y, 3))
    np.testing.assert_array_equal(np.concatenate([yb for _, yb in batches]), y)
    assert [len(yb) for _, yb in batches] == [3, 3, 1]


def test_minibatches_errors():
    with pytest.raises(ValueError, match="lengths"):
        list(minibatches(np.zeros((3, 1)), np.zeros(4), 2))
    with pytest.raises(ValueError, match="batch_size"):
        list(minibatches(np.zeros((3, 1)), np.zeros(3), 0))
    with pytest.raises(TypeError):
        list(minibatches(np.zeros((3, 1)), np.zeros(3), 2, rng=42))


# ---------------------------------------------------------------------------------------------------------
# train and History with a real network
# ---------------------------------------------------------------------------------------------------------
def spiral_split():
    X, y = make_spiral(n=300, noise=0.2, seed=0)
    return X[:240], y[:240], X[240:], y[240:]


def test_history_records_every_epoch_and_the_model_learns():
    Xtr, ytr, Xva, yva = spiral_split()
    net = MLP([2, 64, 3], seed=0)
    h = train(net, Adam(lr=0.02), Xtr, ytr, epochs=40, batch_size=16, X_val=Xva, y_val=yva,
              rng=np.random.default_rng(0), progress=False)
    assert isinstance(h, History) and h.epochs == 40
    for name in ("train_loss", "batch_loss", "train_acc", "val_loss", "val_acc", "lr", "epoch_time"):
        assert len(getattr(h, name)) == 40, name
    assert h.lr == [0.02] * 40
    assert h.best_epoch is None and h.stopped_early is False
    assert h.train_loss[-1] < 0.25 * h.train_loss[0]
    assert h.train_acc[-1] > 0.9 and h.val_acc[-1] > 0.85           # softmax regression: ~0.3-0.4
    # the recorded numbers are the model's own evaluation after the last epoch
    assert h.train_loss[-1] == pytest.approx(net.loss(Xtr, ytr))
    assert h.val_acc[-1] == pytest.approx(net.score(Xva, yva))
    assert "40 epochs" in repr(h) and set(h.as_dict()) >= {"train_loss", "val_acc", "best_epoch"}


def test_train_is_reproducible():
    Xtr, ytr, Xva, yva = spiral_split()
    runs = []
    for _ in range(2):
        net = MLP([2, 16, 3], dropout=0.1, seed=3)
        h = train(net, Adam(lr=0.01), Xtr, ytr, 5, 32, rng=np.random.default_rng(4), progress=False)
        runs.append((h.train_loss, h.batch_loss, net.params["W1"].copy()))
    assert runs[0][0] == runs[1][0] and runs[0][1] == runs[1][1]
    np.testing.assert_array_equal(runs[0][2], runs[1][2])


def test_batch_loss_is_the_sample_weighted_mean_of_the_batches():
    X, y = make_moons(n=50, seed=0)
    net = MLP([2, 4, 2], seed=0)
    h = train(net, SGD(lr=0.0), X, y, 1, 20, rng=np.random.default_rng(0), progress=False)  # lr 0: fixed model
    batches = list(minibatches(X, y, 20, np.random.default_rng(0)))
    expected = sum(net.loss_and_grads(Xb, yb)[0] * len(yb) for Xb, yb in batches) / 50
    assert h.batch_loss[0] == pytest.approx(expected)
    assert h.train_loss[0] == pytest.approx(net.loss(X, y))


def test_schedule_sets_the_learning_rate_each_epoch():
    Xtr, ytr, _, _ = spiral_split()
    opt = SGD(lr=123.0)
    h = train(MLP([2, 8, 3]), opt, Xtr, ytr, 6, 64, schedule=lambda e: step_decay(0.2, e, drop=0.5, every=2),
              progress=False)
    assert h.lr == pytest.approx([0.2, 0.2, 0.1, 0.1, 0.05, 0.05])
    assert opt.lr == pytest.approx(0.05)


def test_validation_arguments_must_come_in_pairs():
    Xtr, ytr, Xva, yva = spiral_split()
    with pytest.raises(ValueError, match="both"):
        train(MLP([2, 3, 3]), SGD(0.1), Xtr, ytr, 1, 32, X_val=Xva, progress=False)


# ---------------------------------------------------------------------------------------------------------
# Early stopping, with a scripted model so the expected epochs are known exactly
# ---------------------------------------------------------------------------------------------------------
class ScriptedModel:
    """One parameter w that grows by 1 per step (SGD lr=1, gradient -1); its validation loss is scripted."""

    def __init__(self, val_losses, X_val):
        self.params = {"w": np.zeros(1)}
        self.val_losses, self.X_val = val_losses, X_val

    def loss_and_grads(self, X, y):
        return 0.0, {"w": -np.ones(1)}

    def loss(self, X, y):
        return self.val_losses[int(self.params["w"][0]) - 1] if X is self.X_val else 1.0

    def score(self, X, y):
        return 0.5


def test_early_stopping_stops_and_restores_the_best_parameters():
    X, y = np.zeros((4, 1)), np.zeros(4, dtype=int)
    X_val = np.ones((2, 1))
    vals = [1.0, 0.8, 0.9, 0.7, 0.75, 0.76, 0.8, 0.9, 0.95, 1.0]
    model = ScriptedModel(vals, X_val)
    w = model.params["w"]
    es = EarlyStopping(patience=3)
    h = train(model, SGD(lr=1.0), X, y, epochs=10, batch_size=4, X_val=X_val, y_val=y[:2], early_stopping=es,
              progress=False)
    assert h.epochs == 7                                # best at epoch index 3, then 3 epochs without improvement
    assert h.val_loss == vals[:7]
    assert h.best_epoch == 3 and h.stopped_early is True
    assert model.params["w"][0] == 4.0                  # the parameters after epoch index 3 are back
    assert model.params["w"] is w                       # ... copied into the same array (optimizer state stays valid)


def test_early_stopping_that_never_triggers_still_restores_the_best():
    X, y = np.zeros((4, 1)), np.zeros(4, dtype=int)
    X_val = np.ones((2, 1))
    vals = [1.0, 0.5, 0.6, 0.7]
    model = ScriptedModel(vals, X_val)
    h = train(model, SGD(lr=1.0), X, y, epochs=4, batch_size=4, X_val=X_val, y_val=y[:2],
              early_stopping=EarlyStopping(patience=5), progress=False)
    assert h.epochs == 4 and h.stopped_early is False and h.best_epoch == 1
    assert model.params["w"][0] == 2.0


def test_early_stopping_on_a_real_network():
    Xtr, ytr, Xva, yva = spiral_split()
    net = MLP([2, 64, 3], seed=0)
    es = EarlyStopping(patience=2)
    h = train(net, Adam(lr=0.05), Xtr, ytr, 200, 8, Xva, yva, early_stopping=es, rng=np.random.default_rng(0),
              progress=False)
    assert h.stopped_early and h.epochs < 200
    assert h.best_epoch == int(np.argmin(h.val_loss))
    for k in net.params:
        np.testing.assert_array_equal(net.params[k], es.best_params[k])
    assert net.loss(Xva, yva) == pytest.approx(min(h.val_loss))


def test_model_without_loss_method_uses_the_batch_loss():
    class NoLoss:
        params = {"w": np.zeros(1)}

        def loss_and_grads(self, X, y):
            return 0.25, {"w": np.ones(1)}

        def score(self, X, y):
            return 1.0

    h = train(NoLoss(), SGD(0.0), np.zeros((4, 1)), np.zeros(4, dtype=int), 2, 2, progress=False)
    assert h.train_loss == h.batch_loss == [0.25, 0.25]


def test_training_stops_when_the_loss_is_not_finite(capsys):
    class Exploding:
        params = {"w": np.zeros(1)}

        def loss_and_grads(self, X, y):
            self.params["w"] += 1
            return (np.inf if self.params["w"][0] >= 6 else 1.0), {"w": np.zeros(1)}

        def score(self, X, y):
            return 0.0

    h = train(Exploding(), SGD(0.1), np.zeros((4, 1)), np.zeros(4, dtype=int), 10, 2, progress=True)
    assert h.epochs == 3 and h.diverged and not h.stopped_early and "diverged" in repr(h)
    assert "not finite" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------------------
# Progress display
# ---------------------------------------------------------------------------------------------------------
def test_progress_false_is_silent(capsys):
    Xtr, ytr, Xva, yva = spiral_split()
    train(MLP([2, 4, 3]), SGD(0.1), Xtr, ytr, 3, 64, Xva, yva, progress=False)
    out, err = capsys.readouterr()
    assert out == "" and err == ""


def test_terminal_progress_is_one_carriage_return_line_on_stderr(capsys):
    Xtr, ytr, Xva, yva = spiral_split()
    train(MLP([2, 4, 3]), SGD(0.1), Xtr, ytr, 3, 64, Xva, yva, progress=True)
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\r") == 3 and err.endswith("\n") and err.count("\n") == 1
    assert "epoch 3/3" in err and "val_acc" in err


def test_notebook_progress_uses_a_widget(monkeypatch):
    pytest.importorskip("ipywidgets")
    shown = []
    monkeypatch.setattr(training, "_in_notebook", lambda: True)
    import IPython.display
    monkeypatch.setattr(IPython.display, "display", lambda *objs: shown.extend(objs))
    Xtr, ytr, _, _ = spiral_split()
    train(MLP([2, 4, 3]), SGD(0.1), Xtr, ytr, 4, 64, progress=True)
    assert len(shown) == 1
    bar, label = shown[0].children
    assert type(bar).__name__ == "IntProgress" and bar.value == bar.max == 4
    assert bar.description == "epoch 4/4" and "loss" in label.value


def test_history_plot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    Xtr, ytr, Xva, yva = spiral_split()
    h = train(MLP([2, 8, 3]), Adam(0.01), Xtr, ytr, 4, 32, Xva, yva, progress=False)
    axes = h.plot()
    assert len(axes) == 2 and axes[0].get_ylabel() == "loss" and axes[1].get_ylabel() == "accuracy"
    plt.close("all")
