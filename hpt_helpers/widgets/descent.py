"""The index notebook's demo explorer: one learning-rate slider, gradient descent on w²."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from hpt_helpers.plots.descent import descent_limits, descent_path, descent_verdict, plot_descent
from hpt_helpers.widgets.live import Explorer

__all__ = ["descent_explorer"]


def descent_explorer(learning_rate: float = 0.1, steps: int = 12) -> Explorer:
    """Slide the learning rate and watch gradient descent crawl, converge or diverge.

    The axes follow the path, so a diverging path stays in the frame; ``.verdict`` is the
    line saying where the path ended (:func:`descent_verdict`).

    Examples
    --------
    >>> ex = descent_explorer()
    >>> ex.controls["learning_rate"].value = 1.1
    >>> "diverges" in ex.verdict.value
    True
    >>> bool(ex.live.axes.get_xlim()[1] > max(abs(ex.live.axes.lines[1].get_xdata())))
    True
    """
    from hpt_helpers.widgets.blit_figure import BlitFigure

    # Only the path, the loss curve and the verdict change at a step; they are drawn over
    # a cached picture of the rest, which is redrawn only when the limits change (a path
    # leaving the frame), and every picture once sent is kept for when a setting returns.
    live = BlitFigure(figsize=(6.4, 3.6), dpi=80)
    # fixed margins wide enough for the widest tick labels a diverging path brings (large
    # values go into the axis' offset text), so the layout never has to be recomputed
    live.figure.set_layout_engine("none")
    live.axes.set_position([0.12, 0.15, 0.85, 0.71])
    plot_descent(learning_rate, steps, ax=live.axes)
    live.axes.ticklabel_format(style="sci", scilimits=(-3, 4))
    loss_line, path_line = live.axes.lines[:2]
    # the verdict changes at every step: it is a line of HTML above the picture, since
    # drawing text is the slowest part of a redraw
    live.axes.set_title("gradient descent on f(w) = w², starting at w = 2", fontsize=10)
    verdict = widgets.HTML()
    live.dynamic = [loss_line, path_line]
    rate = widgets.FloatSlider(value=learning_rate, min=0.0, max=1.2, step=0.05,
                               description="learning rate", readout_format=".2f",
                               style={"description_width": "initial"})
    n_steps = widgets.IntSlider(value=steps, min=1, max=40, description="steps")

    def update(learning_rate, steps):
        path = descent_path(learning_rate, steps)
        half, top = descent_limits(path)
        w = np.linspace(-half, half, 200)
        loss_line.set_data(w, w**2)
        path_line.set_data(path, path**2)
        live.axes.set_xlim(-half, half)
        live.axes.set_ylim(-0.03 * top, top)
        verdict.value = f"<b>{descent_verdict(learning_rate, steps, 2.0)}</b>"
        live.cache_key = (round(learning_rate, 9), steps)

    explorer = Explorer({"learning_rate": rate, "steps": n_steps}, update, live,
                        extra=[verdict])
    explorer.verdict = verdict
    return explorer
