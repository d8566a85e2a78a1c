"""Lesson 02: mini-batch numpy parts, batch plots and the batch-size explorer."""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from hpt_helpers.minibatch import (
    add_bias,
    epoch_batches,
    epoch_order,
    loglog_slope,
    per_sample_gradients,
    predicted_gradient_variance,
    sampled_gradient_variance,
    softmax_gradient,
    softmax_loss,
    train_softmax_sgd,
    updates_per_epoch,
)
from hpt_helpers.plots.batch import (
    plot_epoch_time,
    plot_gradient_variance,
    plot_loss_curves,
    plot_lr_grid,
    plot_pow2_timing,
)
from hpt_helpers.widgets.batch import batch_explorer


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = add_bias(rng.normal(size=(120, 4)))
    y = (X[:, 1] + 0.5 * X[:, 2] > 0).astype(int) + (X[:, 3] > 1).astype(int)
    return X[:90], y[:90], X[90:], y[90:]


@pytest.mark.parametrize(("n", "b"), [(10, 1), (10, 3), (10, 10), (1257, 32)])
def test_batches_of_an_epoch_cover_every_row_once(n, b):
    batches = list(epoch_batches(n, b, random_state=0))
    assert len(batches) == updates_per_epoch(n, b) == math.ceil(n / b)
    assert sorted(np.concatenate(batches).tolist()) == list(range(n))


def test_orders():
    assert epoch_order(5, order="sequential").tolist() == [0, 1, 2, 3, 4]
    windows = epoch_order(6, order="windows", window=2, random_state=1).tolist()
    assert sorted(windows) == list(range(6))
    assert all(windows[i] + 1 == windows[i + 1] for i in (0, 2, 4))
    with pytest.raises(ValueError, match="order must be one of"):
        epoch_order(5, order="random")


def test_softmax_gradient_matches_finite_differences(data):
    X, y, _, _ = data
    rng = np.random.default_rng(1)
    W = rng.normal(scale=0.1, size=(X.shape[1], 3))
    G = softmax_gradient(W, X, y)
    eps = 1e-6
    for i, j in [(0, 0), (2, 1), (4, 2)]:
        Wp, Wm = W.copy(), W.copy()
        Wp[i, j] += eps
        Wm[i, j] -= eps
        numeric = (softmax_loss(Wp, X, y) - softmax_loss(Wm, X, y)) / (2 * eps)
        assert G[i, j] == pytest.approx(numeric, rel=1e-4, abs=1e-8)
    # the mean of the per-example gradients is the full gradient
    np.testing.assert_allclose(per_sample_gradients(W, X, y).mean(axis=0).reshape(W.shape)
                               if per_sample_gradients(W, X, y).ndim == 2
                               else per_sample_gradients(W, X, y).mean(axis=0), G, atol=1e-10)


def test_gradient_variance_falls_like_one_over_b(data):
    X, y, _, _ = data
    W = np.zeros((X.shape[1], 3))
    G = per_sample_gradients(W, X, y)
    sizes = np.array([1, 2, 4, 8])
    measured = sampled_gradient_variance(G, sizes, n_draws=2000, random_state=0)
    predicted = predicted_gradient_variance(G, sizes)
    np.testing.assert_allclose(measured, predicted, rtol=0.15)
    assert -1.2 < loglog_slope(sizes, measured) < -0.8
    assert predicted_gradient_variance(G, [len(X)])[0] == pytest.approx(0, abs=1e-12)


def test_training_reduces_loss_and_flags_divergence(data):
    X, y, Xv, yv = data
    run = train_softmax_sgd(X, y, batch_size=10, lr=0.5, epochs=4, X_val=Xv, y_val=yv,
                            random_state=0)
    assert run.loss[-1] < run.loss[0] and not run.diverged
    assert run.updates.tolist() == [0, 9, 18, 27, 36]
    boom = train_softmax_sgd(X * 50, y, batch_size=1, lr=100.0, epochs=2, random_state=0)
    assert boom.diverged and math.isinf(boom.final_loss)
    with pytest.raises(ValueError, match="give exactly one of epochs and n_updates"):
        train_softmax_sgd(X, y, batch_size=10, lr=0.1)
    with pytest.raises(ValueError, match="batch_size must be an integer between 1 and 90"):
        train_softmax_sgd(X, y, batch_size=0, lr=0.1, epochs=1)
    with pytest.raises(ValueError, match="lr must be a finite number > 0"):
        train_softmax_sgd(X, y, batch_size=5, lr=0.0, epochs=1)


