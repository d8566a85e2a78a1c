"""Tests of hpt_helpers.minibatch: batches, epochs, softmax SGD and gradient variance."""

import math

import numpy as np
import pytest

from hpt_helpers.minibatch import (
    add_bias,
    epoch_batches,
    epoch_order,
    gradient_variance,
    loglog_slope,
    per_sample_gradients,
    predicted_gradient_variance,
    sampled_gradient_variance,
    sgd_grid,
    softmax_gradient,
    softmax_loss,
    train_softmax_sgd,
    updates_per_epoch,
)


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = add_bias(rng.normal(size=(120, 4)))
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(int) + (X[:, 2] > 1).astype(int)
    return X, y


@pytest.mark.parametrize("n, b", [(1, 1), (10, 3), (1000, 64), (1077, 1077), (7, 1)])
def test_updates_per_epoch_is_ceil(n, b):
    assert updates_per_epoch(n, b) == math.ceil(n / b)
    assert len(epoch_batches(n, b, order="sequential")) == math.ceil(n / b)


def test_updates_per_epoch_rejects_bad_input():
    with pytest.raises(ValueError, match="batch_size"):
        updates_per_epoch(10, 11)
    with pytest.raises(TypeError, match="batch_size"):
        updates_per_epoch(10, 2.5)
    with pytest.raises(ValueError, match="n_samples"):
        updates_per_epoch(0, 1)


@pytest.mark.parametrize("order, window", [("shuffle", None), ("sequential", None),
                                           ("windows", 4), ("windows", 7)])
def test_epoch_order_is_a_permutation(order, window):
    idx = epoch_order(30, order=order, window=window, random_state=1)
    assert sorted(idx.tolist()) == list(range(30))


def test_windows_keep_inner_order():
    idx = epoch_order(20, order="windows", window=5, random_state=3)
    chunks = idx.reshape(4, 5)
    assert all(np.all(np.diff(c) == 1) for c in chunks)
    assert sorted(chunks[:, 0].tolist()) == [0, 5, 10, 15]


def test_epoch_order_errors():
    with pytest.raises(ValueError, match="window"):
        epoch_order(10, order="windows")
    with pytest.raises(ValueError, match="order"):
        epoch_order(10, order="sorted")


def test_gradient_matches_finite_differences(data):
    X, y = data
    W = np.random.default_rng(1).normal(size=(X.shape[1], 3)) * 0.3
    g = softmax_gradient(W, X, y)
    eps = 1e-6
    for i, j in [(0, 0), (2, 1), (4, 2)]:
        Wp, Wm = W.copy(), W.copy()
        Wp[i, j] += eps
        Wm[i, j] -= eps
        numeric = (softmax_loss(Wp, X, y) - softmax_loss(Wm, X, y)) / (2 * eps)
        assert numeric == pytest.approx(g[i, j], abs=1e-6)


def test_per_sample_gradients_average_to_full_gradient(data):
    X, y = data
    W = np.ones((X.shape[1], 3)) * 0.1
    G = per_sample_gradients(W, X, y)
    assert G.shape == (len(y), W.size)
    assert np.allclose(G.mean(axis=0), softmax_gradient(W, X, y).ravel())


def test_bad_labels_are_refused(data):
    X, y = data
    with pytest.raises(ValueError, match="y must be"):
        softmax_loss(np.zeros((X.shape[1], 3)), X, y.astype(float))
    with pytest.raises(ValueError, match="W must have shape"):
        softmax_loss(np.zeros((X.shape[1], 2)), X, y)


def test_gradient_variance_by_hand():
    G = np.array([[0.0], [2.0], [4.0], [6.0]])
    assert gradient_variance(G, [np.array([0, 1]), np.array([2, 3])]) == 4.0
    assert gradient_variance(G, [np.arange(4)]) == 0.0


def test_sampled_variance_follows_theory():
    G = np.random.default_rng(0).normal(size=(300, 5))
    sizes = [1, 3, 10, 30, 100, 300]
    measured = sampled_gradient_variance(G, sizes, n_draws=3000, random_state=0)
    predicted = predicted_gradient_variance(G, sizes)
    assert np.allclose(measured[:-1] / predicted[:-1], 1, atol=0.1)
    assert measured[-1] < 1e-20 and predicted[-1] == 0
    assert -1.1 < loglog_slope(sizes[:4], measured[:4]) < -0.9


def test_loglog_slope_errors():
    with pytest.raises(ValueError, match="positive"):
        loglog_slope([1, 2], [1, 0])
    with pytest.raises(ValueError, match="same length"):
        loglog_slope([1, 2, 3], [1, 2])


def test_train_records_epochs_and_lowers_loss(data):
    X, y = data
    run = train_softmax_sgd(X, y, batch_size=16, lr=0.5, epochs=4, X_val=X[:20],
                            y_val=y[:20], random_state=0)
    per = updates_per_epoch(len(y), 16)
    assert run.updates.tolist() == [0, per, 2 * per, 3 * per, 4 * per]
    assert np.allclose(run.epochs, [0, 1, 2, 3, 4])
    assert run.loss[-1] < 0.6 * run.loss[0] and not run.diverged
    assert run.loss[0] == pytest.approx(math.log(3))
    assert len(run.val_loss) == len(run.loss)


def test_train_matches_a_plain_loop(data):
    X, y = data
    rng = np.random.default_rng(5)
    W = np.zeros((X.shape[1], 3))
    for _ in range(2):
        order = rng.permutation(len(y))
        for s in range(0, len(y), 32):
            b = order[s:s + 32]
            W -= 0.3 * softmax_gradient(W, X[b], y[b])
    run = train_softmax_sgd(X, y, batch_size=32, lr=0.3, epochs=2,
                            random_state=np.random.default_rng(5))
    assert np.allclose(run.W, W)


def test_train_by_updates_and_divergence(data):
    X, y = data
    run = train_softmax_sgd(X, y, batch_size=120, lr=0.1, n_updates=7, record_every=3,
                            random_state=0)
    assert run.updates.tolist() == [0, 3, 6, 7]
    blown = train_softmax_sgd(X * 50, y, batch_size=4, lr=1e4, epochs=3, random_state=0)
    assert blown.diverged and math.isinf(blown.final_loss)
    assert blown.updates[-1] == 3 * updates_per_epoch(len(y), 4)


def test_train_budget_errors(data):
    X, y = data
    with pytest.raises(ValueError, match="exactly one"):
        train_softmax_sgd(X, y, batch_size=4, lr=0.1)
    with pytest.raises(ValueError, match="lr"):
        train_softmax_sgd(X, y, batch_size=4, lr=0, epochs=1)
    with pytest.raises(ValueError, match="X_val"):
        train_softmax_sgd(X, y, batch_size=4, lr=0.1, epochs=1, X_val=X)


def test_sgd_grid_shapes_and_coupling(data):
    X, y = data
    grid = sgd_grid(X, y, [4, 120], [0.01, 1.0], epochs=3, X_val=X, y_val=y)
    assert grid["loss"].shape == (2, 2, 4)
    assert grid["updates_per_epoch"].tolist() == [30, 1]
    # full batch with a tiny learning rate barely moves in three steps
    assert grid["loss"][1, 0, -1] > grid["loss"][0, 1, -1]
