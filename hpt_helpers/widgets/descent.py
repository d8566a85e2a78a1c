"""The index notebook's demo explorer: one learning-rate slider, gradient descent on w²."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from hpt_helpers.plots.descent import descent_path, descent_verdict, plot_descent
from hpt_helpers.widgets.live import Explorer, LiveFigure

__all__ = ["descent_explorer"]


def descent_explorer(learning_rate: float = 0.1, steps: int = 12) -> Explorer:
    """Slide the learning rate and watch gradient descent crawl, converge or diverge.

    Examples
    --------
    >>> ex = descent_explorer()
    >>> ex.controls["learning_rate"].value = 1.1
    >>> "diverges" in ex.live.axes.get_title()
    True
    """
    live = LiveFigure(figsize=(6.4, 3.6))
    plot_descent(learning_rate, steps, ax=live.axes)
    path_line = live.axes.lines[1]
    rate = widgets.FloatSlider(value=learning_rate, min=0.0, max=1.2, step=0.05,
                               description="learning rate", readout_format=".2f",
                               style={"description_width": "initial"})
    n_steps = widgets.IntSlider(value=steps, min=1, max=40, description="steps")

    def update(learning_rate, steps):
        path = np.clip(descent_path(learning_rate, steps), -3, 3)
        path_line.set_data(path, path**2)
        live.axes.set_title(descent_verdict(learning_rate, steps, 2.0))

    return Explorer({"learning_rate": rate, "steps": n_steps}, update, live)
