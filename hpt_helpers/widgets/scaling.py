"""Lesson 10's explorers: Amdahl's speed-up and the batch-size trade-off."""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as widgets
import numpy as np

from hpt_helpers.parallel import amdahl_speedup
from hpt_helpers.plots.scaling import plot_batch_tradeoff, plot_speedup
from hpt_helpers.widgets.blit_figure import TitleBlitFigure
from hpt_helpers.widgets.live import Explorer

__all__ = ["batch_tradeoff_explorer", "speedup_explorer"]


def speedup_explorer(serial_fraction: float, *, measured=None, max_workers: int = 64,
                     start_workers: int = 2) -> Explorer:
    """Slide the number of workers and the serial fraction; read Amdahl's speed-up.

    Parameters
    ----------
    serial_fraction : float
        Initial serial fraction, e.g. the one measured in the lesson.
    measured : mapping of int to float, optional
        Measured speed-ups ``{workers: speed_up}``, drawn as squares.
    max_workers : int, default 64
    start_workers : int, default 2

    Returns
    -------
    Explorer
        Controls ``"workers"`` (an IntSlider) and ``"serial_fraction"`` (a FloatSlider).

    Examples
    --------
    >>> ex = speedup_explorer(0.2, measured={2: 1.6}, max_workers=16)
    >>> ex.controls["workers"].value = 8
    >>> ex.live.axes.get_title().splitlines()[0]
    '8 workers: speed-up 3.33 (ceiling 5.00)'
    >>> ex.controls["serial_fraction"].value = 0.5
    >>> round(float(ex.live.axes.lines[3].get_ydata()[0]), 2)
    1.78
    """
    serial_fraction = float(np.clip(serial_fraction, 0.0, 0.9))
    live = TitleBlitFigure(figsize=(6.4, 4.0), dpi=80)
    ax = plot_speedup(serial_fraction, max_workers=max_workers, measured=measured,
                      workers=start_workers, ax=live.axes)
    _, curve, ceiling, marker = ax.lines[:4]
    curve.set_label("Amdahl's law at the chosen serial fraction")
    legend = ax.legend(loc="upper left", fontsize=8)
    w = curve.get_xdata()

    workers = widgets.IntSlider(value=start_workers, min=1, max=max_workers,
                                description="workers")
    fraction = widgets.FloatSlider(value=round(serial_fraction, 3), min=0.0, max=0.9,
                                   step=0.005, readout_format=".1%",
                                   description="serial fraction")
    for control in (workers, fraction):
        control.style.description_width = "initial"

    def update(workers, serial_fraction):
        curve.set_ydata(amdahl_speedup(w, serial_fraction))
        top = 1 / serial_fraction if serial_fraction > 0 else np.nan
        ceiling.set_ydata([top, top])
        speed = float(amdahl_speedup(workers, serial_fraction))
        marker.set_data([workers], [speed])
        shown = f"{top:.2f}" if np.isfinite(top) else "none"
        ax.set_title(f"{workers} workers: speed-up {speed:.2f} (ceiling {shown})\n"
                     f"serial fraction {serial_fraction:.1%}", fontsize=10)

    # Axes, ticks, the ideal line and the measured points are drawn once; a step redraws
    # the curve, the ceiling, the marker, the legend (which the lines may cross) and the
    # title.
    return Explorer({"workers": workers, "serial_fraction": fraction}, update, live,
                    freeze=(curve, ceiling, marker, legend))


def batch_tradeoff_explorer(traces: Mapping, *, target: float | None = None) -> Explorer:
    """Pick a batch size q and see its best-so-far curve per evaluation and per second.

    Parameters
    ----------
    traces : mapping of q to (seconds, best)
        As for :func:`~hpt_helpers.plots.scaling.plot_batch_tradeoff`.
    target : float, optional
        Drawn as a horizontal line.

    Returns
    -------
    Explorer
        Control ``"q"`` (a SelectionSlider over the keys of ``traces``).

    Examples
    --------
    >>> traces = {1: ([1.0, 2.0], [3.0, 1.0]), 4: ([0.5, 0.5], [3.0, 2.0])}
    >>> ex = batch_tradeoff_explorer(traces, target=1.5)
    >>> ex.controls["q"].value = 4
    >>> [line.get_linewidth() for line in ex.live.axes[0].lines[:2]]
    [1.2, 2.8]
    """
    keys = list(traces)
    if not keys:
        raise ValueError("traces must hold at least one batch size; got an empty mapping.")
    live = TitleBlitFigure(1, 2, figsize=(9.5, 3.6), dpi=80, sharey=True)
    plot_batch_tradeoff(traces, target=target, highlight=keys[0], axes=live.axes)
    ax_n, ax_t = live.axes
    pairs = [(ax_n.lines[i], ax_t.lines[i]) for i in range(len(keys))]
    legend = ax_n.get_legend()
    handles = legend.legend_handles[:len(keys)]
    slider = widgets.SelectionSlider(options=keys, value=keys[0], description="q per round")
    slider.style.description_width = "initial"

    def update(q):
        for key, lines, handle in zip(keys, pairs, handles, strict=True):
            for line in (*lines, handle):
                line.set_linewidth(2.8 if key == q else 1.2)
                line.set_alpha(1.0 if key == q else 0.35)
        seconds, best = traces[q]
        best = np.asarray(best, dtype=float)
        reached = "" if target is None else (
            f", target after {int(np.argmax(best <= target)) + 1} evaluations"
            if np.any(best <= target) else ", target not reached")
        live.figure.suptitle(f"q = {q}: {len(best)} evaluations in {float(seconds[-1]):.1f} s"
                             + reached, fontsize=10)

    # Axes, ticks and the target line are drawn once; a step restyles and redraws the
    # traces, the legend and the titles.
    return Explorer({"q": slider}, update, live,
                    freeze=(*(line for lines in pairs for line in lines), legend))
