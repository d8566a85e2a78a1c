"""The Gaussian-process surrogate of Bayesian search (scikit-learn's GaussianProcessRegressor).

The model, in the unit cube of a :class:`~hpt_helpers.space.Space`::

    ConstantKernel(amplitude) * Matern(length_scale=[one per column], nu=2.5)
        + WhiteKernel(noise)

with ``normalize_y=True`` (targets standardised before fitting, predictions returned in
the objective's units). The amplitude and length scales are learned by maximising the
marginal likelihood; the noise is learned too, or fixed when the caller gives its variance.

With learned noise and :data:`PRIOR_FROM` points or more, the fit maximises the likelihood
times a prior on the length scales instead (a MAP fit, :func:`log_prior`): without it, 15
noisy evaluations are often fitted as wiggles through every point with no noise at all.

Robustness: duplicate rows are merged (their targets averaged) before fitting, a constant
target is fine (normalisation then divides by 1), and if a fit still fails numerically the
fit is retried with more jitter on the diagonal.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from scipy.linalg import cho_solve, cholesky, solve_triangular
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.exceptions import ConvergenceWarning
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import (
    ConstantKernel,
    Kernel,
    Matern,
    Product,
    Sum,
    WhiteKernel,
)

__all__ = ["fit_gp", "likelihood_objective", "log_prior", "make_kernel",
           "maximize_likelihood", "merge_duplicates", "posterior"]

AMPLITUDE_BOUNDS = (1e-3, 1e3)
LENGTH_SCALE_BOUNDS = (1e-2, 1e2)
NOISE_BOUNDS = (1e-8, 1.0)
PRIOR_FROM = 10
"""The length-scale prior applies from this many distinct observations on (learned noise)."""
SHORT_LENGTH_SCALE = 0.1
"""Learned length scales below this (unit-cube units) are penalised by :func:`log_prior`."""
SHORT_LENGTH_SCALE_POWER = 4.0
"""Below :data:`SHORT_LENGTH_SCALE` the prior falls like ``length_scale ** 4``."""
_JITTERS = (1e-10, 1e-8, 1e-6, 1e-4)


def make_kernel(n_dims: int, *, noise: Any = "learned", length_scale: Any = "learned",
                y_var: float = 1.0) -> Kernel:
    """The surrogate's kernel for ``n_dims`` unit-cube columns.

    Parameters
    ----------
    n_dims : int
        Number of unit-cube columns (one length scale each).
    noise : "learned" or float
        ``"learned"``, or the noise *variance* in the objective's units (``0`` for an
        exact interpolator, up to jitter).
    length_scale : "learned" or float
        ``"learned"`` (one per column), or one fixed length scale for every column, in
        unit-cube units.
    y_var : float
        Variance of the targets, used to express a fixed noise in standardised units.

    Examples
    --------
    >>> make_kernel(2)
    1**2 * Matern(length_scale=[0.3, 0.3], nu=2.5) + WhiteKernel(noise_level=0.0001)
    """
    if length_scale == "learned":
        matern = Matern(length_scale=np.full(n_dims, 0.3), length_scale_bounds=LENGTH_SCALE_BOUNDS,
                        nu=2.5)
    else:
        matern = Matern(length_scale=float(length_scale), length_scale_bounds="fixed", nu=2.5)
    kernel = ConstantKernel(1.0, AMPLITUDE_BOUNDS) * matern
    if noise == "learned":
        return kernel + WhiteKernel(1e-4, NOISE_BOUNDS)
    scale = y_var if y_var > 0 and np.isfinite(y_var) else 1.0
    return kernel + WhiteKernel(max(float(noise) / scale, 1e-12), "fixed")


def merge_duplicates(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Merge identical rows of ``X``, averaging their targets (keeps first-seen order).

    Examples
    --------
    >>> X, y = merge_duplicates(np.array([[0.0], [1.0], [0.0]]), np.array([1.0, 2.0, 3.0]))
    >>> X.ravel().tolist(), y.tolist()
    ([0.0, 1.0], [2.0, 2.0])
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if len(X) < 2:
        return X, y
    _, first, inverse = np.unique(X, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    if len(first) == len(X):
        return X, y
    sums = np.bincount(inverse, weights=y)
    counts = np.bincount(inverse)
    order = np.argsort(first)
    return X[first[order]], (sums / counts)[order]


def maximize_likelihood(obj_func, initial_theta: np.ndarray,
                        bounds: np.ndarray) -> tuple[np.ndarray, float]:
    """Hyperparameter optimizer handed to GaussianProcessRegressor (``optimizer=``).

    scikit-learn's default L-BFGS-B run with a looser tolerance (``ftol=1e-7``, at most
    100 iterations): the likelihood surface is flat near its optimum, and surrogate
    hyperparameters do not need nine digits.

    Examples
    --------
    >>> theta, value = maximize_likelihood(
    ...     lambda t: (float((t[0] - 1) ** 2), 2 * (t - 1)), np.array([0.0]),
    ...     np.array([[-5.0, 5.0]]))
    >>> round(float(theta[0]), 4), round(value, 6)
    (1.0, 0.0)
    """
    result = minimize(obj_func, initial_theta, method="L-BFGS-B", jac=True, bounds=bounds,
                      options={"ftol": 1e-7, "maxiter": 100})
    return result.x, float(result.fun)


def log_prior(kernel: Kernel, theta: np.ndarray) -> tuple[float, np.ndarray]:
    """Log prior of a surrogate kernel's log-hyperparameters ``theta``, and its gradient.

    Only the learned length scales ``l`` (unit-cube units) have one; the amplitude and the
    noise are flat. Per length scale, a smooth barrier against short length scales: flat
    above ``l0 =`` :data:`SHORT_LENGTH_SCALE`, falling like ``l ** a`` below it (``a =``
    :data:`SHORT_LENGTH_SCALE_POWER`), ``-a * w * softplus((log l0 - log l) / w)`` with
    ``w = 0.3``. It stops a fit from explaining noisy values by wiggles shorter than ``l0``
    -- the "interpolate every point, noise 0" optimum that 15 noisy points often have --
    while leaving longer length scales to the likelihood. (BoTorch's LogNormal prior on
    the length scales and on the noise was measured too and not taken: see the notes in
    ``tests/unit/test_surrogate_noise.py``.)

    Examples
    --------
    >>> k = make_kernel(1)
    >>> mid, _ = log_prior(k, np.log([1.0, 1.0, 1e-4]))
    >>> short, grad = log_prior(k, np.log([1.0, 0.02, 1e-4]))
    >>> bool(mid > -0.01), bool(short < mid - 5), bool(grad[1] > 0), float(grad[0]), float(grad[2])
    (True, True, True, 0.0, 0.0)
    """
    return _length_scale_prior(_length_scale_slice(kernel), theta)


def _length_scale_slice(kernel: Kernel) -> slice:
    """Where the learned length scales sit in ``kernel.theta`` (an empty slice: none)."""
    i = 0
    for hp in kernel.hyperparameters:
        if hp.fixed:
            continue
        if hp.name.endswith("length_scale"):
            return slice(i, i + hp.n_elements)
        i += hp.n_elements
    return slice(0, 0)


def _length_scale_prior(where: slice, theta: np.ndarray) -> tuple[float, np.ndarray]:
    theta = np.asarray(theta, dtype=float)
    grad = np.zeros_like(theta)
    t = theta[where]
    if not t.size:
        return 0.0, grad
    a, w = SHORT_LENGTH_SCALE_POWER, 0.3
    z = (np.log(SHORT_LENGTH_SCALE) - t) / w
    value = -float(np.sum(a * w * np.logaddexp(0.0, z)))
    grad[where] = a * expit(z)
    return value, grad


def _map_optimizer(kernel: Kernel, objective):
    """The ``optimizer=`` callable of a MAP fit: :func:`maximize_likelihood` of -(LML + prior).

    ``objective`` is :func:`likelihood_objective`'s function, or None to use the objective
    scikit-learn passes (its own ``-log_marginal_likelihood`` and gradient).
    """

    where = _length_scale_slice(kernel)

    def optimizer(obj_func, initial_theta, bounds):
        f = obj_func if objective is None else objective

        def negative_log_posterior(theta):
            value, grad = f(theta)
            p, dp = _length_scale_prior(where, theta)
            return value - p, grad - dp

        return maximize_likelihood(negative_log_posterior, initial_theta, bounds)

    return optimizer


def fit_gp(X: np.ndarray, y: np.ndarray, *, noise: Any = "learned",
           length_scale: Any = "learned", theta: np.ndarray | None = None,
           optimize: bool = True, n_restarts: int = 0,
           random_state: int | None = None, prior: bool = True) -> GaussianProcessRegressor:
    """Fit the surrogate to unit-cube points ``X`` and targets ``y`` (all finite).

    Parameters
    ----------
    X : ndarray (n, n_dims)
        Points in the unit cube.
    y : ndarray (n,)
        Finite targets (minimisation sign).
    noise, length_scale
        See :func:`make_kernel`.
    theta : ndarray, optional
        Log-hyperparameters to start from (a previous fit's ``gp.kernel_.theta``), or to
        use as they are when ``optimize`` is False.
    optimize : bool, default True
        Maximise the marginal likelihood over the hyperparameters.
    n_restarts : int, default 0
        Extra random starts of that maximisation.
    random_state : int, optional
        Seed of the random starts.
    prior : bool, default True
        With learned noise, learned length scales and :data:`PRIOR_FROM` distinct points or
        more, maximise the likelihood times :func:`log_prior` (a MAP fit) instead of the
        likelihood alone. Fewer points are left to the likelihood: with a handful of
        points short length scales keep the band wide, which makes an early search explore.

    Returns
    -------
    GaussianProcessRegressor
        Fitted; ``gp.predict(U, return_std=True)`` gives mean and std in ``y``'s units.
        ``gp.log_marginal_likelihood_value_`` holds the value of the objective that was
        maximised at the fitted hyperparameters: the log marginal likelihood, plus
        :func:`log_prior` for a MAP fit (so it compares fits to the same data only).

    Examples
    --------
    >>> X = np.array([[0.1], [0.5], [0.9]])
    >>> gp = fit_gp(X, np.array([1.0, 0.0, 1.0]), random_state=0)
    >>> mean, std = gp.predict(X, return_std=True)
    >>> bool(np.allclose(mean, [1, 0, 1], atol=0.05))
    True
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or len(X) != len(y) or len(y) == 0:
        raise ValueError(f"X must be (n, n_dims) and y (n,) with n >= 1; got {X.shape} and "
                         f"{y.shape}.")
    if not np.all(np.isfinite(y)):
        raise ValueError("y must be finite; leave failed evaluations out of the surrogate.")
    X, y = merge_duplicates(X, y)
    y_var = float(np.var(y))
    kernel = make_kernel(X.shape[1], noise=noise, length_scale=length_scale, y_var=y_var)
    if theta is not None and len(theta) == len(kernel.theta):
        lo, hi = kernel.bounds[:, 0], kernel.bounds[:, 1]
        kernel = kernel.clone_with_theta(np.clip(np.asarray(theta, dtype=float), lo, hi))
    use_prior = (prior and noise == "learned" and length_scale == "learned"
                 and len(y) >= PRIOR_FROM)
    error = None
    for jitter in _JITTERS:
        objective = likelihood_objective(kernel, X, y, jitter) if optimize else None
        if use_prior:
            optimizer = _map_optimizer(kernel, objective)
        elif objective is None:
            optimizer = maximize_likelihood
        else:
            optimizer = (lambda _, theta0, bounds, f=objective:
                         maximize_likelihood(f, theta0, bounds))
        gp = GaussianProcessRegressor(
            kernel=kernel, alpha=jitter, normalize_y=True,
            optimizer=optimizer if optimize and len(kernel.theta) else None,
            n_restarts_optimizer=n_restarts if optimize else 0, random_state=random_state)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                warnings.simplefilter("ignore", RuntimeWarning)
                gp.fit(X, y)
            if gp.optimizer is not None:  # the fitted model keeps a public, picklable one
                gp.optimizer = maximize_likelihood
            mean, std = gp.predict(X[:1], return_std=True)
            if np.all(np.isfinite(mean)) and np.all(np.isfinite(std)):
                return gp
            error = "non-finite predictions"
        except (np.linalg.LinAlgError, ValueError) as exc:
            error = exc
    raise RuntimeError(f"the Gaussian process could not be fitted even with jitter "
                       f"{_JITTERS[-1]}: {error}")


def posterior(gp: GaussianProcessRegressor, U: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Posterior mean and std of a fitted surrogate at unit-cube rows ``U``.

    The same arithmetic as ``gp.predict(U, return_std=True)`` (scikit-learn's Algorithm
    2.1 of Rasmussen and Williams, normalisation undone, negative variances set to 0),
    without its input validation, which costs more than the prediction itself on the
    few rows an acquisition maximiser asks about at a time (a proposal predicts about 20
    times). ``U`` must be a float array ``(n, n_dims)``; a ``gp`` without the fitted
    attributes this relies on is asked through ``gp.predict``.

    Examples
    --------
    >>> X = np.array([[0.1], [0.5], [0.9]])
    >>> gp = fit_gp(X, np.array([1.0, 0.0, 1.0]), random_state=0)
    >>> U = np.linspace(0, 1, 7)[:, None]
    >>> mean, std = posterior(gp, U)
    >>> ref_mean, ref_std = gp.predict(U, return_std=True)
    >>> bool(np.allclose(mean, ref_mean, rtol=1e-12) and np.allclose(std, ref_std, rtol=1e-12))
    True
    """
    try:
        X_train, L, alpha = gp.X_train_, gp.L_, gp.alpha_
        y_mean0, y_std0 = gp._y_train_mean, gp._y_train_std
    except AttributeError:
        return gp.predict(U, return_std=True)
    if np.ndim(alpha) != 1:
        return gp.predict(U, return_std=True)
    U = np.asarray(U, dtype=float)
    K_trans = gp.kernel_(U, X_train)
    mean = y_std0 * (K_trans @ alpha) + y_mean0
    V = solve_triangular(L, K_trans.T, lower=True, check_finite=False)
    var = gp.kernel_.diag(U).copy()
    var -= np.einsum("ij,ji->i", V.T, V)
    var[var < 0] = 0.0
    return np.asarray(mean, dtype=float).reshape(-1), np.sqrt(var * y_std0**2).reshape(-1)


def likelihood_objective(kernel: Kernel, X: np.ndarray, y: np.ndarray, jitter: float):
    """The function scikit-learn's ``GaussianProcessRegressor.fit`` minimises, made fast.

    For a kernel of :func:`make_kernel`'s form (``ConstantKernel * Matern(nu=2.5) +
    WhiteKernel``, any of them fixed), returns ``f(theta) -> (-log marginal likelihood,
    -gradient)`` of a ``GaussianProcessRegressor(kernel, alpha=jitter, normalize_y=True)``
    fitted to ``X, y``: the same quantity as its ``log_marginal_likelihood(theta,
    eval_gradient=True)`` (Rasmussen and Williams, Algorithm 2.1 and eq. 5.9), computed
    in numpy on the small matrices of a search. scikit-learn's own version clones the
    kernel and walks its parameters on every call, which costs several times the
    arithmetic below for the 5 to 100 points of a search. Returns None for any other
    kernel (the caller then uses scikit-learn's). The fit itself, the factorisation kept
    for prediction and every prediction stay scikit-learn's.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.random((8, 2)), rng.standard_normal(8)
    >>> kernel = make_kernel(2)
    >>> f = likelihood_objective(kernel, X, y, 1e-10)
    >>> gp = GaussianProcessRegressor(kernel, alpha=1e-10, normalize_y=True,
    ...                               optimizer=None).fit(X, y)
    >>> value, grad = f(kernel.theta)
    >>> ref, ref_grad = gp.log_marginal_likelihood(kernel.theta, eval_gradient=True)
    >>> bool(np.isclose(-value, ref, rtol=1e-10) and np.allclose(-grad, ref_grad, rtol=1e-8))
    True
    """
    if not (isinstance(kernel, Sum) and isinstance(kernel.k1, Product)
            and isinstance(kernel.k2, WhiteKernel) and isinstance(kernel.k1.k1, ConstantKernel)
            and isinstance(kernel.k1.k2, Matern) and kernel.k1.k2.nu == 2.5):
        return None
    amp, matern, white = kernel.k1.k1, kernel.k1.k2, kernel.k2
    free_amp = not amp.hyperparameter_constant_value.fixed
    free_ls = not matern.hyperparameter_length_scale.fixed
    free_noise = not white.hyperparameter_noise_level.fixed
    n_ls = int(np.size(matern.length_scale))
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n = len(y)
    std = float(np.std(y))
    std = 1.0 if std < 10 * np.finfo(float).eps else std
    y = (y - float(np.mean(y))) / std
    diffs2 = (X[:, None, :] - X[None, :, :]) ** 2  # (n, n, d)
    eye = np.eye(n)
    const = 0.5 * n * np.log(2 * np.pi)

    def objective(theta):
        theta = np.asarray(theta, dtype=float)
        i = 0
        if free_amp:
            c, i = float(np.exp(theta[0])), 1
        else:
            c = float(amp.constant_value)
        if free_ls:
            ls, i = np.exp(theta[i:i + n_ls]), i + n_ls
        else:
            ls = np.atleast_1d(np.asarray(matern.length_scale, dtype=float))
        noise = float(np.exp(theta[i])) if free_noise else float(white.noise_level)
        D = diffs2 / ls**2  # (n, n, d), per-dimension scaled squared distances
        r = np.sqrt(5.0 * D.sum(axis=2))
        e = np.exp(-r)
        M = (1.0 + r + r**2 / 3.0) * e
        K = c * M
        K[np.diag_indices_from(K)] += noise + jitter
        try:
            L = cholesky(K, lower=True, check_finite=False)
        except np.linalg.LinAlgError:
            return np.inf, np.zeros_like(theta)
        a = cho_solve((L, True), y, check_finite=False)
        lml = -0.5 * float(y @ a) - float(np.log(np.diag(L)).sum()) - const
        inner = np.outer(a, a) - cho_solve((L, True), eye, check_finite=False)
        grad = []
        if free_amp:
            grad.append(0.5 * float(np.sum(inner * (c * M))))
        if free_ls:
            dM = (5.0 / 3.0) * c * ((r + 1.0) * e)[:, :, None] * D  # d K / d log l_k
            if n_ls == 1:
                dM = dM.sum(axis=2, keepdims=True)
            grad.extend(0.5 * np.einsum("ij,ijk->k", inner, dM))
        if free_noise:
            grad.append(0.5 * noise * float(np.trace(inner)))
        return -lml, -np.asarray(grad, dtype=float)

    return objective
