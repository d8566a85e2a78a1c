"""Regularization strength: the pictures of lesson 03.

Coefficient paths against the penalty strength, validation curves (train vs.
validation score against a hyperparameter), and the two panels of the regularization
explorer: a 1-D polynomial fit and its coefficients as bars.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullLocator

from hpt_helpers.plots.style import COLORS, LINESTYLES, series_style

__all__ = [
    "plot_coefficient_bars",
    "plot_coefficient_pairs",
    "plot_coefficient_paths",
    "plot_polynomial_fit",
    "plot_validation_curve",
]


def plot_coefficient_paths(alphas, coefs, *, feature_names=None, ax=None,
                           xlabel="alpha (log scale)", title=None):
    """One line per coefficient against the penalty strength, on a log x-axis.

    Parameters
    ----------
    alphas : array-like of shape (n_alphas,)
        Penalty strengths, all > 0, in any order.
    coefs : array-like of shape (n_features, n_alphas)
        ``coefs[j, k]`` is coefficient ``j`` fitted with ``alphas[k]`` (the layout of
        :func:`sklearn.linear_model.lasso_path`).
    feature_names : list of str, optional
        One label per feature; shown in the legend.
    ax : matplotlib Axes, optional
    xlabel, title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[j]`` is feature ``j``'s path (sorted by alpha); the last line is the
        zero line.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> ax = plot_coefficient_paths([0.1, 1.0, 10.0], [[3.0, 2.0, 0.0], [1.0, 0.5, 0.0]], ax=ax)
    >>> len(ax.lines), ax.get_xscale()  # two paths and the zero line
    (3, 'log')
    """
    ax = ax if ax is not None else plt.gca()
    alphas = np.asarray(alphas, dtype=float)
    coefs = np.atleast_2d(np.asarray(coefs, dtype=float))
    if alphas.ndim != 1 or coefs.shape[1] != alphas.size:
        raise ValueError(f"coefs must have shape (n_features, {alphas.size}) to match "
                         f"alphas; got {coefs.shape}.")
    if np.any(alphas <= 0):
        raise ValueError("alphas must all be > 0 for a log axis; got "
                         f"minimum {alphas.min():g}.")
    order = np.argsort(alphas)
    names = feature_names if feature_names is not None else [None] * coefs.shape[0]
    if len(names) != coefs.shape[0]:
        raise ValueError(f"feature_names must have {coefs.shape[0]} entries; "
                         f"got {len(names)}.")
    for j, (row, name) in enumerate(zip(coefs, names, strict=True)):
        # Past the palette's length the colours repeat; shift the line style so that
        # no two features share both colour and style.
        color = COLORS[j % len(COLORS)]
        linestyle = LINESTYLES[(j + j // len(COLORS)) % len(LINESTYLES)]
        ax.plot(alphas[order], row[order], color=color, linestyle=linestyle, linewidth=1.4,
                label=name)
    ax.axhline(0.0, color=COLORS[6], linewidth=0.8)
    ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("coefficient")
    if title:
        ax.set_title(title)
    if feature_names is not None:
        ax.legend(fontsize=7, ncol=2, loc="upper right")
    return ax


def plot_validation_curve(param_values, train_scores, val_scores, *, param_name="alpha",
                          score_name="score", log=True, mark_best=True, ax=None):
    """Mean training and validation score (with a +-1 std band) against one hyperparameter.

    Parameters
    ----------
    param_values : array-like of shape (n_values,)
    train_scores, val_scores : array-like of shape (n_values, n_folds) or (n_values,)
        As returned by :func:`sklearn.model_selection.validation_curve`.
    param_name, score_name : str
        Axis labels.
    log : bool
        Log-scale x-axis (the natural scale for alpha and C).
    mark_best : bool
        Draw a vertical line at the value with the best mean validation score.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[0]`` is the mean training score, ``ax.lines[1]`` the mean validation
        score, ``ax.lines[2]`` (when ``mark_best``) the best value.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> ax = plot_validation_curve([0.1, 1, 10], [[0.9, 0.8], [0.8, 0.8], [0.5, 0.5]],
    ...                            [[0.5, 0.6], [0.7, 0.7], [0.4, 0.5]], ax=ax)
    >>> [float(v) for v in ax.lines[1].get_ydata()]
    [0.55, 0.7, 0.45]
    >>> float(ax.lines[2].get_xdata()[0])
    1.0
    """
    ax = ax if ax is not None else plt.gca()
    x = np.asarray(param_values, dtype=float)
    curves = []
    for name, scores in (("train_scores", train_scores), ("val_scores", val_scores)):
        s = np.asarray(scores, dtype=float)
        s = s[:, None] if s.ndim == 1 else s
        if s.shape[0] != x.size:
            raise ValueError(f"{name} must have {x.size} rows (one per parameter value); "
                             f"got shape {s.shape}.")
        curves.append(s)
    order = np.argsort(x)
    for i, (label, s) in enumerate(zip(("training", "validation"), curves, strict=True)):
        mean, std = s.mean(axis=1)[order], s.std(axis=1)[order]
        style = series_style(i)
        ax.plot(x[order], mean, color=style["color"], linestyle=style["linestyle"],
                marker=style["marker"], markersize=4, label=f"{label} (mean)")
        ax.fill_between(x[order], mean - std, mean + std, color=style["color"], alpha=0.2,
                        linewidth=0)
    if mark_best:
        best = int(np.argmax(curves[1].mean(axis=1)))
        ax.axvline(x[best], color=COLORS[6], linestyle=":", linewidth=1.2,
                   label=f"best validation: {param_name}={x[best]:.3g}")
    if log:
        ax.set_xscale("log")
    ax.set_xlabel(f"{param_name}" + (" (log scale)" if log else ""))
    ax.set_ylabel(score_name)
    ax.legend(loc="best", fontsize=8)
    return ax


def plot_polynomial_fit(x_train, y_train, x_val, y_val, x_grid, y_grid, *, ax=None,
                        xlabel="x", ylabel="y", ylim=None):
    """Training points, validation points and a fitted curve on one Axes.

    Parameters
    ----------
    x_train, y_train, x_val, y_val : array-like of shape (n,)
        The points; training ones filled, validation ones small and grey.
    x_grid, y_grid : array-like of shape (m,)
        The fitted curve evaluated on a grid (``x_grid`` sorted).
    ax : matplotlib Axes, optional
    xlabel, ylabel : str
    ylim : (float, float), optional
        Fixed y-limits, so a wild curve does not rescale the picture.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[0]`` is the fitted curve (update it with ``set_ydata``);
        ``ax.collections[0]`` the validation points, ``ax.collections[1]`` the training
        points.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> ax = plot_polynomial_fit([0, 1], [0, 1], [0.5], [0.4], [0, 0.5, 1], [0, 0.5, 1], ax=ax)
    >>> ax.lines[0].get_ydata().tolist(), len(ax.collections)
    ([0.0, 0.5, 1.0], 2)
    """
    ax = ax if ax is not None else plt.gca()
    x_grid = np.asarray(x_grid, dtype=float)
    y_grid = np.asarray(y_grid, dtype=float)
    if x_grid.shape != y_grid.shape:
        raise ValueError(f"x_grid and y_grid must have the same shape; got {x_grid.shape} "
                         f"and {y_grid.shape}.")
    ax.scatter(x_val, y_val, s=8, color="0.65", label="validation")
    ax.scatter(x_train, y_train, s=22, color=COLORS[0], edgecolor="white", linewidth=0.4,
               label="training", zorder=3)
    ax.plot(x_grid, y_grid, color=COLORS[3], linewidth=2.0, label="fitted curve", zorder=4)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_coefficient_bars(coefs, *, labels=None, ax=None, linthresh=1.0, limit=None):
    """Coefficients as bars on a symmetric-log y-axis (zeros stay visible as gaps).

    Parameters
    ----------
    coefs : array-like of shape (n_features,)
    labels : list of str, optional
        Tick labels, one per coefficient (default ``1, 2, ...``).
    ax : matplotlib Axes, optional
    linthresh : float
        Range ``(-linthresh, linthresh)`` drawn linearly by the symlog scale.
    limit : float, optional
        Fixed y-limits ``(-limit, limit)``; default: the largest ``|coef|`` with a margin.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.patches`` are the bars in coefficient order (update them with
        ``set_height``); bars of exactly-zero coefficients are drawn hollow.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> ax = plot_coefficient_bars([2.0, 0.0, -5.0], ax=ax)
    >>> [float(b.get_height()) for b in ax.patches]
    [2.0, 0.0, -5.0]
    """
    ax = ax if ax is not None else plt.gca()
    coefs = np.asarray(coefs, dtype=float).ravel()
    positions = np.arange(1, coefs.size + 1)
    bars = ax.bar(positions, coefs, color=COLORS[0], width=0.7)
    for bar, c in zip(bars, coefs, strict=True):
        bar.set_facecolor("none" if c == 0 else COLORS[0])
        bar.set_edgecolor(COLORS[0])
    ax.axhline(0.0, color=COLORS[6], linewidth=0.8)
    ax.set_yscale("symlog", linthresh=linthresh)
    top = limit if limit is not None else max(float(np.abs(coefs).max()), linthresh) * 1.5
    ax.set_ylim(-top, top)
    # A few decades only: 0 and +-10**k for up to three k per side, so labels stay legible.
    decades = np.arange(np.floor(np.log10(linthresh)), np.floor(np.log10(top)) + 1)
    if decades.size > 3:
        decades = decades[np.linspace(0, decades.size - 1, 3).round().astype(int)]
    ticks = np.r_[-(10.0 ** decades[::-1]), 0.0, 10.0 ** decades]
    ax.set_yticks(ticks, [f"{t:g}" for t in ticks])
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_xticks(positions, labels if labels is not None else [str(p) for p in positions])
    ax.set_xlabel("coefficient")
    ax.set_ylabel("value (symlog)")
    return ax


def plot_coefficient_pairs(pairs, *, names=("feature a", "feature b"), ax=None):
    """Two coefficients fitted on many resamples, one scatter per model.

    Points on an axis mean the model zeroed one of the two features on that resample.
    The dashed line marks an even split of a fixed total (``a + b = mean total``).

    Parameters
    ----------
    pairs : dict of str to array-like of shape (n_resamples, 2)
        For each model (the legend label), the two coefficients on each resample.
    names : pair of str
        Axis labels: the two features.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.collections[i]`` holds the points of the ``i``-th model.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> ax = plot_coefficient_pairs({"lasso": [[2.0, 0.0], [0.0, 2.0]],
    ...                              "elastic net": [[1.0, 1.0]]}, ax=ax)
    >>> [len(c.get_offsets()) for c in ax.collections]
    [2, 1]
    """
    ax = ax if ax is not None else plt.gca()
    totals = []
    for i, (label, values) in enumerate(pairs.items()):
        values = np.asarray(values, dtype=float)
        if values.ndim != 2 or values.shape[1] != 2:
            raise ValueError(f"pairs[{label!r}] must have shape (n_resamples, 2); "
                             f"got {values.shape}.")
        style = series_style(i)
        ax.scatter(values[:, 0], values[:, 1], s=18, color=style["color"],
                   marker=style["marker"], alpha=0.6, label=label)
        totals.append(values.sum(axis=1).mean())
    top = max(totals)
    ax.plot([0, top], [top, 0], color=COLORS[6], linestyle="--", linewidth=0.8,
            label="same total, any split")
    ax.axhline(0.0, color=COLORS[6], linewidth=0.6)
    ax.axvline(0.0, color=COLORS[6], linewidth=0.6)
    ax.set_xlabel(f"coefficient of {names[0]}")
    ax.set_ylabel(f"coefficient of {names[1]}")
    ax.set_aspect("equal", adjustable="datalim")
    ax.legend(loc="upper right", fontsize=8)
    return ax
