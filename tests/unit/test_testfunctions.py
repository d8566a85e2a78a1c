"""Test functions: known minima at their argmins, nothing lower on a dense sample."""

import numpy as np
import pytest

from hpt_helpers.testfunctions import (
    BENCHMARK_SUITE,
    BRANIN,
    FORRESTER,
    HARTMANN6,
    MICHALEWICZ5,
    SIX_HUMP_CAMEL,
    TestFunction,
)


@pytest.mark.parametrize("problem", BENCHMARK_SUITE, ids=lambda p: p.name)
def test_minimum_is_reached_at_each_argmin(problem):
    assert isinstance(problem, TestFunction)
    for point in problem.argmin:
        assert set(point) == set(problem.space.names)
        assert problem.objective(**point) == pytest.approx(problem.minimum, abs=1e-4)
        assert problem.regret(problem.objective(**point)) == pytest.approx(0, abs=1e-4)


@pytest.mark.parametrize("problem", BENCHMARK_SUITE, ids=lambda p: p.name)
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


def test_suite_spans_one_to_ten_dimensions_with_distinct_names():
    dims = sorted(p.space.n_dims for p in BENCHMARK_SUITE)
    assert dims[0] == 1 and dims[-1] == 10 and len(BENCHMARK_SUITE) >= 10
    assert len({p.name for p in BENCHMARK_SUITE}) == len(BENCHMARK_SUITE)


@pytest.mark.parametrize("problem", BENCHMARK_SUITE, ids=lambda p: p.name)
def test_argmin_is_a_local_minimum(problem):
    # nudging any coordinate by 1e-3 of its range does not go lower (tolerance: the
    # published argmins carry 6-9 digits)
    for point in problem.argmin:
        base = problem.objective(**point)
        for name, dim in zip(problem.space.names, problem.space.dimensions, strict=True):
            step = 1e-3 * (dim.high - dim.low)
            for sign in (-1, 1):
                moved = dict(point)
                moved[name] = min(max(point[name] + sign * step, dim.low), dim.high)
                assert problem.objective(**moved) >= base - 1e-6


def test_suite_known_values():
    # published values: six-hump camel at the origin is 0, Michalewicz's minimum -4.687658
    assert SIX_HUMP_CAMEL.objective(x1=0.0, x2=0.0) == 0.0
    assert MICHALEWICZ5.minimum == pytest.approx(-4.687658, abs=1e-6)
    assert SIX_HUMP_CAMEL.objective(**SIX_HUMP_CAMEL.argmin[1]) == pytest.approx(
        -1.0316, abs=1e-4)
