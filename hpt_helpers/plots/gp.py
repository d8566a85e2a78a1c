"""Pictures of a 1-D Gaussian-process surrogate: the posterior band and random draws.

Each function takes plain arrays, so it works with any GP (the course's
:class:`~hpt_helpers.optimizer.BayesianOptimizer`, a scikit-learn
``GaussianProcessRegressor``, or numbers typed by hand). The artists carry a ``gid``
(``"posterior-mean"``, ``"posterior-band"``, ``"observations"``, ``"truth"``) so that
:func:`update_gp_posterior` can move them in place, which is what live explorers do.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import norm

from hpt_helpers.plots.style import COLORS, OKABE_ITO
from hpt_helpers.validation import check_number

__all__ = ["band_halfwidth", "plot_gp_posterior", "update_gp_posterior", "plot_gp_samples",
           "find_artist"]


def band_halfwidth(std, level: float = 0.95) -> np.ndarray:
    """Half-width of the central ``level`` band of a normal with standard deviation ``std``.

    Examples
    --------
    >>> round(float(band_halfwidth(1.0)), 2)
    1.96
    """
    level = check_number("level", level, low=0, high=1, low_inclusive=False,
                         high_inclusive=False)
    return norm.ppf(0.5 + level / 2) * np.asarray(std, dtype=float)


def find_artist(ax, gid: str):
    """The artist of ``ax`` whose ``gid`` is ``gid`` (lines, collections, patches, texts).

    Raises
    ------
    KeyError
        If no artist of ``ax`` carries that ``gid``.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 1], gid="a")
    >>> find_artist(ax, "a").get_xdata().tolist()
    [0, 1]
    >>> plt.close(fig)
    """
    for artist in ax.get_children():
        if artist.get_gid() == gid:
            return artist
    raise KeyError(f"no artist with gid {gid!r} on these Axes")


def _as_1d(name, values, n=None):
    arr = np.asarray(values, dtype=float).ravel()
    if n is not None and arr.shape[0] != n:
        raise ValueError(f"{name} must have one value per point of x ({n}); got {arr.shape[0]}")
    return arr


def _observations(X_obs, y_obs):
    if X_obs is None and y_obs is None:
        return np.empty(0), np.empty(0)
    if X_obs is None or y_obs is None:
        raise ValueError("X_obs and y_obs must be given together; got only one of them")
    X_obs = np.asarray(X_obs, dtype=float).ravel()
    y_obs = np.asarray(y_obs, dtype=float).ravel()
    if X_obs.shape != y_obs.shape:
        raise ValueError(f"X_obs and y_obs must have the same length; got {X_obs.shape[0]} "
                         f"and {y_obs.shape[0]}")
    return X_obs, y_obs


def plot_gp_posterior(x, mean, std, X_obs=None, y_obs=None, *, truth=None,
                      level: float = 0.95, x_label: str = "x", y_label: str = "objective",
                      log_x: bool = False, legend: bool = True, ax=None):
    """Draw a GP posterior over one input: mean, a ``level`` band, observations and truth.

    Parameters
    ----------
    x : array of shape (n,)
        Where the posterior was evaluated, sorted.
    mean, std : arrays of shape (n,)
        Posterior mean and standard deviation at ``x``.
    X_obs, y_obs : arrays of shape (m,), optional
        The evaluated points, drawn as black dots.
    truth : array of shape (n,), optional
        The true objective at ``x`` when it is known (test functions).
    level : float
        Probability of the central band (0.95 draws mean +- 1.96 std).
    x_label, y_label : str
        Axis labels: the hyperparameter's name and the objective's.
    log_x : bool
        Log scale for the x axis (for log-scale hyperparameters).
    legend : bool
        Add a legend.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Its artists carry the gids ``"posterior-mean"``, ``"posterior-band"``,
        ``"observations"`` and (when ``truth`` is given) ``"truth"``.

    Examples
    --------
    >>> x = np.linspace(0, 1, 5)
    >>> ax = plot_gp_posterior(x, np.zeros(5), np.ones(5), [0.5], [0.0])
    >>> find_artist(ax, "observations").get_xdata().tolist()
    [0.5]
    >>> plt.close("all")
    """
    ax = ax if ax is not None else plt.gca()
    x = _as_1d("x", x)
    mean, std = _as_1d("mean", mean, len(x)), _as_1d("std", std, len(x))
    X_obs, y_obs = _observations(X_obs, y_obs)
    half = band_halfwidth(std, level)
    if truth is not None:
        ax.plot(x, _as_1d("truth", truth, len(x)), color=OKABE_ITO["black"], linestyle=":",
                linewidth=1.3, label="true objective", gid="truth")
    ax.fill_between(x, mean - half, mean + half, color=COLORS[0], alpha=0.2, linewidth=0,
                    label=f"{level:.0%} band", gid="posterior-band")
    ax.plot(x, mean, color=COLORS[0], linestyle="-", linewidth=1.8, label="posterior mean",
            gid="posterior-mean")
    ax.plot(X_obs, y_obs, linestyle="none", marker="o", markersize=5,
            color=OKABE_ITO["black"], label="observations", gid="observations", zorder=4)
    ax.set_xlabel(x_label + (" (log scale)" if log_x else ""))
    ax.set_ylabel(y_label)
    if log_x:
        ax.set_xscale("log")
    ax.set_xlim(x[0], x[-1])
    if legend:
        ax.legend(loc="best", fontsize="small")
    return ax


def update_gp_posterior(ax, x, mean, std, X_obs=None, y_obs=None, *, level: float = 0.95,
                        truth=None) -> None:
    """Move the artists drawn by :func:`plot_gp_posterior` to a new posterior, in place.

    Nothing is created or removed, so a live figure can be re-rendered quickly. The axes
    limits are left as they are.

    Examples
    --------
    >>> x = np.linspace(0, 1, 5)
    >>> ax = plot_gp_posterior(x, np.zeros(5), np.ones(5))
    >>> update_gp_posterior(ax, x, np.ones(5), np.ones(5), [0.2, 0.4], [1.0, 1.0])
    >>> len(find_artist(ax, "observations").get_xdata())
    2
    >>> plt.close("all")
    """
    x = _as_1d("x", x)
    mean, std = _as_1d("mean", mean, len(x)), _as_1d("std", std, len(x))
    X_obs, y_obs = _observations(X_obs, y_obs)
    half = band_halfwidth(std, level)
    find_artist(ax, "posterior-mean").set_data(x, mean)
    find_artist(ax, "posterior-band").set_data(x, mean - half, mean + half)
    find_artist(ax, "observations").set_data(X_obs, y_obs)
    if truth is not None:
        find_artist(ax, "truth").set_data(x, _as_1d("truth", truth, len(x)))


def plot_gp_samples(x, samples, *, mean=None, std=None, X_obs=None, y_obs=None,
                    level: float = 0.95, x_label: str = "x", y_label: str = "f(x)",
                    title: str | None = None, ax=None):
    """Draw functions sampled from a GP (prior or posterior), over its mean and band.

    Parameters
    ----------
    x : array of shape (n,)
    samples : array of shape (n, n_samples)
        One column per sampled function, e.g. ``gp.sample_y(x[:, None], 5)`` of a
        scikit-learn ``GaussianProcessRegressor`` (fitted: posterior, unfitted: prior).
    mean, std : arrays of shape (n,), optional
        Drawn as a line and a ``level`` band behind the samples when given.
    X_obs, y_obs : arrays, optional
        Observations the posterior was conditioned on.
    level : float
    x_label, y_label, title : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        The sampled curves carry the gid ``"sample"``.

    Examples
    --------
    >>> from sklearn.gaussian_process import GaussianProcessRegressor
    >>> x = np.linspace(0, 1, 50)
    >>> gp = GaussianProcessRegressor()
    >>> draws = gp.sample_y(x[:, None], 3, random_state=0)
    >>> ax = plot_gp_samples(x, draws, mean=np.zeros(50), std=np.ones(50), title="prior")
    >>> sum(line.get_gid() == "sample" for line in ax.lines)
    3
    >>> plt.close("all")
    """
    ax = ax if ax is not None else plt.gca()
    x = _as_1d("x", x)
    samples = np.asarray(samples, dtype=float)
    if samples.ndim == 1:
        samples = samples[:, None]
    if samples.ndim != 2 or samples.shape[0] != len(x):
        raise ValueError(f"samples must have shape (len(x), n_samples) = ({len(x)}, k); got "
                         f"{samples.shape}")
    if mean is not None and std is not None:
        mean, std = _as_1d("mean", mean, len(x)), _as_1d("std", std, len(x))
        half = band_halfwidth(std, level)
        ax.fill_between(x, mean - half, mean + half, color=COLORS[0], alpha=0.15,
                        linewidth=0, label=f"{level:.0%} band", gid="posterior-band")
        ax.plot(x, mean, color=COLORS[0], linewidth=2.2, label="mean", gid="posterior-mean")
    palette = COLORS[1:6]
    styles = ["-", "--", "-.", ":", (0, (5, 1))]
    for j in range(samples.shape[1]):
        ax.plot(x, samples[:, j], color=palette[j % len(palette)],
                linestyle=styles[j % len(styles)], linewidth=1.1, alpha=0.9,
                label="sampled functions" if j == 0 else None, gid="sample")
    X_obs, y_obs = _observations(X_obs, y_obs)
    if len(X_obs):
        ax.plot(X_obs, y_obs, linestyle="none", marker="o", markersize=5,
                color=OKABE_ITO["black"], label="observations", gid="observations", zorder=4)
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    ax.set_xlim(x[0], x[-1])
    if title:
        ax.set_title(title)
    ax.legend(loc="best", fontsize="small")
    return ax
