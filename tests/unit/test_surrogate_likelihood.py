"""The fast likelihood objective is scikit-learn's log marginal likelihood, term for term."""

import numpy as np
import pytest
from sklearn.gaussian_process import GaussianProcessRegressor

from hpt_helpers.surrogate import fit_gp, likelihood_objective, make_kernel, posterior


@pytest.mark.parametrize("n_dims", [1, 2, 6])
@pytest.mark.parametrize("noise", ["learned", 0.0, 0.3])
@pytest.mark.parametrize("length_scale", ["learned", 0.2])
def test_likelihood_objective_matches_scikit_learn(n_dims, noise, length_scale):
    rng = np.random.default_rng(n_dims)
    X = rng.random((12, n_dims))
    y = 3.0 + 2.0 * np.sin(6 * X.sum(axis=1)) + 0.1 * rng.standard_normal(12)
    kernel = make_kernel(n_dims, noise=noise, length_scale=length_scale, y_var=float(np.var(y)))
    f = likelihood_objective(kernel, X, y, 1e-10)
    gp = GaussianProcessRegressor(kernel, alpha=1e-10, normalize_y=True, optimizer=None)
    gp.fit(X, y)
    bounds = kernel.bounds
    for theta in rng.uniform(bounds[:, 0], bounds[:, 1], size=(20, len(bounds))):
        ref, ref_grad = gp.log_marginal_likelihood(theta, eval_gradient=True)
        value, grad = f(theta)
        if not np.isfinite(ref):  # scikit-learn: -inf when the factorisation fails
            assert value == np.inf
            continue
        # The two sum the same terms in another order. Measured (12 cases x 20 thetas):
        # where cond(K) < 1e8, relative differences <= 2e-10 (value) and 1.4e-8
        # (gradient); on nearly singular K (noise-free, long length scales) both lose
        # about cond(K) * 1e-16 (up to 4e-4 measured), so the tolerance grows with it.
        K = gp.kernel_.clone_with_theta(theta)(X)
        K[np.diag_indices_from(K)] += 1e-10
        slack = 1e-14 * np.linalg.cond(K)
        assert -value == pytest.approx(ref, rel=1e-9 + slack, abs=1e-9)
        scale = np.max(np.abs(ref_grad))
        np.testing.assert_allclose(-grad, ref_grad, rtol=1e-6 + slack,
                                   atol=(1e-9 + slack) * scale)


def test_other_kernels_get_no_fast_objective():
    from sklearn.gaussian_process.kernels import RBF

    assert likelihood_objective(RBF(), np.zeros((2, 1)), np.zeros(2), 1e-10) is None


def test_fit_gp_with_the_fast_objective_fits_as_scikit_learn_does():
    # the same maximisation with scikit-learn's own objective reaches the same likelihood
    rng = np.random.default_rng(3)
    X = rng.random((15, 2))
    y = np.sin(5 * X[:, 0]) + X[:, 1] ** 2
    gp = fit_gp(X, y, random_state=0, prior=False)  # the plain likelihood fit
    ref = GaussianProcessRegressor(make_kernel(2), alpha=1e-10, normalize_y=True,
                                   random_state=0).fit(X, y)
    assert gp.log_marginal_likelihood_value_ == pytest.approx(
        gp.log_marginal_likelihood(gp.kernel_.theta), rel=1e-9)
    assert gp.log_marginal_likelihood_value_ >= ref.log_marginal_likelihood_value_ - 1e-3
    mean, std = posterior(gp, X)
    np.testing.assert_allclose(mean, y, atol=1e-3)
