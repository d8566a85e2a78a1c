"""Tests of hpt_helpers.gradient_optimizers and hpt_helpers.loss_surfaces."""

import numpy as np
import pytest

from hpt_helpers.gradient_optimizers import SGD, Adam, make_optimizer, optimizer_path
from hpt_helpers.loss_surfaces import ravine, rosenbrock


def test_sgd_step_by_hand():
    w = np.array([1.0, 2.0])
    SGD(0.1).update([w], [np.array([1.0, -1.0])])
    np.testing.assert_allclose(w, [0.9, 2.1])


def test_momentum_and_nesterov_by_hand():
    g = np.array([1.0])
    w = np.array([0.0])
    opt = SGD(1.0, momentum=0.5)
    opt.update([w], [g])  # v = 1, w = -1
    opt.update([w], [g])  # v = 1.5, w = -2.5
    assert w[0] == pytest.approx(-2.5)
    w = np.array([0.0])
    opt = SGD(1.0, momentum=0.5, nesterov=True)
    opt.update([w], [g])  # v = 1, step g + mu v = 1.5
    assert w[0] == pytest.approx(-1.5)


def test_adam_steps_are_about_lr_whatever_the_gradient_size():
    w = np.zeros(2)
    opt = Adam(0.01)
    for _ in range(5):
        opt.update([w], [np.array([1e3, 1e-3])])
    np.testing.assert_allclose(w, [-0.05, -0.05], rtol=1e-3)


def test_learning_rate_override():
    w = np.array([1.0])
    SGD(0.1).update([w], [np.array([1.0])], learning_rate=0.5)
    assert w[0] == 0.5


def test_make_optimizer_and_errors():
    assert make_optimizer("sgd", 0.1, momentum=0.0).momentum == 0.0
    assert make_optimizer("momentum", 0.1).momentum == 0.9
    with pytest.raises(ValueError, match="optimizer must be one of"):
        make_optimizer("rmsprop")
    with pytest.raises(ValueError, match="momentum"):
        SGD(0.1, momentum=1.0)
    with pytest.raises(ValueError, match="learning_rate"):
        Adam(-1.0)


def test_paths_on_the_ravine():
    bowl = ravine(50)
    sgd = bowl.gap(optimizer_path(bowl.grad, bowl.start, "sgd", steps=100, learning_rate=0.025))
    mom = bowl.gap(optimizer_path(bowl.grad, bowl.start, "nesterov", steps=100,
                                  learning_rate=0.0158))
    assert mom[-1] < sgd[-1] / 100
    diverged = optimizer_path(bowl.grad, bowl.start, "sgd", steps=100, learning_rate=2.1 / 50)
    assert bowl.gap(diverged)[-1] > 1e3


def test_path_stops_cleanly_when_it_overflows():
    bowl = ravine(50)
    path = optimizer_path(bowl.grad, bowl.start, "sgd", steps=2000, learning_rate=1.0)
    assert path.shape == (2001, 2)
    assert np.all(np.isfinite(path))


def test_path_noise_is_seeded_and_schedule_shape_is_checked():
    bowl = ravine(10)
    a = optimizer_path(bowl.grad, bowl.start, steps=20, noise=1.0, random_state=0)
    b = optimizer_path(bowl.grad, bowl.start, steps=20, noise=1.0, random_state=0)
    np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="array of 20 rates"):
        optimizer_path(bowl.grad, bowl.start, steps=20, learning_rate=np.ones(5))
    with pytest.raises(TypeError, match="grad must be callable"):
        optimizer_path(3, bowl.start)


@pytest.mark.parametrize("surface", [ravine(7), rosenbrock(1.0, 5.0)])
def test_surface_gradients_match_finite_differences(surface):
    w = np.array([0.3, -0.8])
    h = 1e-6
    numeric = [(surface.f(w + h * e) - surface.f(w - h * e)) / (2 * h) for e in np.eye(2)]
    np.testing.assert_allclose(surface.grad(w), numeric, rtol=1e-5)
    assert surface.f(surface.minimum) == pytest.approx(0.0)


def test_ravine_rejects_bad_kappa():
    with pytest.raises(ValueError, match="kappa"):
        ravine(0.5)
