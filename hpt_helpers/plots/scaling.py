"""Pictures of lesson 10: Amdahl's speed-up curve and the batch-size trade-off."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np

from hpt_helpers.parallel import amdahl_speedup
from hpt_helpers.plots.style import COLORS, series_style

__all__ = ["plot_batch_tradeoff", "plot_speedup"]


def plot_speedup(serial_fraction: float, *, max_workers: int = 64, measured=None,
                 workers: int | None = None, ax=None):
    """Amdahl's speed-up against the number of workers, with measured points.

    Draws, on log-log axes: the ideal speed-up (``= workers``, dotted), Amdahl's curve for
    ``serial_fraction`` (solid), its ceiling ``1 / serial_fraction`` (dashed), measured
    speed-ups as squares, and a marker at ``workers``.

    Parameters
    ----------
    serial_fraction : float
        Fraction of the one-worker time that stays serial, in ``[0, 1]``.
    max_workers : int, default 64
        Right end of the x axis.
    measured : mapping of int to float, optional
        Measured speed-ups, ``{workers: speed_up}``.
    workers : int, optional
        Where to put the marker (default: no marker).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[0]`` is the ideal line, ``ax.lines[1]`` Amdahl's curve,
        ``ax.lines[2]`` the ceiling; the marker, when drawn, is ``ax.lines[3]``.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> ax = plot_speedup(0.1, max_workers=16, measured={2: 1.7}, workers=4, ax=ax)
    >>> round(float(ax.lines[1].get_ydata()[-1]), 2)  # Amdahl at 16 workers
    6.4
    >>> [float(v) for v in ax.lines[3].get_xdata()]
    [4.0]
    """
    ax = ax if ax is not None else plt.gca()
    if max_workers < 2:
        raise ValueError(f"max_workers must be an integer >= 2; got {max_workers!r}.")
    w = np.unique(np.round(np.geomspace(1, max_workers, 80)))
    s = amdahl_speedup(w, serial_fraction)
    ax.plot(w, w, color=COLORS[6], linestyle=":", linewidth=1.2, label="ideal: speed-up = workers")
    ax.plot(w, s, color=COLORS[0], linewidth=2,
            label=f"Amdahl, serial fraction {serial_fraction:.0%}")
    ceiling = 1 / serial_fraction if serial_fraction > 0 else np.nan
    ax.plot([1, max_workers], [ceiling, ceiling], color=COLORS[0], linestyle="--",
            linewidth=1, label="ceiling 1 / serial fraction")
    if workers is not None:
        sw = float(amdahl_speedup(workers, serial_fraction))
        ax.plot([workers], [sw], linestyle="none", marker="o", markersize=9,
                color=COLORS[1], label="selected number of workers")
    if measured:
        mw = np.array(list(measured), dtype=float)
        ms = np.array(list(measured.values()), dtype=float)
        ax.plot(mw, ms, linestyle="none", marker="s", markersize=7, color=COLORS[3],
                label="measured on this machine")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log", base=2)
    ax.set_xlim(0.9, max_workers * 1.1)
    ax.set_ylim(0.9, max_workers * 1.1)
    ax.set_xlabel("workers")
    ax.set_ylabel("speed-up over one worker")
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_batch_tradeoff(traces: Mapping, *, target: float | None = None,
                        highlight=None, axes=None):
    """Best value so far against evaluations (left) and against wall-clock (right).

    One line per batch size ``q``: the left panel shows how many evaluations each needs,
    the right panel how long it takes. The highlighted ``q`` is drawn thick, the others
    faded.

    Parameters
    ----------
    traces : mapping of q to (seconds, best)
        For each batch size, two arrays of the same length: the wall-clock seconds since
        the start when each evaluation finished, and the best value so far (lower is
        better, e.g. the regret) after it.
    target : float, optional
        A horizontal line at the target value.
    highlight : optional
        The key of ``traces`` to draw thick (default: all equally).
    axes : pair of Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
        ``fig.axes[0].lines[i]`` and ``fig.axes[1].lines[i]`` belong to the ``i``-th q.

    Examples
    --------
    >>> traces = {1: ([1.0, 2.0, 3.0], [5.0, 1.0, 0.1]), 2: ([1.0, 1.0, 2.0], [5.0, 4.0, 1.0])}
    >>> fig = plot_batch_tradeoff(traces, target=0.5, highlight=2)
    >>> [line.get_linewidth() for line in fig.axes[0].lines[:2]]
    [1.2, 2.8]
    >>> plt.close(fig)
    """
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(9.5, 3.6), sharey=True)
    ax_n, ax_t = axes
    for i, (q, (seconds, best)) in enumerate(traces.items()):
        seconds = np.asarray(seconds, dtype=float)
        best = np.asarray(best, dtype=float)
        if seconds.shape != best.shape or seconds.ndim != 1:
            raise ValueError(f"traces[{q!r}] must hold two 1-D arrays of the same length; "
                             f"got shapes {seconds.shape} and {best.shape}.")
        style = series_style(i)
        strong = highlight is None or q == highlight
        kw = {"color": style["color"], "linestyle": style["linestyle"],
              "linewidth": 2.8 if highlight is not None and strong else 1.2,
              "alpha": 1.0 if strong else 0.35, "label": f"q = {q}", "drawstyle": "steps-post"}
        ax_n.plot(np.arange(1, len(best) + 1), best, **kw)
        ax_t.plot(seconds, best, **kw)
    for ax in axes:
        if target is not None:
            ax.axhline(target, color=COLORS[6], linestyle=":", linewidth=1)
        ax.set_yscale("log")
    ax_n.set_xlabel("evaluations")
    ax_t.set_xlabel("wall-clock (s)")
    ax_n.set_ylabel("best so far (lower is better)")
    ax_n.set_title("per evaluation: small q learns more")
    ax_t.set_title("per second: large q runs more at once")
    ax_n.legend(loc="upper right", fontsize=8)
    return ax_n.figure
