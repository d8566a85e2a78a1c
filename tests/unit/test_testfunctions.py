"""Test functions: known minima at their argmins, nothing lower on a dense sample."""

import numpy as np
import pytest

from hpt_helpers.testfunctions import BRANIN, FORRESTER, HARTMANN6, TestFunction


@pytest.mark.parametrize("problem", [FORRESTER, BRANIN, HARTMANN6], ids=lambda p: p.name)
def test_minimum_is_reached_at_each_argmin(problem):
    assert isinstance(problem, TestFunction)
    for point in problem.argmin:
        assert set(point) == set(problem.space.names)
        assert problem.objective(**point) == pytest.approx(problem.minimum, abs=1e-4)
        assert problem.regret(problem.objective(**point)) == pytest.approx(0, abs=1e-4)


@pytest.mark.parametrize("problem", [FORRESTER, BRANIN, HARTMANN6], ids=lambda p: p.name)
def test_nothing_in_the_domain_is_below_the_minimum(problem):
    points = problem.space.sample(3000, np.random.default_rng(0))
    values = np.array([problem.objective(**p) for p in points])
    assert values.min() >= problem.minimum - 1e-9
    assert np.isfinite(values).all()


def test_known_values():
    assert FORRESTER.objective(x=0.5) == pytest.approx(0.9092974, abs=1e-6)
    assert BRANIN.objective(x1=0.0, x2=0.0) == pytest.approx(55.602113, abs=1e-5)
    assert FORRESTER.minimum == pytest.approx(-6.02074, abs=1e-5)
    assert HARTMANN6.minimum == pytest.approx(-3.32237, abs=1e-5)
    assert BRANIN.space.dimensions[0].low == -5 and HARTMANN6.space.n_dims == 6
