"""Learning-rate schedules drawn against the update step (lesson 04)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from hpt_helpers.plots.style import series_style

__all__ = ["plot_schedules"]


def plot_schedules(schedules, *, ax=None, logy: bool = False, title: str | None = None):
    """One line per schedule: the learning rate used at each update step.

    Parameters
    ----------
    schedules : dict of str to array-like
        Label -> learning rate per step (see :func:`hpt_helpers.schedules.schedule`).
    ax : matplotlib Axes, optional
    logy : bool
        Logarithmic y-axis (exponential decay becomes a straight line).
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[i]`` is the ``i``-th schedule.

    Examples
    --------
    >>> from hpt_helpers.schedules import schedule
    >>> fig, ax = plt.subplots()
    >>> ax = plot_schedules({"cosine": schedule("cosine", 50, 0.1)}, ax=ax)
    >>> float(ax.lines[0].get_ydata()[0])
    0.1
    """
    ax = ax if ax is not None else plt.gca()
    for i, (label, rates) in enumerate(schedules.items()):
        rates = np.asarray(rates, dtype=float)
        style = series_style(i)
        ax.plot(np.arange(len(rates)), rates, color=style["color"],
                linestyle=style["linestyle"], linewidth=1.8, label=label)
    if logy:
        ax.set_yscale("log")
    else:
        ax.set_ylim(bottom=0)
    ax.set_xlabel("update step")
    ax.set_ylabel("learning rate")
    ax.set_title(title or "learning-rate schedules")
    ax.legend(fontsize=8)
    return ax
