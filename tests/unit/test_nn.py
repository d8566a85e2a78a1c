"""Tests of hpt_helpers.nn: activations, initialisation, dropout and the numpy MLP."""

import numpy as np
import pytest
from sklearn.datasets import load_iris

from hpt_helpers.nn import (
    ACTIVATIONS,
    activation_spread,
    cross_entropy,
    deep_forward,
    init_mlp,
    init_std,
    init_weights,
    inverted_dropout,
    mlp_backward,
    mlp_forward,
    softmax,
    train_mlp,
)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_derivatives_match_finite_differences(name):
    act = ACTIVATIONS[name]
    z = np.array([-3.0, -0.7, 0.4, 2.5])  # away from relu's kink
    h = 1e-6
    numeric = (act.f(z + h) - act.f(z - h)) / (2 * h)
    np.testing.assert_allclose(act.df(z), numeric, atol=1e-6)


def test_logistic_is_stable_for_large_inputs():
    with np.errstate(all="raise"):
        out = ACTIVATIONS["logistic"].f(np.array([-1000.0, 1000.0]))
    np.testing.assert_allclose(out, [0.0, 1.0])


def test_init_std_values_and_errors():
    assert init_std("small", 10, 10) == 0.01
    assert init_std("large", 10, 10) == 1.0
    assert init_std("glorot", 30, 70) == pytest.approx(np.sqrt(2 / 100))
    assert init_std("he", 50, 7) == pytest.approx(0.2)
    with pytest.raises(ValueError, match="scheme must be one of"):
        init_std("xavier", 10, 10)
    with pytest.raises(ValueError, match="fan_in"):
        init_std("he", 0, 10)


def test_init_weights_has_the_scheme_std():
    W = init_weights(500, 400, "he", random_state=1)
    assert W.shape == (500, 400)
    assert W.std() == pytest.approx(np.sqrt(2 / 500), rel=0.02)


def test_inverted_dropout_preserves_expectation_and_is_identity_at_eval():
    a = np.full(200_000, 3.0)
    out, scale = inverted_dropout(a, 0.4, random_state=0)
    assert out.mean() == pytest.approx(3.0, rel=0.01)
    assert np.mean(out == 0) == pytest.approx(0.4, abs=0.01)
    assert set(np.unique(out)) == {0.0, 3.0 / 0.6}
    np.testing.assert_array_equal(out, a * scale)
    same, none = inverted_dropout(a, 0.4, training=False)
    assert none is None and np.array_equal(same, a)
    same, none = inverted_dropout(a, 0.0, random_state=0)
    assert none is None and np.array_equal(same, a)


@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5])
def test_inverted_dropout_rejects_bad_rates(rate):
    with pytest.raises(ValueError, match="rate must be a finite number"):
        inverted_dropout(np.ones(3), rate)


def test_softmax_and_cross_entropy():
    p = softmax(np.array([[1000.0, 1000.0], [0.0, 0.0]]))
    np.testing.assert_allclose(p, 0.5)
    assert cross_entropy(np.array([[1.0, 0.0]]), [0]) == pytest.approx(0.0)
    assert np.isfinite(cross_entropy(np.array([[1.0, 0.0]]), [1]))


def _loss(params, X, y, **kw):
    return cross_entropy(mlp_forward(params, X, **kw)[0], y)


@pytest.mark.parametrize("activation", ["relu", "tanh", "logistic", "identity"])
@pytest.mark.parametrize("dropout", [0.0, 0.5])
def test_backward_matches_numeric_gradient(activation, dropout):
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((7, 5)), rng.integers(0, 3, 7)
    params = init_mlp(5, 4, 3, scheme="glorot", random_state=1)
    # A fixed seed gives the same dropout mask at every forward pass.
    kw = {"activation": activation, "dropout": dropout, "training": True}
    _, cache = mlp_forward(params, X, random_state=123, **kw)
    grads = mlp_backward(params, cache, y)
    h = 1e-6
    for name, value in params.items():
        numeric = np.zeros_like(value)
        for idx in np.ndindex(value.shape):
            old = value[idx]
            value[idx] = old + h
            up = _loss(params, X, y, random_state=123, **kw)
            value[idx] = old - h
            down = _loss(params, X, y, random_state=123, **kw)
            value[idx] = old
            numeric[idx] = (up - down) / (2 * h)
        np.testing.assert_allclose(grads[name], numeric, atol=1e-6, err_msg=name)


def test_deep_forward_spreads():
    X = np.random.default_rng(0).standard_normal((128, 128))
    he = activation_spread(X, 30, "he", "relu", random_state=0)
    glorot = activation_spread(X, 30, "glorot", "relu", random_state=0)
    small = activation_spread(X, 30, "small", "tanh", random_state=0)
    large = activation_spread(X, 30, "large", "relu", random_state=0)
    assert he.shape == (30,)
    assert he.max() / he.min() < 3
    assert glorot[-1] < 1e-2 * glorot[0]
    assert small[-1] < 1e-12
    assert large[-1] > 1e10


def test_deep_forward_reuses_unit_weights_and_checks_shapes():
    X = np.random.default_rng(0).standard_normal((16, 8))
    U = np.random.default_rng(1).standard_normal((5, 8, 8))
    a = deep_forward(X, 5, "he", "relu", unit_weights=U)
    b = deep_forward(X, 5, "he", "relu", unit_weights=U)
    np.testing.assert_array_equal(a[-1], b[-1])
    np.testing.assert_allclose(a[0], np.maximum(X @ (0.5 * U[0]), 0))
    with pytest.raises(ValueError, match="unit_weights must have shape"):
        deep_forward(X, 6, unit_weights=U)
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        deep_forward(np.ones(8), 2)


def _iris():
    X, y = load_iris(return_X_y=True)
    X = (X - X.mean(0)) / X.std(0)
    return X[::2], y[::2], X[1::2], y[1::2]


@pytest.mark.parametrize("optimizer", ["sgd", "nesterov", "adam"])
def test_train_mlp_learns(optimizer):
    lr = 0.01 if optimizer == "adam" else 0.1
    h = train_mlp(*_iris(), n_hidden=16, epochs=40, optimizer=optimizer, learning_rate=lr,
                  momentum=0.9 if optimizer == "nesterov" else 0.0, random_state=0)
    arrays = h.as_arrays()
    assert arrays["train_loss"].shape == (40,)
    assert arrays["train_loss"][-1] < arrays["train_loss"][0] / 2
    assert arrays["val_acc"][-1] > 0.85
    np.testing.assert_allclose(h.gap, arrays["train_acc"] - arrays["val_acc"])


def test_train_mlp_is_reproducible_and_takes_a_schedule():
    data = _iris()
    steps = 10 * int(np.ceil(len(data[0]) / 32))
    a = train_mlp(*data, epochs=10, dropout=0.3, learning_rate=np.linspace(0.2, 0.01, steps),
                  random_state=3)
    b = train_mlp(*data, epochs=10, dropout=0.3, learning_rate=np.linspace(0.2, 0.01, steps),
                  random_state=3)
    assert a.train_loss == b.train_loss
    with pytest.raises(ValueError, match="learning_rate must be"):
        train_mlp(*data, epochs=10, learning_rate=np.ones(3))
    with pytest.raises(ValueError, match="batch_size"):
        train_mlp(*data, batch_size=0)
