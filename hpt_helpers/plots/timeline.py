"""Worker timelines: which worker evaluated what, when (one lane per worker)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np

from hpt_helpers.plots.style import COLORS

__all__ = ["plot_worker_timeline"]


def plot_worker_timeline(spans: Sequence, *, ax=None, title: str | None = None,
                         end: float | None = None):
    """Horizontal bars, one lane per worker, one bar per evaluation (start to end).

    The gaps in a lane are the time that worker sat idle: waiting for the rest of a
    synchronous batch, or for the optimizer's next proposal.

    Parameters
    ----------
    spans : sequence of (worker, start, end) or of (start, end)
        ``worker`` is any hashable label (a thread id, a process id); lanes are numbered
        in order of first appearance. Without labels, each span goes to the first lane
        that is free at its start (so k evaluations at a time fill k lanes, whichever
        thread ran them). Times in seconds from a common origin.
    ax : Axes, optional
    title : str, optional
    end : float, optional
        Right end of the x axis (default: the last end), to compare timelines on one scale.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.patches`` holds one rectangle per span, in the order given.

    Examples
    --------
    >>> ax = plot_worker_timeline([("a", 0.0, 1.0), ("b", 0.0, 0.4), ("b", 0.5, 1.2)])
    >>> len(ax.patches), [t.get_text() for t in ax.get_yticklabels()]
    (3, ['worker 1', 'worker 2'])
    >>> float(ax.patches[2].get_x()), float(ax.patches[2].get_y() + 0.35)  # worker "b"
    (0.5, 1.0)
    >>> ax = plot_worker_timeline([(0.0, 1.0), (0.0, 0.4), (0.5, 1.2), (1.0, 1.5)])
    >>> [round(float(p.get_y() + 0.35)) for p in ax.patches]     # lanes, packed
    [0, 1, 1, 0]
    >>> plt.close("all")
    """
    spans = list(spans)
    if not spans:
        raise ValueError("spans must hold at least one (worker, start, end); got none.")
    lanes: dict = {}
    free_at: list[float] = []  # unlabelled spans: when each lane is free again
    count: dict[int, int] = {}
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 1.6))
    for i, span in enumerate(spans):
        if len(span) not in (2, 3):
            raise ValueError(f"spans[{i}] must be (worker, start, end) or (start, end); "
                             f"got {span!r}.")
        start, stop = span[-2], span[-1]
        if not (np.isfinite(start) and np.isfinite(stop) and stop >= start):
            raise ValueError(f"spans[{i}] must have finite start <= end; got {span!r}.")
        if len(span) == 3:
            lane = lanes.setdefault(span[0], len(lanes))
        else:
            lane = next((k for k, t in enumerate(free_at) if t <= start + 1e-9),
                        len(free_at))
            if lane == len(free_at):
                free_at.append(stop)
                lanes[lane] = lane
            free_at[lane] = stop
        # alternate colours along a lane, to tell back-to-back evaluations apart
        count[lane] = count.get(lane, -1) + 1
        ax.barh(lane, stop - start, left=start, height=0.7, color=COLORS[count[lane] % 2],
                edgecolor="white", linewidth=0.8)
    right = max(s[-1] for s in spans) if end is None else end
    ax.set_xlim(0, right * 1.01)
    ax.set_ylim(len(lanes) - 0.5, -0.5)
    ax.set_yticks(range(len(lanes)), [f"worker {k + 1}" for k in range(len(lanes))])
    ax.set_xlabel("wall-clock (s)")
    if title:
        ax.set_title(title, fontsize=10)
    return ax
