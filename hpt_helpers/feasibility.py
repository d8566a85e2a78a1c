"""The probability that an evaluation succeeds: a Gaussian-process classifier on success/failure.

Bayesian search with failures (an objective that raises, returns NaN, diverges) can keep
a second model, after Gelbart, Snoek and Adams, "Bayesian optimization with unknown
constraints" (UAI 2014): scikit-learn's
:class:`~sklearn.gaussian_process.GaussianProcessClassifier` (Laplace approximation),
fitted to every evaluation labelled success (1) or failure (0), and the acquisition is
weighted by its predicted probability of success
(``BayesianOptimizer(failures="model")`` or ``"impute_model"``). Unlike the paper, the
regression surrogate still sees each failure, at the worst successful value or at an
upper bound of a successes-only GP (``failures="impute"``): fitted to the successes only, it
made expected improvement largest in the unexplored failing region, where this
classifier (zero prior mean) predicts about 0.5 at best, so the weight could not hold the
search back (``benchmarks/bench_failures.py``; the BayesianOptimizer docstring gives the
figures).

The classifier's kernel, in the unit cube::

    ConstantKernel(amplitude) * Matern(length_scale, nu=2.5)

one length scale for all columns (a handful of failures cannot pin down one per column),
learned by maximising the approximate marginal likelihood within bounds that keep the
boundary between success and failure from being either a step at every point or a flat
guess.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.gaussian_process import GaussianProcessClassifier
from sklearn.gaussian_process.kernels import ConstantKernel, Matern

__all__ = ["FeasibilityModel", "fit_feasibility"]

AMPLITUDE_BOUNDS = (1.0, 1e3)
LENGTH_SCALE_BOUNDS = (0.05, 2.0)


class FeasibilityModel:
    """Probability of success at unit-cube points, from a fitted classifier.

    Parameters
    ----------
    classifier : GaussianProcessClassifier
        Fitted on labels 1 (success) and 0 (failure).

    Examples
    --------
    >>> X = np.array([[0.1], [0.2], [0.3], [0.7], [0.8], [0.9]])
    >>> model = fit_feasibility(X, np.array([True, True, True, False, False, False]),
    ...                         random_state=0)
    >>> p = model.predict(np.array([[0.15], [0.85]]))
    >>> bool(p[0] > 0.5 > p[1])
    True
    """

    def __init__(self, classifier: GaussianProcessClassifier) -> None:
        self.classifier = classifier
        self._success_column = int(np.flatnonzero(classifier.classes_ == 1)[0])

    def predict(self, U: Any) -> np.ndarray:
        """``P(success)`` at the rows of ``U`` (shape ``(n,)``, values in ``[0, 1]``)."""
        U = np.atleast_2d(np.asarray(U, dtype=float))
        return self.classifier.predict_proba(U)[:, self._success_column]


def fit_feasibility(X: Any, ok: Any, *, random_state: int | None = None,
                    n_restarts: int = 0) -> FeasibilityModel | None:
    """Fit the success/failure classifier; None when every label is the same.

    Parameters
    ----------
    X : ndarray (n, n_dims)
        Evaluated points in the unit cube, failed ones included.
    ok : ndarray (n,) of bool
        True where the evaluation succeeded.
    random_state : int, optional
        Seed of the hyperparameter restarts.
    n_restarts : int, default 0
        Extra random starts of the hyperparameter fit.

    Returns
    -------
    FeasibilityModel or None
        None when there are no failures or no successes (nothing to classify).

    Examples
    --------
    >>> fit_feasibility(np.array([[0.1], [0.9]]), np.array([True, True])) is None
    True
    """
    X = np.asarray(X, dtype=float)
    ok = np.asarray(ok, dtype=bool).reshape(-1)
    if X.ndim != 2 or len(X) != len(ok):
        raise ValueError(f"X must be (n, n_dims) and ok (n,); got {X.shape} and {ok.shape}.")
    if ok.all() or not ok.any():
        return None
    kernel = ConstantKernel(10.0, AMPLITUDE_BOUNDS) * Matern(
        length_scale=0.2, length_scale_bounds=LENGTH_SCALE_BOUNDS, nu=2.5)
    classifier = GaussianProcessClassifier(kernel=kernel, n_restarts_optimizer=n_restarts,
                                           random_state=random_state)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        classifier.fit(X, ok.astype(int))
    return FeasibilityModel(classifier)
