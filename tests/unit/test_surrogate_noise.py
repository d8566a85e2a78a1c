"""The surrogate learns the noise of a noisy objective (hpt_helpers.surrogate's prior)."""

import warnings

import numpy as np
import pytest
from scipy.stats import qmc

from hpt_helpers import surrogate
from hpt_helpers.surrogate import fit_gp, log_prior, make_kernel
from hpt_helpers.testfunctions import forrester

SEEDS = range(20)


def _noisy_forrester(seed, design, n=15, sd=2.0):
    # Forrester (lesson 08's 1-D objective, range about 22) plus N(0, sd^2) noise at n
    # uniform random points, or the optimizer's Latin hypercube or scrambled Sobol designs
    rng = np.random.default_rng(seed)
    if design == "random":
        U = rng.uniform(size=(n, 1))
    elif design == "lhs":
        U = qmc.LatinHypercube(d=1, rng=rng).random(n)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # n is not a power of 2
            U = qmc.Sobol(d=1, scramble=True, rng=rng).random(n)
    y = np.array([forrester(float(u)) for u in U[:, 0]]) + rng.normal(0.0, sd, n)
    return U, y


def _learned_noise_sd(gp, y):
    # the noise level is in standardised units (normalize_y=True)
    return float(np.sqrt(gp.kernel_.k2.noise_level) * np.std(y))


def _count_within_1_and_4(prior):
    # n_restarts=1: the optimizer's default gp_restarts on a first fit
    sds = []
    for design in ("random", "lhs", "sobol"):
        for seed in SEEDS:
            U, y = _noisy_forrester(seed, design)
            gp = fit_gp(U, y, random_state=seed, n_restarts=1, prior=prior)
            sds.append(_learned_noise_sd(gp, y))
    sds = np.array(sds)
    return int(np.sum((sds > 1.0) & (sds < 4.0))), sds


# Measured (20 seeds of each design, true sd 2, n_restarts=1): with the prior 47 of 60
# fits learn a noise sd in (1, 4) (20 random, 11 LHS, 16 Sobol); the plain likelihood
# fit 38 of 60 (17, 10, 11). The failures are "wiggles through every point, noise sd
# 0.001-0.3", which the prior removes on random designs (there they sit at length
# scales below 0.1); on evenly spread designs the same at length scales 0.1-0.2, or "a
# constant plus noise" (sd = std(y)) remain: there the likelihood is flat (the collapsed
# fit within 0.5-2 nats of one at the true noise) and no length-scale prior that leaves
# the noise-free benchmark alone decides it.
# Also measured and not taken: BoTorch's priors (LogNormal(sqrt(2) + log(d)/2, sqrt(3))
# on each length scale and LogNormal(-4, 1) on the noise variance) pull the noise down
# (6, 0, 0 of 20); its length-scale prior alone gives 18, 12, 14.
# The threshold lies between the two counts, four fits from each: no single fit decides.
THRESHOLD = 43


def test_fifteen_noisy_points_give_a_noise_sd_between_1_and_4():
    count, sds = _count_within_1_and_4(prior=True)
    assert count >= THRESHOLD, np.round(sds, 3)


def test_without_the_prior_fewer_fits_learn_the_noise():
    # the case the prior fixes, so the test above tests the prior and not the data
    count, sds = _count_within_1_and_4(prior=False)
    assert count < THRESHOLD, np.round(sds, 3)


def test_log_prior_gradient_matches_finite_differences():
    kernel = make_kernel(2)
    for theta in (np.log([1.0, 0.02, 1.5, 1e-4]), np.log([3.0, 0.2, 40.0, 0.1])):
        value, grad = log_prior(kernel, theta)
        assert grad[0] == grad[3] == 0.0  # amplitude and noise are flat
        step = 1e-6
        for i in range(len(theta)):
            e = np.zeros_like(theta)
            e[i] = step
            numeric = (log_prior(kernel, theta + e)[0] - log_prior(kernel, theta - e)[0]) / 2 / step
            assert numeric == pytest.approx(grad[i], rel=1e-5, abs=1e-6)


def test_barrier_penalises_only_short_length_scales():
    kernel = make_kernel(1)
    l0 = surrogate.SHORT_LENGTH_SCALE
    long_, _ = log_prior(kernel, np.log([1.0, 10 * l0, 1e-4]))
    short, _ = log_prior(kernel, np.log([1.0, l0 / 5, 1e-4]))
    assert long_ > -0.01
    # falls like l ** power below l0: about power * log(5) nats at l0 / 5
    assert short < long_ - 0.8 * surrogate.SHORT_LENGTH_SCALE_POWER * np.log(5)


def test_prior_applies_only_with_learned_noise_from_prior_from_points():
    U, y = _noisy_forrester(2, "random", n=surrogate.PRIOR_FROM - 1)
    few = [fit_gp(U, y, random_state=0, prior=p).kernel_.theta for p in (True, False)]
    np.testing.assert_allclose(few[0], few[1], rtol=1e-6, atol=1e-6)
    U, y = _noisy_forrester(2, "random", n=15)
    fixed = [fit_gp(U, y, noise=0.0, random_state=0, prior=p).kernel_.theta
             for p in (True, False)]
    np.testing.assert_allclose(fixed[0], fixed[1], rtol=1e-6, atol=1e-6)
    # on these 15 points the plain fit collapses and the prior changes the fit
    plain = fit_gp(U, y, random_state=0, prior=False)
    posterior = fit_gp(U, y, random_state=0)
    assert _learned_noise_sd(plain, y) < 0.1 < 1.0 < _learned_noise_sd(posterior, y)


def test_log_marginal_likelihood_value_holds_the_maximised_log_posterior():
    U, y = _noisy_forrester(2, "random", n=15)
    gp = fit_gp(U, y, random_state=0)
    theta = gp.kernel_.theta
    expected = gp.log_marginal_likelihood(theta) + log_prior(gp.kernel_, theta)[0]
    assert gp.log_marginal_likelihood_value_ == pytest.approx(expected, rel=1e-6, abs=1e-6)