def test_same_seed_same_run(data):
    X, y, _, _ = data
    a = train_softmax_sgd(X, y, batch_size=8, lr=0.3, epochs=2, random_state=3)
    b = train_softmax_sgd(X, y, batch_size=8, lr=0.3, epochs=2, random_state=3)
    np.testing.assert_array_equal(a.W, b.W)


def test_plots_draw_what_they_are_given():
    ax = Figure().subplots()
    plot_gradient_variance([1, 10, 100], [1.0, 0.1, 0.01], predicted=[1.0, 0.1, 0.01], ax=ax)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [1.0, 0.1, 0.01])
    ax = Figure().subplots()
    plot_loss_curves([("a", [0, 1], [1.0, np.inf])], ax=ax)
    assert np.isnan(ax.lines[0].get_ydata()[1])
    ax = Figure().subplots()
    plot_epoch_time([1, 10], [0.1, 0.02], 100, ax=ax)
    assert len(ax.lines) == 2
    ax = Figure().subplots()
    plot_lr_grid([1, 10], [0.1, 1.0], [[0.5, 0.9], [0.8, 0.3]], ax=ax)
    assert ax.lines[0].get_xdata().tolist() == [0.0, 1.0]  # best lr per batch size
    ax = Figure().subplots()
    plot_pow2_timing([63, 64, 65], [1.0, 1.0, 1.0], ax=ax)
    assert len(ax.patches) == 3
    with pytest.raises(ValueError, match="curves must hold at least one"):
        plot_loss_curves([])


def test_batch_explorer_follows_its_sliders(data):
    X, y, Xv, yv = data
    ex = batch_explorer(X, y, Xv, yv, batch_sizes=(5, 30), learning_rates=(0.1, 1.0),
                        epochs=3, start=(5, 0.1))
    train_line = ex.live.axes[0].lines[2]
    before = train_line.get_ydata().copy()
    ex.controls["lr"].value = 1.0
    assert not np.allclose(before, train_line.get_ydata())
    ex.controls["batch_size"].value = 30
    assert ex.live.axes[1].lines[2].get_xdata().tolist() == [0.8, 3.0, 6.0, 9.0]
    assert "B=30" in ex.readout.value
    expected = train_softmax_sgd(X, y, batch_size=30, lr=1.0, epochs=3, random_state=0)
    np.testing.assert_allclose(train_line.get_ydata(), expected.loss)


def test_batch_explorer_rejects_a_start_outside_the_options(data):
    X, y, Xv, yv = data
    with pytest.raises(ValueError, match="start must be a"):
        batch_explorer(X, y, Xv, yv, batch_sizes=(5,), learning_rates=(0.1,), start=(8, 0.1))


def test_batch_explorer_partial_redraw_matches_a_full_draw(data):
    import io

    import PIL.Image

    def pixels(png):
        return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGB"))

    X, y, Xv, yv = data
    ex = batch_explorer(X, y, Xv, yv, batch_sizes=(5, 30), learning_rates=(0.1, 1.0),
                        epochs=3, start=(5, 0.1))
    ex.controls["lr"].value = 1.0
    partial = pixels(ex.live.image.value)
    ex.live.invalidate()
    ex.live.cache_key = None
    ex.live.render()
    assert np.mean(np.any(partial != pixels(ex.live.image.value), axis=2)) < 1e-3
    ex.controls["lr"].value = 0.1
    assert np.mean(np.any(partial != pixels(ex.live.image.value), axis=2)) > 1e-3


def test_lesson02_exercises_wrong_answers_explain_without_giving_away():
    from hpt_helpers.exercises import lesson02 as ex
    for wrong, why in [(15, "last, smaller batch"), (64000, "divide"), (17, "too high")]:
        v = ex.q1.verdict(wrong)
        assert not v.correct and why in v.message and "16" not in v.message
    assert ex.q1.verdict(16.0).correct
    for wrong, why in [(4, "other way round"), (0.5, "standard deviation halves")]:
        v = ex.q2.verdict(wrong)
        assert not v.correct and why in v.message and "0.25" not in v.message
    assert ex.q2.verdict(1 / 4).correct and ex.q2.verdict(0.25).correct
    v = ex.q3.verdict("large")
    assert not v.correct and "small" not in v.message
    assert ex.q3.verdict(" Small ").correct
    for wrong, why in [(0.05, "scales the learning rate"), (0.1, "square-root rule")]:
        v = ex.q4.verdict(wrong)
        assert not v.correct and why in v.message and "0.2" not in v.message
    assert ex.q4.verdict(0.20).correct
    for wrong, why in [(0.25, "B / n"), (1, "noticeably")]:
        v = ex.q5.verdict(wrong)
        assert not v.correct and why in v.message and "0.75" not in v.message
    assert ex.q5.verdict(0.751).correct and not ex.q5.verdict(0.76).correct
