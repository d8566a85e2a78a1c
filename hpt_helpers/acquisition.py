"""Acquisition functions: how promising a point is, from the surrogate's mean and std.

All functions assume MINIMISATION of the objective and return values to MAXIMISE. They are
pure functions of numpy arrays (broadcasting like numpy) so they can be tested against
their closed forms, plotted, and used by :class:`hpt_helpers.optimizer.BayesianOptimizer`.

With ``improvement = best - mean - xi`` and ``z = improvement / std``:

- expected improvement ``EI = improvement * Phi(z) + std * phi(z)``;
- probability of improvement ``PI = Phi(z)``;
- upper confidence bound ``UCB = kappa * std - mean`` (the lower confidence bound
  ``mean - kappa * std`` of a minimisation problem, sign-flipped).

``xi >= 0`` asks for an improvement of at least ``xi`` (in the objective's units), so a
larger ``xi`` explores more; a larger ``kappa`` weighs uncertainty more. Where ``std`` is
0 the limits are used: ``EI = max(improvement, 0)`` and ``PI = 1`` if ``improvement > 0``
else 0.

EI and PI round to exactly 0 a few standard deviations below an improvement (``z`` below
about -38). :func:`log_expected_improvement` and :func:`log_probability_of_improvement`
are their logarithms computed without forming them (Ament et al. 2023, "Unexpected
improvements to expected improvement"), finite and ordered there: the optimizer can rank
and climb them where EI itself is flat at 0.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import erfcx, log_ndtr, ndtr

from hpt_helpers.validation import check_number, check_one_of

__all__ = [
    "ACQUISITIONS",
    "acquisition_parts",
    "expected_improvement",
    "log_expected_improvement",
    "log_probability_of_improvement",
    "probability_of_improvement",
    "upper_confidence_bound",
]

_SQRT_2PI = np.sqrt(2.0 * np.pi)


def _prepare(mean: Any, std: Any) -> tuple[np.ndarray, np.ndarray]:
    mean = np.asarray(mean, dtype=float)
    std = np.asarray(std, dtype=float)
    return mean, np.maximum(std, 0.0)


def _z(improvement: np.ndarray, std: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    positive = std > 0
    safe = np.where(positive, std, 1.0)
    z = np.where(positive, improvement / safe, np.where(improvement > 0, np.inf, -np.inf))
    return z, positive


def _pdf(z: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore", under="ignore"):
        return np.where(np.isfinite(z), np.exp(-0.5 * np.minimum(z * z, 1e300)) / _SQRT_2PI,
                        0.0)


def expected_improvement(mean: Any, std: Any, best: float, xi: float = 0.0) -> np.ndarray:
    """Expected improvement over ``best`` of a normal ``N(mean, std**2)`` outcome.

    ``E[max(best - xi - Y, 0)]`` for ``Y ~ N(mean, std**2)``.

    Parameters
    ----------
    mean, std : array_like
        Predicted mean and standard deviation (same shape, or broadcastable).
    best : float
        Best (lowest) value observed so far.
    xi : float, default 0.0
        Required improvement margin (>= 0), in the objective's units.

    Returns
    -------
    ndarray
        Non-negative values; larger is more promising.

    Examples
    --------
    >>> expected_improvement([0.0, 1.0], [1.0, 1.0], best=0.0, xi=0.0).round(4)
    array([0.3989, 0.0833])
    >>> float(expected_improvement(-2.0, 0.0, best=0.0, xi=0.0))
    2.0
    """
    xi = check_number("xi", xi, low=0)
    mean, std = _prepare(mean, std)
    improvement = best - mean - xi
    z, _ = _z(improvement, std)
    cdf = ndtr(z)
    return np.maximum(np.where(np.isfinite(z), improvement * cdf + std * _pdf(z),
                               np.maximum(improvement, 0.0)), 0.0)


_LOG_SQRT_2PI = 0.5 * np.log(2.0 * np.pi)
_LOG_SQRT_HALF_PI = 0.5 * np.log(0.5 * np.pi)
_Z_ASYMPTOTIC = -1.0 / np.sqrt(np.finfo(float).eps)


def _log1mexp(x: np.ndarray) -> np.ndarray:
    """``log(1 - exp(x))`` for ``x < 0``, accurate near 0 and far below it."""
    with np.errstate(divide="ignore"):
        return np.where(x > -np.log(2.0), np.log(-np.expm1(np.minimum(x, 0.0))),
                        np.log1p(-np.exp(np.minimum(x, 0.0))))


def _log_h(z: np.ndarray) -> np.ndarray:
    """``log(phi(z) + z * Phi(z))``, the log of EI divided by std, for finite ``z``.

    Ament et al. (2023, eq. 9): directly for ``z > -1``; below, with the scaled
    complementary error function ``erfcx`` (``phi(z) + z Phi(z)`` is a difference of two
    nearly equal numbers there, and both underflow below ``z = -38``); and the asymptote
    ``-z**2/2 - log(sqrt(2 pi)) - 2 log|z|`` below ``-1/sqrt(machine eps)``.
    """
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    upper = z > -1.0
    zu = z[upper]
    out[upper] = np.log(np.exp(-0.5 * zu * zu) / _SQRT_2PI + zu * ndtr(zu))
    mid = ~upper & (z > _Z_ASYMPTOTIC)
    zm = z[mid]
    out[mid] = (-0.5 * zm * zm - _LOG_SQRT_2PI
                + _log1mexp(np.log(erfcx(-zm / np.sqrt(2.0)) * np.abs(zm))
                            + _LOG_SQRT_HALF_PI))
    low = ~upper & ~mid
    zl = z[low]
    out[low] = -0.5 * zl * zl - _LOG_SQRT_2PI - 2.0 * np.log(np.abs(zl))
    return out


def log_expected_improvement(mean: Any, std: Any, best: float,
                             xi: float = 0.0) -> np.ndarray:
    """The logarithm of :func:`expected_improvement`, finite where EI underflows to 0.

    Far from the best point EI is so small that it rounds to exactly 0 (below about
    ``z = -38``), so every such point ties and a gradient-based maximiser sees a flat
    surface. The log of EI, computed without forming EI (Ament et al. 2023, "Unexpected
    improvements to expected improvement"), keeps those points ordered; it has the same
    maximiser as EI wherever EI is representable. ``-inf`` only where ``std`` is 0 and
    the mean does not improve on ``best - xi``.

    Parameters
    ----------
    mean, std : array_like
        Predicted mean and standard deviation (same shape, or broadcastable).
    best : float
        Best (lowest) value observed so far.
    xi : float, default 0.0
        Required improvement margin (>= 0), in the objective's units.

    Returns
    -------
    ndarray
        ``log(EI)``; larger is more promising.

    Examples
    --------
    >>> bool(np.allclose(np.exp(log_expected_improvement([0.0, 1.0], [1.0, 1.0], 0.0)),
    ...                  expected_improvement([0.0, 1.0], [1.0, 1.0], 0.0)))
    True
    >>> float(expected_improvement(50.0, 1.0, best=0.0))     # underflows
    0.0
    >>> round(float(log_expected_improvement(50.0, 1.0, best=0.0)), 1)
    -1258.7
    """
    xi = check_number("xi", xi, low=0)
    mean, std = _prepare(mean, std)
    improvement = best - mean - xi
    improvement, std = np.broadcast_arrays(improvement, std)
    positive = std > 0
    safe = np.where(positive, std, 1.0)
    with np.errstate(divide="ignore"):
        out = np.where(positive, 0.0, np.log(np.maximum(improvement, 0.0)))
        if positive.any():
            out = np.array(out, dtype=float)
            out[positive] = _log_h(improvement[positive] / safe[positive]) + \
                np.log(safe[positive])
    return out


def probability_of_improvement(mean: Any, std: Any, best: float,
                               xi: float = 0.0) -> np.ndarray:
    """Probability that a normal ``N(mean, std**2)`` outcome is below ``best - xi``.

    Parameters
    ----------
    mean, std : array_like
        Predicted mean and standard deviation.
    best : float
        Best (lowest) value observed so far.
    xi : float, default 0.0
        Required improvement margin (>= 0).

    Returns
    -------
    ndarray
        Values in ``[0, 1]``.

    Examples
    --------
    >>> probability_of_improvement([0.0, -1.0], [1.0, 1.0], best=0.0, xi=0.0).round(4)
    array([0.5   , 0.8413])
    """
    xi = check_number("xi", xi, low=0)
    mean, std = _prepare(mean, std)
    z, _ = _z(best - mean - xi, std)
    return ndtr(z)


def log_probability_of_improvement(mean: Any, std: Any, best: float,
                                   xi: float = 0.0) -> np.ndarray:
    """The logarithm of :func:`probability_of_improvement`, finite where PI underflows.

    ``log Phi(z)`` by scipy's ``log_ndtr``: PI rounds to 0 below ``z = -38``, its log
    does not.

    Examples
    --------
    >>> float(probability_of_improvement(40.0, 1.0, best=0.0))
    0.0
    >>> round(float(log_probability_of_improvement(40.0, 1.0, best=0.0)), 1)
    -804.6
    """
    xi = check_number("xi", xi, low=0)
    mean, std = _prepare(mean, std)
    z, _ = _z(best - mean - xi, std)
    return log_ndtr(z)


def upper_confidence_bound(mean: Any, std: Any, kappa: float = 1.96) -> np.ndarray:
    """``kappa * std - mean``: the sign-flipped lower confidence bound.

    Parameters
    ----------
    mean, std : array_like
        Predicted mean and standard deviation.
    kappa : float, default 1.96
        Weight of the uncertainty (>= 0); 0 is pure exploitation.

    Examples
    --------
    >>> upper_confidence_bound([1.0, 0.5], [1.0, 0.0], kappa=2.0)
    array([ 1. , -0.5])
    """
    kappa = check_number("kappa", kappa, low=0)
    mean, std = _prepare(mean, std)
    return kappa * std - mean


def acquisition_parts(name: str, mean: Any, std: Any, best: float, xi: float = 0.0,
                      kappa: float = 1.96) -> tuple[np.ndarray, np.ndarray]:
    """Split an acquisition into an exploitation part and an exploration part.

    The two parts add up to the acquisition:

    - ``"ei"``: ``(improvement * Phi(z), std * phi(z))`` -- the gain expected from a lower
      mean, and the gain expected from uncertainty;
    - ``"ucb"``: ``(-mean, kappa * std)``;
    - ``"pi"``: PI has no additive split; returned is ``(PI at std -> 0, PI - that)``, i.e.
      ``1`` where the mean alone already improves on ``best - xi`` (else ``0``), and the
      probability uncertainty adds or removes.

    Examples
    --------
    >>> exploit, explore = acquisition_parts("ei", [0.0, 1.0], [1.0, 1.0], best=0.0, xi=0.0)
    >>> (exploit + explore).round(4)
    array([0.3989, 0.0833])
    >>> exploit.round(4)
    array([ 0.    , -0.1587])
    """
    check_one_of("name", name, list(ACQUISITIONS))
    xi = check_number("xi", xi, low=0)
    kappa = check_number("kappa", kappa, low=0)
    mean, std = _prepare(mean, std)
    if name == "ucb":
        return -mean + 0.0 * std, kappa * std + 0.0 * mean
    improvement = best - mean - xi
    if name == "pi":
        exploit = np.where(improvement > 0, 1.0, 0.0)
        return exploit, probability_of_improvement(mean, std, best, xi) - exploit
    z, _ = _z(improvement, std)
    finite = np.isfinite(z)
    exploit = np.where(finite, improvement * ndtr(z), np.maximum(improvement, 0.0))
    explore = np.where(finite, std * _pdf(z), 0.0)
    return exploit, explore


ACQUISITIONS = {
    "ei": expected_improvement,
    "pi": probability_of_improvement,
    "ucb": upper_confidence_bound,
}
"""Acquisition functions by name (the names ``BayesianOptimizer(acquisition=...)`` takes)."""


def evaluate(name: str, mean: Any, std: Any, best: float, xi: float = 0.0,
             kappa: float = 1.96) -> np.ndarray:
    """Evaluate the acquisition called ``name`` (``"ei"``, ``"pi"`` or ``"ucb"``).

    Examples
    --------
    >>> evaluate("ucb", [1.0], [1.0], best=0.0, kappa=1.0)
    array([0.])
    """
    check_one_of("acquisition", name, list(ACQUISITIONS))
    if name == "ucb":
        return upper_confidence_bound(mean, std, kappa)
    return ACQUISITIONS[name](mean, std, best, xi)
