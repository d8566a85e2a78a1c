"""Lesson 09's pictures: search strategies against wall-clock time, not only evaluations.

A strategy's curve of median regret per evaluation becomes a curve against time once each
evaluation is charged its cost: ``time after k evaluations = k * (objective cost +
overhead per evaluation)``. A Bayesian optimiser spends a fraction of a second per
evaluation fitting its surrogate; random search spends almost nothing. Which one reaches a
target first depends on the objective's cost, and these plots show where the lines cross.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np

from hpt_helpers.plots.style import series_style
from hpt_helpers.validation import check_number

__all__ = ["plot_regret_vs_time", "update_regret_vs_time", "plot_total_time"]


def _curves(curves: Mapping) -> dict:
    if not isinstance(curves, Mapping) or not curves:
        raise TypeError(f"curves must be a non-empty mapping of strategy -> (regret per "
                        f"evaluation, overhead seconds per evaluation); got "
                        f"{type(curves).__name__}")
    out = {}
    for name, (regret, overhead) in curves.items():
        regret = np.asarray(regret, dtype=float)
        if regret.ndim != 1 or regret.size == 0:
            raise ValueError(f"curves[{name!r}] regret must be a non-empty 1-D array; got "
                             f"shape {regret.shape}")
        out[name] = (regret, check_number("overhead", float(overhead), low=0.0))
    return out


def _times(n: int, cost: float, overhead: float) -> np.ndarray:
    return np.arange(1, n + 1) * (cost + overhead)


def plot_regret_vs_time(curves: Mapping, cost: float, *, xlim=None, ax=None):
    """Median regret against wall-clock time, one step line per strategy.

    Parameters
    ----------
    curves : mapping of str to (array, float)
        Strategy -> (regret after each evaluation, overhead seconds per evaluation).
    cost : float
        Seconds one objective evaluation takes (the same for every strategy).
    xlim : (float, float), optional
        Fixed time axis (seconds); by default it follows the lines.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One line per strategy with ``gid`` = ``"time:<name>"``; log-log axes.

    Examples
    --------
    >>> ax = plot_regret_vs_time({"random": ([3.0, 1.0, 0.5], 0.001),
    ...                           "bayesian": ([3.0, 0.2, 0.01], 0.05)}, cost=0.01)
    >>> [line.get_gid() for line in ax.lines]
    ['time:random', 'time:bayesian']
    >>> round(float(ax.lines[1].get_xdata()[-1]), 6)   # 3 * (0.01 + 0.05)
    0.18
    >>> plt.close("all")
    """
    data = _curves(curves)
    cost = check_number("cost", cost, low=0.0)
    ax = ax if ax is not None else plt.gca()
    for i, (name, (regret, overhead)) in enumerate(data.items()):
        style = series_style(i)
        ax.step(_times(len(regret), cost, overhead), regret, where="post",
                color=style["color"], linestyle=style["linestyle"], marker=style["marker"],
                markevery=max(1, len(regret) // 6), markersize=4, linewidth=1.8,
                label=_label(name, overhead), gid=f"time:{name}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("wall-clock seconds = evaluations x (cost + overhead)")
    ax.set_ylabel("median regret")
    ax.legend(loc="lower left", fontsize="small")
    update_regret_vs_time(ax, curves, cost, xlim=xlim)   # the limits of every later update
    return ax


def _set_title(ax, cost: float) -> None:
    ax.set_title(f"objective cost {cost:.3g} s per evaluation", fontsize="medium")


def _label(name: str, overhead: float) -> str:
    return f"{name} ({overhead * 1000:.2g} ms overhead/eval)"


def update_regret_vs_time(ax, curves: Mapping, cost: float, *, xlim=None) -> None:
    """Redraw the lines of :func:`plot_regret_vs_time` in place for new curves or cost.

    The strategies must be the ones first drawn (each line is found by its ``gid``); their
    regrets and overheads may change (another problem), and the legend and limits follow
    (the time axis stays at ``xlim`` when given). Moving artists instead of clearing the
    Axes keeps a widget step cheap.

    Examples
    --------
    >>> curves = {"random": ([3.0, 1.0], 0.0)}
    >>> ax = plot_regret_vs_time(curves, cost=1.0)
    >>> update_regret_vs_time(ax, curves, cost=2.0)
    >>> ax.lines[0].get_xdata().tolist()
    [2.0, 4.0]
    >>> update_regret_vs_time(ax, {"random": ([5.0, 4.0, 0.5], 0.5)}, cost=1.0)
    >>> ax.lines[0].get_ydata().tolist(), ax.get_legend().get_texts()[0].get_text()
    ([5.0, 4.0, 0.5], 'random (5e+02 ms overhead/eval)')
    >>> plt.close("all")
    """
    data = _curves(curves)
    cost = check_number("cost", cost, low=0.0)
    lines = {line.get_gid(): line for line in ax.lines}
    missing = [name for name in data if f"time:{name}" not in lines]
    if missing:
        raise ValueError(f"curves name strategies {missing} that this Axes has no line for; "
                         f"it has {sorted(g[5:] for g in lines if g and g.startswith('time:'))}")
    legend = ax.get_legend()
    by_label = {} if legend is None else {t.get_text(): t for t in legend.get_texts()}
    t_lo, t_hi, r_lo, r_hi = np.inf, 0.0, np.inf, 0.0
    for name, (regret, overhead) in data.items():
        t = _times(len(regret), cost, overhead)
        line = lines[f"time:{name}"]
        old_label = line.get_label()
        line.set_data(t, regret)
        line.set_markevery(max(1, len(regret) // 6))
        line.set_label(_label(name, overhead))
        text = by_label.get(old_label)
        if text is not None:
            text.set_text(line.get_label())
        t_lo, t_hi = min(t_lo, t[0]), max(t_hi, t[-1])
        positive = regret[regret > 0]
        if positive.size:
            r_lo, r_hi = min(r_lo, positive.min()), max(r_hi, positive.max())
    ax.set_xlim(*(xlim if xlim is not None else (t_lo / 1.5, t_hi * 1.5)))
    if r_hi > 0:
        ax.set_ylim(r_lo / 2, r_hi * 2)
    _set_title(ax, cost)


def plot_total_time(evaluations: Mapping, overheads: Mapping, costs, *, palette=None, ax=None):
    """Time each strategy needs to reach a target, against the objective's cost.

    ``total(c) = n * (c + overhead)``, where ``n`` is the number of evaluations the
    strategy needed to reach the target. Lines that cross mark the cost above which the
    strategy needing fewer evaluations wins despite a larger overhead.

    Parameters
    ----------
    evaluations : mapping of str to int
        Strategy -> evaluations needed to reach the target.
    overheads : mapping of str to float
        Strategy -> overhead seconds per evaluation.
    costs : array-like
        Objective costs (seconds) on the horizontal axis (positive, for log axes).
    palette : sequence of str, optional
        Every strategy name in the order another figure styled them, so that a strategy
        keeps its colour here when some are left out. Defaults to the order of
        ``evaluations``.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One line per strategy with ``gid`` = ``"total:<name>"``; log-log axes.

    Examples
    --------
    >>> ax = plot_total_time({"random": 20, "bayesian": 8}, {"random": 0.0, "bayesian": 0.05},
    ...                      [0.001, 0.01, 0.1, 1.0])
    >>> ax.lines[1].get_ydata().round(3).tolist()
    [0.408, 0.48, 1.2, 8.4]
    >>> ax = plot_total_time({"bayesian": 8}, {"bayesian": 0.05}, [0.1, 1.0],
    ...                      palette=["random", "bayesian"], ax=plt.figure().gca())
    >>> ax.lines[0].get_color() == series_style(1)["color"]   # bayesian's colour kept
    True
    >>> plt.close("all")
    """
    costs = np.asarray(costs, dtype=float)
    if costs.ndim != 1 or costs.size < 2 or np.any(costs <= 0):
        raise ValueError(f"costs must be a 1-D array of at least two positive seconds; got "
                         f"{costs!r}")
    if set(evaluations) != set(overheads):
        raise ValueError(f"evaluations and overheads must name the same strategies; got "
                         f"{sorted(evaluations)} and {sorted(overheads)}")
    order = list(palette) if palette is not None else list(evaluations)
    unknown = [name for name in evaluations if name not in order]
    if unknown:
        raise ValueError(f"palette must name every strategy; {unknown} missing from {order}")
    ax = ax if ax is not None else plt.gca()
    for name in evaluations:
        n = int(evaluations[name])
        overhead = check_number("overhead", float(overheads[name]), low=0.0)
        style = series_style(order.index(name))
        ax.plot(costs, n * (costs + overhead), color=style["color"],
                linestyle=style["linestyle"], linewidth=1.8,
                label=f"{name}: {n} evals x (cost + {overhead * 1000:.2g} ms)",
                gid=f"total:{name}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("objective cost per evaluation (s)")
    ax.set_ylabel("seconds to reach the target")
    ax.legend(loc="upper left", fontsize="small")
    return ax
