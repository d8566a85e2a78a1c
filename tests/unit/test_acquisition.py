"""Acquisition functions against their closed forms and Monte Carlo estimates."""

import numpy as np
import pytest
from scipy.stats import norm

from hpt_helpers.acquisition import (
    ACQUISITIONS,
    acquisition_parts,
    evaluate,
    expected_improvement,
    probability_of_improvement,
    upper_confidence_bound,
)

MEANS = np.array([-1.0, 0.0, 0.3, 1.0, 2.5])
STDS = np.array([0.5, 1.0, 0.2, 2.0, 0.7])
BEST = 0.2


@pytest.mark.parametrize("xi", [0.0, 0.01, 0.5])
def test_ei_matches_its_closed_form(xi):
    improvement = BEST - MEANS - xi
    z = improvement / STDS
    expected = improvement * norm.cdf(z) + STDS * norm.pdf(z)
    np.testing.assert_allclose(expected_improvement(MEANS, STDS, BEST, xi), expected,
                               rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("xi", [0.0, 0.01, 0.5])
def test_pi_matches_its_closed_form(xi):
    z = (BEST - MEANS - xi) / STDS
    np.testing.assert_allclose(probability_of_improvement(MEANS, STDS, BEST, xi),
                               norm.cdf(z), rtol=1e-12)


@pytest.mark.parametrize("xi", [0.0, 0.1])
def test_ei_and_pi_match_a_monte_carlo_estimate(xi):
    rng = np.random.default_rng(0)
    n = 400_000
    samples = MEANS[:, None] + STDS[:, None] * rng.standard_normal((len(MEANS), n))
    gain = np.maximum(BEST - xi - samples, 0.0)
    ei_mc, ei_se = gain.mean(axis=1), gain.std(axis=1) / np.sqrt(n)
    hit = (samples < BEST - xi).astype(float)
    pi_mc, pi_se = hit.mean(axis=1), hit.std(axis=1) / np.sqrt(n)
    ei = expected_improvement(MEANS, STDS, BEST, xi)
    pi = probability_of_improvement(MEANS, STDS, BEST, xi)
    assert np.all(np.abs(ei - ei_mc) <= 5 * ei_se + 1e-6)
    assert np.all(np.abs(pi - pi_mc) <= 5 * pi_se + 1e-6)


def test_ucb_is_kappa_std_minus_mean():
    np.testing.assert_allclose(upper_confidence_bound(MEANS, STDS, 2.5), 2.5 * STDS - MEANS)
    np.testing.assert_allclose(upper_confidence_bound(MEANS, STDS, 0.0), -MEANS)


def test_zero_std_gives_the_limits():
    mean = np.array([-1.0, 0.2, 1.0])
    std = np.zeros(3)
    np.testing.assert_allclose(expected_improvement(mean, std, 0.2, 0.0), [1.2, 0.0, 0.0])
    np.testing.assert_allclose(probability_of_improvement(mean, std, 0.2, 0.0), [1, 0, 0])
    # tiny stds converge to the same limits, without warnings or NaN
    with np.errstate(all="raise"):
        ei = expected_improvement(mean, np.full(3, 1e-300), 0.2, 0.0)
    np.testing.assert_allclose(ei, [1.2, 0.0, 0.0], atol=1e-200)


def test_values_stay_finite_and_non_negative_in_extreme_regions():
    mean = np.array([1e12, -1e12, 50.0, 0.0])
    std = np.array([1e-12, 1e-12, 1.0, 1e12])
    ei = expected_improvement(mean, std, 0.0)
    pi = probability_of_improvement(mean, std, 0.0)
    assert np.all(np.isfinite(ei)) and np.all(ei >= 0)
    assert np.all((pi >= 0) & (pi <= 1))


def test_ei_grows_with_uncertainty_and_with_a_lower_mean():
    std = np.linspace(0.1, 3, 20)
    assert np.all(np.diff(expected_improvement(0.5, std, 0.0)) > 0)
    mean = np.linspace(2, -2, 20)
    assert np.all(np.diff(expected_improvement(mean, 1.0, 0.0)) > 0)


def test_larger_xi_lowers_ei_and_pi():
    for xi_low, xi_high in [(0.0, 0.1), (0.1, 1.0)]:
        assert np.all(expected_improvement(MEANS, STDS, BEST, xi_high)
                      < expected_improvement(MEANS, STDS, BEST, xi_low))
        assert np.all(probability_of_improvement(MEANS, STDS, BEST, xi_high)
                      < probability_of_improvement(MEANS, STDS, BEST, xi_low))


@pytest.mark.parametrize("name", ["ei", "pi", "ucb"])
def test_parts_add_up_to_the_acquisition(name):
    exploit, explore = acquisition_parts(name, MEANS, STDS, BEST, xi=0.05, kappa=1.5)
    total = evaluate(name, MEANS, STDS, BEST, xi=0.05, kappa=1.5)
    np.testing.assert_allclose(exploit + explore, total, atol=1e-12)
    assert exploit.shape == explore.shape == MEANS.shape


def test_parts_have_the_documented_meaning():
    exploit, explore = acquisition_parts("ei", MEANS, STDS, BEST, xi=0.0)
    z = (BEST - MEANS) / STDS
    np.testing.assert_allclose(exploit, (BEST - MEANS) * norm.cdf(z))
    np.testing.assert_allclose(explore, STDS * norm.pdf(z))
    exploit, explore = acquisition_parts("ucb", MEANS, STDS, BEST, kappa=2.0)
    np.testing.assert_allclose(exploit, -MEANS)
    np.testing.assert_allclose(explore, 2.0 * STDS)
    exploit, _ = acquisition_parts("pi", MEANS, STDS, BEST, xi=0.0)
    np.testing.assert_array_equal(exploit, (MEANS < BEST).astype(float))


def test_registry_and_bad_input():
    assert set(ACQUISITIONS) == {"ei", "pi", "ucb"}
    with pytest.raises(ValueError, match="xi must be a finite number >= 0; got -0.1"):
        expected_improvement(MEANS, STDS, BEST, xi=-0.1)
    with pytest.raises(ValueError, match="xi must be a finite number >= 0"):
        probability_of_improvement(MEANS, STDS, BEST, xi=-1)
    with pytest.raises(ValueError, match="kappa must be a finite number >= 0; got -2"):
        upper_confidence_bound(MEANS, STDS, kappa=-2)
    with pytest.raises(ValueError, match="name must be one of 'ei', 'pi', 'ucb'; got 'lcb'"):
        acquisition_parts("lcb", MEANS, STDS, BEST)
    with pytest.raises(ValueError, match="acquisition must be one of"):
        evaluate("foo", MEANS, STDS, BEST)


def test_one_default_xi_across_the_library():
    # EI, PI, their parts, BayesianOptimizer and bayesian_search all default to xi = 0
    import inspect

    from hpt_helpers import acquisition
    from hpt_helpers.optimizer import BayesianOptimizer
    from hpt_helpers.search import bayesian_search

    functions = [acquisition.expected_improvement, acquisition.probability_of_improvement,
                 acquisition.acquisition_parts, acquisition.evaluate,
                 BayesianOptimizer.__init__, bayesian_search]
    for function in functions:
        assert inspect.signature(function).parameters["xi"].default == 0.0, function
    # and the default is the plain formula: EI at the best mean with std 1 is phi(0)
    assert float(expected_improvement(0.0, 1.0, 0.0)) == pytest.approx(0.3989, abs=1e-4)


# ---------------------------------------------------------------- log-EI and log-PI

def test_log_ei_is_the_log_of_ei_where_ei_is_representable():
    from hpt_helpers.acquisition import log_expected_improvement

    z = np.linspace(-30.0, 8.0, 3801)  # EI/std runs from 1e-199 up to 8
    std = np.full_like(z, 0.7)
    mean = BEST - z * std
    for xi in (0.0, 0.1):
        reference = np.log(expected_improvement(mean - xi, std, BEST, xi))
        np.testing.assert_allclose(log_expected_improvement(mean - xi, std, BEST, xi),
                                   reference, rtol=1e-10)


def test_log_ei_stays_finite_and_ordered_where_ei_underflows():
    from hpt_helpers.acquisition import log_expected_improvement

    z = -np.logspace(np.log10(39.0), 9.0, 400)  # EI is exactly 0 on all of these
    assert np.all(expected_improvement(-z, 1.0, 0.0) == 0.0)
    log_ei = log_expected_improvement(-z, 1.0, 0.0)
    assert np.all(np.isfinite(log_ei)) and np.all(np.diff(log_ei) < 0)
    # against the asymptotic series EI/std = phi(z)/z**2 (1 - 3/z**2 + 15/z**4 - ...)
    series = norm.logpdf(z) - 2 * np.log(-z) + np.log1p(-3 / z**2 + 15 / z**4 - 105 / z**6)
    np.testing.assert_allclose(log_ei, series, rtol=1e-12)
    # continuous across the formula's branches (z = -1 and z = -1/sqrt(machine eps))
    for z0 in (-1.0, -1.0 / np.sqrt(np.finfo(float).eps)):
        below, above = log_expected_improvement(-z0 * np.array([1 + 1e-12, 1 - 1e-12]), 1.0,
                                                0.0)
        assert abs(below - above) <= 1e-9 * max(1.0, abs(above))


def test_log_ei_and_log_pi_limits_and_bad_input():
    from hpt_helpers.acquisition import log_expected_improvement, log_probability_of_improvement

    # std 0: log of the improvement, -inf without one
    np.testing.assert_allclose(log_expected_improvement([-1.0, 0.5], 0.0, 0.0),
                               [0.0, -np.inf])
    assert log_expected_improvement([[0.0, 1.0]], [[1.0], [2.0]], 0.0).shape == (2, 2)
    z = np.linspace(-35.0, 5.0, 81)
    np.testing.assert_allclose(log_probability_of_improvement(-z, 1.0, 0.0),
                               norm.logcdf(z), rtol=1e-10)
    assert np.isfinite(log_probability_of_improvement(60.0, 1.0, 0.0))
    with pytest.raises(ValueError, match="xi must be a finite number >= 0; got -1"):
        log_expected_improvement(MEANS, STDS, BEST, xi=-1)
    with pytest.raises(ValueError, match="xi must be a finite number >= 0; got -1"):
        log_probability_of_improvement(MEANS, STDS, BEST, xi=-1)
