"""Lesson 09's explorer: slide the objective's cost and watch BO's overhead stop mattering."""

from __future__ import annotations

import math
from collections.abc import Mapping

import ipywidgets as widgets

from hpt_helpers.plots.comparison import plot_regret_vs_time, update_regret_vs_time
from hpt_helpers.validation import check_number
from hpt_helpers.widgets.live import Explorer, LiveFigure

__all__ = ["cost_explorer"]

def cost_explorer(curves: Mapping, *, cost: float = 1e-3, min_cost: float = 1e-5,
                  max_cost: float = 100.0) -> Explorer:
    """Median regret against wall-clock time, with a log slider for the objective's cost.

    Parameters
    ----------
    curves : mapping of str to mapping
        Problem name -> {strategy: (median regret per evaluation, overhead seconds per
        evaluation)}; the dropdown chooses the problem.
    cost : float
        Initial objective cost in seconds (the slider's first value).
    min_cost, max_cost : float
        Slider range (seconds, log scale: each step multiplies the cost by about 1.6).

    Returns
    -------
    Explorer
        Controls ``cost`` (FloatLogSlider) and ``problem`` (Dropdown).

    Examples
    --------
    >>> curves = {"p": {"random": ([3.0, 1.0], 0.0), "bayesian": ([3.0, 0.1], 0.05)}}
    >>> ex = cost_explorer(curves, cost=0.01)
    >>> ex.controls["cost"].value = 1.0
    >>> ex.live.axes.lines[1].get_xdata().round(2).tolist()
    [1.05, 2.1]
    """
    if not isinstance(curves, Mapping) or not curves:
        raise TypeError(f"curves must be a non-empty mapping of problem -> strategy curves; "
                        f"got {type(curves).__name__}")
    low = check_number("min_cost", min_cost, low=0.0, low_inclusive=False)
    high = check_number("max_cost", max_cost, low=low, low_inclusive=False)
    cost = check_number("cost", cost, low=low, high=high)

    slider = widgets.FloatLogSlider(value=cost, base=10, min=math.log10(low),
                                    max=math.log10(high), step=0.2,
                                    description="cost (s)", readout_format=".2g",
                                    continuous_update=False)
    names = list(curves)
    dropdown = widgets.Dropdown(options=names, value=names[0], description="problem")
    live = LiveFigure(figsize=(6.4, 4.0))
    state = {"problem": None}

    def update(cost: float, problem: str) -> None:
        ax = live.axes
        if problem != state["problem"]:
            ax.clear()
            plot_regret_vs_time(curves[problem], cost, ax=ax)
            ax.set_title(f"{problem}: objective cost {cost:.3g} s per evaluation",
                         fontsize="medium")
            state["problem"] = problem
        else:
            update_regret_vs_time(ax, curves[problem], cost)
            ax.set_title(f"{problem}: objective cost {cost:.3g} s per evaluation",
                         fontsize="medium")
        return None

    return Explorer({"cost": slider, "problem": dropdown}, update, live)
