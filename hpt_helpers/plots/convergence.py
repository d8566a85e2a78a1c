"""Convergence of several search strategies over many seeds: median and interquartile band.

One run of a random search can be lucky; comparing strategies needs many seeds. Each
strategy is drawn as the median best-so-far value across seeds with the band between the
25th and 75th percentiles, in a colour *and* line style of its own so the picture survives
greyscale printing.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np

from hpt_helpers.plots.style import series_style

__all__ = ["best_so_far_matrix", "plot_convergence"]


def _running_best(values, maximize: bool) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    filled = np.where(np.isnan(v), -np.inf if maximize else np.inf, v)
    best = np.maximum.accumulate(filled) if maximize else np.minimum.accumulate(filled)
    return np.where(np.isinf(best), np.nan, best)


def best_so_far_matrix(runs, *, maximize: bool | None = None) -> np.ndarray:
    """Stack runs into an array of shape (n_seeds, n_evaluations) of best-so-far values.

    Parameters
    ----------
    runs : sequence of SearchResult, or array-like of shape (n_seeds, n_evaluations)
        Search results (their ``best_so_far()`` is used) or raw objective values per
        evaluation, whose running best is taken (NaN, a failed evaluation, is skipped).
    maximize : bool, optional
        For raw values: running maximum instead of minimum. Taken from the results when
        they are SearchResult objects.

    Returns
    -------
    ndarray of shape (n_seeds, n_evaluations)

    Examples
    --------
    >>> best_so_far_matrix([[3.0, 1.0, 2.0], [np.nan, 5.0, 4.0]]).tolist()
    [[3.0, 1.0, 1.0], [nan, 5.0, 4.0]]
    """
    runs = list(runs)
    if not runs:
        raise ValueError("runs must hold at least one run; got an empty sequence")
    if all(hasattr(r, "best_so_far") for r in runs):
        rows = [np.asarray(r.best_so_far(), dtype=float) for r in runs]
    else:
        rows = [_running_best(r, bool(maximize)) for r in runs]
    lengths = {row.shape for row in rows}
    if len(lengths) != 1 or rows[0].ndim != 1:
        raise ValueError(f"every run must have the same number of evaluations; got lengths "
                         f"{sorted(len(r) for r in rows)}")
    return np.vstack(rows)


def plot_convergence(runs: Mapping, *, maximize: bool | None = None, optimum=None,
                     log_y: bool = False, quantiles=(0.25, 0.75),
                     y_label: str | None = None, ax=None):
    """Best value so far against the number of evaluations, for several strategies.

    Parameters
    ----------
    runs : mapping of str to runs
        Strategy name -> its runs over seeds: a list of SearchResult, or an array of
        shape (n_seeds, n_evaluations) of objective values (see
        :func:`best_so_far_matrix`).
    maximize : bool, optional
        Whether larger is better (read from SearchResult objects when omitted).
    optimum : float, optional
        The known optimum: plot the regret ``|best so far - optimum|`` instead (use with
        ``log_y=True`` to see orders of magnitude).
    log_y : bool
        Log scale on the y axis.
    quantiles : pair of float
        The band's lower and upper quantiles (interquartile by default).
    y_label : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One median line per strategy (``gid`` = ``"median:<name>"``) and one band
        (``gid`` = ``"band:<name>"``); evaluations are numbered from 1.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> ax = plot_convergence({"random": rng.random((5, 10)), "grid": rng.random((5, 10))})
    >>> [line.get_gid() for line in ax.lines]
    ['median:random', 'median:grid']
    >>> plt.close("all")
    """
    if not isinstance(runs, Mapping) or not runs:
        raise TypeError(f"runs must be a non-empty mapping of strategy name -> runs; got "
                        f"{type(runs).__name__}")
    lo_q, hi_q = (float(q) for q in quantiles)
    if not 0 <= lo_q < hi_q <= 1:
        raise ValueError(f"quantiles must be two increasing numbers in [0, 1]; got {quantiles}")
    ax = ax if ax is not None else plt.gca()
    sense = maximize
    for i, (name, strategy_runs) in enumerate(runs.items()):
        runs_list = list(strategy_runs)
        if sense is None and runs_list and hasattr(runs_list[0], "maximize"):
            sense = bool(runs_list[0].maximize)
        best = best_so_far_matrix(runs_list, maximize=sense)
        if optimum is not None:
            best = np.abs(best - float(optimum))
        steps = np.arange(1, best.shape[1] + 1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            median = np.nanmedian(best, axis=0)
            low = np.nanquantile(best, lo_q, axis=0)
            high = np.nanquantile(best, hi_q, axis=0)
        style = series_style(i)
        ax.fill_between(steps, low, high, color=style["color"], alpha=0.18, linewidth=0,
                        gid=f"band:{name}")
        ax.plot(steps, median, color=style["color"], linestyle=style["linestyle"],
                marker=style["marker"], markevery=max(1, len(steps) // 8), markersize=4,
                linewidth=1.8, label=f"{name} ({best.shape[0]} seeds)", gid=f"median:{name}")
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel("evaluations")
    if y_label is None:
        if optimum is not None:
            y_label = "regret |best so far - optimum|"
        else:
            y_label = "best value so far" + (" (higher is better)" if sense else
                                             " (lower is better)")
    ax.set_ylabel(y_label)
    pct = f"{lo_q:.0%}-{hi_q:.0%}"
    ax.set_title(f"median over seeds, band: {pct} of seeds", fontsize="medium")
    ax.legend(loc="best", fontsize="small")
    return ax

