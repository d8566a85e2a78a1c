"""Pictures of multi-fidelity search: learning curves cut at their rung, rung diagrams,
regret against cumulative compute, and worker timelines."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.patches import Patch
from matplotlib.ticker import NullLocator

from hpt_helpers.plots.style import COLORS, LINESTYLES, OKABE_ITO

__all__ = ["plot_halving_curves", "plot_regret_vs_cost", "plot_rung_diagram",
           "plot_worker_timeline", "update_halving_curves"]

_GREY = "0.7"
_KEPT = OKABE_ITO["blue"]


def _segments(curves: np.ndarray, reached: np.ndarray, rows: np.ndarray) -> list:
    return [np.column_stack([np.arange(1, r + 1), curves[i, :r]])
            for i, r in zip(rows, reached, strict=True)]


def plot_halving_curves(curves, reached, *, ax=None, logy: bool = True):
    """Learning curves drawn as far as each configuration was trained: the stopped ones
    grey with a dot where they were stopped, the ones trained to the end in colour.

    Parameters
    ----------
    curves : array, shape (n, max_epochs)
        The loss after each epoch of the configurations shown.
    reached : array of int, shape (n,)
        Epochs each one was trained for (``max_epochs``: not stopped).
    ax : matplotlib Axes, optional
    logy : bool
        Log scale for the loss.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> curves = np.array([[2.0, 1.0, 0.5], [2.5, 2.0, 1.8]])
    >>> ax = plot_halving_curves(curves, [3, 1])
    >>> len(ax.collections)
    3
    """
    ax = ax if ax is not None else plt.gca()
    grey = LineCollection([], colors=_GREY, linewidths=0.8, zorder=1, label="stopped")
    kept = LineCollection([], colors=_KEPT, linewidths=1.6, zorder=3,
                          label="trained to the end")
    ax.add_collection(grey)
    ax.add_collection(kept)
    dots = ax.scatter([], [], s=10, color="0.45", zorder=2, label="stopped here")
    ax._hpt_halving = (grey, kept, dots)
    ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    full = np.asarray(curves).shape[1]
    ticks = [t for t in (1, 3, 9, 27, 81, 243, 729) if t <= full * 1.05]
    ax.set_xticks(ticks, [str(t) for t in ticks])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlabel("epochs (budget)")
    ax.set_ylabel("validation loss")
    update_halving_curves(ax, curves, reached, rescale=True)
    ax.legend(loc="upper right", fontsize="small")
    return ax


def update_halving_curves(ax, curves, reached, *, rescale: bool = False) -> None:
    """Redraw the curves of :func:`plot_halving_curves` in place (for explorers).

    ``rescale`` fits the axis limits to the curves shown.
    """
    curves = np.asarray(curves, dtype=float)
    reached = np.asarray(reached, dtype=int)
    grey, kept, dots = ax._hpt_halving
    full = curves.shape[1]
    stopped = np.flatnonzero(reached < full)
    done = np.flatnonzero(reached >= full)
    grey.set_segments(_segments(curves, reached[stopped], stopped))
    kept.set_segments(_segments(curves, reached[done], done))
    ends = np.column_stack([reached[stopped], curves[stopped, reached[stopped] - 1]]) \
        if len(stopped) else np.zeros((0, 2))
    dots.set_offsets(ends)
    if rescale and len(curves):
        shown = np.concatenate([curves[i, :r] for i, r in enumerate(reached) if r > 0])
        shown = shown[np.isfinite(shown) & (shown > 0)]
        if len(shown):
            ax.set_xlim(0.9, full * 1.1)
            ax.set_ylim(shown.min() / 1.3, shown.max() * 1.3)


def plot_rung_diagram(result, *, ax=None, bracket: int | None = None):
    """Who survives each rung: every evaluation at (budget, loss), a line joining each
    configuration's evaluations, in colour for the ones promoted from a rung.

    Parameters
    ----------
    result : MultiFidelityResult
    ax : matplotlib Axes, optional
    bracket : int, optional
        Draw only this bracket (Hyperband, or one iteration of successive halving).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from hpt_helpers.multifidelity import successive_halving
    >>> from hpt_helpers.space import Real
    >>> res = successive_halving(lambda x, budget: x + 1 / budget, {"x": Real(0, 1)},
    ...                          min_budget=1, max_budget=9, random_state=0)
    >>> ax = plot_rung_diagram(res)
    >>> len(ax.lines) == len(set(res.configs.tolist()))
    True
    """
    ax = ax if ax is not None else plt.gca()
    mask = np.ones(len(result), dtype=bool) if bracket is None else result.brackets == bracket
    configs = result.configs[mask]
    budgets = result.budgets[mask].astype(float)
    values = result.values[mask]
    top = budgets.max() if len(budgets) else 1.0
    for cid in dict.fromkeys(configs.tolist()):
        sel = configs == cid
        order = np.argsort(budgets[sel])
        x, y = budgets[sel][order], values[sel][order]
        promoted = len(x) > 1
        color = OKABE_ITO["blue"] if x[-1] >= top else (
            OKABE_ITO["orange"] if promoted else _GREY)
        ax.plot(x, y, "-o", color=color, markersize=3.5 if promoted else 2.5,
                linewidth=1.2 if promoted else 0.6, zorder=3 if promoted else 1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    rungs = np.unique(budgets)
    ax.set_xticks(rungs, [f"{b:g}" for b in rungs])
    ax.minorticks_off()
    ax.set_xlabel("budget of the rung")
    ax.set_ylabel("loss at that budget")
    ax.legend(handles=[Patch(color=_GREY, label="stopped at its first rung"),
                       Patch(color=OKABE_ITO["orange"], label="promoted, stopped later"),
                       Patch(color=OKABE_ITO["blue"], label="reached the top rung")],
              fontsize="small", loc="upper right")
    return ax


def plot_regret_vs_cost(grid, regrets: Mapping, *, ax=None, target: float | None = None,
                        xlabel: str = "cumulative epochs", floor: float | None = None):
    """Median regret against cumulative compute with the interquartile band, per method.

    Parameters
    ----------
    grid : array, shape (m,)
        Compute values (e.g. cumulative epochs) the regrets are read at.
    regrets : mapping of str to array, shape (n_seeds, m)
        Per method, the regret of each seed's incumbent at each grid value (NaN or inf
        where the seed has no incumbent yet; a median is drawn where half the seeds have
        one).
    ax : matplotlib Axes, optional
    target : float, optional
        Draw a horizontal line at this regret.
    xlabel : str
    floor : float, optional
        Draw regrets below ``floor`` (e.g. 0, the best configuration found) at ``floor``,
        so the log scale can show them.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> grid = np.arange(1, 5)
    >>> ax = plot_regret_vs_cost(grid, {"a": np.array([[np.nan, 3, 2, 1], [4, 3, 1, 1]])},
    ...                          target=1.5)
    >>> ax.get_lines()[0].get_label()
    'a'
    """
    ax = ax if ax is not None else plt.gca()
    grid = np.asarray(grid, dtype=float)
    for i, (name, values) in enumerate(regrets.items()):
        values = np.asarray(values, dtype=float)
        if floor is not None:
            values = np.where(np.isfinite(values), np.maximum(values, floor), values)
        big = 1e300                      # "no incumbent yet", kept out of the arithmetic
        values = np.where(np.isfinite(values), values, big)
        q25, q50, q75 = (np.quantile(values, q, axis=0) for q in (0.25, 0.5, 0.75))
        q25, q50, q75 = (np.where(q < big / 10, q, np.inf) for q in (q25, q50, q75))
        ok = np.isfinite(q50)
        color = COLORS[i % len(COLORS)]
        ax.plot(grid[ok], q50[ok], color=color, linestyle=LINESTYLES[i % len(LINESTYLES)],
                label=name)
        band = ok & np.isfinite(q75)
        ax.fill_between(grid[band], q25[band], q75[band], color=color, alpha=0.15,
                        linewidth=0)
    if target is not None:
        ax.axhline(target, color="0.3", linewidth=0.8, linestyle=":",
                   label=f"target regret {target:.3g}")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("regret of the incumbent (median, IQR band)")
    ax.legend(fontsize="small")
    return ax


def plot_worker_timeline(result, *, ax=None, unit: str = "s", scale: float = 1.0):
    """Which worker ran what, when: one row per worker, one bar per evaluation, coloured
    by rung; white gaps are idle time.

    Parameters
    ----------
    result : MultiFidelityResult
    ax : matplotlib Axes, optional
    unit : str
        Label of the time axis.
    scale : float
        Multiplies the times (e.g. 1000 for milliseconds).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from hpt_helpers.multifidelity import asha
    >>> from hpt_helpers.space import Real
    >>> res = asha(lambda x, budget: x, {"x": Real(0, 1)}, min_budget=1, max_budget=9,
    ...            random_state=0)
    >>> ax = plot_worker_timeline(res)
    >>> len(ax.collections) == len(set(res.rungs.tolist()))
    True
    """
    ax = ax if ax is not None else plt.gca()
    lanes = result.lanes()
    rungs = sorted(set(result.rungs.tolist()))
    for k in rungs:
        sel = result.rungs == k
        polys = [[(s * scale, ln - 0.4), (e * scale, ln - 0.4), (e * scale, ln + 0.4),
                  (s * scale, ln + 0.4)]
                 for s, e, ln in zip(result.starts[sel], result.ends[sel], lanes[sel],
                                     strict=True)]
        ax.add_collection(PolyCollection(polys, facecolors=COLORS[k % len(COLORS)],
                                         edgecolors="white", linewidths=0.5,
                                         label=f"budget {result.budgets[sel][0]:g}"))
    n = max(result.n_jobs, int(lanes.max()) + 1 if len(lanes) else 1)
    ax.set_yticks(range(n), [f"worker {i}" for i in range(n)])
    ax.set_ylim(-0.6, n - 0.4)
    end = float(result.ends.max()) * scale if len(result) else 1.0
    ax.set_xlim(0, end * 1.02)
    ax.set_xlabel(f"wall-clock time ({unit})")
    ax.grid(False, axis="y")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax
