"""Tests of hpt_helpers.schedules: values at known steps and argument checks."""

import numpy as np
import pytest

from hpt_helpers.schedules import (
    SCHEDULES,
    constant,
    cosine_decay,
    exponential_decay,
    schedule,
    step_decay,
    warmup_cosine,
)


def test_values_at_known_steps():
    assert constant(7, 0.3) == 0.3
    assert step_decay(20, 0.1, drop=0.1, every=10) == pytest.approx(0.001)
    assert exponential_decay(2, 1.0, gamma=0.5) == 0.25
    assert cosine_decay(0, 100, 0.1) == pytest.approx(0.1)
    assert cosine_decay(50, 100, 0.1, min_lr=0.02) == pytest.approx(0.06)
    assert cosine_decay(100, 100, 0.1) == pytest.approx(0.0)
    assert cosine_decay(150, 100, 0.1, min_lr=0.01) == pytest.approx(0.01)
    assert cosine_decay(50, 200, 0.1) == pytest.approx(0.05 * (1 + np.cos(np.pi / 4)))


def test_warmup_ramps_then_follows_cosine():
    t = np.arange(120)
    lr = warmup_cosine(t, 120, 0.2, warmup_steps=20)
    np.testing.assert_allclose(lr[:20], 0.2 * np.arange(1, 21) / 20)
    np.testing.assert_allclose(lr[20:], cosine_decay(np.arange(100), 100, 0.2))
    assert warmup_cosine(0, 10, 0.1, warmup_steps=0) == pytest.approx(0.1)


def test_scalar_in_scalar_out_and_array_in_array_out():
    assert isinstance(cosine_decay(3, 10, 0.1), float)
    assert cosine_decay(np.arange(3), 10, 0.1).shape == (3,)


@pytest.mark.parametrize("kind", SCHEDULES)
def test_schedule_by_name(kind):
    rates = schedule(kind, 100, 0.5)
    assert rates.shape == (100,)
    assert np.all(rates >= 0) and rates.max() <= 0.5 + 1e-12
    if kind != "constant":
        assert rates[-1] < rates.max()
    if kind != "warmup_cosine":
        assert rates[0] == pytest.approx(0.5)


def test_schedule_defaults():
    assert schedule("exponential", 11, 1.0)[-1] == pytest.approx(0.01)
    step = schedule("step", 100, 1.0)
    assert step[24] == 1.0 and step[25] == 0.5
    warm = schedule("warmup_cosine", 100, 1.0)
    assert warm.argmax() == 9


@pytest.mark.parametrize("call, match", [
    (lambda: schedule("linear", 10), "kind must be one of"),
    (lambda: schedule("cosine", 1), "total_steps"),
    (lambda: constant(1, 0.0), "base_lr"),
    (lambda: step_decay(1, 0.1, drop=1.5), "drop"),
    (lambda: step_decay(1, 0.1, every=0), "every"),
    (lambda: exponential_decay(1, 0.1, gamma=0), "gamma"),
    (lambda: cosine_decay(1, 10, 0.1, min_lr=0.2), "min_lr"),
    (lambda: warmup_cosine(1, 10, 0.1, warmup_steps=10), "warmup_steps"),
    (lambda: constant(-1), "t must hold integers"),
    (lambda: constant(1.5), "t must hold integers"),
])
def test_bad_arguments_raise_with_the_parameter_name(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_wrong_type_raises_type_error():
    with pytest.raises(TypeError, match="total_steps"):
        schedule("cosine", 10.0)
